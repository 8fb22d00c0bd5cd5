"""The roles that follow from the register: who represents a library, who is a member."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from lrba.members.selectors import representatives
from lrba.members.tests import factories

pytestmark = pytest.mark.django_db

YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


def test_a_current_director_represents_the_library(alice, library_a):
    assert list(representatives.represented_libraries(alice)) == [library_a]
    assert representatives.is_library_representative(alice, library_a)


def test_a_former_director_represents_nothing(bob):
    factories.EmploymentFactory(person=bob.person, is_director=True, end_date=YESTERDAY)
    assert not representatives.represented_libraries(bob).exists()


def test_an_employee_without_a_mandate_represents_nothing(bob, library_a):
    assert not representatives.represented_libraries(bob).exists()
    assert not representatives.is_library_representative(bob, library_a)


def test_a_current_mandate_makes_a_representative_and_a_revoked_or_expired_one_does_not(
    carol, library_b
):
    factories.MandateFactory(person=carol.person, revoked_at=timezone.now())
    factories.MandateFactory(person=carol.person, valid_until=YESTERDAY)
    assert list(representatives.represented_libraries(carol)) == [library_b]


def test_a_one_meeting_mandate_does_not_open_my_library(bob):
    factories.MandateFactory(
        person=bob.person, scope="meeting", meeting_reference="Visuotinis susirinkimas 2026-04-28"
    )
    assert not representatives.represented_libraries(bob).exists()


def test_a_library_represented_twice_is_listed_once(alice, library_a):
    factories.MandateFactory(person=alice.person, library=library_a)
    assert representatives.represented_libraries(alice).count() == 1


def test_an_individual_member_is_a_member(charlie):
    assert not representatives.user_is_member(charlie)
    factories.MembershipFactory(person=charlie.person, library=None)
    assert representatives.user_is_member(charlie)
    assert representatives.person_is_member(charlie.person)


def test_staff_of_a_member_library_and_of_its_branches_are_members(bob, charlie, library_a):
    factories.EmploymentFactory(
        person=charlie.person, library=factories.BranchFactory(parent=library_a)
    )
    assert representatives.user_is_member(bob)
    assert representatives.user_is_member(charlie)


def test_staff_of_a_library_that_is_not_a_member_are_not_members(charlie):
    assert not representatives.user_is_member(charlie)
    assert not representatives.person_is_member(charlie.person)


def test_an_ended_job_or_an_ended_membership_does_not_make_a_member(charlie, library_a):
    factories.EmploymentFactory(person=charlie.person, library=library_a, end_date=YESTERDAY)
    factories.MembershipFactory(
        person=charlie.person, library=None, status="ended", ended_on=YESTERDAY, end_reason="left"
    )
    assert not representatives.user_is_member(charlie)


def test_strangers_hold_no_library_role(dave):
    assert not representatives.user_is_member(dave)
    assert not representatives.user_is_member(AnonymousUser())
    assert not representatives.person_is_member(None)
    assert not representatives.represented_libraries(AnonymousUser()).exists()


def test_represented_libraries_is_one_query(alice, django_assert_num_queries):
    factories.MandateFactory(person=alice.person)
    with django_assert_num_queries(1):
        assert len(list(representatives.represented_libraries(alice))) == 2
