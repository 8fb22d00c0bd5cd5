"""A person applies for membership for herself at /stoti/ and the secretariat admits her
in the back office (after two-factor sign-in): she becomes an individual member."""

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from lrba.accounts.tests.factories import email_verify, totp_activate
from lrba.members.models import Membership, MembershipApplication
from tests.e2e.helpers import assert_no_axe_violations, lt, save_screenshot, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

STAFF_EMAIL = "sekretore@example.lt"
STAFF_PASSWORD = "Slaptas-Žodis-2026"
APPLICANT = "Žydrūnė Petrauskienė"
SUBMIT = re.compile(r"^Pateikti|^Submit application")


def test_a_person_applies_and_the_secretariat_admits_her(page: Page, django_user_model):
    page.goto("/stoti/")
    page.get_by_label(lt("I apply myself (a natural person)")).check()
    # The library's fields step aside once a person applies.
    expect(page.locator("#id_library_name")).to_be_hidden()
    expect(page.locator("#id_workplace")).to_be_visible()
    page.locator("#id_representative_first_name").fill("Žydrūnė")
    page.locator("#id_representative_last_name").fill("Petrauskienė")
    page.locator("#id_representative_email").fill("zydrune@example.lt")
    page.locator("#id_workplace").fill("Kelmės rajono savivaldybės viešoji biblioteka")
    page.locator("#id_consent").check()
    save_screenshot(page, "apply-person", full_page=True)
    assert_no_axe_violations(page)
    page.get_by_role("button", name=SUBMIT).click()

    expect(page).to_have_url(re.compile(r"/stoti/pateikta/$"))
    application = MembershipApplication.objects.get()
    assert application.is_person and application.library_name == ""
    assert len(mail.outbox) == 2  # her confirmation and the secretariat's notice

    staff = django_user_model.objects.create_superuser(
        email=STAFF_EMAIL, password=STAFF_PASSWORD, full_name="Rūta Sekretorė"
    )
    email_verify(staff)
    secret = totp_activate(staff)
    sign_in(page, STAFF_EMAIL, STAFF_PASSWORD, totp_secret=secret)

    page.goto("/admin/members/membershipapplication/")
    row = page.locator("#result_list tbody tr", has_text=APPLICANT)
    expect(row).to_have_count(1)
    row.get_by_role("link").first.click()
    page.get_by_role("link", name=re.compile("Admit|Priimti")).click()
    page.locator("#id_decision").fill("Valdybos nutarimas Nr. 6")
    page.get_by_role("button", name=re.compile("Admit|Priimti")).click()

    expect(page).to_have_url(re.compile(r"/admin/members/membershipapplication/\d+/change/$"))
    expect(page.get_by_role("link", name=re.compile("Admit|Priimti"))).to_have_count(0)
    membership = Membership.objects.get()
    assert membership.person is not None and membership.library is None
    assert membership.person.email == "zydrune@example.lt"
    assert membership.status == Membership.Status.ACTIVE
