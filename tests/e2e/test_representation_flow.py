"""Representing the members and coordinating their work, clicked through.

A consultation: the secretariat opens one on a draft law with a choice question; the
representatives of two member libraries answer it; its summary adds the answers up; the
secretariat prepares the association's position from it, records the Board's adoption,
sends it (numbered from the outgoing series, on the letterhead as a PDF) and records the
ministry's reply; the position is then in the public register.

The shared calendar: a library's representative publishes the library's reading, which
appears in the public list of member libraries' events under its county and in that
county's calendar feed; she then imports a third party's iCalendar file twice, and the
second reading adds nothing.
"""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from lrba.accounts.tests.factories import email_verify
from lrba.core.models import Municipality
from lrba.core.tests.samples import SAMPLES_DIR, needs_samples
from lrba.events.models import MemberCalendarImport, MemberEvent
from lrba.representation.models import Consultation, Position, Response
from tests.e2e.conftest import PERSONA_PASSWORD
from tests.e2e.helpers import (
    assert_no_axe_violations,
    assert_no_horizontal_scroll,
    lt,
    save_screenshot,
    sign_in,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
TITLE = "Bibliotekų įstatymo pakeitimo projektas"
CHOICES = ["Pritariame", "Pritariame su pastabomis", "Nepritariame"]


@pytest.fixture
def two_counties(library_a, library_b, alice, carol):
    """Akmenė's library (Šiauliai county; Alė directs it) and Biržai's (Panevėžys county;
    Karolina holds its mandate), both members, both able to sign in."""
    library_a.municipality = Municipality.objects.get(code="akmenes-rajono")
    library_a.save()
    library_b.municipality = Municipality.objects.get(code="birzu-rajono")
    library_b.save()
    email_verify(alice)
    email_verify(carol)
    return library_a, library_b


def new_page(browser: Browser, live_server) -> Page:
    context = browser.new_context(
        base_url=live_server.url, locale="lt-LT", timezone_id="Europe/Vilnius", viewport=DESKTOP
    )
    context.set_default_timeout(15_000)
    return context.new_page()


def button(page: Page, msgid: str):
    return page.get_by_role("button", name=re.compile(re.escape(lt(msgid)), re.IGNORECASE))


def label(page: Page, msgid: str):
    return page.get_by_label(re.compile(re.escape(lt(msgid)), re.IGNORECASE))


def local_input(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def answer(page: Page, consultation: Consultation, library, choice: str) -> None:
    page.goto(reverse("representation:consultation_detail", args=[consultation.slug]))
    expect(page.locator("h1")).to_contain_text(TITLE)
    page.goto(reverse("representation:response_edit", args=[consultation.slug, library.pk]))
    page.get_by_label(choice, exact=True).check()
    button(page, "Save the answers").click()
    expect(page.locator(".messages, [role=status], .message").first).to_be_visible()


def test_a_consultation_answered_summarised_and_turned_into_a_sent_position(
    page: Page,
    browser: Browser,
    live_server,
    two_counties,
    alice,
    carol,
    secretary,
    secretary_totp_secret,
):
    library_a, library_b = two_counties
    staff = page
    sign_in(staff, secretary.email, PERSONA_PASSWORD, totp_secret=secretary_totp_secret)

    # The secretariat drafts the consultation, adds a choice question and opens it.
    staff.goto(reverse("representation:consultation_create"))
    label(staff, "title").first.fill(TITLE)
    label(staff, "institution asking").fill("Lietuvos Respublikos kultūros ministerija")
    label(staff, "answers until").fill(local_input(timezone.now() + dt.timedelta(days=10)))
    staff.locator("main form button[type=submit]").last.click()
    expect(staff).to_have_url(re.compile(r"/atstovavimas/sekretoriatas/konsultacijos/\d+/"))
    consultation = Consultation.objects.get(title=TITLE)
    adding = staff.locator("form[aria-labelledby=question-add-heading]")
    adding.locator("select[name=kind]").select_option("single")
    adding.locator("[name=text]").fill("Ar pritariate projektui?")
    adding.locator("[name=choices]").fill("\n".join(CHOICES))
    button(staff, "Add the question").click()
    expect(staff.locator("main")).to_contain_text("Ar pritariate projektui?")
    assert_no_axe_violations(staff)
    button(staff, "Open and announce").click()
    expect(staff.locator("main")).to_contain_text(re.compile(lt("open"), re.IGNORECASE))
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.OPEN
    assert consultation.announcement is not None

    # Two representatives answer for their libraries.
    first = new_page(browser, live_server)
    sign_in(first, alice.email, PERSONA_PASSWORD)
    answer(first, consultation, library_a, CHOICES[0])
    assert_no_axe_violations(first)
    save_screenshot(first, "representation-answer")
    first.set_viewport_size(PHONE)
    first.goto(reverse("representation:response_edit", args=[consultation.slug, library_a.pk]))
    assert_no_horizontal_scroll(first)
    save_screenshot(first, "representation-answer-phone", full_page=True)
    second = new_page(browser, live_server)
    sign_in(second, carol.email, PERSONA_PASSWORD)
    answer(second, consultation, library_b, CHOICES[1])
    assert Response.objects.filter(consultation=consultation).count() == 2

    # The summary adds them up: two answered, one for each choice.
    staff.goto(reverse("representation:consultation_summary", args=[consultation.pk]))
    main = staff.locator("main")
    for choice in CHOICES[:2]:
        expect(main).to_contain_text(choice)
    expect(main).to_contain_text(
        lt("%(answered)s of %(invited)s answered") % {"answered": 2, "invited": 2}
    )
    expect(main).to_contain_text(lt("Every member library asked has answered."))
    assert_no_axe_violations(staff)
    save_screenshot(staff, "representation-summary", full_page=True)

    # The position: drafted from the consultation, adopted, sent, answered.
    staff.goto(reverse("representation:position_create") + f"?consultation={consultation.pk}")
    label(staff, "institution addressed").fill("Lietuvos Respublikos kultūros ministerijai")
    label(staff, "institution (name)").fill("Lietuvos Respublikos kultūros ministerija")
    label(staff, "text of the position").fill(
        "Asociacija pritaria projektui ir siūlo lėšas skirstyti pagal aptarnaujamą teritoriją."
    )
    button(staff, "Save the draft").click()
    expect(staff).to_have_url(re.compile(r"/atstovavimas/sekretoriatas/pozicijos/\d+/"))
    position = Position.objects.get(consultation=consultation)
    today = timezone.localdate().isoformat()
    label(staff, "Adopted by the Board on").fill(today)
    button(staff, "Record the adoption").click()
    expect(staff.locator("main")).to_contain_text(re.compile(lt("adopted"), re.IGNORECASE))
    label(staff, "Sent on").fill(today)
    label(staff, "Sent to").fill("Lietuvos Respublikos kultūros ministerija, dokumentai@lrkm.lt")
    button(staff, "Record as sent").click()
    position.refresh_from_db()
    assert position.status == Position.Status.SENT
    assert re.fullmatch(rf"S-{timezone.localdate().year}-001", position.number)
    expect(staff.locator("main")).to_contain_text(position.number)
    pdf = staff.request.get(
        reverse("representation:position_pdf", args=[position.slug, position.number])
    )
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    label(staff, "Reply received on").fill(today)
    label(staff, "Outcome").select_option("partly")
    label(staff, "What the reply says").fill("Atsižvelgta iš dalies.")
    button(staff, "Record the reply").click()
    position.refresh_from_db()
    assert position.status == Position.Status.ANSWERED
    assert position.outcome == Position.Outcome.PARTLY
    assert_no_axe_violations(staff)
    save_screenshot(staff, "representation-position", full_page=True)

    # Anyone finds it in the public register.
    visitor = new_page(browser, live_server)
    visitor.goto(reverse("representation:position_register"))
    row = visitor.locator("main").get_by_text(position.title).first
    expect(row).to_be_visible()
    expect(visitor.locator("main")).to_contain_text(position.number)
    assert_no_axe_violations(visitor)
    save_screenshot(visitor, "representation-register")


@needs_samples
def test_a_library_publishes_and_imports_its_events_into_the_shared_calendar(
    page: Page, live_server, two_counties, alice
):
    library_a, _library_b = two_counties
    county = library_a.municipality.county
    sign_in(page, alice.email, PERSONA_PASSWORD)

    # Alė publishes a reading of her library.
    page.goto(reverse("events:member_event_create", args=[library_a.pk]))
    starts = timezone.now().replace(minute=0, second=0, microsecond=0) + dt.timedelta(days=12)
    form = page.locator("main form[method=post]")
    form.locator("[name=title]").fill("Susitikimas su poete Akmenėje")
    form.locator("[name=kind]").select_option("reading")
    form.locator("[name=starts_at]").fill(local_input(starts))
    form.locator("[name=ends_at]").fill(local_input(starts + dt.timedelta(hours=2)))
    form.locator("[name=venue]").fill("Skaitykla")
    assert_no_axe_violations(page)
    button(page, "Publish").click()
    expect(page).to_have_url(re.compile(rf"/renginiai/bibliotekos/{library_a.pk}/kalendorius/"))
    event = MemberEvent.objects.get(title="Susitikimas su poete Akmenėje")
    assert event.status == MemberEvent.Status.PUBLISHED

    # It appears among the member libraries' events of its county, and in its feed.
    page.goto(reverse("events:member_event_list") + f"?county={county.code}")
    expect(page.locator("main")).to_contain_text(event.title)
    assert_no_axe_violations(page)
    save_screenshot(page, "representation-shared-calendar", full_page=True)
    # On a phone the list reads without sideways scrolling.
    page.set_viewport_size(PHONE)
    page.reload()
    expect(page.locator("main")).to_contain_text(event.title)
    assert_no_horizontal_scroll(page)
    save_screenshot(page, "representation-shared-calendar-phone", full_page=True)
    page.set_viewport_size(DESKTOP)
    feed = page.request.get(reverse("events:member_county_feed", args=[county.code]))
    assert feed.ok and "BEGIN:VCALENDAR" in feed.text() and "Susitikimas su poete" in feed.text()
    other = page.request.get(reverse("events:member_county_feed", args=["panevezio"]))
    assert other.ok and "Susitikimas su poete" not in other.text()

    # She imports a calendar file the library's program exported, twice.
    sample = (SAMPLES_DIR / "ical" / "alarm_google_future.ics").read_bytes()
    for reading in (1, 2):
        page.goto(reverse("events:calendar_import", args=[library_a.pk]))
        page.locator("input[type=file]").set_input_files(
            files=[{"name": "kalendorius.ics", "mimeType": "text/calendar", "buffer": sample}]
        )
        button(page, "Import the file").click()
        expect(page).to_have_url(re.compile(r"/kalendorius/importas/\d+/"))
        latest = MemberCalendarImport.objects.filter(library=library_a).first()
        assert latest is not None
        expect(page.locator("main")).to_contain_text(
            re.compile(re.escape(lt(latest.Status.DONE.label)), re.IGNORECASE)
        )
        latest.refresh_from_db()
        if reading == 1:
            assert latest.created_count == 1
        else:
            assert (latest.created_count, latest.updated_count + latest.unchanged_count) == (0, 1)
    imported = MemberEvent.objects.filter(library=library_a, origin=MemberEvent.Origin.FILE)
    assert imported.count() == 1
    assert_no_axe_violations(page)
    save_screenshot(page, "representation-calendar-import", full_page=True)
