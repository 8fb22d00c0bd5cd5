"""Personal data: a member downloads what the association holds about them and asks to be
erased; once the secretariat confirms, their address is gone from every page and export,
while the member register still counts their membership."""

import io
import json
import re
import zipfile

import pytest
from django.core import mail
from playwright.sync_api import Browser, Page, expect

from lrba.accounts.models import ErasureRequest, User
from lrba.accounts.tests.factories import email_verify
from lrba.members.models import Person
from lrba.members.tests.factories import (
    EmploymentFactory,
    LibraryFactory,
    MembershipFactory,
    PersonFactory,
)
from tests.e2e.conftest import PERSONA_PASSWORD
from tests.e2e.helpers import assert_no_axe_violations, save_screenshot, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "Slaptas-Žodis-2026"
MEMBER_EMAIL = "egle.kazlauskiene@example.lt"
OTHER_EMAIL = "jonas.petraitis@example.lt"
LIBRARY = "Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka"


def new_page(browser: Browser, live_server) -> Page:
    context = browser.new_context(
        base_url=live_server.url, locale="lt-LT", timezone_id="Europe/Vilnius"
    )
    context.set_default_timeout(10_000)
    return context.new_page()


def member(email: str, first: str, last: str, **employment) -> Person:
    """A person with an account, an individual membership and a job in a library."""
    user = User.objects.create_user(email=email, password=PASSWORD, full_name=f"{first} {last}")
    email_verify(user)
    person = PersonFactory(
        user=user, first_name=first, last_name=last, email=email, phone="+37061234567"
    )
    MembershipFactory(person=person, library=None)
    EmploymentFactory(person=person, **employment)
    return person


@pytest.fixture
def people(secretary_totp_secret):
    library = LibraryFactory(name=LIBRARY, slug="panevezio-bites")
    MembershipFactory(library=library)
    member(MEMBER_EMAIL, "Eglė", "Kazlauskienė", library=library)
    member(OTHER_EMAIL, "Jonas", "Petraitis", library=library)
    return library, secretary_totp_secret


def natural_persons_in_register(page: Page) -> int:
    page.goto("/admin/members/membership/register-report/")
    return int(page.locator("[data-testid=natural-persons]").inner_text())


def people_export_csv(page: Page) -> str:
    """The back office's export of people (django-import-export), as CSV text."""
    page.goto("/admin/members/person/export/")
    page.locator("#id_format").select_option(label="csv")
    with page.expect_download() as download_info:
        page.locator("form [type=submit]").last.click()
    path = download_info.value.path()
    return path.read_text(encoding="utf-8-sig")


def test_a_member_downloads_their_data_and_is_erased_but_still_counted(
    page: Page, browser: Browser, live_server, people, secretary
):
    library, staff_secret = people
    secretariat = new_page(browser, live_server)
    sign_in(secretariat, secretary.email, PERSONA_PASSWORD, totp_secret=staff_secret)
    counted_before = natural_persons_in_register(secretariat)
    assert counted_before == 2
    assert MEMBER_EMAIL in people_export_csv(secretariat)

    # The member opens "My data" from "My account" and downloads the ZIP.
    sign_in(page, MEMBER_EMAIL, PASSWORD)
    page.goto("/paskyra/")
    page.locator("nav.subnav a[href$='/paskyra/mano-duomenys/']").click()
    expect(page).to_have_url(re.compile(r"/paskyra/mano-duomenys/$"))
    expect(page.locator("nav.subnav [aria-current=page]")).to_have_attribute(
        "href", "/paskyra/mano-duomenys/"
    )
    expect(page.locator("main")).to_contain_text(MEMBER_EMAIL)
    assert_no_axe_violations(page)
    save_screenshot(page, "my-data", full_page=True)
    with page.expect_download() as download_info:
        page.locator("a[href$='/paskyra/mano-duomenys/atsisiusti/']").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".zip")
    with zipfile.ZipFile(io.BytesIO(download.path().read_bytes())) as archive:
        assert "README.txt" in archive.namelist()
        data = json.loads(archive.read("data.json"))
    assert data["person"][0]["first_name"] == "Eglė"
    assert data["person"][0]["email"] == MEMBER_EMAIL
    assert data["user"][0]["email"] == MEMBER_EMAIL
    assert "password" not in data["user"][0]

    # They ask to be erased; the page says the request waits for the secretariat.
    page.locator("#id_reason").fill("Išeinu iš asociacijos.")
    page.locator("form[action$='/mano-duomenys/istrinti/'] button[type=submit]").click()
    expect(page.locator(".message--success")).to_be_visible()
    expect(page.locator("#id_reason")).to_have_count(0)
    expect(page.locator("section[aria-labelledby=erase] .message--warning")).to_be_visible()
    assert_no_axe_violations(page)
    request = ErasureRequest.objects.get()
    assert request.status == ErasureRequest.Status.PENDING

    # The secretariat confirms in the back office.
    secretariat.goto("/admin/accounts/erasurerequest/")
    secretariat.locator("#result_list tbody tr").get_by_role("link").first.click()
    expect(secretariat).to_have_url(re.compile(rf"/erasurerequest/{request.pk}/change/$"))
    secretariat.locator(f"a[href$='/erasurerequest/{request.pk}/decide/confirm/']").first.click()
    secretariat.locator("form", has=secretariat.locator("#id_legal_basis_note")).locator(
        "[type=submit]"
    ).click()
    expect(secretariat).to_have_url(re.compile(rf"/erasurerequest/{request.pk}/change/$"))
    request.refresh_from_db()
    assert request.status == ErasureRequest.Status.CONFIRMED
    # The outcome still reaches the address the person had.
    assert [message.to for message in mail.outbox] == [[MEMBER_EMAIL]]

    # The member's session is over and the account is closed.
    page.goto("/paskyra/mano-duomenys/")
    expect(page).to_have_url(re.compile(r"/paskyra/login/"))
    page.locator("input[name=login]").fill(MEMBER_EMAIL)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page.locator("form[action$='/paskyra/logout/']")).to_have_count(0)

    # Another member sees the name in the member list (the register keeps it) but no address.
    other = new_page(browser, live_server)
    sign_in(other, OTHER_EMAIL, PASSWORD)
    other.goto("/nariai/")
    expect(other.get_by_text("Kazlauskienė").first).to_be_visible()
    assert_no_axe_violations(other)
    for path in ("/nariai/", "/bibliotekos/", "/bibliotekos/panevezio-bites/"):
        other.goto(path)
        expect(other.locator("main")).to_be_visible()
        assert MEMBER_EMAIL not in other.content(), path
    other.context.close()

    # Nor is it in the back office's export of people, and the register still counts her.
    exported = people_export_csv(secretariat)
    assert "Kazlauskienė" in exported
    assert MEMBER_EMAIL not in exported
    assert natural_persons_in_register(secretariat) == counted_before
    secretariat.context.close()
