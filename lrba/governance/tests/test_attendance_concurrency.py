"""One member, one vote under concurrency, on PostgreSQL (SQLite serialises writers by
itself): two desk clerks registering the same library at once leave one attendance, and
the other clerk gets the clear refusal, not a database error."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lrba.core.tests.concurrency import POSTGRES_RACE, run_at_once
from lrba.governance.models import Attendance, Meeting
from lrba.governance.services.attendance import attendance_register
from lrba.governance.tests.factories import MeetingFactory
from lrba.members.models import Membership
from lrba.members.tests.factories import (
    EmploymentFactory,
    LibraryFactory,
    MandateFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = POSTGRES_RACE


@pytest.fixture
def meeting():
    return MeetingFactory(status=Meeting.Status.OPEN, starts_at=timezone.now())


@pytest.fixture
def library():
    library = LibraryFactory(name="Akmenės rajono savivaldybės viešoji biblioteka")
    MembershipFactory(library=library)
    return library


def _register(meeting, person, membership, clerk):
    return lambda: attendance_register(
        meeting=meeting,
        person=person,
        membership=membership,
        channel=Attendance.Channel.IN_ROOM,
        registered_by=clerk,
    )


def test_two_clerks_registering_the_director_and_a_mandate_holder_at_once_leave_one(
    meeting, library
):
    director, holder = PersonFactory(), PersonFactory()
    EmploymentFactory(person=director, library=library, is_director=True)
    MandateFactory(person=holder, library=library)
    membership = Membership.objects.get(library=library)
    clerks = [UserFactory(), UserFactory()]
    errors = run_at_once(
        [
            _register(meeting, director, membership, clerks[0]),
            _register(meeting, holder, membership, clerks[1]),
        ]
    ).errors
    assert Attendance.objects.filter(meeting=meeting, membership=membership).count() == 1
    [error] = errors
    assert isinstance(error, ValidationError)
    winner = Attendance.objects.get(meeting=meeting).person
    assert winner.full_name in error.messages[0]


def test_eight_taps_for_the_same_person_at_once_register_her_once(meeting, library):
    director = PersonFactory()
    EmploymentFactory(person=director, library=library, is_director=True)
    membership = Membership.objects.get(library=library)
    clerks = [UserFactory() for _ in range(8)]
    errors = run_at_once(
        [_register(meeting, director, membership, clerk) for clerk in clerks]
    ).errors
    assert Attendance.objects.filter(meeting=meeting).count() == 1
    assert len(errors) == 7
    assert all(isinstance(error, ValidationError) for error in errors)
