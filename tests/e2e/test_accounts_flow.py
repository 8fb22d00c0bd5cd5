"""Accounts: the secretariat invites a library's representative from the back office, the
representative opens an account from the e-mailed link, keeps the library's profile and
invites a colleague, who opens an account too. Back-office users without an authenticator
app must set one up before the back office opens."""

import re

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from playwright.sync_api import Browser, Page, expect

from lrba.accounts.models import User
from lrba.accounts.tests.factories import email_verify
from lrba.members.models import Employment, Invitation, Mandate
from lrba.members.tests.factories import LibraryFactory, MembershipFactory
from tests.e2e.conftest import PERSONA_PASSWORD
from tests.e2e.helpers import (
    assert_no_axe_violations,
    mail_link,
    save_screenshot,
    sign_in,
    sign_out,
    submit_totp_code,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

STAFF_EMAIL = "sekretore@example.lt"
STAFF_PASSWORD = "Slaptas-Žodis-2026"
LIBRARY = "Šiaulių apskrities Povilo Višinskio viešoji biblioteka"
REPRESENTATIVE_EMAIL = "ausra.zemaitiene@example.lt"
REPRESENTATIVE_PASSWORD = "Knygų-Žiemą-Skaitau-7"
COLLEAGUE_EMAIL = "jonas.petraitis@example.lt"
COLLEAGUE_PASSWORD = "Rudens-Skaitiniai-2026"
INVITATION_PATH = r"^/paskyra/pakvietimas/[^/]+/$"


def new_page(browser: Browser, live_server) -> Page:
    """Another person's browser: a fresh context with no cookies, in Lithuanian."""
    context = browser.new_context(
        base_url=live_server.url, locale="lt-LT", timezone_id="Europe/Vilnius"
    )
    context.set_default_timeout(10_000)
    return context.new_page()


def accept_invitation(page: Page, path: str, *, first: str, last: str, password: str) -> None:
    page.goto(path)
    assert_no_axe_violations(page)
    page.locator("#id_first_name").fill(first)
    page.locator("#id_last_name").fill(last)
    page.locator("#id_password1").fill(password)
    page.locator("#id_password2").fill(password)
    page.locator("main form button[type=submit]").click()


@pytest.fixture
def library():
    library = LibraryFactory(name=LIBRARY, slug="siauliu-visinskio", phone="+37041523456")
    MembershipFactory(library=library)
    return library


def test_a_representative_is_invited_keeps_the_profile_and_invites_a_colleague(
    page: Page, browser: Browser, live_server, library, secretary, secretary_totp_secret
):
    # The secretariat, in the back office: the library's page → "Invite a representative".
    sign_in(page, secretary.email, PERSONA_PASSWORD, totp_secret=secretary_totp_secret)
    page.goto(f"/admin/members/library/{library.pk}/change/")
    page.locator(f"a[href$='/admin/members/library/{library.pk}/invite/']").first.click()
    expect(page).to_have_url(re.compile(r"/invite/$"))
    page.locator("#id_invite-email").fill("Ausra.Zemaitiene@Example.lt")
    page.locator("#id_invite-position").fill("direktorės pavaduotoja")
    save_screenshot(page, "admin-invite-representative")
    page.locator("form", has=page.locator("#id_invite-email")).locator("[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/admin/members/library/{library.pk}/change/$"))
    expect(page.get_by_text(REPRESENTATIVE_EMAIL).first).to_be_visible()
    invitation = Invitation.objects.get()
    assert invitation.email == REPRESENTATIVE_EMAIL
    assert invitation.role == Invitation.Role.REPRESENTATIVE

    # The e-mail carries the link; the representative opens it in their own browser.
    assert [message.to for message in mail.outbox] == [[REPRESENTATIVE_EMAIL]]
    representative = new_page(browser, live_server)
    accept_invitation(
        representative,
        mail_link(mail.outbox[0], INVITATION_PATH),
        first="Aušra",
        last="Žemaitienė",
        password=REPRESENTATIVE_PASSWORD,
    )

    # They land on "My library", signed in.
    expect(representative).to_have_url(re.compile(r"/mano-biblioteka/siauliu-visinskio/$"))
    expect(representative.locator("h1")).to_have_text(LIBRARY)
    expect(representative.locator(".message--success")).to_be_visible()
    assert_no_axe_violations(representative)
    user = User.objects.get(email=REPRESENTATIVE_EMAIL)
    assert user.full_name == "Aušra Žemaitienė"
    assert Mandate.objects.filter(library=library, person__user=user).exists()

    # They correct the phone and add the website; the public page shows both.
    representative.locator("#id_phone").fill("8 41 523 999")
    representative.locator("#id_website").fill("https://www.savb.lt/")
    representative.locator("form[action$='/mano-biblioteka/siauliu-visinskio/'] button").click()
    expect(representative.locator(".message--success")).to_be_visible()
    expect(representative.locator("#id_phone")).to_have_value("+37041523999")
    representative.goto("/bibliotekos/siauliu-visinskio/")
    expect(representative.get_by_role("link", name="+37041523999")).to_be_visible()
    expect(representative.get_by_role("link", name="https://www.savb.lt/")).to_be_visible()
    assert_no_axe_violations(representative)

    # They invite a colleague (staff: the representative role is the secretariat's to give).
    representative.goto("/mano-biblioteka/")
    expect(representative).to_have_url(re.compile(r"/mano-biblioteka/siauliu-visinskio/$"))
    expect(representative.locator("#id_invite-role")).to_have_count(0)
    representative.locator("#id_invite-email").fill(COLLEAGUE_EMAIL)
    representative.locator("#id_invite-position").fill("vyresnysis bibliotekininkas")
    representative.locator("form[action$='/kvietimai/'] button[type=submit]").click()
    expect(representative.locator(".message--success")).to_be_visible()
    expect(representative.get_by_role("rowheader", name=COLLEAGUE_EMAIL)).to_be_visible()
    assert_no_axe_violations(representative)
    assert len(mail.outbox) == 2
    assert mail.outbox[1].to == [COLLEAGUE_EMAIL]

    # The colleague opens the link, sets a password and lands on the library's public page.
    colleague = new_page(browser, live_server)
    accept_invitation(
        colleague,
        mail_link(mail.outbox[1], INVITATION_PATH),
        first="Jonas",
        last="Petraitis",
        password=COLLEAGUE_PASSWORD,
    )
    expect(colleague).to_have_url(re.compile(r"/bibliotekos/siauliu-visinskio/$"))
    expect(colleague.locator(".message--success")).to_be_visible()
    employment = Employment.objects.get(person__user__email=COLLEAGUE_EMAIL)
    assert employment.library == library
    assert employment.position == "vyresnysis bibliotekininkas"
    # The used link does not work a second time.
    colleague.goto(mail_link(mail.outbox[1], INVITATION_PATH))
    expect(colleague.locator("main form")).to_have_count(0)

    # Another day, another browser: the colleague signs in with the new password.
    later = new_page(browser, live_server)
    sign_in(later, COLLEAGUE_EMAIL, COLLEAGUE_PASSWORD)
    later.goto("/bibliotekos/siauliu-visinskio/")
    expect(later.locator("h1")).to_have_text(LIBRARY)
    # Staff, not a representative: "My library" lists nothing to edit.
    later.goto("/mano-biblioteka/siauliu-visinskio/")
    expect(later.locator("#id_phone")).to_have_count(0)
    for other in (representative, colleague, later):
        other.context.close()


