"""Signing in with django-allauth: e-mail and password, verified addresses, two factors."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from lrba.accounts.models import AuthEvent, User
from lrba.accounts.tests.factories import email_verify, totp_activate, totp_code

pytestmark = pytest.mark.django_db

LOGIN = "/paskyra/login/"


def test_the_old_sign_in_address_redirects_to_allauth(client):
    response = client.get(reverse("accounts:login") + "?next=/nariai/")
    assert response.status_code == 302
    assert response["Location"] == LOGIN + "?next=/nariai/"


def test_the_sign_in_page_uses_the_site_layout_and_classes(client):
    response = client.get(LOGIN)
    content = response.content.decode()
    assert response.status_code == 200
    assert 'class="form' in content and "button button--primary" in content
    assert 'class="site-header"' in content
    assert 'name="login"' in content and 'name="password"' in content
    assert reverse("account_signup") not in content


def test_a_member_signs_in_with_any_letter_case(client, alice):
    response = client.post(LOGIN, {"login": "Alice@Example.LT", "password": "pw"})
    assert response.status_code == 302
    assert response["Location"] == reverse("website:home")
    assert client.session["_auth_user_id"] == str(alice.pk)
    assert AuthEvent.objects.filter(user=alice, kind=AuthEvent.Kind.LOGIN).exists()


def test_a_wrong_password_is_refused_and_recorded(client, alice):
    response = client.post(LOGIN, {"login": "alice@example.lt", "password": "wrong"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    event = AuthEvent.objects.get(kind=AuthEvent.Kind.LOGIN_FAILED)
    assert event.email == "alice@example.lt" and event.user == alice


def test_an_unverified_address_gets_a_verification_mail_first(client, django_user_model):
    django_user_model.objects.create_user(email="bob@example.lt", password="Slaptas-3")
    response = client.post(LOGIN, {"login": "bob@example.lt", "password": "Slaptas-3"})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["bob@example.lt"]


def test_sign_up_is_closed(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "eve@example.lt", "password1": "Slaptas-4x", "password2": "Slaptas-4x"},
    )
    assert response.status_code == 200
    assert not User.objects.filter(email="eve@example.lt").exists()


def test_a_password_reset_mail_is_sent_in_the_visitors_language(client, alice):
    client.cookies["lrba_language"] = "en"
    response = client.post(reverse("account_reset_password"), {"email": "alice@example.lt"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "Password Reset" in mail.outbox[0].subject

    mail.outbox.clear()
    client.cookies["lrba_language"] = "lt"
    client.post(reverse("account_reset_password"), {"email": "alice@example.lt"})
    assert "Password Reset" not in mail.outbox[0].subject


def test_the_back_office_sends_a_staff_user_without_2fa_to_set_it_up(client, staff_user):
    client.force_login(staff_user, backend="django.contrib.auth.backends.ModelBackend")
    client.cookies["lrba_language"] = "en"
    response = client.get("/admin/members/library/")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    # allauth asks for the password again first (force_login records no sign-in time).
    response = client.get(response["Location"], follow=True)
    assert "The back office requires two-factor authentication" in response.content.decode()


def test_a_staff_user_with_2fa_reaches_the_back_office(client, staff_user):
    totp_activate(staff_user)
    client.force_login(staff_user, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get("/admin/").status_code == 200


def test_a_plain_member_is_not_asked_for_2fa_on_the_site(member_client):
    assert member_client.get("/nariai/").status_code == 200


def test_signing_in_to_the_back_office_asks_for_the_code(client, staff_user):
    email_verify(staff_user)
    secret = totp_activate(staff_user)
    response = client.get("/admin/")
    assert response["Location"].startswith(LOGIN) or response["Location"].startswith(
        "/admin/login/"
    )

    response = client.post(LOGIN + "?next=/admin/", {"login": staff_user.email, "password": "pw"})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session

    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200 and "_auth_user_id" not in client.session

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert AuthEvent.objects.filter(user=staff_user, kind=AuthEvent.Kind.LOGIN).count() == 1


def test_five_wrong_passwords_lock_the_address_out_for_this_ip(client, alice):
    for _attempt in range(4):
        response = client.post(LOGIN, {"login": "alice@example.lt", "password": "wrong"})
        assert response.status_code == 200
    response = client.post(LOGIN, {"login": "alice@example.lt", "password": "wrong"})
    assert response.status_code == 429
    # Even the right password is refused now, with the lockout page.
    response = client.post(LOGIN, {"login": "alice@example.lt", "password": "pw"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "_auth_user_id" not in client.session
    assert AuthEvent.objects.filter(kind=AuthEvent.Kind.LOCKOUT, user=alice).exists()


def test_the_verified_address_stays_unique_across_letter_case(alice):
    assert EmailAddress.objects.filter(email__iexact="ALICE@example.lt").count() == 1
