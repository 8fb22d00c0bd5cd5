"""The decision register: numbers, origin checks and the follow-ups the law adds."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from lrba.governance.models import FollowUp
from lrba.governance.services.decisions import decision_record, follow_up_done
from lrba.governance.tests.factories import (
    AgendaItemFactory,
    MeetingFactory,
    board,
    body,
    decision_kind,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

ADOPTED = datetime.date(2026, 4, 20)


def _record(meeting=None, kind="ordinary", **kwargs):
    meeting = meeting or MeetingFactory()
    return decision_record(
        body=meeting.body,
        kind=decision_kind(kind),
        title=kwargs.pop("title", "Dėl veiklos plano"),
        text=kwargs.pop("text", "Pritarti veiklos planui."),
        adopted_on=kwargs.pop("adopted_on", ADOPTED),
        meeting=meeting,
        **kwargs,
    )


def test_decisions_are_numbered_by_body_year_and_sequence():
    meeting = MeetingFactory()
    first, second = _record(meeting), _record(meeting)
    board_decision = _record(MeetingFactory(body=board(), reference="V-2026-1"))
    next_year = _record(meeting, adopted_on=datetime.date(2027, 1, 10))

    assert [first.number, second.number] == ["VNS-2026-1", "VNS-2026-2"]
    assert (second.year, second.sequence) == (2026, 2)
    assert board_decision.number == "V-2026-1"
    assert next_year.number == "VNS-2027-1"


def test_an_item_names_its_meeting_by_itself():
    item = AgendaItemFactory()

    decision = decision_record(
        body=body(),
        kind=decision_kind(),
        title=item.title,
        text="Pritarti.",
        adopted_on=ADOPTED,
        item=item,
    )

    assert decision.meeting == item.meeting
    assert item.decision == decision


def test_an_item_decided_twice_is_refused_and_takes_no_number():
    item = AgendaItemFactory()
    _record(item.meeting, item=item)

    with pytest.raises(ValidationError, match="already has its decision"):
        _record(item.meeting, item=item)
    assert _record(item.meeting).number == "VNS-2026-2"


def test_a_decision_without_a_meeting_or_procedure_is_refused():
    with pytest.raises(ValidationError, match="meeting or by written procedure"):
        decision_record(body=body(), kind=decision_kind(), title="X", text="Y", adopted_on=ADOPTED)


def test_a_kind_of_the_general_meeting_is_refused_to_the_board():
    board_meeting = MeetingFactory(body=board(), reference="V-2026-7")

    with pytest.raises(ValidationError, match="is not decided by"):
        _record(board_meeting, kind="statute_amendment")


def test_an_item_of_another_meeting_is_refused():
    item = AgendaItemFactory()

    with pytest.raises(ValidationError, match="another meeting"):
        _record(MeetingFactory(), item=item)


def test_a_statute_amendment_adds_the_30_day_registry_filing():
    decision = _record(kind="statute_amendment")

    (filing,) = decision.follow_ups.all()
    assert filing.kind == FollowUp.Kind.REGISTRY_FILING
    assert filing.due_on == datetime.date(2026, 5, 20)
    assert filing.status == FollowUp.Status.OPEN
    assert decision.number in filing.title


def test_an_ordinary_decision_adds_no_follow_up():
    assert not _record().follow_ups.exists()


def test_approving_the_annual_statements_closes_the_statements_reminder():
    reminder = FollowUp.objects.create(
        kind=FollowUp.Kind.STATEMENTS_APPROVAL,
        title="Patvirtinti 2025 m. finansinių ataskaitų rinkinį",
        due_on=datetime.date(2026, 4, 30),
    )
    later = FollowUp.objects.create(
        kind=FollowUp.Kind.STATEMENTS_APPROVAL,
        title="Patvirtinti 2026 m. finansinių ataskaitų rinkinį",
        due_on=datetime.date(2027, 4, 30),
    )

    decision = _record(kind="annual_statements")

    reminder.refresh_from_db()
    later.refresh_from_db()
    assert (reminder.status, reminder.done_on, reminder.decision) == (
        FollowUp.Status.DONE,
        ADOPTED,
        decision,
    )
    assert later.status == FollowUp.Status.OPEN


def test_a_follow_up_is_done_once():
    filing = _record(kind="statute_amendment").follow_ups.get()

    follow_up_done(follow_up=filing, done_on=datetime.date(2026, 5, 2))

    filing.refresh_from_db()
    assert filing.status == FollowUp.Status.DONE
    with pytest.raises(ValidationError, match="not open"):
        follow_up_done(follow_up=filing, done_on=datetime.date(2026, 5, 3))
