"""My account: the profile form, the language preference and signing out everywhere."""

import pytest
from allauth.usersessions.models import UserSession
from auditlog.models import LogEntry
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from lrba.accounts.models import User
from lrba.accounts.services import user_update_profile
from lrba.accounts.tests.factories import MODEL_BACKEND, email_verify, totp_activate
from lrba.members.tests.factories import MandateFactory

pytestmark = pytest.mark.django_db

MY_ACCOUNT = "/paskyra/"


@pytest.fixture
def person(member_user):
    return member_user.person


def test_my_account_needs_a_signed_in_user(client):
    response = client.get(MY_ACCOUNT)
    assert response.status_code == 302
    assert response["Location"].startswith("/paskyra/login/")


def test_my_account_shows_the_details_and_the_security_links(member_client, person):
    response = member_client.get(MY_ACCOUNT)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Jurgita"' in html and 'name="phone"' in html
    for name in ("account_change_password", "account_email", "mfa_index", "usersessions_list"):
        assert reverse(name) in html
    assert reverse("accounts:sign_out_everywhere") in html
    assert 'aria-current="page">' in html  # the account sub-navigation marks this page


def test_my_account_without_a_person_edits_only_the_name_and_language(client_for, dave):
    html = client_for(dave).get(MY_ACCOUNT).content.decode()

    assert 'name="full_name"' in html and 'name="language"' in html
    assert 'name="phone"' not in html


def test_my_account_shows_whether_two_factor_is_on(member_client, member_user):
    assert "badge--none" in member_client.get(MY_ACCOUNT).content.decode()
    totp_activate(member_user)
    assert "badge--active" in member_client.get(MY_ACCOUNT).content.decode()


def test_saving_normalises_the_phone_and_records_who_changed_it(member_client, member_user, person):
    response = member_client.post(
        MY_ACCOUNT,
        {
            "full_name": "Jurgita Naujoji",
            "first_name": "Jurgita",
            "last_name": "Naujoji",
            "phone": "8 612 34567",
            "language": "lt",
        },
    )

    assert response.status_code == 302
    person.refresh_from_db()
    member_user.refresh_from_db()
    assert person.phone == "+37061234567" and person.last_name == "Naujoji"
    assert member_user.full_name == "Jurgita Naujoji"
    entry = LogEntry.objects.get_for_object(person).latest("timestamp")
    assert entry.actor == member_user


def test_a_wrong_phone_keeps_what_was_typed_and_says_why(member_client, person):
    response = member_client.post(
        MY_ACCOUNT,
        {
            "full_name": "",
            "first_name": "Jurgita",
            "last_name": "",
            "phone": "12ab",
            "language": "lt",
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="12ab"' in html
    assert html.count('class="field__error"') == 2  # the phone and the required last name
    person.refresh_from_db()
    assert person.last_name == "Bibliotekininkė"


def test_choosing_english_switches_the_site_at_once_and_is_kept(client_for, dave):
    client = client_for(dave)
    response = client.post(MY_ACCOUNT, {"full_name": "Dave", "language": "en"}, follow=True)

    dave.refresh_from_db()
    assert dave.language == "en"
    assert client.cookies["lrba_language"].value == "en"
    assert '<html lang="en">' in response.content.decode()


def test_signing_in_applies_the_preferred_language(client, member_user):
    member_user.language = "en"
    member_user.save()
    email_verify(member_user)

    response = client.post(
        "/paskyra/login/", {"login": member_user.email, "password": "pw"}, follow=True
    )

    assert client.cookies["lrba_language"].value == "en"
    assert '<html lang="en">' in response.content.decode()


def test_the_service_refuses_an_unknown_language(member_user):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        user_update_profile(user=member_user, data={"language": "xx"})


def _signed_in_client(user: User) -> Client:
    client = Client()
    client.force_login(user, backend=MODEL_BACKEND)
    client.get(MY_ACCOUNT)  # the first signed-in request records the session
    return client


def test_sign_out_everywhere_ends_every_session_including_this_one(member_user, staff_user):
    laptop, phone = _signed_in_client(member_user), _signed_in_client(member_user)
    someone_else = _signed_in_client(staff_user)
    assert UserSession.objects.filter(user=member_user).count() == 2

    response = laptop.post(reverse("accounts:sign_out_everywhere"))

    assert response.status_code == 302 and response["Location"] == reverse("account_login")
    assert not UserSession.objects.filter(user=member_user).exists()
    assert phone.get(MY_ACCOUNT).status_code == 302  # sent to sign in again
    assert laptop.get(MY_ACCOUNT).status_code == 302
    assert someone_else.get(MY_ACCOUNT).status_code == 200
    assert Session.objects.count() == 1


def test_sign_out_everywhere_is_a_post(member_client):
    assert member_client.get(reverse("accounts:sign_out_everywhere")).status_code == 405


def test_the_sessions_page_lists_this_session_in_the_site_layout(member_client):
    member_client.get(MY_ACCOUNT)

    response = member_client.get(reverse("usersessions_list"))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="site-header"' in html and 'class="table table--stack"' in html
    assert "badge--active" in html  # this session is marked


def test_the_two_factor_page_uses_the_site_layout(member_client):
    response = member_client.get(reverse("mfa_index"))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="site-header"' in html and 'class="subnav"' in html


def test_the_header_links_to_my_library_only_for_a_representative(member_client, member_user):
    my_library = f'href="{reverse("members:my_library")}"'
    assert my_library not in member_client.get(MY_ACCOUNT).content.decode()

    MandateFactory(person=member_user.person)

    assert my_library in member_client.get(MY_ACCOUNT).content.decode()
