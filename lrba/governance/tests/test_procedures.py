"""The Board's written procedure: circulation, answers, and the computed outcome — one
objection to the written form fails it; otherwise the Board quorum over the answers and
the Board's majority, the head's answer casting a tie (issue point 9)."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from lrba.accounts import roles
from lrba.governance.models import BoardSeat, Decision, WrittenAnswer, WrittenProcedure
from lrba.governance.services.procedures import (
    procedure_answer,
    procedure_cancel,
    procedure_circulate,
    procedure_conclude,
    procedure_create,
    procedures_conclude_due,
)
from lrba.governance.tests.factories import BoardSeatFactory, decision_kind
from lrba.members.tests.factories import PersonFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

Status = WrittenProcedure.Status


def _seat(office: str, first_name: str, **kwargs) -> BoardSeat:
    user = UserFactory(
        email=f"{first_name.lower()}@valdyba.lt", language=kwargs.pop("language", "lt")
    )
    roles.role_grant(user=user, role=roles.BOARD)
    person = PersonFactory(user=user, first_name=first_name, email=user.email)
    return BoardSeatFactory(person=person, office=office, **kwargs)


@pytest.fixture
def board_seats():
    """The head, four Board members and the secretary (who has no vote)."""
    head = _seat(BoardSeat.Office.HEAD, "Rasa")
    members = [_seat(BoardSeat.Office.MEMBER, name) for name in ("Jonas", "Ona", "Petras", "Lina")]
    secretary = _seat(BoardSeat.Office.SECRETARY, "Daiva")
    return {"head": head, "members": members, "secretary": secretary}


def result(procedure: WrittenProcedure) -> dict:
    assert procedure.result is not None
    return procedure.result


def _user(seat: BoardSeat):
    return seat.person.user


def _procedure(kind: str = "ordinary", days: int = 7, **kwargs) -> WrittenProcedure:
    return procedure_create(
        title=kwargs.pop("title", "Dėl narystės Europos bibliotekų asociacijoje"),
        decision_kind=decision_kind(kind),
        draft_decision=kwargs.pop("draft_decision", "Pritarti narystei."),
        deadline=timezone.now() + datetime.timedelta(days=days),
        **kwargs,
    )


@pytest.fixture
def circulated(board_seats, secretary, django_capture_on_commit_callbacks):
    procedure = _procedure()
    with django_capture_on_commit_callbacks(execute=True):
        procedure_circulate(procedure=procedure, circulated_by=secretary)
    procedure.refresh_from_db()
    return procedure


def _answer(procedure, seat, choice="for", objects=False):
    return procedure_answer(
        procedure=procedure, user=_user(seat), choice=choice, objects_to_written_form=objects
    )


def _all_answer(procedure, board_seats, choices):
    for seat, choice in zip([board_seats["head"], *board_seats["members"]], choices, strict=True):
        _answer(procedure, seat, choice)


def test_a_draft_gets_a_board_reference_and_waits_for_circulation(board_seats):
    procedure = _procedure()

    year = timezone.localdate().year
    assert procedure.reference == f"V-RP-{year}-1"
    assert procedure.status == Status.DRAFT
    assert _procedure().reference == f"V-RP-{year}-2"


def test_circulating_mails_every_board_member_with_a_vote_and_counts_them(circulated, board_seats):
    assert circulated.status == Status.CIRCULATED
    assert circulated.entitled_count == 5
    recipients = sorted(address for message in mail.outbox for address in message.to)
    voters = [board_seats["head"], *board_seats["members"]]
    assert recipients == sorted(seat.person.email for seat in voters)
    assert board_seats["secretary"].person.email not in recipients
    assert circulated.reference in mail.outbox[0].subject
    assert circulated.get_absolute_url() in mail.outbox[0].body


def test_the_mail_is_in_the_board_members_language(
    board_seats, secretary, django_capture_on_commit_callbacks
):
    english = _seat(BoardSeat.Office.MEMBER, "Emma", language="en")
    procedure = _procedure()
    with django_capture_on_commit_callbacks(execute=True):
        procedure_circulate(procedure=procedure, circulated_by=secretary)

    (message,) = [m for m in mail.outbox if english.person.email in m.to]
    assert "Written procedure" in message.subject


def test_circulating_twice_is_refused(circulated, secretary):
    with pytest.raises(ValidationError, match="already been circulated"):
        procedure_circulate(procedure=circulated, circulated_by=secretary)


def test_a_general_meeting_kind_cannot_go_to_written_procedure(board_seats):
    with pytest.raises(ValidationError, match="not decided by the Board"):
        _procedure("statute_amendment")


def test_a_deadline_in_the_past_is_refused(board_seats):
    with pytest.raises(ValidationError, match="future"):
        _procedure(days=-1)


def test_a_member_may_change_the_answer_and_one_answer_is_kept(circulated, board_seats):
    seat = board_seats["members"][0]
    _answer(circulated, seat, "against")
    _answer(circulated, seat, "for")

    answers = WrittenAnswer.objects.filter(procedure=circulated, board_seat=seat)
    assert [answer.choice for answer in answers] == ["for"]


def test_someone_without_a_board_seat_cannot_answer(circulated, alice):
    with pytest.raises(ValidationError, match="Only a current Board member"):
        procedure_answer(procedure=circulated, user=alice, choice="for")
    assert not circulated.answers.exists()


def test_the_secretary_has_no_vote_in_a_written_procedure(circulated, board_seats):
    with pytest.raises(ValidationError, match="Only a current Board member"):
        _answer(circulated, board_seats["secretary"])


def test_a_board_member_whose_seat_ended_cannot_answer(circulated, board_seats):
    seat = board_seats["members"][1]
    seat.end_date = timezone.localdate() - datetime.timedelta(days=1)
    seat.save()

    with pytest.raises(ValidationError, match="Only a current Board member"):
        _answer(circulated, seat)


def test_an_answer_after_the_deadline_is_refused(circulated, board_seats):
    late = circulated.deadline + datetime.timedelta(minutes=1)
    with pytest.raises(ValidationError, match="deadline"):
        procedure_answer(
            procedure=circulated, user=_user(board_seats["head"]), choice="for", now=late
        )


def test_an_answer_that_says_nothing_is_refused(circulated, board_seats):
    with pytest.raises(ValidationError, match="object to deciding in writing"):
        _answer(circulated, board_seats["head"], choice="")


def test_one_member_objecting_to_the_written_form_fails_the_procedure(circulated, board_seats):
    _all_answer(circulated, board_seats, ["for", "for", "for", "for", "for"])
    _answer(circulated, board_seats["members"][3], choice="for", objects=True)

    procedure = procedure_conclude(procedure=circulated)

    assert procedure.status == Status.FAILED
    assert result(procedure)["objections"] == 1
    assert "needs a Board meeting" in result(procedure)["sentence"]["en"]
    assert result(procedure)["sentence"]["lt"]
    assert not Decision.objects.filter(procedure=procedure).exists()


def test_an_objection_alone_without_an_answer_on_the_question_also_fails_it(
    circulated, board_seats
):
    _answer(circulated, board_seats["members"][0], choice="", objects=True)
    late = circulated.deadline + datetime.timedelta(seconds=1)

    procedure = procedure_conclude(procedure=circulated, now=late)

    assert procedure.status == Status.FAILED


def test_all_for_adopts_and_the_decision_goes_to_the_register(circulated, board_seats, secretary):
    _all_answer(circulated, board_seats, ["for", "for", "for", "against", "abstain"])

    procedure = procedure_conclude(procedure=circulated, concluded_by=secretary)

    assert procedure.status == Status.ADOPTED
    decision = Decision.objects.get(procedure=procedure)
    assert decision.number == f"V-{timezone.localdate().year}-1"
    assert decision.text == procedure.draft_decision
    assert decision.meeting is None
    assert (
        result(procedure)["for"],
        result(procedure)["against"],
        result(procedure)["abstain"],
    ) == (
        3,
        1,
        1,
    )
    assert "→ adopted" in result(procedure)["sentence"]["en"]


def test_a_tie_is_decided_by_the_heads_answer(circulated, board_seats):
    # Four answer: the head and one member for, two members against.
    _answer(circulated, board_seats["head"], "for")
    _answer(circulated, board_seats["members"][0], "for")
    _answer(circulated, board_seats["members"][1], "against")
    _answer(circulated, board_seats["members"][2], "against")
    late = circulated.deadline + datetime.timedelta(seconds=1)

    procedure = procedure_conclude(procedure=circulated, now=late)

    assert procedure.status == Status.ADOPTED
    assert result(procedure)["casting_vote_used"] is True


def test_a_tie_with_the_head_against_is_not_adopted(circulated, board_seats):
    _answer(circulated, board_seats["head"], "against")
    _answer(circulated, board_seats["members"][0], "against")
    _answer(circulated, board_seats["members"][1], "for")
    _answer(circulated, board_seats["members"][2], "for")
    late = circulated.deadline + datetime.timedelta(seconds=1)

    procedure = procedure_conclude(procedure=circulated, now=late)

    assert procedure.status == Status.REJECTED
    assert not Decision.objects.filter(procedure=procedure).exists()


def test_without_a_quorum_of_answers_nothing_is_adopted(circulated, board_seats):
    # Five hold a vote; more than half is 3: two answers are no quorum.
    _answer(circulated, board_seats["head"], "for")
    _answer(circulated, board_seats["members"][0], "for")
    late = circulated.deadline + datetime.timedelta(seconds=1)

    procedure = procedure_conclude(procedure=circulated, now=late)

    assert procedure.status == Status.REJECTED
    assert result(procedure)["quorum_reached"] is False
    assert result(procedure)["quorum_needed"] == 3
    assert "no quorum" in result(procedure)["sentence"]["en"]


def test_three_answers_of_five_make_the_quorum(circulated, board_seats):
    for seat in (board_seats["head"], *board_seats["members"][:2]):
        _answer(circulated, seat, "for")
    late = circulated.deadline + datetime.timedelta(seconds=1)

    assert procedure_conclude(procedure=circulated, now=late).status == Status.ADOPTED


def test_concluding_before_the_deadline_with_answers_missing_is_refused(circulated, board_seats):
    _answer(circulated, board_seats["head"], "for")

    with pytest.raises(ValidationError, match="Not every Board member has answered"):
        procedure_conclude(procedure=circulated)
    circulated.refresh_from_db()
    assert circulated.status == Status.CIRCULATED


def test_the_daily_run_concludes_only_procedures_past_their_deadline(circulated, board_seats):
    _answer(circulated, board_seats["head"], "for")
    assert procedures_conclude_due() == []

    late = circulated.deadline + datetime.timedelta(seconds=1)
    (done,) = procedures_conclude_due(now=late)

    assert done.pk == circulated.pk
    assert done.status == Status.REJECTED  # one answer of five: no quorum


def test_a_concluded_procedure_takes_no_more_answers(circulated, board_seats):
    _all_answer(circulated, board_seats, ["for"] * 5)
    procedure_conclude(procedure=circulated)

    with pytest.raises(ValidationError, match="not open for answers"):
        _answer(circulated, board_seats["head"], "against")


def test_a_cancelled_procedure_cannot_be_concluded(circulated, secretary):
    procedure_cancel(procedure=circulated, cancelled_by=secretary)

    with pytest.raises(ValidationError, match="not waiting for a conclusion"):
        procedure_conclude(procedure=circulated)


def test_the_command_concludes_procedures_past_their_deadline(circulated, board_seats):
    from django.core.management import call_command

    WrittenProcedure.objects.filter(pk=circulated.pk).update(
        deadline=timezone.now() - datetime.timedelta(minutes=1)
    )

    call_command("governance_procedures_conclude")
    call_command("governance_procedures_conclude")  # again: nothing twice

    circulated.refresh_from_db()
    assert circulated.status == Status.REJECTED  # nobody answered: no quorum
