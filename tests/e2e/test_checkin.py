"""On the day: staff at the door check people in from the QR link and from the desk list,
on a phone, with htmx swapping one row per tap."""

import pytest
from playwright.sync_api import Page, expect

from lrba.events.models import Registration
from lrba.events.tests.factories import EventFactory, RegistrationFactory
from tests.e2e.conftest import PERSONA_PASSWORD
from tests.e2e.helpers import (
    assert_no_axe_violations,
    assert_no_horizontal_scroll,
    lt,
    save_screenshot,
    sign_in,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def event():
    event = EventFactory(title="Regionų bibliotekų forumas", slug="forumas")
    for first, last, institution in [
        ("Žydrūnė", "Čiurlionienė", "Telšių Karolinos Praniauskaitės viešoji biblioteka"),
        ("Andrius", "Žukauskas", "Panevėžio apskrities Gabrielės Petkevičaitės-Bitės biblioteka"),
        ("Šarūnas", "Cibulskis", "Kupiškio rajono savivaldybės viešoji biblioteka"),
        ("Gintarė", "Ąžuolienė", "Biržų rajono savivaldybės Jurgio Bielinio viešoji biblioteka"),
    ]:
        RegistrationFactory(event=event, first_name=first, last_name=last, institution=institution)
    # The waitlisted person is named too: a random surname could repeat one above.
    RegistrationFactory(
        event=event,
        first_name="Ona",
        last_name="Laukienė",
        status=Registration.Status.WAITLISTED,
    )
    return event


def test_staff_check_people_in_from_the_qr_link_and_the_desk(
    phone_page: Page, secretary, secretary_totp_secret, event
):
    page = phone_page
    sign_in(page, secretary.email, PERSONA_PASSWORD, totp_secret=secretary_totp_secret)
    # On a phone the header's links are folded into the menu: open it to see them.
    page.locator(".site-menu__toggle").click()
    expect(page.get_by_role("link", name=lt("My account"))).to_be_visible()

    # The desk: counters, search as you type (without diacritics), one tap per person.
    page.goto("/renginiai/forumas/registracija-vietoje/")
    expect(page.locator("#checkin-counts")).to_contain_text("4")
    assert_no_horizontal_scroll(page)
    assert_no_axe_violations(page)
    save_screenshot(page, "checkin-desk-phone", full_page=True)
    page.locator("#checkin-q").fill("ziurlion")
    page.locator("#checkin-q").fill("ciurlion")
    expect(page.locator(".checkin-list").first.locator("li")).to_have_count(1)
    page.locator(".checkin-row__button").first.click()
    expect(page.locator(".checkin-row__message").first).to_be_visible()
    expect(page.locator(".checkin-counts__item--arrived dd")).to_have_text("1")
    save_screenshot(page, "checkin-desk-tapped-phone", full_page=True)

    # The QR code of another participant opens the big button.
    registration = Registration.objects.get(last_name="Žukauskas")
    page.goto(f"/renginiai/patikra/{registration.token}/")
    assert_no_horizontal_scroll(page)
    page.locator(".checkin-scan__button").click()
    expect(page.locator(".checkin-scan__state--arrived")).to_be_visible()
    save_screenshot(page, "checkin-scan-phone", full_page=True)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.ATTENDED
