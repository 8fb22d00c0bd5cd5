"""The roles that follow from the register: who represents a library, who is a member."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from lrba.members import representatives
from lrba.members.tests import factories

pytestmark = pytest.mark.django_db

YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


def _user_with_person():
    person = factories.PersonFactory(user=factories.UserFactory())
    return person.user, person


def test_a_current_director_represents_the_library():
    user, person = _user_with_person()
    employment = factories.EmploymentFactory(person=person, is_director=True)
    assert list(representatives.represented_libraries(user)) == [employment.library]
    assert representatives.is_library_representative(user, employment.library)


def test_a_former_director_represents_nothing():
    user, person = _user_with_person()
    factories.EmploymentFactory(person=person, is_director=True, end_date=YESTERDAY)
    assert not representatives.represented_libraries(user).exists()


def test_an_employee_without_a_mandate_represents_nothing():
    user, person = _user_with_person()
    factories.EmploymentFactory(person=person)
    assert not representatives.represented_libraries(user).exists()


def test_a_current_mandate_makes_a_representative_and_a_revoked_or_expired_one_does_not():
    user, person = _user_with_person()
    current = factories.MandateFactory(person=person)
    factories.MandateFactory(person=person, revoked_at=timezone.now())
    factories.MandateFactory(person=person, valid_until=YESTERDAY)
    assert list(representatives.represented_libraries(user)) == [current.library]


def test_a_one_meeting_mandate_does_not_open_my_library():
    user, person = _user_with_person()
    factories.MandateFactory(
        person=person, scope="meeting", meeting_reference="Visuotinis susirinkimas 2026-04-28"
    )
    assert not representatives.represented_libraries(user).exists()


def test_a_library_represented_twice_is_listed_once():
    user, person = _user_with_person()
    employment = factories.EmploymentFactory(person=person, is_director=True)
    factories.MandateFactory(person=person, library=employment.library)
    assert representatives.represented_libraries(user).count() == 1


def test_an_individual_member_is_a_member():
    user, person = _user_with_person()
    factories.MembershipFactory(person=person, library=None)
    assert representatives.user_is_member(user)
    assert representatives.person_is_member(person)


def test_staff_of_a_member_library_and_of_its_branches_are_members():
    membership = factories.MembershipFactory()
    branch = factories.BranchFactory(parent=membership.library)
    user, person = _user_with_person()
    factories.EmploymentFactory(person=person, library=membership.library)
    branch_user, branch_person = _user_with_person()
    factories.EmploymentFactory(person=branch_person, library=branch)
    assert representatives.user_is_member(user)
    assert representatives.user_is_member(branch_user)


def test_staff_of_a_library_that_is_not_a_member_are_not_members():
    user, person = _user_with_person()
    factories.EmploymentFactory(person=person)
    assert not representatives.user_is_member(user)
    assert not representatives.person_is_member(person)


def test_an_ended_job_or_an_ended_membership_does_not_make_a_member():
    membership = factories.MembershipFactory()
    user, person = _user_with_person()
    factories.EmploymentFactory(person=person, library=membership.library, end_date=YESTERDAY)
    former_user, former = _user_with_person()
    factories.MembershipFactory(
        person=former, library=None, status="ended", ended_on=YESTERDAY, end_reason="left"
    )
    assert not representatives.user_is_member(user)
    assert not representatives.user_is_member(former_user)


def test_strangers_hold_no_library_role():
    user = factories.UserFactory()
    assert not representatives.user_is_member(user)
    assert not representatives.user_is_member(AnonymousUser())
    assert not representatives.person_is_member(None)
    assert not representatives.represented_libraries(AnonymousUser()).exists()


def test_represented_libraries_is_one_query(django_assert_num_queries):
    user, person = _user_with_person()
    factories.EmploymentFactory(person=person, is_director=True)
    factories.MandateFactory(person=person)
    with django_assert_num_queries(1):
        assert len(list(representatives.represented_libraries(user))) == 2
