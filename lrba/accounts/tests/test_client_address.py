"""Sign-in lockouts and the sign-in audit see the client's address, not the proxy's."""

import pytest
from allauth.usersessions.models import UserSession

from lrba.accounts.models import AuthEvent

pytestmark = pytest.mark.django_db

LOGIN = "/paskyra/login/"
PROXY = "10.0.0.5"


def sign_in(client, password: str = "pw", **headers):
    """Alice signs in (with her password, unless another is given) from `headers`."""
    return client.post(LOGIN, {"login": "alice@example.lt", "password": password}, **headers)


def fail_sign_in(client, **headers) -> int:
    return sign_in(client, password="wrong", **headers).status_code


def test_a_forged_header_does_not_escape_the_lockout(client, settings, alice):
    settings.LRBA_TRUSTED_PROXIES = [PROXY]
    statuses = [
        fail_sign_in(client, REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
        for n in range(5)
    ]
    assert statuses == [200, 200, 200, 200, 429]


def test_a_lockout_behind_a_trusted_proxy_locks_out_that_client_only(client, settings, alice):
    settings.LRBA_TRUSTED_PROXIES = [PROXY]
    statuses = [
        fail_sign_in(client, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.1")
        for _ in range(5)
    ]
    assert statuses[-1] == 429
    response = sign_in(client, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.2")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_the_sign_in_audit_records_the_client_behind_a_trusted_proxy(client, settings, alice):
    settings.LRBA_TRUSTED_PROXIES = [PROXY]
    sign_in(client, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    event = AuthEvent.objects.get(kind=AuthEvent.Kind.LOGIN)
    assert event.ip_address == "203.0.113.9"


def test_the_sign_in_audit_ignores_a_forged_header(client, settings, alice):
    settings.LRBA_TRUSTED_PROXIES = [PROXY]
    fail_sign_in(client, REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.9")
    event = AuthEvent.objects.get(kind=AuthEvent.Kind.LOGIN_FAILED)
    assert event.ip_address == "198.51.100.7"


def test_allauth_throttles_and_session_list_see_the_client_behind_a_trusted_proxy(
    client, settings, alice
):
    settings.LRBA_TRUSTED_PROXIES = [PROXY]
    sign_in(client, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert UserSession.objects.get(user=alice).ip == "203.0.113.9"
