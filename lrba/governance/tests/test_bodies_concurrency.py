"""The Board's composition under concurrency, on PostgreSQL (SQLite serialises writers)."""

import datetime

from django.core.exceptions import ValidationError

from lrba.core.tests.concurrency import POSTGRES_RACE, run_at_once
from lrba.governance.models import BoardSeat
from lrba.governance.services.bodies import board_seat_add
from lrba.members.tests import factories as members

pytestmark = POSTGRES_RACE


def test_two_heads_elected_at_once_leave_one_head():
    people = []
    for _n in range(4):
        person = members.PersonFactory()
        members.MembershipFactory(library=None, person=person)
        people.append(person)

    def seat(person):
        return lambda: board_seat_add(
            person=person,
            office=BoardSeat.Office.HEAD,
            start_date=datetime.date(2026, 5, 1),
            added_by=None,
        )

    errors = run_at_once([seat(person) for person in people]).errors

    assert BoardSeat.objects.filter(office=BoardSeat.Office.HEAD).count() == 1
    assert len(errors) == 3
    assert all(isinstance(error, ValidationError) for error in errors)
