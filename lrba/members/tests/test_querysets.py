"""The register's recurring filters, asked one way (lrba.members.querysets)."""

import datetime

import pytest
from django.utils import timezone

from lrba.members.models import Employment, Library, Mandate, Membership
from lrba.members.tests import factories

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def test_a_current_employment_has_started_and_not_ended():
    running = factories.EmploymentFactory(start_date=TODAY, end_date=None)
    last_day = factories.EmploymentFactory(end_date=TODAY)
    factories.EmploymentFactory(end_date=TODAY - DAY)  # ended
    factories.EmploymentFactory(start_date=TODAY + DAY)  # not started

    assert set(Employment.objects.current()) == {running, last_day}


def test_current_on_another_day():
    old = factories.EmploymentFactory(
        start_date=datetime.date(2020, 1, 1), end_date=datetime.date(2020, 12, 31)
    )

    assert list(Employment.objects.current(on=datetime.date(2020, 6, 1))) == [old]
    assert not Employment.objects.current().exists()


def test_employment_at_a_member_library_or_a_branch_of_one():
    member = factories.MembershipFactory().library
    at_member = factories.EmploymentFactory(library=member)
    at_branch = factories.EmploymentFactory(library=factories.BranchFactory(parent=member))
    factories.EmploymentFactory()  # a library that is not a member

    assert set(Employment.objects.at_member_libraries()) == {at_member, at_branch}


def test_current_and_active_memberships():
    active = factories.MembershipFactory()
    suspended = factories.MembershipFactory(status="suspended", suspended_on=TODAY)
    factories.MembershipFactory(status="applied", joined_on=None)

    assert set(Membership.objects.current()) == {active, suspended}
    assert list(Membership.objects.active()) == [active]
    assert list(Library.objects.members().order_by("pk")) == [active.library, suspended.library]


def test_a_current_mandate_is_for_a_period_unrevoked_and_running():
    current = factories.MandateFactory()
    factories.MandateFactory(revoked_at=timezone.now())
    factories.MandateFactory(valid_until=TODAY - DAY)
    factories.MandateFactory(scope="meeting", meeting_reference="Susirinkimas 2026-04-28")

    assert list(Mandate.objects.current()) == [current]


def test_represented_by_a_director_or_a_mandate_holder():
    user = factories.UserFactory()
    person = factories.PersonFactory(user=user)
    directed = factories.EmploymentFactory(person=person, is_director=True).library
    mandated = factories.MandateFactory(person=person).library
    factories.EmploymentFactory(person=person)  # staff only

    assert set(Library.objects.represented_by(user)) == {directed, mandated}
