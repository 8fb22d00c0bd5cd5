"""Events: three librarians register for an event with two seats; the third waits, gets
the seat when the first cancels from the e-mailed link, is checked in from the QR code
and receives a certificate anyone can verify; the hours appear on "My learning"."""

import datetime
import re
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy
from playwright.sync_api import Browser, Page, expect

from lrba.accounts.models import User
from lrba.accounts.tests.factories import email_verify
from lrba.events.models import Event, Registration
from lrba.events.templatetags.events_qr import checkin_scan_url
from lrba.events.tests.factories import EventFactory
from lrba.members.models import Person
from lrba.members.tests.factories import (
    EmploymentFactory,
    LibraryFactory,
    MembershipFactory,
    PersonFactory,
)
from lrba.training.models import Certificate
from lrba.training.tests.factories import ProgrammeFactory, ProgrammeRunFactory
from tests.e2e.conftest import PERSONA_PASSWORD
from tests.e2e.helpers import (
    assert_no_axe_violations,
    mail_link,
    save_screenshot,
    sign_in,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "Slaptas-Žodis-2026"
EVENT = "Skaitmeninės paslaugos regionų bibliotekose"
PROGRAMME = "Skaitmeninių paslaugų kūrimas bibliotekoje"
LIBRARIANS = {
    "a": ("Aušra", "Žemaitienė", "ausra@example.lt"),
    "b": ("Bronius", "Čepulis", "bronius@example.lt"),
    "c": ("Česlova", "Šimkutė", "ceslova@example.lt"),
}
PERSONAL_LINK = r"^/renginiai/registracija/[^/]+/$"


def new_page(browser: Browser, live_server) -> Page:
    context = browser.new_context(
        base_url=live_server.url, locale="lt-LT", timezone_id="Europe/Vilnius"
    )
    context.set_default_timeout(10_000)
    return context.new_page()


@pytest.fixture
def setting(settings, tmp_path, secretary, secretary_totp_secret):
    """A members-only training event with two seats, later today, and its programme run;
    three librarians of a member library; the secretariat (the root persona) and its
    authenticator app's secret."""
    settings.MEDIA_ROOT = tmp_path  # the certificates' PDFs
    library = LibraryFactory(name="Telšių Karolinos Praniauskaitės viešoji biblioteka")
    MembershipFactory(library=library)
    for first, last, email in LIBRARIANS.values():
        user = User.objects.create_user(email=email, password=PASSWORD, full_name=f"{first} {last}")
        email_verify(user)
        person = PersonFactory(user=user, first_name=first, last_name=last, email=email)
        EmploymentFactory(person=person, library=library)
    starts_at = timezone.now() + datetime.timedelta(hours=1)
    event = EventFactory(
        title=EVENT,
        slug="skaitmenines-paslaugos",
        audience=Event.Audience.MEMBERS,
        capacity=2,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=1),
        registration_closes_at=None,
        cancellation_deadline=None,
    )
    ProgrammeRunFactory(
        event=event, programme=ProgrammeFactory(title=PROGRAMME, hours=Decimal("6"))
    )
    return event, secretary_totp_secret


def in_lithuanian(text) -> str:
    """What the page shows for `text` (a lazy translation) in the Lithuanian UI."""
    with translation.override("lt"):
        return capfirst(str(text))


def registration_of(key: str) -> Registration:
    return Registration.objects.get(email=LIBRARIANS[key][2])


def register(page: Page, key: str) -> None:
    """Sign in and register for the event with one click."""
    sign_in(page, LIBRARIANS[key][2], PASSWORD)
    page.goto("/renginiai/skaitmenines-paslaugos/")
    page.locator(".register-box form button[type=submit]").click()
    expect(page).to_have_url(re.compile(PERSONAL_LINK.lstrip("^")))


