"""The decision register's pages: members see the General Meeting's decisions, the Board
its own too, the public only those marked public; the secretariat marks tasks done."""

import datetime

import pytest
from django.urls import reverse

from lrba.governance.models import FollowUp, Meeting
from lrba.governance.services.decisions import decision_record
from lrba.governance.tests.factories import BoardSeatFactory, MeetingFactory, board, decision_kind

pytestmark = pytest.mark.django_db

ADOPTED = datetime.date(2026, 4, 20)


def _decision(meeting: Meeting, title: str, kind: str = "ordinary", is_public: bool = False):
    return decision_record(
        body=meeting.body,
        kind=decision_kind(kind),
        title=title,
        text=f"{title}: pritarta.",
        adopted_on=ADOPTED,
        meeting=meeting,
        is_public=is_public,
    )


@pytest.fixture
def general():
    meeting = MeetingFactory(reference="VNS-2026-1", status=Meeting.Status.MINUTED)
    return _decision(meeting, "Dėl įstatų keitimo", kind="statute_amendment", is_public=True)


@pytest.fixture
def board_decision():
    meeting = MeetingFactory(body=board(), reference="V-2026-1", status=Meeting.Status.MINUTED)
    return _decision(meeting, "Dėl narių priėmimo", kind="admission")


@pytest.fixture
def seated_board_member(board_member):
    from lrba.members.tests.factories import PersonFactory

    person = PersonFactory(user=board_member)
    BoardSeatFactory(person=person, start_date=datetime.date(2024, 1, 1))
    return board_member


def _titles(response) -> str:
    return response.content.decode()


def test_a_member_sees_the_general_meetings_decisions_only(
    client_for, alice, general, board_decision
):
    client = client_for(alice)

    page = _titles(client.get(reverse("governance:decision_list")))

    assert general.title in page and board_decision.title not in page
    detail = client.get(reverse("governance:decision_detail", args=[board_decision.pk]))
    assert detail.status_code == 404


def test_the_board_sees_its_own_decisions_too(
    client_for, seated_board_member, general, board_decision
):
    page = _titles(client_for(seated_board_member).get(reverse("governance:decision_list")))

    assert general.title in page and board_decision.title in page


def test_the_register_filters_by_body_and_open_follow_up(
    client_for, secretary, general, board_decision
):
    client = client_for(secretary)

    by_board = _titles(client.get(reverse("governance:decision_list"), {"body": "board"}))
    open_tasks = _titles(client.get(reverse("governance:decision_list"), {"follow_up": "open"}))

    assert board_decision.title in by_board and general.title not in by_board
    # The statute amendment carries its registry filing; the admission nothing.
    assert general.title in open_tasks and board_decision.title not in open_tasks


def test_someone_outside_the_association_is_refused_the_register(client_for, charlie, general):
    assert client_for(charlie).get(reverse("governance:decision_list")).status_code == 403


def test_the_public_page_shows_only_decisions_marked_public(client, general, board_decision):
    page = _titles(client.get(reverse("governance:public_decisions")))

    assert general.number in page and board_decision.title not in page


def test_the_secretariat_marks_the_registry_filing_done(client_for, secretary, general):
    filing = general.follow_ups.get()

    client_for(secretary).post(reverse("governance:follow_up_done", args=[filing.pk]))

    filing.refresh_from_db()
    assert filing.status == FollowUp.Status.DONE


def test_the_auditor_may_not_mark_a_task_done(client_for, auditor, general):
    filing = general.follow_ups.get()

    response = client_for(auditor).post(reverse("governance:follow_up_done", args=[filing.pk]))

    filing.refresh_from_db()
    assert response.status_code == 403
    assert filing.status == FollowUp.Status.OPEN
