"""The written procedure's pages: Board members answer, the secretariat circulates and
concludes, the auditor reads; refusals change nothing and land in the change history."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from conftest import lt
from lrba.accounts import roles
from lrba.accounts.tests.factories import totp_activate
from lrba.governance.models import BoardSeat, WrittenAnswer, WrittenProcedure
from lrba.governance.services.procedures import procedure_circulate, procedure_create
from lrba.governance.tests.factories import BoardSeatFactory, decision_kind
from lrba.members.models import MembershipApplication
from lrba.members.tests.factories import (
    MembershipApplicationFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

Status = WrittenProcedure.Status


def _seat(office: str, email: str) -> BoardSeat:
    user = UserFactory(email=email)
    roles.role_grant(user=user, role=roles.BOARD)
    totp_activate(user)  # the Board's pages are staff pages: two-factor
    return BoardSeatFactory(person=PersonFactory(user=user, email=email), office=office)


@pytest.fixture
def seats():
    return [
        _seat(BoardSeat.Office.HEAD, "pirmininke@valdyba.lt"),
        _seat(BoardSeat.Office.MEMBER, "narys1@valdyba.lt"),
        _seat(BoardSeat.Office.MEMBER, "narys2@valdyba.lt"),
    ]


@pytest.fixture
def draft(seats):
    return procedure_create(
        title="Dėl konferencijos datos",
        decision_kind=decision_kind("ordinary"),
        draft_decision="Konferenciją rengti spalio 15 d.",
        deadline=timezone.now() + datetime.timedelta(days=5),
    )


@pytest.fixture
def circulated(draft, secretary):
    return procedure_circulate(procedure=draft, circulated_by=secretary)


def _client(client_for, seat):
    return client_for(seat.person.user)


def test_a_board_member_answers_on_the_page(client_for, circulated, seats):
    client = _client(client_for, seats[1])
    page = client.get(circulated.get_absolute_url())
    assert page.status_code == 200
    assert "Konferenciją rengti spalio 15 d." in page.content.decode()

    response = client.post(
        reverse("governance:procedure_answer", args=[circulated.pk]),
        {"choice": "for", "comment": "Tinka."},
    )

    assert response.status_code == 302
    answer = WrittenAnswer.objects.get(procedure=circulated)
    assert (answer.choice, answer.board_seat, answer.comment) == ("for", seats[1], "Tinka.")


def test_one_member_objecting_on_the_page_fails_the_procedure(
    client_for, circulated, seats, secretary
):
    for seat in seats[:2]:
        _client(client_for, seat).post(
            reverse("governance:procedure_answer", args=[circulated.pk]), {"choice": "for"}
        )
    _client(client_for, seats[2]).post(
        reverse("governance:procedure_answer", args=[circulated.pk]),
        {"choice": "for", "objects_to_written_form": "on"},
    )

    response = client_for(secretary).post(
        reverse("governance:procedure_conclude", args=[circulated.pk]), follow=True
    )

    circulated.refresh_from_db()
    assert circulated.status == Status.FAILED
    assert "procedure-result" in response.content.decode()


def test_the_secretariat_circulates_and_the_board_is_mailed(
    client_for, draft, secretary, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(secretary).post(
            reverse("governance:procedure_circulate", args=[draft.pk])
        )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.CIRCULATED
    assert len(mail.outbox) == 3


def test_the_board_does_not_see_a_draft(client_for, draft, seats):
    client = _client(client_for, seats[0])

    assert client.get(draft.get_absolute_url()).status_code == 404
    assert draft.reference not in client.get(reverse("governance:procedure_list")).content.decode()


def test_a_member_who_is_not_on_the_board_is_refused(client_for, circulated, alice):
    client = client_for(alice)

    assert client.get(reverse("governance:procedure_list")).status_code == 403
    assert client.get(circulated.get_absolute_url()).status_code == 403
    response = client.post(
        reverse("governance:procedure_answer", args=[circulated.pk]), {"choice": "for"}
    )
    assert response.status_code == 403
    assert not circulated.answers.exists()


def test_the_auditor_reads_but_neither_answers_nor_concludes(client_for, circulated, auditor):
    client = client_for(auditor)

    assert client.get(reverse("governance:procedure_list")).status_code == 200
    assert client.get(circulated.get_absolute_url()).status_code == 200
    answer = client.post(
        reverse("governance:procedure_answer", args=[circulated.pk]), {"choice": "for"}
    )
    conclude = client.post(reverse("governance:procedure_conclude", args=[circulated.pk]))
    assert (answer.status_code, conclude.status_code) == (403, 403)


def test_the_board_secretary_cannot_answer_and_the_attempt_is_recorded(
    client_for, circulated, seats
):
    secretary_seat = _seat(BoardSeat.Office.SECRETARY, "sekretore@valdyba.lt")

    response = _client(client_for, secretary_seat).post(
        reverse("governance:procedure_answer", args=[circulated.pk]), {"choice": "for"}
    )

    assert response.status_code == 400
    message = lt("Only a current Board member with a vote answers a written procedure.")
    assert message in response.content.decode()
    assert not circulated.answers.exists()
    assert (
        LogEntry.objects.get_for_object(circulated).filter(action=LogEntry.Action.ACCESS).exists()
    )


def test_concluding_too_early_shows_why_and_changes_nothing(client_for, circulated, secretary):
    response = client_for(secretary).post(
        reverse("governance:procedure_conclude", args=[circulated.pk]), follow=True
    )

    circulated.refresh_from_db()
    assert circulated.status == Status.CIRCULATED
    refusal = lt("Not every Board member has answered and the deadline has not passed yet.")
    assert refusal in [str(m) for m in response.context["messages"]]


def test_the_secretariat_prepares_an_admission_as_a_written_procedure(client_for, secretary, seats):
    application = MembershipApplicationFactory(library_name="Kelmės rajono biblioteka")
    url = reverse("governance:admission_prepare", args=[application.pk])
    client = client_for(secretary)
    assert client.get(url).status_code == 200

    deadline = (timezone.localtime() + datetime.timedelta(days=4)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(url, {"how": "procedure", "deadline": deadline})

    procedure = WrittenProcedure.objects.get(application=application)
    assert response.status_code == 302
    assert response["Location"] == procedure.get_absolute_url()
    assert procedure.decision_kind.code == "admission"
    assert "Kelmės rajono biblioteka" in procedure.title
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.PENDING


def test_the_auditor_cannot_prepare_an_admission(client_for, auditor):
    application = MembershipApplicationFactory()
    deadline = (timezone.localtime() + datetime.timedelta(days=4)).strftime("%Y-%m-%dT%H:%M")

    response = client_for(auditor).post(
        reverse("governance:admission_prepare", args=[application.pk]),
        {"how": "procedure", "deadline": deadline},
    )

    assert response.status_code == 403
    assert not WrittenProcedure.objects.exists()


def test_an_adopted_procedure_shows_its_result_and_links_its_decision(
    client_for, circulated, seats, secretary
):
    from lrba.governance.services.procedures import procedure_answer, procedure_conclude

    for seat in seats:
        procedure_answer(procedure=circulated, user=seat.person.user, choice="for")
    procedure_conclude(procedure=circulated, concluded_by=secretary)

    page = _client(client_for, seats[0]).get(circulated.get_absolute_url()).content.decode()

    decision = circulated.decision
    assert reverse("governance:decision_detail", args=[decision.pk]) in page
    assert decision.number in page
    assert 'name="choice"' not in page  # no more answers once concluded


def test_the_admission_page_lists_what_is_already_before_the_board(client_for, secretary, seats):
    from lrba.governance.services.admissions import board_procedure_prepare

    application = MembershipApplicationFactory()
    procedure = board_procedure_prepare(
        application=application,
        deadline=timezone.now() + datetime.timedelta(days=3),
        prepared_by=secretary,
    )

    page = client_for(secretary).get(reverse("governance:admission_prepare", args=[application.pk]))

    assert procedure.get_absolute_url() in page.content.decode()


def _admin_add(client, **data):
    deadline = timezone.localtime() + datetime.timedelta(days=6)
    payload = {
        "title": "Dėl dalyvavimo projekte",
        "decision_kind": decision_kind("ordinary").pk,
        "draft_decision": "Dalyvauti projekte.",
        "explanation": "",
        "deadline_0": deadline.strftime("%Y-%m-%d"),
        "deadline_1": deadline.strftime("%H:%M"),
        "answers-TOTAL_FORMS": "0",
        "answers-INITIAL_FORMS": "0",
        **data,
    }
    return client.post(reverse("admin:governance_writtenprocedure_add"), payload)


def test_the_secretariat_drafts_a_procedure_in_the_back_office(client_for, secretary):
    response = _admin_add(client_for(secretary))

    assert response.status_code == 302, response.context["adminform"].form.errors
    procedure = WrittenProcedure.objects.get()
    assert procedure.status == Status.DRAFT
    assert procedure.reference.startswith("V-RP-")
    assert procedure.body.is_board


def test_the_back_office_offers_no_general_meeting_kind(client_for, secretary):
    response = _admin_add(
        client_for(secretary), decision_kind=decision_kind("statute_amendment").pk
    )

    assert response.status_code == 200
    assert "decision_kind" in response.context["adminform"].form.errors
    assert not WrittenProcedure.objects.exists()


def test_a_draft_is_edited_in_the_back_office_and_a_circulated_one_is_not(
    client_for, draft, secretary
):
    client = client_for(secretary)
    url = reverse("admin:governance_writtenprocedure_change", args=[draft.pk])
    deadline = timezone.localtime() + datetime.timedelta(days=9)
    payload = {
        "title": "Dėl konferencijos datos ir vietos",
        "draft_decision": draft.draft_decision,
        "explanation": "",
        "deadline_0": deadline.strftime("%Y-%m-%d"),
        "deadline_1": deadline.strftime("%H:%M"),
        "answers-TOTAL_FORMS": "0",
        "answers-INITIAL_FORMS": "0",
    }

    assert client.post(url, payload).status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Dėl konferencijos datos ir vietos"

    procedure_circulate(procedure=draft, circulated_by=secretary)
    client.post(url, {**payload, "title": "Kitas klausimas"})
    draft.refresh_from_db()
    assert draft.title == "Dėl konferencijos datos ir vietos"


def test_the_list_tells_a_board_member_which_procedures_wait_for_their_answer(
    client_for, circulated, seats
):
    from lrba.governance.services.procedures import procedure_answer

    procedure_answer(procedure=circulated, user=seats[0].person.user, choice="for")

    waiting = _client(client_for, seats[1]).get(reverse("governance:procedure_list"))
    answered = _client(client_for, seats[0]).get(reverse("governance:procedure_list"))

    assert lt("Waiting for your answer") in waiting.content.decode()
    assert lt("Waiting for your answer") not in answered.content.decode()
    assert lt("You have answered") in answered.content.decode()
