"""Governance, from convening to the register: the secretariat convenes a General Meeting
prepared in the back office and the members are notified; a library's director votes in
advance in the portal; the meeting opens; a one-meeting mandate holder is registered at the
door desk and the live quorum reaches its threshold; an ordinary item and a statute
amendment (a secret poll: the voter sees a receipt code) are voted and closed; the computed
results (base, threshold, outcome) show on the vote page and the room view; the meeting is
closed, the minutes are drawn up as a PDF and signed by the chair and the secretary; the
decisions are in the register."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from lrba.accounts.tests.factories import email_verify
from lrba.governance.models import Attendance, Decision, Meeting, Minutes, Notice, Poll
from lrba.governance.services.meetings import agenda_item_add, meeting_create, meeting_update
from lrba.governance.services.voting import poll_create
from lrba.governance.tests.factories import body, decision_kind
from lrba.members.models import Mandate
from lrba.members.tests.factories import (
    EmploymentFactory,
    LibraryFactory,
    MandateFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)
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

PLAN = "Dėl asociacijos 2027 metų veiklos plano"
STATUTES = "Dėl asociacijos įstatų pakeitimo"
MANDATE_HOLDER_EMAIL = "rasa.rimkute@example.lt"
MEETING_PAGE = r"^/valdymas/posedziai/\d+/$"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def new_page(browser: Browser, live_server, viewport: dict | None = None) -> Page:
    context = browser.new_context(
        base_url=live_server.url,
        locale="lt-LT",
        timezone_id="Europe/Vilnius",
        viewport=viewport or DESKTOP,
    )
    context.set_default_timeout(10_000)
    return context.new_page()


@pytest.fixture
def prepared(settings, tmp_path, secretary, alice, library_b):
    """What the secretariat prepared in the back office: a draft General Meeting a month
    ahead with two items (an ordinary decision and a statute amendment), a poll on each
    taking advance ballots (the second secret), its chair (Alė, director of library A)
    and secretary (the secretariat's Simona). Three members: A (its director Alė has an
    account), B (represented at this meeting by Rasa on a one-meeting mandate) and D
    (its director has no e-mail address: the notice goes by post)."""
    settings.MEDIA_ROOT = tmp_path  # the minutes' PDF
    library_d = LibraryFactory(name="Dusetų Kazimiero Būgos viešoji biblioteka")
    MembershipFactory(library=library_d)
    director_d = PersonFactory(first_name="Danutė", last_name="Dūdienė", email="")
    EmploymentFactory(person=director_d, library=library_d, is_director=True)
    secretary_person = PersonFactory(
        user=secretary, first_name="Simona", last_name="Sekretorė", email=secretary.email
    )

    starts_at = timezone.localtime() + datetime.timedelta(days=30)
    meeting = meeting_create(
        body=body(),
        kind=Meeting.Kind.ORDINARY,
        title="Visuotinis narių susirinkimas",
        starts_at=starts_at.replace(hour=10, minute=0, second=0, microsecond=0),
        place="Šiaulių apskrities Povilo Višinskio viešoji biblioteka, Aušros al. 62, Šiauliai",
        created_by=secretary,
    )
    plan = agenda_item_add(
        meeting=meeting,
        title=PLAN,
        decision_kind=decision_kind("ordinary"),
        draft_decision="Pritarti asociacijos 2027 metų veiklos planui.",
        added_by=secretary,
    )
    statutes = agenda_item_add(
        meeting=meeting,
        title=STATUTES,
        decision_kind=decision_kind("statute_amendment"),
        draft_decision="Priimti naujos redakcijos asociacijos įstatus.",
        added_by=secretary,
    )
    meeting_update(
        meeting=meeting,
        changes={"chair": alice.person, "secretary": secretary_person},
        updated_by=secretary,
    )
    open_poll = poll_create(item=plan, title=PLAN, allows_advance=True, created_by=secretary)
    secret_poll = poll_create(
        item=statutes,
        title=STATUTES,
        secrecy=Poll.Secrecy.SECRET,
        allows_advance=True,
        created_by=secretary,
    )

    user = UserFactory(email=MANDATE_HOLDER_EMAIL, full_name="Rasa Rimkutė")
    email_verify(user)
    holder = PersonFactory(
        user=user, first_name="Rasa", last_name="Rimkutė", email=MANDATE_HOLDER_EMAIL
    )
    EmploymentFactory(person=holder, library=library_b)
    MandateFactory(
        person=holder,
        library=library_b,
        scope=Mandate.Scope.MEETING,
        meeting_reference=meeting.reference,
        valid_from=timezone.localdate(),
        valid_until=meeting.date,
    )
    return meeting, open_poll, secret_poll


def click_and_see_success(page: Page, button_name: str) -> None:
    page.locator("main").get_by_role("button", name=button_name, exact=True).click()
    expect(page.locator(".message--success")).to_be_visible()


def ballot(page: Page, title: str):
    return page.locator(".ballot", has=page.locator("h3", has_text=title))


def vote_on(page: Page, title: str, choice: str) -> None:
    """Choose on one ballot and press its button; htmx swaps the ballot in place."""
    card = ballot(page, title)
    card.locator(f"input[name=choice][value={choice}]").check()
    card.get_by_role("button", name=lt("Vote")).click()
    expect(ballot(page, title).locator(".message--success")).to_be_visible()


def test_a_general_meeting_from_convening_to_signed_minutes_and_the_register(
    page: Page, browser: Browser, live_server, prepared, secretary, secretary_totp_secret, alice
):
    meeting, open_poll, secret_poll = prepared
    control = f"/valdymas/posedziai/{meeting.pk}/valdymas/"
    staff = page
    sign_in(staff, secretary.email, PERSONA_PASSWORD, totp_secret=secretary_totp_secret)

    # The secretariat convenes the meeting on its control page.
    staff.goto(control)
    expect(staff.locator(".badge--draft")).to_be_visible()
    assert_no_axe_violations(staff)
    click_and_see_success(staff, lt("Convene the meeting"))
    expect(staff.locator(".badge--convened")).to_be_visible()

    # Members are notified: e-mails to the director of A and to B's mandate holder (with
    # the meeting's link and the personal door pass), a notice to post for D.
    notices = {
        (m.to[0]): m for m in mail.outbox if m.to and m.to[0] in (alice.email, MANDATE_HOLDER_EMAIL)
    }
    assert set(notices) == {alice.email, MANDATE_HOLDER_EMAIL}, [m.to for m in mail.outbox]
    assert any(name.endswith(".png") for name, *_rest in notices[alice.email].attachments)
    assert meeting.reference in notices[alice.email].body
    # The proof of convening on the control page: who, how, status, when.
    staff.reload()
    proof = staff.locator("section[aria-labelledby=proof-heading]")
    expect(proof.locator("tbody tr")).to_have_count(3)
    expect(proof.locator("tr", has_text="Alė Aukštaitė")).to_contain_text(lt("sent"))
    expect(proof.locator("tr", has_text="Rasa Rimkutė")).to_contain_text(lt("sent"))
    to_post = staff.locator("section[aria-labelledby=post-heading]")
    expect(to_post).to_contain_text("Danutė Dūdienė")
    to_post.get_by_role("button", name=lt("Posted"), exact=True).click()
    expect(staff.locator(".message--success")).to_be_visible()
    expect(staff.locator("section[aria-labelledby=post-heading]")).to_have_count(0)
    assert not Notice.objects.filter(meeting=meeting).exclude(status=Notice.Status.SENT).exists()
    assert_no_axe_violations(staff)
    save_screenshot(staff, "governance-meeting-control", full_page=True)

    # Advance voting opens on both polls (their control pages).
    for poll in (open_poll, secret_poll):
        staff.goto(f"/valdymas/balsavimai/{poll.pk}/")
        click_and_see_success(staff, lt("Open advance voting"))
        expect(staff.locator(".badge--advance")).to_be_visible()
    assert_no_axe_violations(staff)

    # Alė, the director of A, follows the e-mail's link and votes in advance in the portal.
    director = new_page(browser, live_server)
    sign_in(director, alice.email, PERSONA_PASSWORD)
    director.goto(mail_link(notices[alice.email], MEETING_PAGE))
    expect(director.locator("h1")).to_have_text(meeting.title)
    assert_no_axe_violations(director)
    director.locator("main").get_by_role("link", name=lt("Vote"), exact=True).click()
    expect(director.locator("h1")).to_have_text(lt("Voting"))
    vote_on(director, PLAN, "for")
    vote_on(director, STATUTES, "for")
    receipt_a = ballot(director, STATUTES).locator(".ballot__code strong").inner_text()
    assert re.fullmatch(r"[A-Z0-9-]{6,}", receipt_a), receipt_a
    assert_no_axe_violations(director)
    save_screenshot(director, "governance-vote-advance", full_page=True)
    assert Attendance.objects.get(meeting=meeting, person=alice.person).channel == (
        Attendance.Channel.ADVANCE_WRITTEN
    )

    # The meeting opens.
    staff.goto(control)
    click_and_see_success(staff, lt("Open the meeting"))
    expect(staff.locator(".badge--open")).to_be_visible()
    meeting.refresh_from_db()
    assert meeting.entitled_count == 3

    # At the door, on a phone: the desk finds Rasa and registers her for B in one tap; the
    # live quorum goes from 1 of 2 needed to reached.
    staff.set_viewport_size(PHONE)
    staff.goto(control)
    staff.locator("main").get_by_role("link", name=lt("Registration desk")).click()
    panel = staff.locator("#quorum-panel")
    expect(panel.locator(".checkin-counts__item--arrived dd")).to_have_text("1")
    expect(panel).to_contain_text(lt("No quorum yet"))
    expect(panel.locator(".checkin-counts__item").nth(1).locator("dd")).to_have_text("2")
    assert_no_horizontal_scroll(staff)
    assert_no_axe_violations(staff)
    staff.locator("#desk-q").fill("rimkute")
    rows = staff.locator("#desk-results .checkin-row")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Rasa Rimkutė")
    rows.first.get_by_role("button", name=re.compile(lt("Present"))).click()
    expect(staff.locator("#desk-results .checkin-row--arrived")).to_have_count(1)
    expect(panel.locator(".checkin-counts__item--arrived dd")).to_have_text("2")
    expect(panel).to_contain_text(lt("Quorum reached"))
    assert_no_horizontal_scroll(staff)
    assert_no_axe_violations(staff)
    save_screenshot(staff, "governance-desk-phone", full_page=True)
    staff.set_viewport_size(DESKTOP)

    # Rasa votes on her phone during the meeting.
    holder = new_page(browser, live_server, PHONE)
    sign_in(holder, MANDATE_HOLDER_EMAIL, PERSONA_PASSWORD)
    holder.goto(mail_link(notices[MANDATE_HOLDER_EMAIL], MEETING_PAGE))
    holder.locator("main").get_by_role("link", name=lt("Vote"), exact=True).click()
    expect(holder.locator("h1")).to_have_text(lt("Voting"))

    # The ordinary item: opened at the meeting, Rasa abstains, the poll is closed.
    staff.goto(f"/valdymas/balsavimai/{open_poll.pk}/")
    click_and_see_success(staff, lt("Open the poll at the meeting"))
    holder.reload()
    vote_on(holder, PLAN, "abstain")
    staff.reload()
    click_and_see_success(staff, lt("Close the poll and compute the result"))
    open_poll.refresh_from_db()
    assert (open_poll.status, open_poll.adopted) == (Poll.Status.CLOSED, True)
    assert open_poll.result["counts"] == {"for": 1, "against": 0, "abstain": 1}
    expect(staff.locator(".poll-result")).to_have_text(open_poll.result["sentence"]["lt"])
    assert_no_axe_violations(staff)

    # The room view is on the projector (opened from the meeting's page): it shows the
    # first result and updates by itself from now on.
    director.goto(f"/valdymas/posedziai/{meeting.pk}/")
    director.locator("main").get_by_role("link", name=lt("Room view")).click()
    projector = director.locator("#room")
    expect(projector).to_contain_text(open_poll.result["sentence"]["lt"])

    # The statute amendment, secret: Rasa gets a receipt code; two thirds of those taking
    # part are needed.
    staff.goto(f"/valdymas/balsavimai/{secret_poll.pk}/")
    click_and_see_success(staff, lt("Open the poll at the meeting"))
    holder.reload()
    vote_on(holder, STATUTES, "for")
    receipt_b = ballot(holder, STATUTES).locator(".ballot__code strong").inner_text()
    assert receipt_b and receipt_b != receipt_a
    assert_no_horizontal_scroll(holder)
    assert_no_axe_violations(holder)
    save_screenshot(holder, "governance-vote-phone", full_page=True)
    staff.reload()
    click_and_see_success(staff, lt("Close the poll and compute the result"))
    secret_poll.refresh_from_db()
    assert secret_poll.adopted is True
    assert (secret_poll.result["base"], secret_poll.result["needed"]) == (2, 2)
    statute_sentence = secret_poll.result["sentence"]["lt"]
    assert "2" in statute_sentence
    expect(staff.locator(".poll-result")).to_have_text(statute_sentence)

    # The results, computed, on the vote page (with the published receipts) ...
    holder.reload()
    results = holder.locator("section[aria-labelledby=results-heading]")
    expect(results).to_contain_text(open_poll.result["sentence"]["lt"])
    expect(results).to_contain_text(statute_sentence)
    assert_no_horizontal_scroll(holder)
    assert_no_axe_violations(holder)
    results.get_by_role("link", name=lt("Receipts")).click()
    expect(holder.locator("main")).to_contain_text(receipt_a)
    expect(holder.locator("main")).to_contain_text(receipt_b)
    assert_no_axe_violations(holder)

    # ... and on the room view, which names no voter: the projector got the result
    # without a reload.
    expect(projector).to_contain_text(statute_sentence)
    staff.goto(control)
    staff.locator("main").get_by_role("link", name=lt("Room view")).click()
    room = staff.locator("#room")
    expect(room).to_contain_text(open_poll.result["sentence"]["lt"])
    expect(room).to_contain_text(statute_sentence)
    expect(room.locator("#quorum-panel")).to_contain_text(lt("Quorum reached"))
    expect(room).not_to_contain_text("Rimkutė")
    expect(room).not_to_contain_text("Aukštaitė")
    assert_no_axe_violations(staff)
    save_screenshot(staff, "governance-room", full_page=True)

    # The meeting closes; the minutes are drawn up and their PDF can be downloaded.
    staff.goto(control)
    click_and_see_success(staff, lt("Close the meeting"))
    staff.locator("main").get_by_role("button", name=lt("Generate the minutes")).click()
    expect(staff.locator("h1")).to_contain_text(meeting.reference)
    minutes = Minutes.objects.get(meeting=meeting)
    staff.reload()  # the PDF is rendered right after the commit
    pdf_link = staff.locator("main").get_by_role("link", name=lt("Download the PDF"))
    expect(pdf_link).to_be_visible()
    response = staff.request.get(pdf_link.get_attribute("href") or "")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")

    # The secretary signs, then the chair.
    sign_section = staff.locator("section[aria-labelledby=sign-heading]")
    sign_section.locator("input[name=confirm]").check()
    click_and_see_success(staff, lt("Sign"))
    expect(staff.locator("section[aria-labelledby=sign-heading]")).to_have_count(0)
    director.goto(f"/valdymas/protokolai/{minutes.pk}/")
    director.locator("section[aria-labelledby=sign-heading] input[name=confirm]").check()
    click_and_see_success(director, lt("Sign"))
    minutes.refresh_from_db()
    assert minutes.chair_signed_at and minutes.secretary_signed_at
    expect(director.locator(".facts")).not_to_contain_text(lt("not signed yet"))
    assert_no_axe_violations(director)
    save_screenshot(director, "governance-minutes", full_page=True)

    # The decisions are in the register, numbered; the statute amendment has its filing
    # with the Register of Legal Entities as a follow-up.
    decisions = list(Decision.objects.filter(meeting=meeting).order_by("sequence"))
    assert [d.title for d in decisions] == [PLAN, STATUTES]
    assert decisions[1].follow_ups.filter(kind="registry_filing").exists()
    director.locator("main").get_by_role("link", name=lt("Decision register")).click()
    for decision in decisions:
        row = director.locator("tr", has_text=decision.number)
        expect(row).to_contain_text(decision.title)
    assert_no_axe_violations(director)
    save_screenshot(director, "governance-decisions", full_page=True)

    for other in (director, holder):
        other.context.close()
