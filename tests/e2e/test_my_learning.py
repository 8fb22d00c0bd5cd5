"""A librarian sees their hours and certificates on "My learning" and submits external
training; anyone verifies a certificate by its code, also on a phone."""

import datetime
import os
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from lrba.accounts.models import User
from lrba.accounts.tests.factories import email_verify
from lrba.events.tests.factories import RegistrationFactory
from lrba.members.tests.factories import EmploymentFactory, PersonFactory
from lrba.training.models import Certificate, TrainingRecord
from lrba.training.services.certificates import certificates_issue_for_run
from lrba.training.tests.factories import (
    ProgrammeRunFactory,
    TrainingRecordFactory,
    YearlyTargetFactory,
)
from tests.e2e.helpers import (
    assert_no_axe_violations,
    assert_no_horizontal_scroll,
    lt,
    save_screenshot,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

EMAIL = "gintare@example.lt"
PASSWORD = "Slaptas-Žodis-2026"


@pytest.fixture
def librarian(settings, tmp_path) -> User:
    settings.MEDIA_ROOT = tmp_path
    user = User.objects.create_user(email=EMAIL, password=PASSWORD, full_name="Gintarė Žukauskienė")
    email_verify(user)
    person = PersonFactory(user=user, first_name="Gintarė", last_name="Žukauskienė", email=EMAIL)
    EmploymentFactory(person=person)
    run = ProgrammeRunFactory(programme__title="Skaitmeninės paslaugos regionų bibliotekose")
    RegistrationFactory(event=run.event, person=person, status="attended")
    certificates_issue_for_run(run=run, by=None)
    year = timezone.localdate().year
    for back, hours in [(1, "16"), (2, "24"), (3, "6")]:
        TrainingRecordFactory(
            person=person, hours=Decimal(hours), completed_on=datetime.date(year - back, 5, 1)
        )
    YearlyTargetFactory(year=year, hours=Decimal("40"))
    return user


def _shot(page: Page, name: str) -> None:
    save_screenshot(page, name, full_page=True)
    if os.environ.get("LRBA_SCREENSHOT_DIR"):
        page.screenshot(path=f"{os.environ['LRBA_SCREENSHOT_DIR']}/{name}.png", full_page=True)


def sign_in(page: Page) -> None:
    page.goto("/paskyra/login/")
    page.locator("input[name=login]").fill(EMAIL)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    # The sign-out button is in the header whether it is folded into the phone's menu or not.
    expect(page.locator("form[action$='/paskyra/logout/']").first).to_be_attached()


def test_a_librarian_sees_hours_and_submits_external_training(page: Page, phone_page, librarian):
    sign_in(page)
    page.goto("/mano-mokymasis/")
    expect(
        page.get_by_role("heading", name=lt("My learning")).or_(
            page.get_by_role("heading", name="My learning")
        )
    ).to_be_visible()
    number = Certificate.objects.get().number
    expect(page.get_by_role("rowheader", name=number)).to_be_visible()
    assert_no_axe_violations(page)
    _shot(page, "my-learning-1280")

    page.locator("input[name=title]").fill("Kūrybinės dirbtuvės")
    page.locator("input[name=provider]").fill("Kauno apskrities viešoji biblioteka")
    page.locator("input[name=hours]").fill("6")
    page.locator("input[name=completed_on]").fill(
        (timezone.localdate() - datetime.timedelta(days=2)).isoformat()
    )
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("rowheader", name="Kūrybinės dirbtuvės")).to_be_visible()
    assert TrainingRecord.objects.filter(status="pending").count() == 1

    sign_in(phone_page)
    phone_page.goto("/mano-mokymasis/")
    assert_no_horizontal_scroll(phone_page)
    _shot(phone_page, "my-learning-360")


def test_anyone_verifies_a_certificate_and_a_forged_code_is_refused(phone_page, librarian):
    certificate = Certificate.objects.get()
    phone_page.goto(f"/pazymejimai/{certificate.verification_code}/")
    expect(phone_page.get_by_text(certificate.number)).to_be_visible()
    assert_no_axe_violations(phone_page)
    assert_no_horizontal_scroll(phone_page)
    phone_page.goto("/pazymejimai/")
    phone_page.locator("input[name=code]").fill("abcd efgh jk")
    phone_page.locator("main form button[type=submit]").click()
    expect(phone_page.locator(".message--error")).to_be_visible()
    assert_no_axe_violations(phone_page)