def test_a_waiting_librarian_gets_the_freed_seat_attends_and_is_certified(
    page: Page, browser: Browser, live_server, setting, secretary
):
    event, staff_secret = setting
    a, b, c = page, new_page(browser, live_server), new_page(browser, live_server)

    # A and B take the two seats.
    register(a, "a")
    expect(a.locator(".message--success")).to_be_visible()
    confirmed = in_lithuanian(Registration.Status.CONFIRMED.label)
    expect(a.locator("#registration-status")).to_have_text(confirmed)
    expect(a.locator(".registration-qr svg")).to_be_visible()
    assert_no_axe_violations(a)
    register(b, "b")
    assert registration_of("a").status == registration_of("b").status == "confirmed"

    # The event is full: C sees so, and registering puts C on the waiting list.
    sign_in(c, LIBRARIANS["c"][2], PASSWORD)
    c.goto("/renginiai/skaitmenines-paslaugos/")
    expect(c.locator(".register-box")).to_contain_text(
        in_lithuanian(gettext_lazy("The event is full: new registrations go on the waiting list."))
    )
    assert_no_axe_violations(c)
    c.locator(".register-box form button[type=submit]").click()
    expect(c).to_have_url(re.compile(PERSONAL_LINK.lstrip("^")))
    expect(c.locator(".message--warning")).to_be_visible()
    expect(c.locator("#registration-status")).to_contain_text("1")  # place 1 in the line
    expect(c.locator(".registration-qr")).to_have_count(0)
    save_screenshot(c, "registration-waitlisted", full_page=True)
    assert registration_of("c").status == Registration.Status.WAITLISTED

    # A cancels through the personal link from the confirmation e-mail.
    (confirmation,) = [m for m in mail.outbox if m.to == [LIBRARIANS["a"][2]]]
    a.goto(mail_link(confirmation, PERSONAL_LINK))
    a.locator("#confirm-cancel").check()
    a.locator("form button.button--danger").click()
    expect(a.locator(".message--success")).to_be_visible()
    expect(a.locator("button.button--danger")).to_have_count(0)
    assert registration_of("a").status == Registration.Status.CANCELLED

    # The seat goes to C at once: the page says confirmed, and an e-mail says so too.
    c.reload()
    expect(c.locator("#registration-status")).to_have_text(confirmed)
    expect(c.locator(".registration-qr svg")).to_be_visible()
    assert registration_of("c").status == Registration.Status.CONFIRMED
    to_c = [m.subject for m in mail.outbox if m.to == [LIBRARIANS["c"][2]]]
    assert len(to_c) == 2, to_c  # the waiting-list confirmation, then the seat
    assert re.search(r"(?i)viet|seat", to_c[-1]), to_c[-1]

    # On the day: the secretariat scans C's QR code, and checks B in at the desk list.
    desk = new_page(browser, live_server)
    sign_in(desk, secretary.email, PERSONA_PASSWORD, totp_secret=staff_secret)
    desk.goto(urlsplit(checkin_scan_url(registration_of("c"))).path)
    desk.locator(".checkin-scan__button").click()
    expect(desk.locator(".checkin-scan__state--arrived")).to_be_visible()
    desk.goto("/renginiai/skaitmenines-paslaugos/registracija-vietoje/")
    b_row = desk.locator(f"#registration-{registration_of('b').pk}")
    b_row.locator(".checkin-row__button").click()
    expect(b_row.locator(".checkin-row__message")).to_be_visible()
    assert_no_axe_violations(desk)
    assert registration_of("b").status == registration_of("c").status == "attended"

    # The run's certificates, from the back office's action on programme runs.
    desk.goto("/admin/training/programmerun/")
    desk.locator("#result_list tbody tr", has_text=EVENT).locator("input.action-select").check()
    desk.locator("select[name=action]").select_option("issue_certificates")
    desk.locator("button[name=index]").click()
    # Unfold's success message; the task runs in the background (here: right after commit).
    expect(desk.locator("li > .bg-green-100")).to_be_visible()
    certificates = Certificate.objects.order_by("full_name")
    assert [cert.full_name for cert in certificates] == ["Bronius Čepulis", "Česlova Šimkutė"]
    desk.context.close()

    # Anyone can verify C's certificate by its code; a forged code is refused.
    certificate = Certificate.objects.get(registration=registration_of("c"))
    stranger = new_page(browser, live_server)
    stranger.goto(f"/pazymejimai/{certificate.verification_code}/")
    expect(stranger.get_by_text(certificate.number)).to_be_visible()
    expect(stranger.get_by_text("Česlova Šimkutė")).to_be_visible()
    assert_no_axe_violations(stranger)
    forged = "Z" * len(certificate.verification_code)
    response = stranger.goto(f"/pazymejimai/{forged}/")
    assert response is not None and response.status == 404
    expect(stranger.locator(".message--error")).to_be_visible()
    assert_no_axe_violations(stranger)
    stranger.context.close()

    # C's "My learning": this year's hours include the programme's six.
    c.goto("/mano-mokymasis/")
    expect(c.get_by_role("rowheader", name=certificate.number)).to_be_visible()
    year = str(timezone.localdate().year)
    this_year = c.locator("tr", has=c.get_by_role("rowheader", name=year, exact=True))
    expect(this_year.locator("td")).to_have_text("6")
    expect(c.locator("main .lead").first).to_contain_text("6")
    assert_no_axe_violations(c)
    assert Person.objects.get(email=LIBRARIANS["c"][2]).training_records.count() == 1
    for other in (b, c):
        other.context.close()
