"""The governance demo: a current Board with sign-ins, a past General Meeting with signed
minutes and its decisions (one public), a convened one with advance voting open (one
secret poll), a Board meeting, and the Board's written procedures — made through the
services, so their numbers, notices and results are the system's own."""

import io

import pytest
from django.core.management import call_command

from lrba.accounts import roles
from lrba.governance.models import (
    BoardSeat,
    Decision,
    Meeting,
    Minutes,
    Notice,
    Poll,
    WrittenAnswer,
    WrittenProcedure,
)

pytestmark = pytest.mark.django_db

MODELS = [BoardSeat, Meeting, Notice, Poll, Decision, Minutes, WrittenProcedure, WrittenAnswer]


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_the_board_has_a_head_four_members_and_a_secretary_with_sign_ins(demo_loaded):
    seats = BoardSeat.objects.current()
    offices = sorted(seats.values_list("office", flat=True))
    assert offices == ["head", "member", "member", "member", "member", "secretary"]
    for seat in seats.voting().select_related("person__user"):
        assert roles.is_board_member(seat.person.user)


def test_the_past_general_meeting_is_minuted_signed_and_its_decisions_registered(demo_loaded):
    meeting = Meeting.objects.get(title="Eilinis visuotinis narių susirinkimas")
    assert meeting.status == Meeting.Status.MINUTED
    assert meeting.minutes.is_signed
    assert meeting.minutes.pdf
    decisions = Decision.objects.filter(meeting=meeting)
    assert decisions.count() == 3
    assert decisions.filter(is_public=True).count() == 1
    assert set(decisions.values_list("adopted_on", flat=True)) == {meeting.date}
    for poll in Poll.objects.filter(item__meeting=meeting):
        assert poll.adopted and (poll.result or {})["quorum"]["reached"]
    assert not meeting.notices.filter(status=Notice.Status.QUEUED).exists()


def test_the_convened_meeting_takes_advance_ballots_on_two_polls_one_secret(demo_loaded):
    meeting = Meeting.objects.get(title="Neeilinis visuotinis narių susirinkimas")
    assert meeting.status == Meeting.Status.CONVENED
    polls = Poll.objects.filter(item__meeting=meeting)
    assert {poll.status for poll in polls} == {Poll.Status.ADVANCE}
    assert sorted(polls.values_list("secrecy", flat=True)) == ["open", "secret"]
    assert meeting.notices.exists()


def test_the_board_meeting_decides_an_admission_prepared_from_an_application(demo_loaded):
    meeting = Meeting.objects.get(title="Valdybos posėdis")
    assert meeting.body.is_board and meeting.status == Meeting.Status.CONVENED
    assert meeting.items.filter(application__isnull=False, decision_kind__code="admission").exists()


def test_one_written_procedure_is_circulated_and_one_failed_on_an_objection(demo_loaded):
    circulated = WrittenProcedure.objects.get(status=WrittenProcedure.Status.CIRCULATED)
    assert circulated.application is not None
    assert circulated.answers.count() == 2
    failed = WrittenProcedure.objects.get(status=WrittenProcedure.Status.FAILED)
    assert failed.answers.filter(objects_to_written_form=True).count() == 1


def test_a_second_run_creates_no_governance_rows(demo_loaded):
    before = counts()
    call_command("demo_data", "--people", "600", stdout=io.StringIO())
    assert counts() == before
