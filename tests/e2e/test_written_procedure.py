"""The Board decides in writing: the secretariat circulates a draft decision, each Board
member answers from the e-mailed link, one objects to deciding in writing — and the
procedure fails: the question needs a Board meeting, and nothing goes to the register."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from lrba.accounts.tests.factories import email_verify, totp_activate
from lrba.governance.models import BoardSeat, Decision, WrittenProcedure
from lrba.governance.services.bodies import board_seat_add
from lrba.governance.services.procedures import procedure_create
from lrba.governance.tests.factories import decision_kind
from lrba.members.tests.factories import EmploymentFactory, PersonFactory, UserFactory
from tests.e2e.conftest import PERSONA_PASSWORD
from tests.e2e.helpers import (
    assert_no_axe_violations,
    assert_no_horizontal_scroll,
    lt,
    mail_link,
    save_screenshot,
    sign_in,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

QUESTION = "Dėl regionų bibliotekų forumo datos"
PROCEDURE_PAGE = r"^/valdymas/rasytine-procedura/\d+/$"
OBJECTION = "Klausimą reikia aptarti Valdybos posėdyje."


def new_page(browser: Browser, live_server) -> Page:
    context = browser.new_context(
        base_url=live_server.url, locale="lt-LT", timezone_id="Europe/Vilnius"
    )
    context.set_default_timeout(10_000)
    return context.new_page()


@pytest.fixture
def board(secretary, library_a, library_b):
    """The Board: its head and two members, librarians of member libraries, seated
    through the service (which gives their accounts the Board role), each with an
    authenticator app. Returns [(seat, totp secret)]."""
    seated = []
    for office, first, last, library in [
        (BoardSeat.Office.HEAD, "Vida", "Vaitkienė", library_a),
        (BoardSeat.Office.MEMBER, "Tomas", "Tamošiūnas", library_a),
        (BoardSeat.Office.MEMBER, "Ona", "Ožalienė", library_b),
    ]:
        email = f"{first.lower()}@valdyba.lt"
        user = UserFactory(email=email, full_name=f"{first} {last}")
        email_verify(user)
        person = PersonFactory(user=user, first_name=first, last_name=last, email=email)
        EmploymentFactory(person=person, library=library)
        seat = board_seat_add(
            person=person,
            office=office,
            start_date=timezone.localdate() - datetime.timedelta(days=200),
            added_by=secretary,
        )
        seated.append((seat, totp_activate(user)))
    return seated


@pytest.fixture
def draft(board, secretary):
    """The draft the secretariat wrote in the back office."""
    return procedure_create(
        title=QUESTION,
        decision_kind=decision_kind("ordinary"),
        draft_decision="Regionų bibliotekų forumą rengti 2027 m. gegužės 12 d. Panevėžyje.",
        explanation="Forumo data derinama su apskričių bibliotekomis.",
        deadline=timezone.now() + datetime.timedelta(days=5),
        created_by=secretary,
    )


def answer(page: Page, choice: str, *, objects: bool = False, comment: str = "") -> None:
    form = page.locator("section[aria-labelledby=answer-heading] form")
    form.locator(f"input[name=choice][value={choice}]").check()
    if objects:
        form.locator("input[name=objects_to_written_form]").check()
    if comment:
        form.locator("textarea[name=comment]").fill(comment)
    form.get_by_role("button", name=lt("Send my answer")).click()
    expect(page.locator(".message--success")).to_be_visible()


def test_one_objection_to_the_written_form_fails_the_procedure(
    page: Page, browser: Browser, live_server, board, draft, secretary, secretary_totp_secret
):
    staff = page
    sign_in(staff, secretary.email, PERSONA_PASSWORD, totp_secret=secretary_totp_secret)

    # The secretariat finds the draft in the list and circulates it to the Board.
    staff.goto("/valdymas/rasytine-procedura/")
    assert_no_axe_violations(staff)
    staff.locator("main").get_by_role("link", name=draft.reference).click()
    expect(staff.locator("h1")).to_have_text(QUESTION)
    staff.locator("main").get_by_role("button", name=lt("Circulate to the Board")).click()
    expect(staff.locator(".message--success")).to_be_visible()
    expect(staff.locator("#procedure-status")).to_have_text(
        lt(WrittenProcedure.Status.CIRCULATED.label)
    )
    assert_no_axe_violations(staff)

    # Every Board member gets the draft by e-mail, with the link to answer.
    emails = {
        seat.person.email: [m for m in mail.outbox if m.to == [seat.person.email]]
        for seat, _secret in board
    }
    assert all(len(sent) == 1 for sent in emails.values()), emails

    # The head and a member answer "for"; the other member objects to the written form.
    members = []
    for (seat, secret), choice, objects in zip(
        board, ["for", "for", "against"], [False, False, True], strict=True
    ):
        member = new_page(browser, live_server)
        members.append(member)
        sign_in(member, seat.person.email, PERSONA_PASSWORD, totp_secret=secret)
        member.goto(mail_link(emails[seat.person.email][0], PROCEDURE_PAGE))
        expect(member.locator("main")).to_contain_text("2027 m. gegužės 12 d.")
        if objects:
            assert_no_axe_violations(member)
            answer(member, choice, objects=True, comment=OBJECTION)
        else:
            answer(member, choice)
    objecting = members[-1]
    answers = objecting.locator("section[aria-labelledby=answers-heading] tbody tr")
    expect(answers).to_have_count(3)
    expect(answers.filter(has_text="Ona Ožalienė")).to_contain_text(OBJECTION)
    assert_no_axe_violations(objecting)
    save_screenshot(objecting, "governance-procedure-answers", full_page=True)

    # All have answered: the secretariat concludes, and the procedure fails.
    staff.reload()
    staff.locator("main").get_by_role("button", name=lt("Conclude"), exact=True).click()
    expect(staff.locator(".message--success")).to_be_visible()
    expect(staff.locator("#procedure-status")).to_have_text(
        lt(WrittenProcedure.Status.FAILED.label)
    )
    procedure = WrittenProcedure.objects.get(pk=draft.pk)
    assert procedure.status == WrittenProcedure.Status.FAILED
    assert procedure.result is not None
    assert procedure.result["objections"] == 1
    expect(staff.locator("#procedure-result")).to_have_text(procedure.result["sentence"]["lt"])
    assert not Decision.objects.filter(procedure=procedure).exists()
    assert_no_axe_violations(staff)
    save_screenshot(staff, "governance-procedure-failed", full_page=True)

    # A Board member sees the same on a phone; the form to answer is gone.
    objecting.set_viewport_size({"width": 360, "height": 740})
    objecting.reload()
    expect(objecting.locator("#procedure-status")).to_have_text(
        lt(WrittenProcedure.Status.FAILED.label)
    )
    expect(objecting.locator("section[aria-labelledby=answer-heading]")).to_have_count(0)
    assert_no_horizontal_scroll(objecting)
    for member in members:
        member.context.close()
