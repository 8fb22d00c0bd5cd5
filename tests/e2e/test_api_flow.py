"""A librarian lets a program act for her: she creates a read-write access token on My
account, copies it from the page that shows it once, registers for an event through the
API with it, and sees the registration on the event's page and in "My registrations".
She then revokes the token, and the API refuses it at once.

The API is called from a request context of its own (no cookies of the browser): only the
token speaks for her there.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, Playwright, expect

from lrba.accounts.models import User
from lrba.accounts.tests.factories import email_verify
from lrba.api.models import AccessToken
from lrba.events.models import Event, Registration
from lrba.events.tests.factories import EventFactory
from lrba.members.tests.factories import EmploymentFactory, PersonFactory
from tests.e2e.helpers import (
    assert_no_axe_violations,
    assert_no_horizontal_scroll,
    lt,
    save_screenshot,
    sign_in,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

EMAIL = "rasa@example.lt"
PASSWORD = "Slaptas-Žodis-2026"
TITLE = "Skaitmeninių paslaugų seminaras"
TOKEN_NAME = "Bibliotekos svetainė"


@pytest.fixture
def librarian() -> User:
    user = User.objects.create_user(email=EMAIL, password=PASSWORD, full_name="Rasa Jonaitienė")
    email_verify(user)
    person = PersonFactory(user=user, first_name="Rasa", last_name="Jonaitienė", email=EMAIL)
    EmploymentFactory(person=person)
    return user


@pytest.fixture
def event() -> Event:
    return EventFactory(title=TITLE)


def _create_token(page: Page, *, write: bool) -> str:
    """From My account to a new token's page; the token as the page shows it."""
    page.goto(reverse("accounts:my_account"))
    section = page.locator(
        "section", has=page.get_by_role("heading", name=lt("Access tokens for programs"))
    )
    expect(section).to_contain_text(
        lt("No program may act for you: you have no usable access token.")
    )
    section.get_by_role("link", name=lt("Manage access tokens")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(lt("Access tokens"))
    page.locator("input[name=name]").fill(TOKEN_NAME)
    scope = (
        "Read and write: also register for events and cancel registrations"
        if write
        else "Read only: see your registrations, learning and data"
    )
    page.get_by_label(lt(scope)).check()
    page.get_by_role("button", name=lt("Create token")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(lt("Your new access token"))
    expect(page.get_by_role("alert")).to_contain_text(
        lt("Copy the token now: it will not be shown again.")
    )
    key = page.locator("#token-key").input_value()
    assert key.startswith("lrba_")
    return key


def test_a_librarian_registers_for_an_event_through_the_api_with_her_token(
    page: Page, playwright: Playwright, live_server, librarian: User, event: Event
):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    sign_in(page, EMAIL, PASSWORD)
    key = _create_token(page, write=True)
    copy = page.get_by_role("button", name=lt("Copy"))
    expect(copy).to_be_visible()  # once its script has run
    save_screenshot(page, "api-token-created")
    assert_no_axe_violations(page)

    # The copy button puts exactly the token on the clipboard.
    copy.click()
    expect(page.locator("#token-copy-status")).to_have_text(lt("Copied."))
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == key

    # The key is not on any page after this one.
    page.get_by_role("link", name=lt("I have copied it: back to my tokens")).click()
    expect(page.locator("main")).to_contain_text(TOKEN_NAME)
    assert key not in page.content()
    token = AccessToken.objects.get(user=librarian)
    expect(page.locator("main")).to_contain_text(token.prefix)
    save_screenshot(page, "api-tokens", full_page=True)
    assert_no_axe_violations(page)

    # A program, with nothing but the token, registers her for the event.
    api = playwright.request.new_context(base_url=live_server.url)
    try:
        bearer = {"Authorization": f"Bearer {copied}"}
        answer = api.post("/api/v1/me/registrations/", data={"event": event.pk}, headers=bearer)
        assert answer.status == 201, answer.text()
        body = answer.json()
        assert body["status"] == "confirmed"
        assert body["event"]["id"] == event.pk
        registration = Registration.objects.get(event=event)
        assert registration.person.user == librarian

        # The page shows it, as if she had registered there.
        page.goto(event.get_absolute_url())
        expect(page.locator("#register-heading").locator("..")).to_contain_text(
            lt("You are registered.")
        )
        page.goto(reverse("events:my_registrations"))
        expect(page.locator("#upcoming-registrations")).to_contain_text(TITLE)

        # My account shows when the token was last used.
        page.goto(reverse("api_tokens:list"))
        row = page.locator("tr", has_text=TOKEN_NAME)
        expect(row).not_to_contain_text(lt("never"))

        # She revokes it, after a confirmation; the API refuses it from then on.
        row.get_by_role("link", name=re.compile(re.escape(lt("Revoke")))).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(lt("Revoke the access token"))
        assert_no_axe_violations(page)
        page.get_by_role("button", name=lt("Revoke the token")).click()
        expect(page.locator(".message--success, [role=status]").first).to_be_visible()
        expect(page.locator("tr", has_text=TOKEN_NAME)).to_contain_text(lt("revoked"))

        refused = api.get("/api/v1/me/", headers=bearer)
        assert refused.status == 401
        assert refused.json()["error"]["code"] == "token_revoked"
        again = api.post("/api/v1/me/registrations/", data={"event": event.pk}, headers=bearer)
        assert again.status == 401
    finally:
        api.dispose()
    assert Registration.objects.filter(event=event).count() == 1


def test_the_token_pages_fit_a_phone(phone_page: Page, librarian: User, event: Event):
    sign_in(phone_page, EMAIL, PASSWORD)
    key = _create_token(phone_page, write=False)
    expect(phone_page.get_by_role("button", name=lt("Copy"))).to_be_visible()
    assert_no_horizontal_scroll(phone_page)
    save_screenshot(phone_page, "api-token-created-phone", full_page=True)
    phone_page.get_by_role("link", name=lt("I have copied it: back to my tokens")).click()
    expect(phone_page.locator("main")).to_contain_text(TOKEN_NAME)
    assert_no_horizontal_scroll(phone_page)
    save_screenshot(phone_page, "api-tokens-phone", full_page=True)
    assert AccessToken.objects.get(user=librarian).key_hash == AccessToken.hash_of(key)


def test_without_javascript_the_token_is_there_to_select(
    browser: Browser, live_server, librarian: User
):
    context = browser.new_context(
        base_url=live_server.url, locale="lt-LT", java_script_enabled=False
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        sign_in(page, EMAIL, PASSWORD)
        key = _create_token(page, write=False)
        assert key == page.locator("#token-key").text_content()
        # The copy button needs the script: without it, it is not offered at all.
        expect(page.get_by_role("button", name=lt("Copy"))).to_have_count(0)
    finally:
        context.close()
