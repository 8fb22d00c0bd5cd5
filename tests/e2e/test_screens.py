"""Every public page, every member page and the back office's home, on the demo data, in
Lithuanian and English, at a desktop's width and a phone's: axe-core finds no WCAG 2.1 A/AA
violation in Lithuanian, and with LRBA_SCREENSHOTS=1 each is saved as
docs/screenshots/<page>-<lt|en>-<desktop|phone>.png (the set is looked at by a person;
this test does not judge looks).

    LRBA_SCREENSHOTS=1 .venv/bin/pytest -m e2e -p no:xdist tests/e2e/test_screens.py
"""

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import decrypt
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page

from lrba.events.models import Event, Registration
from lrba.events.tests.factories import RegistrationFactory
from lrba.members.demo import ADMIN_EMAIL
from lrba.members.models import Employment, Library, Person
from lrba.training.models import Certificate
from tests.e2e.helpers import (
    assert_no_axe_violations,
    assert_no_horizontal_scroll,
    save_screenshot,
    sign_in,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

MEMBER = ("nare@demo.lrba.lt", "demo-nare")
REPRESENTATIVE = ("atstove@demo.lrba.lt", "demo-atstove")
ADMIN_PASSWORD = "demo-admin"
VIEWPORTS = {"desktop": (1280, 900), "phone": (390, 844)}
LANGUAGES = ["lt", "en"]


@dataclass(frozen=True)
class Screen:
    name: str
    path: str
    status: int = 200
    # The back office scrolls inside its own panel, so a full-page screenshot is only as
    # tall as the window: such a page is shown in a window this tall instead.
    height: int | None = None


# The database just after `manage.py demo_data`, kept for the next test of this module.
_demo_snapshot: dict[str, sqlite3.Connection] = {}


def demo_data_load() -> None:
    """`manage.py demo_data` into the (flushed) test database.

    The load commits, so its tasks run at once (every invoice's PDF, every picture's
    renditions, the search index): on SQLite's in-memory test database the result is
    copied aside with SQLite's backup API after the first load and copied back for the
    next test (an exact page copy, milliseconds instead of the whole load again), as each
    test ends by emptying the database. On another database every test loads it anew.
    """
    if connection.vendor != "sqlite" or not connection.creation.is_in_memory_db(
        connection.settings_dict["NAME"]
    ):
        call_command("demo_data", verbosity=0)
        return
    connection.ensure_connection()
    snapshot = _demo_snapshot.get("demo")
    if snapshot is not None:
        snapshot.backup(connection.connection)
        return
    call_command("demo_data", verbosity=0)
    snapshot = sqlite3.connect(":memory:", check_same_thread=False)
    connection.connection.backup(snapshot)
    _demo_snapshot["demo"] = snapshot


@pytest.fixture
def demo() -> dict:
    """The demo data, and the records the pages below are about."""
    demo_data_load()
    branch = Library.objects.filter(parent__isnull=False).select_related("parent").first()
    assert branch is not None and branch.parent is not None
    upcoming = Event.objects.filter(
        status=Event.Status.PUBLISHED, starts_at__gt=timezone.now()
    ).order_by("starts_at")
    past = Event.objects.filter(
        status=Event.Status.PUBLISHED, starts_at__lt=timezone.now()
    ).order_by("-starts_at")
    member = Person.objects.get(user__email=MEMBER[0])
    registration = (
        Registration.objects.filter(
            person=member,
            event__starts_at__gt=timezone.now(),
            status=Registration.Status.CONFIRMED,
        )
        .select_related("event")
        .first()
    )
    if registration is None:  # the demo member has only past events: give her a seat
        event = upcoming.exclude(online_url="").first() or upcoming.first()
        registration = RegistrationFactory(
            event=event,
            person=member,
            first_name=member.first_name,
            last_name=member.last_name,
            email=member.email,
        )
    representative = Employment.objects.filter(person__user__email=REPRESENTATIVE[0]).first()
    assert representative is not None
    certificate = Certificate.objects.filter(status=Certificate.Status.VALID).first()
    assert certificate is not None
    authenticator = Authenticator.objects.get(user__email=ADMIN_EMAIL, type=Authenticator.Type.TOTP)
    return {
        "library": branch.parent,
        "branch": branch,
        "event": upcoming.filter(audience=Event.Audience.PUBLIC).first() or upcoming.first(),
        "past_event": past.first(),
        "registered_event": registration.event,
        "my_library": representative.library,
        "certificate": certificate.verification_code,
        "admin_secret": decrypt(authenticator.data["secret"]),
    }


def public_screens(demo: dict) -> list[Screen]:
    return [
        Screen("home", reverse("website:home")),
        Screen("about", reverse("website:about")),
        Screen("privacy", reverse("website:privacy")),
        Screen("documents", reverse("website:document_list")),
        Screen("directory", reverse("members:library_list")),
        Screen("library", demo["library"].get_absolute_url()),
        Screen("branch", demo["branch"].get_absolute_url()),
        Screen("apply", reverse("members:apply")),
        Screen("events", reverse("events:event_list")),
        Screen("event", demo["event"].get_absolute_url()),
        Screen("event-past", demo["past_event"].get_absolute_url()),
        Screen("event-archive", reverse("events:event_archive")),
        Screen("programmes", reverse("training:programme_list")),
        Screen("verify", reverse("training:verify", args=[demo["certificate"]])),
        Screen("sign-in", reverse("account_login")),
        Screen("password-reset", reverse("account_reset_password")),
        Screen("not-found", "/nera-tokio-puslapio/", status=404),
    ]


def member_screens(demo: dict) -> list[Screen]:
    return [
        Screen("my-account", reverse("accounts:my_account")),
        Screen("my-data", reverse("accounts:my_data")),
        Screen("my-learning", reverse("training:my_learning")),
        Screen("my-registrations", reverse("events:my_registrations")),
        Screen("members", reverse("members:member_list")),
        Screen("documents-member", reverse("website:document_list")),
        Screen("event-registered", demo["registered_event"].get_absolute_url()),
        Screen("two-factor", reverse("mfa_index")),
    ]


def representative_screens(demo: dict) -> list[Screen]:
    return [
        Screen("my-library", reverse("members:my_library")),
        Screen("my-account-representative", reverse("accounts:my_account")),
    ]


BACK_OFFICE_LISTS = [
    "/admin/members/membershipapplication/",
    "/admin/members/library/",
    "/admin/members/person/",
    "/admin/members/membership/",
    "/admin/events/event/",
    "/admin/events/registration/",
    "/admin/training/certificate/",
]


@pytest.fixture
def tabs(browser: Browser, live_server, request) -> Iterator[dict[str, Page]]:
    """A desktop tab and a phone tab in the test's language (a cookie, as the language
    switch sets it)."""
    language = request.node.callspec.params["language"]
    contexts = []
    pages = {}
    for viewport, (width, height) in VIEWPORTS.items():
        context = browser.new_context(
            base_url=live_server.url,
            locale="lt-LT" if language == "lt" else "en-GB",
            timezone_id="Europe/Vilnius",
            viewport={"width": width, "height": height},
        )
        host = live_server.url.split("//", 1)[1].split(":")[0]
        context.add_cookies(
            [{"name": "django_language", "value": language, "domain": host, "path": "/"}]
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        pages[viewport] = context.new_page()
    yield pages
    for context in contexts:
        context.close()


def visit_all(
    tabs: dict[str, Page],
    language: str,
    screens: list[Screen],
    *,
    before: Callable[[Page], None] | None = None,
) -> None:
    """Open each screen in both tabs (signed in by `before`); in Lithuanian run axe on it;
    on the phone, check nothing sticks out sideways; save the screenshots. Every failure of
    every page is collected before failing, to fix them in one go."""
    failures = []
    if before is not None:  # sign in once; the phone shares the session's cookies
        desktop = tabs["desktop"]
        before(desktop)
        if language != "lt":  # signing in switched to the user's own language: switch back
            desktop.locator(f"form.language-switch button[value={language}]").first.click()
            desktop.wait_for_load_state()
        tabs["phone"].context.add_cookies(desktop.context.cookies())
    for viewport, page in tabs.items():
        for screen in screens:
            width, height = VIEWPORTS[viewport]
            page.set_viewport_size({"width": width, "height": screen.height or height})
            response = page.goto(screen.path)
            assert response is not None and response.status == screen.status, (
                f"{screen.path}: {response.status if response else None}"
            )
            page.wait_for_load_state("networkidle")
            if language == "lt":
                try:
                    assert_no_axe_violations(page)
                except AssertionError as error:
                    failures.append(f"[{viewport}] {error}")
            if viewport == "phone":
                try:
                    assert_no_horizontal_scroll(page)
                except AssertionError as error:
                    failures.append(str(error))
            save_screenshot(page, f"{screen.name}-{language}-{viewport}", full_page=True)
    assert not failures, "\n\n".join(failures)


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages(tabs, language, demo):
    visit_all(tabs, language, public_screens(demo))


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_individual_members_pages(tabs, language, demo):
    visit_all(tabs, language, member_screens(demo), before=lambda page: sign_in(page, *MEMBER))


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_library_representatives_pages(tabs, language, demo):
    visit_all(
        tabs,
        language,
        representative_screens(demo),
        before=lambda page: sign_in(page, *REPRESENTATIVE),
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_back_office_home_and_lists(tabs, language, demo):
    def admin_sign_in(page: Page) -> None:
        sign_in(page, ADMIN_EMAIL, ADMIN_PASSWORD, totp_secret=demo["admin_secret"])

    screens = [Screen("admin-home", reverse("admin:index"), height=1600)]
    visit_all(tabs, language, screens, before=admin_sign_in)
    if language == "lt":
        page = tabs["desktop"]
        failures = []
        for path in BACK_OFFICE_LISTS:
            page.goto(path)
            try:
                assert_no_axe_violations(page)
            except AssertionError as error:
                failures.append(str(error))
        assert not failures, "\n\n".join(failures)
