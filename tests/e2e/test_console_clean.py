"""No page writes an error to the browser console, and none breaks the
Content-Security-Policy: public pages, member pages and the back office home, each as
its visitor sees it. Also the phone header: its menu opens without script.

A CSP violation shows up twice: as a `securitypolicyviolation` event in the page (caught
by a listener added before any of the page's own code runs) and as a console error.
"""

from collections.abc import Iterator

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, ConsoleMessage, Page, expect

from lrba.accounts.models import User
from lrba.accounts.tests.factories import email_verify
from lrba.events.tests.factories import EventFactory, SessionFactory
from lrba.members.tests.factories import (
    EmploymentFactory,
    LibraryFactory,
    MembershipFactory,
    PersonFactory,
)
from tests.e2e.conftest import PERSONA_PASSWORD, _new_page
from tests.e2e.helpers import assert_no_axe_violations, lt, save_screenshot, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "Slaptas-Žodis-2026"
LISTEN = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`
    + ` (${event.sourceFile || ''}:${event.lineNumber || ''})`);
});
"""


class ConsoleWatch:
    """Collects console errors and CSP violations of every page a tab opens."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.errors: list[str] = []
        page.add_init_script(LISTEN)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"{page.url}: {error}"))

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(f"{self.page.url}: {message.text}")

    def visit(self, path: str, *, status: int = 200) -> None:
        response = self.page.goto(path)
        assert response is not None and response.status == status, f"{path}: {response}"
        self.page.wait_for_load_state("networkidle")
        violations = self.page.evaluate("window.__cspViolations")
        self.errors.extend(f"{path}: CSP {violation}" for violation in violations)

    def assert_clean(self) -> None:
        assert not self.errors, "Console errors or CSP violations:\n" + "\n".join(self.errors)


@pytest.fixture
def watched(page: Page) -> ConsoleWatch:
    return ConsoleWatch(page)


@pytest.fixture
def phone(browser: Browser, live_server) -> Iterator[Page]:
    """An iPhone-sized tab (390 × 844 CSS px)."""
    yield from _new_page(browser, live_server.url, 390, 844)


@pytest.fixture
def site(secretary, secretary_totp_secret):
    """A member library whose director has an account, a public event with a programme,
    and the secretariat (the root persona) with its authenticator app's secret."""
    library = MembershipFactory(library=LibraryFactory(name="Šiaulių miesto biblioteka")).library
    director = User.objects.create_user(
        email="direktore@example.lt", password=PASSWORD, full_name="Daiva Direktorė"
    )
    email_verify(director)
    person = PersonFactory(user=director, email=director.email, first_name="Daiva")
    EmploymentFactory(person=person, library=library, is_director=True, position="direktorė")
    event = EventFactory()
    SessionFactory(event=event)
    return {
        "library": library,
        "event": event,
        "secretary": secretary,
        "secret": secretary_totp_secret,
    }


def test_public_pages_are_clean(watched: ConsoleWatch, site):
    for path in [
        reverse("website:home"),
        reverse("website:about"),
        reverse("website:privacy"),
        reverse("website:document_list"),
        reverse("members:library_list"),
        reverse("members:library_list") + "?q=siauliu",
        site["library"].get_absolute_url(),
        reverse("members:apply"),
        reverse("events:event_list"),
        site["event"].get_absolute_url(),
        reverse("training:programme_list"),
        reverse("training:verify_form"),
        reverse("account_login"),
    ]:
        watched.visit(path)
    watched.assert_clean()


def test_the_sites_404_page_breaks_no_policy(watched: ConsoleWatch):
    watched.visit("/nera-tokio-puslapio/", status=404)

    # The browser reports the 404 of the page itself as a console error; nothing else.
    assert [e for e in watched.errors if "404" not in e] == []


def test_member_pages_are_clean(watched: ConsoleWatch, site):
    sign_in(watched.page, "direktore@example.lt", PASSWORD)
    for path in [
        reverse("accounts:my_account"),
        reverse("accounts:my_data"),
        reverse("training:my_learning"),
        reverse("events:my_registrations"),
        reverse("members:my_library"),
        reverse("members:my_library_detail", args=[site["library"].slug]),
        reverse("members:member_list"),
        reverse("usersessions_list"),
        reverse("mfa_index"),
        site["event"].get_absolute_url(),
    ]:
        watched.visit(path)
    watched.assert_clean()


def test_the_back_office_home_is_clean(watched: ConsoleWatch, site):
    sign_in(watched.page, site["secretary"].email, PERSONA_PASSWORD, totp_secret=site["secret"])
    watched.visit(reverse("admin:index"))
    watched.assert_clean()


def test_the_secretariats_pages_on_the_site_are_clean(watched: ConsoleWatch, site):
    sign_in(watched.page, site["secretary"].email, PERSONA_PASSWORD, totp_secret=site["secret"])
    slug = site["event"].slug
    for path in [
        reverse("events:checkin", args=[slug]),
        reverse("events:feedback_summary", args=[slug]),
        reverse("training:overview"),
        reverse("accounts:processing_activities"),
        reverse("events:event_archive"),
    ]:
        watched.visit(path)
    watched.assert_clean()


def test_the_phone_menu_opens_with_the_keyboard_and_without_script(phone: Page, site):
    sign_in(phone, "direktore@example.lt", PASSWORD)
    phone.goto(reverse("website:home"))
    my_account = phone.get_by_role("link", name=lt("My account"))
    toggle = phone.locator(".site-menu__toggle")
    expect(my_account).to_be_hidden()

    save_screenshot(phone, "header-phone")
    toggle.focus()
    phone.keyboard.press("Enter")
    expect(my_account).to_be_visible()
    expect(phone.locator(".site-menu")).to_have_attribute("open", "")
    assert_no_axe_violations(phone)
    save_screenshot(phone, "header-phone-open")
    phone.keyboard.press("Enter")
    expect(my_account).to_be_hidden()


def test_the_privacy_notice_reads_well_on_a_phone(phone: Page, site):
    phone.goto(reverse("website:privacy"))

    assert_no_axe_violations(phone)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_desktop_header_shows_its_links_without_a_menu_button(page: Page, site):
    sign_in(page, "direktore@example.lt", PASSWORD)
    page.goto(reverse("website:home"))

    expect(page.locator(".site-menu__toggle")).to_be_hidden()
    expect(page.get_by_role("link", name=lt("My account"))).to_be_visible()
    expect(page.get_by_role("link", name=lt("Member libraries"))).to_be_visible()
