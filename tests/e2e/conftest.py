"""Playwright fixtures for the browser suite (`make test-e2e`).

The browser is Debian's /usr/bin/chromium, never one Playwright downloads, so the suite runs
offline and on the same binary as CI. Every test gets a fresh browser context (no cookies
carried over) pointed at pytest-django's live server.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

# Playwright's sync API keeps an event loop running in the main thread, and Django refuses
# ORM calls (factories, assertions on rows) from a thread with a running loop unless told.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--lang=lt-LT",  # date fields in the Lithuanian order, as a Lithuanian browser shows them
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
E2E_DIR = Path(__file__).resolve().parent


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # tryfirst: the marker must be on the items before `-m "not e2e"` deselects by it, so
    # `make test` never starts a browser even if a module forgets its pytestmark.
    for item in items:
        if E2E_DIR in item.path.parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"{CHROMIUM} is missing: the browser suite uses Debian's Chromium, never a "
            "downloaded one. Run `make test-e2e` (it installs it) or "
            "`apt-get install chromium`.",
            pytrace=False,
        )
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


def _new_page(browser: Browser, base_url: str, width: int, height: int) -> Iterator[Page]:
    context = browser.new_context(
        base_url=base_url,
        locale="lt-LT",
        timezone_id="Europe/Vilnius",
        viewport={"width": width, "height": height},
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def page(browser: Browser, live_server) -> Iterator[Page]:
    """A desktop browser tab, in Lithuanian, whose relative URLs go to the live server."""
    yield from _new_page(browser, live_server.url, 1280, 900)


@pytest.fixture
def phone_page(browser: Browser, live_server) -> Iterator[Page]:
    """A small phone's tab (360 × 740 CSS px), for the no-horizontal-scroll checks."""
    yield from _new_page(browser, live_server.url, 360, 740)


# The factories' password (lrba.members.tests.factories.UserFactory): the root personas
# sign in with it through the browser.
PERSONA_PASSWORD = "pw"


@pytest.fixture
def secretary_totp_secret(secretary) -> str:
    """The root `secretary` persona, ready to sign in through the browser's forms: its
    address verified (allauth demands it) and its authenticator app's secret returned."""
    from allauth.mfa.adapter import get_adapter
    from allauth.mfa.models import Authenticator

    from lrba.accounts.tests.factories import email_verify

    email_verify(secretary)
    authenticator = Authenticator.objects.get(user=secretary, type=Authenticator.Type.TOTP)
    return get_adapter().decrypt(authenticator.data["secret"])
