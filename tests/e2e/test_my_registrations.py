"""A librarian finds "My registrations" in the header, sees upcoming and past events in
every status, and cancels one: it moves to cancelled."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from lrba.accounts.models import User
from lrba.accounts.tests.factories import email_verify
from lrba.events.models import Registration
from lrba.events.tests.factories import EventFactory, RegistrationFactory
from lrba.members.tests.factories import EmploymentFactory, PersonFactory
from tests.e2e.helpers import assert_no_axe_violations, lt, save_screenshot, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

EMAIL = "rasa@example.lt"
PASSWORD = "Slaptas-Žodis-2026"


@pytest.fixture
def librarian() -> User:
    user = User.objects.create_user(email=EMAIL, password=PASSWORD, full_name="Rasa Jonaitienė")
    email_verify(user)
    person = PersonFactory(user=user, first_name="Rasa", last_name="Jonaitienė", email=EMAIL)
    EmploymentFactory(person=person)
    RegistrationFactory(person=person, event=EventFactory(title="Skaitymo skatinimo forumas"))
    RegistrationFactory(
        person=person, event=EventFactory(title="Kraštotyros seminaras"), status="waitlisted"
    )
    start = timezone.now() - datetime.timedelta(days=40)
    past = EventFactory(
        title="Metų apžvalga",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=4),
        registration_opens_at=None,
        registration_closes_at=None,
        cancellation_deadline=None,
    )
    RegistrationFactory(person=person, event=past, status="attended")
    return user


def test_a_librarian_sees_my_registrations_and_cancels_one(page: Page, librarian: User):
    sign_in(page, EMAIL, PASSWORD)
    page.get_by_role("link", name=lt("My registrations")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(lt("My registrations"))

    upcoming = page.locator("#upcoming-registrations")
    past = page.locator("#past-registrations")
    expect(upcoming).to_contain_text("Skaitymo skatinimo forumas")
    expect(upcoming).to_contain_text("Kraštotyros seminaras")
    expect(upcoming).to_contain_text(lt("on the waiting list"), ignore_case=True)
    expect(past).to_contain_text("Metų apžvalga")
    expect(past.get_by_role("button")).to_have_count(0)  # nothing to cancel after the day
    # The calendar file of each upcoming registration.
    expect(upcoming.get_by_role("link", name=lt("Add to my calendar (.ics)"))).to_have_count(2)
    save_screenshot(page, "my-registrations", full_page=True)
    assert_no_axe_violations(page)

    forum = upcoming.locator("li", has_text="Skaitymo skatinimo forumas")
    forum.get_by_role("button").click()

    expect(page.locator(".message--success, [role=status]").first).to_be_visible()
    forum = page.locator("#upcoming-registrations li", has_text="Skaitymo skatinimo forumas")
    expect(forum).to_contain_text(lt("cancelled"), ignore_case=True)
    expect(forum.get_by_role("button")).to_have_count(0)
    registration = Registration.objects.get(event__title="Skaitymo skatinimo forumas")
    assert registration.status == Registration.Status.CANCELLED
    assert_no_axe_violations(page)
