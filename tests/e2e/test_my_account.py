"""A Board member manages their account, reads the Board's documents and signs out
everywhere; the documents list works for strangers on a phone."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import Page, expect

from lrba.accounts import roles
from lrba.accounts.models import User
from lrba.accounts.tests.factories import email_verify, totp_activate
from lrba.members.tests.factories import EmploymentFactory, PersonFactory
from lrba.website.models import Document
from tests.e2e.helpers import (
    assert_no_axe_violations,
    assert_no_horizontal_scroll,
    lt,
    save_screenshot,
    submit_totp_code,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

EMAIL = "valdyba@example.lt"
PASSWORD = "Slaptas-Žodis-2026"
PDF = b"%PDF-1.4\n%e2e\n"


@pytest.fixture
def documents(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    for title, access, category in [
        ("LRBA įstatai", "public", "statutes"),
        ("2025 m. veiklos ataskaita", "members", "report"),
        ("Valdybos posėdžio protokolas", "board", "minutes"),
    ]:
        Document.objects.create(
            title=title,
            access=access,
            category=category,
            description="Patvirtinta visuotiniame narių susirinkime.",
            file=SimpleUploadedFile("dokumentas.pdf", PDF),
        )


@pytest.fixture
def board_member() -> tuple[User, str]:
    user = User.objects.create_user(email=EMAIL, password=PASSWORD, full_name="Aušra Žemaitienė")
    email_verify(user)
    roles.role_grant(user=user, role=roles.BOARD)
    EmploymentFactory(person=PersonFactory(user=user, first_name="Aušra", last_name="Žemaitienė"))
    return user, totp_activate(user)


def sign_in(page: Page, secret: str) -> None:
    page.goto("/paskyra/login/")
    page.locator("input[name=login]").fill(EMAIL)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    submit_totp_code(page, secret)
    expect(page.get_by_role("link", name=lt("My account"))).to_be_visible()


def test_strangers_see_only_public_documents_also_on_a_phone(page: Page, phone_page, documents):
    page.goto("/dokumentai/")
    expect(page.get_by_role("link", name="LRBA įstatai")).to_be_visible()
    expect(page.get_by_text("Valdybos posėdžio protokolas")).to_have_count(0)
    assert_no_axe_violations(page)
    save_screenshot(page, "documents")

    phone_page.goto("/dokumentai/")
    assert_no_horizontal_scroll(phone_page)
    save_screenshot(phone_page, "documents-phone", full_page=True)


def test_a_board_member_uses_my_account_and_signs_out_everywhere(
    page: Page, phone_page: Page, board_member, documents
):
    _user, secret = board_member
    sign_in(page, secret)

    page.get_by_role("link", name=lt("My account")).click()
    expect(page.locator("h1")).to_have_text(lt("My account"))
    assert_no_axe_violations(page)
    save_screenshot(page, "my-account", full_page=True)

    page.locator("main").get_by_role("link", name=lt("Two-factor authentication")).click()
    expect(page.locator(".panel")).to_have_count(2)  # authenticator app, recovery codes
    assert_no_axe_violations(page)
    save_screenshot(page, "my-account-two-factor")

    page.goto("/paskyra/sessions/")
    assert_no_axe_violations(page)

    page.goto("/dokumentai/")
    expect(page.get_by_role("link", name="Valdybos posėdžio protokolas")).to_be_visible()
    page.get_by_role("link", name=lt("Board"), exact=True).click()
    # The Board's page: its documents and the way to its meetings and written procedures.
    expect(page.get_by_role("link", name=lt("Written procedures"))).to_be_visible()
    assert_no_axe_violations(page)

    page.set_viewport_size({"width": 360, "height": 740})
    for path in ("/paskyra/", "/paskyra/sessions/", "/dokumentai/"):
        page.goto(path)
        assert_no_horizontal_scroll(page)
    save_screenshot(page, "documents-signed-in-phone", full_page=True)

    page.goto("/paskyra/")
    page.get_by_role("button", name=lt("Sign out everywhere")).click()
    expect(page).to_have_url("/paskyra/login/")
    page.goto("/paskyra/")
    expect(page.locator("input[name=login]")).to_be_visible()