def test_a_back_office_user_without_an_authenticator_must_set_one_up(page: Page):
    user = User.objects.create_superuser(
        email=STAFF_EMAIL, password=STAFF_PASSWORD, full_name="Rūta Sekretorė"
    )
    email_verify(user)

    # Password only (there is no second step yet), then the back office refuses to open.
    sign_in(page, STAFF_EMAIL, STAFF_PASSWORD)
    page.goto("/admin/")
    # allauth asks for the password once more before a security setting changes.
    expect(page).to_have_url(re.compile(r"/paskyra/reauthenticate/\?next=.*totp.*activate"))
    expect(page.locator(".message--warning")).to_be_visible()
    assert_no_axe_violations(page)
    page.locator("input[name=password]").fill(STAFF_PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/paskyra/2fa/totp/activate/$"))
    assert_no_axe_violations(page)
    save_screenshot(page, "totp-activate", full_page=True)

    # The page shows the secret to type into an authenticator app; the app's code activates it.
    secret = page.locator("#authenticator_secret").input_value()
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)
    submit_totp_code(page, secret, field="#id_code", submit="main form button[type=submit]")
    expect(page).not_to_have_url(re.compile(r"/paskyra/2fa/totp/activate/$"))
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()

    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/admin/$"))

    # Signing in again now takes the code from the app as well.
    page.goto("/")
    sign_out(page)
    sign_in(page, STAFF_EMAIL, STAFF_PASSWORD, totp_secret=secret)
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/admin/$"))
