"""The written procedure under concurrency, on PostgreSQL (SQLite serialises writers):
one Board member answering twice at once keeps one answer; two of the secretariat
concluding at once conclude once and record one decision (which admits once)."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from lrba.accounts import roles
from lrba.core.tests.concurrency import POSTGRES_RACE, run_at_once
from lrba.governance.models import BoardSeat, Decision, WrittenAnswer, WrittenProcedure
from lrba.governance.services.procedures import (
    procedure_answer,
    procedure_conclude,
    procedure_create,
)
from lrba.governance.tests.factories import BoardSeatFactory, decision_kind
from lrba.members.models import Membership
from lrba.members.tests.factories import (
    MembershipApplicationFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = POSTGRES_RACE


def _circulated(kind: str = "ordinary", application=None) -> tuple[WrittenProcedure, list]:
    seats = []
    for office in (BoardSeat.Office.HEAD, BoardSeat.Office.MEMBER, BoardSeat.Office.MEMBER):
        user = UserFactory()
        roles.role_grant(user=user, role=roles.BOARD)
        seats.append(BoardSeatFactory(person=PersonFactory(user=user), office=office))
    procedure = procedure_create(
        title="Dėl priėmimo",
        decision_kind=decision_kind(kind),
        draft_decision="Priimti.",
        deadline=timezone.now() + datetime.timedelta(days=3),
        application=application,
    )
    WrittenProcedure.objects.filter(pk=procedure.pk).update(
        status=WrittenProcedure.Status.CIRCULATED,
        circulated_at=timezone.now(),
        entitled_count=len(seats),
    )
    procedure.refresh_from_db()
    return procedure, seats


def test_one_member_answering_twice_at_once_keeps_one_answer():
    procedure, seats = _circulated()
    user = seats[1].person.user

    errors = run_at_once(
        [
            lambda choice=choice: procedure_answer(procedure=procedure, user=user, choice=choice)
            for choice in ("for", "against", "abstain", "for")
        ]
    ).errors

    assert errors == []
    assert WrittenAnswer.objects.filter(procedure=procedure).count() == 1


def test_two_concluding_at_once_conclude_once_and_admit_once():
    application = MembershipApplicationFactory()
    procedure, seats = _circulated("admission", application=application)
    for seat in seats:
        procedure_answer(procedure=procedure, user=seat.person.user, choice="for")

    errors = run_at_once(
        [lambda: procedure_conclude(procedure=procedure) for _n in range(2)]
    ).errors

    assert len(errors) == 1
    assert isinstance(errors[0], ValidationError) and errors[0].code == "not_circulated"
    assert Decision.objects.filter(procedure=procedure).count() == 1
    assert Membership.objects.filter(decision__contains="V-").count() == 1
