"""A library applies to join on the public site; the secretariat admits it in the back office,
and the library then appears in the public directory."""

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from lrba.accounts.tests.factories import email_verify, totp_activate
from lrba.members.models import MembershipApplication
from tests.e2e.helpers import assert_no_axe_violations, save_screenshot, submit_totp_code

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LIBRARY = "Klaipėdos Martyno Mažvydo progimnazijos biblioteka"
STAFF_EMAIL = "sekretore@example.lt"
STAFF_PASSWORD = "Slaptas-Žodis-2026"
# The button's Lithuanian wording is the translators' to choose ("Pateikti prašymą").
SUBMIT = re.compile(r"^Pateikti|^Submit application")


def fill_the_application(page: Page) -> None:
    page.locator("#id_library_name").fill(LIBRARY)
    page.locator("#id_library_kind").select_option("school")
    page.locator("#id_library_legal_form").select_option("budgetary")
    page.locator("#id_legal_entity_code").fill("190 123 456")
    page.locator("#id_municipality").select_option(label="Klaipėdos miesto savivaldybė")
    page.locator("#id_street_address").fill("Taikos pr. 10")
    page.locator("#id_city").fill("Klaipėda")
    page.locator("#id_postal_code").fill("LT-91231")
    page.locator("#id_library_email").fill("biblioteka@mazvydas.example.lt")
    page.locator("#id_library_phone").fill("8 46 312345")
    page.locator("#id_representative_first_name").fill("Aušra")
    page.locator("#id_representative_last_name").fill("Žemaitienė")
    page.locator("#id_representative_position").fill("bibliotekos vedėja")
    page.locator("#id_representative_email").fill("Ausra.Zemaitiene@example.lt")
    page.locator("#id_consent").check()


def test_a_library_applies_through_the_public_form(page: Page):
    page.goto("/stoti/")
    expect(page.locator("html")).to_have_attribute("lang", "lt")
    save_screenshot(page, "apply", full_page=True)
    assert_no_axe_violations(page)

    fill_the_application(page)
    page.get_by_role("button", name=SUBMIT).click()

    expect(page).to_have_url(re.compile(r"/stoti/pateikta/$"))
    assert_no_axe_violations(page)
    application = MembershipApplication.objects.get()
    assert application.library_name == LIBRARY
    assert application.legal_entity_code == "190123456"
    assert application.representative_email == "ausra.zemaitiene@example.lt"
    assert application.status == MembershipApplication.Status.PENDING
    # The representative's confirmation and the secretariat's notice.
    assert len(mail.outbox) == 2


def test_the_application_form_shows_what_is_missing(page: Page):
    page.goto("/stoti/")

    page.get_by_role("button", name=SUBMIT).click()

    expect(page).to_have_url(re.compile(r"/stoti/$"))
    expect(page.locator(".field--error").first).to_be_visible()
    assert not MembershipApplication.objects.exists()
    assert_no_axe_violations(page)


def test_the_secretariat_admits_an_application_and_the_library_is_listed(
    page: Page, django_user_model
):
    staff = django_user_model.objects.create_superuser(
        email=STAFF_EMAIL, password=STAFF_PASSWORD, full_name="Rūta Sekretorė"
    )
    email_verify(staff)
    secret = totp_activate(staff)
    page.goto("/stoti/")
    fill_the_application(page)
    page.get_by_role("button", name=SUBMIT).click()
    expect(page).to_have_url(re.compile(r"/stoti/pateikta/$"))

    # The back office signs in through allauth: password, then the authenticator's code.
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/paskyra/login/"))
    page.locator("#id_login").fill(STAFF_EMAIL)
    page.locator("#id_password").fill(STAFF_PASSWORD)
    page.locator("main form [type=submit]").click()
    expect(page).to_have_url(re.compile(r"/paskyra/2fa/authenticate/"))
    submit_totp_code(page, secret, field="#id_code", submit="main form [type=submit] >> nth=0")
    expect(page).to_have_url(re.compile(r"/admin/$"))

    page.goto("/admin/members/membershipapplication/")
    # The row's link is its first column (the submission time), not the library's name.
    page.locator("#result_list tbody tr", has_text=LIBRARY).get_by_role("link").first.click()
    page.get_by_role("link", name=re.compile("Admit|Priimti")).click()
    # The decision date defaults to today, the earliest it may be for today's application.
    page.locator("#id_decision").fill("Valdybos nutarimas Nr. 5")
    save_screenshot(page, "admin-admit")
    page.get_by_role("button", name=re.compile("Admit|Priimti")).click()

    expect(page).to_have_url(re.compile(r"/admin/members/membershipapplication/\d+/change/$"))
    # A decided application offers no decision any more.
    expect(page.get_by_role("link", name=re.compile("Admit|Priimti"))).to_have_count(0)
    application = MembershipApplication.objects.get()
    assert application.status == MembershipApplication.Status.ADMITTED
    assert application.library is not None

    page.goto("/bibliotekos/")
    page.locator("#library-search").fill("mazvydo")
    expect(
        page.locator("#library-results").get_by_role("link", name=LIBRARY, exact=True)
    ).to_have_count(1)
