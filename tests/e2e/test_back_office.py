"""The secretariat's back office: signed in with two factors, the home page says what waits,
a panel leads to the list of it; the home and the lists pass axe-core."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from lrba.events.models import Registration
from lrba.events.tests.factories import EventFactory, RegistrationFactory
from lrba.members.models import MembershipApplication
from lrba.members.tests.factories import MembershipApplicationFactory, PersonFactory
from lrba.training.models import TrainingRecord
from lrba.training.tests.factories import TrainingRecordFactory
from tests.e2e.conftest import PERSONA_PASSWORD
from tests.e2e.helpers import (
    assert_no_axe_violations,
    assert_no_horizontal_scroll,
    lt,
    save_screenshot,
    sign_in,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def waiting():
    """Two applications to decide (one for six weeks), external training to approve and a
    seminar the day after tomorrow, full, with a waiting list."""
    applications = [
        MembershipApplicationFactory(library_name="Kuršėnų miesto bendruomenės biblioteka"),
        MembershipApplicationFactory(library_name="Žagarės gimnazijos biblioteka"),
    ]
    MembershipApplication.objects.filter(pk=applications[0].pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=42)
    )
    TrainingRecordFactory(
        status=TrainingRecord.Status.PENDING,
        person=PersonFactory(first_name="Žydrūnė", last_name="Petrauskienė"),
    )
    event = EventFactory(
        title="Skaitmeninių paslaugų seminaras",
        starts_at=timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
        + datetime.timedelta(days=2),
        capacity=2,
    )
    RegistrationFactory.create_batch(2, event=event)
    RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    return applications


def test_the_secretariat_sees_what_waits_and_follows_a_panel_to_its_list(
    page: Page, secretary, secretary_totp_secret, waiting
):
    sign_in(page, secretary.email, PERSONA_PASSWORD, totp_secret=secretary_totp_secret)

    page.goto("/admin/")
    panel = page.locator(
        "section", has=page.get_by_role("heading", name=lt("Membership applications to decide"))
    )
    expect(panel).to_contain_text("2")
    expect(panel.get_by_role("link", name="Kuršėnų miesto bendruomenės biblioteka")).to_be_visible()
    overdue = panel.get_by_role("link", name=re.compile("^1 "))  # "1 waiting longer than …"
    expect(overdue).to_have_attribute("href", re.compile(r"submitted_at__lt="))
    week = page.locator("section", has=page.get_by_role("heading", name=lt("Events this week")))
    expect(week).to_contain_text("Skaitmeninių paslaugų seminaras")
    expect(page.get_by_role("heading", name=lt("System"))).to_be_visible()
    assert_no_axe_violations(page)
    save_screenshot(page, "admin-dashboard")

    panel.get_by_role("link", name=lt("All applications waiting")).click()

    expect(page).to_have_url("/admin/members/membershipapplication/?status__exact=pending")
    expect(page.locator("#result_list tbody tr")).to_have_count(2)
    assert_no_axe_violations(page)

    for changelist in ("/admin/events/event/", "/admin/events/registration/"):
        page.goto(changelist)
        expect(page.locator("#result_list")).to_be_visible()
        assert_no_axe_violations(page)


def test_the_back_office_home_fits_a_phone(page: Page, secretary, secretary_totp_secret, waiting):
    sign_in(page, secretary.email, PERSONA_PASSWORD, totp_secret=secretary_totp_secret)
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto("/admin/")

    expect(page.get_by_role("heading", name=lt("Events this week"))).to_be_visible()
    assert_no_horizontal_scroll(page)
    assert_no_axe_violations(page)
    save_screenshot(page, "admin-dashboard-phone")
