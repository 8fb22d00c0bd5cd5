"""Who the API lets in (lrba.api.auth): a usable token of an active person, of the scope
and kind the operation needs; every refusal is 401 or 403 with a code a program tests."""

from datetime import timedelta
from typing import Any

import pytest
from django.test import RequestFactory
from django.utils import timezone

from conftest import MODEL_BACKEND, lt
from lrba.accounts import roles
from lrba.api import auth
from lrba.api.errors import ApiError
from lrba.api.models import AccessToken
from lrba.api.tests.factories import AccessTokenFactory, token_for
from lrba.events.models import Registration
from lrba.events.tests.factories import EventFactory

pytestmark = pytest.mark.django_db

ME = "/api/v1/me/"
REGISTER = "/api/v1/me/registrations/"


def _error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content[:300]
    body = response.json()
    assert body["error"]["code"] == code, body
    return body["error"]


def test_a_usable_token_acts_for_its_owner(client, alice):
    response = client.get(ME, HTTP_AUTHORIZATION=token_for(alice))
    assert response.status_code == 200
    assert response.json()["email"] == alice.email


def test_no_token_is_401_with_a_bearer_challenge(client, alice):
    response = client.get(ME)
    _error(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_signed_in_browser_session_is_not_a_token(client, alice):
    # The API takes no cookies (it is exempt from CSRF): a session alone must not act.
    client.force_login(alice, backend=MODEL_BACKEND)
    _error(client.get(ME), 401, "not_authenticated")


def test_another_authorization_scheme_is_refused(client, alice):
    token = AccessTokenFactory(user=alice)
    _error(client.get(ME, HTTP_AUTHORIZATION=f"Token {token.key}"), 401, "not_authenticated")


@pytest.mark.parametrize("key", ["lrba_nope", "x" * 500, "Bearer"])
def test_an_unknown_token_is_refused(client, alice, key):
    AccessTokenFactory(user=alice)
    error = _error(client.get(ME, HTTP_AUTHORIZATION=f"Bearer {key}"), 401, "token_unknown")
    assert error["message"] == lt("This access token is not known.")


def test_an_empty_bearer_is_refused(client):
    response = client.get(ME, HTTP_AUTHORIZATION="Bearer ")
    assert response.status_code == 401
    assert response.json()["error"]["code"] in ("not_authenticated", "token_unknown")


def test_a_revoked_token_is_refused(client, alice):
    token = AccessTokenFactory(user=alice, revoked_at=timezone.now())
    _error(client.get(ME, HTTP_AUTHORIZATION=f"Bearer {token.key}"), 401, "token_revoked")


def test_an_expired_token_is_refused(client, alice):
    token = AccessTokenFactory(user=alice, expires_at=timezone.now() - timedelta(seconds=1))
    _error(client.get(ME, HTTP_AUTHORIZATION=f"Bearer {token.key}"), 401, "token_expired")


def test_the_token_of_an_inactive_account_is_refused(client, alice):
    header = token_for(alice)
    alice.is_active = False
    alice.save(update_fields=["is_active"])
    _error(client.get(ME, HTTP_AUTHORIZATION=header), 401, "account_inactive")


def test_a_read_only_token_cannot_write_and_nothing_is_written(client, alice):
    event = EventFactory()
    response = client.post(
        REGISTER,
        {"event": event.pk},
        content_type="application/json",
        HTTP_AUTHORIZATION=token_for(alice),
    )
    _error(response, 403, "token_read_only")
    assert not Registration.objects.exists()


def test_a_read_write_token_also_reads(client, alice):
    assert client.get(ME, HTTP_AUTHORIZATION=token_for(alice, write=True)).status_code == 200


def test_a_token_sees_the_same_answer_in_either_case_of_bearer(client, alice):
    token = AccessTokenFactory(user=alice)
    assert client.get(ME, HTTP_AUTHORIZATION=f"bearer {token.key}").status_code == 200


# The staff rules, checked on the rule itself (the staff endpoints test their own objects).


def _authenticate(rule, token) -> tuple[Any, Any]:
    request = RequestFactory().get("/api/v1/staff/", HTTP_AUTHORIZATION=f"Bearer {token.key}")
    return rule(request), request


def test_a_staff_rule_refuses_a_personal_token(secretary):
    token = AccessTokenFactory(user=secretary, staff=False)
    with pytest.raises(ApiError) as refused:
        _authenticate(auth.STAFF_READ, token)
    assert (refused.value.status, refused.value.code) == (403, "token_not_staff")


def test_a_staff_rule_accepts_a_staff_token_of_a_role_holder_with_two_factor(secretary):
    token = AccessTokenFactory(user=secretary, staff=True)
    user, request = _authenticate(auth.STAFF_READ, token)
    assert user == secretary
    assert request.user == secretary
    assert request.api_token == token


def test_a_staff_rule_demands_two_factor_when_the_roles_do(role_holder_without_two_factor):
    user = role_holder_without_two_factor(roles.SECRETARIAT)
    token = AccessTokenFactory(user=user, staff=True)
    with pytest.raises(ApiError) as refused:
        _authenticate(auth.STAFF_READ, token)
    assert (refused.value.status, refused.value.code) == (403, "two_factor_required")


def test_a_staff_write_rule_refuses_a_read_only_staff_token(secretary):
    token = AccessTokenFactory(user=secretary, staff=True, scope=AccessToken.Scope.READ)
    with pytest.raises(ApiError) as refused:
        _authenticate(auth.STAFF_WRITE, token)
    assert (refused.value.status, refused.value.code) == (403, "token_read_only")


def test_a_staff_token_still_works_on_personal_endpoints(client, secretary):
    token = AccessTokenFactory(user=secretary, staff=True)
    assert client.get(ME, HTTP_AUTHORIZATION=f"Bearer {token.key}").status_code == 200


# "Last used" is written at most once a minute per token.


def test_last_used_is_set_on_first_use_and_not_rewritten_within_a_minute(client, alice):
    token = AccessTokenFactory(user=alice)
    header = f"Bearer {token.key}"
    client.get(ME, HTTP_AUTHORIZATION=header)
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    assert timezone.now() - first < timedelta(seconds=30)

    client.get(ME, HTTP_AUTHORIZATION=header)
    token.refresh_from_db()
    assert token.last_used_at == first


def test_last_used_moves_on_after_a_minute(client, alice):
    long_ago = timezone.now() - timedelta(minutes=2)
    token = AccessTokenFactory(user=alice, last_used_at=long_ago)
    client.get(ME, HTTP_AUTHORIZATION=f"Bearer {token.key}")
    token.refresh_from_db()
    assert token.last_used_at > long_ago + timedelta(minutes=1)


def test_a_refused_token_is_not_marked_used(client, alice):
    token = AccessTokenFactory(user=alice, revoked_at=timezone.now())
    client.get(ME, HTTP_AUTHORIZATION=f"Bearer {token.key}")
    token.refresh_from_db()
    assert token.last_used_at is None


def test_a_token_used_within_the_minute_costs_no_write(client, alice, django_assert_num_queries):
    token = AccessTokenFactory(user=alice, last_used_at=timezone.now())
    request = RequestFactory().get(ME, HTTP_AUTHORIZATION=f"Bearer {token.key}")
    with django_assert_num_queries(1):  # the token and its owner, nothing written
        auth.TOKEN_READ(request)


# The same rules through a staff endpoint.

STAFF = "/api/v1/staff/members/register/summary"


def test_a_staff_endpoint_answers_a_role_holders_staff_token(client, secretary):
    assert client.get(STAFF, HTTP_AUTHORIZATION=token_for(secretary, staff=True)).status_code == 200


def test_a_staff_endpoint_refuses_a_role_holders_personal_token(client, secretary):
    _error(client.get(STAFF, HTTP_AUTHORIZATION=token_for(secretary)), 403, "token_not_staff")


def test_a_staff_endpoint_refuses_a_role_holder_without_two_factor(
    client, role_holder_without_two_factor
):
    user = role_holder_without_two_factor(roles.SECRETARIAT)
    response = client.get(STAFF, HTTP_AUTHORIZATION=token_for(user, staff=True))
    _error(response, 403, "two_factor_required")


def test_a_staff_token_gives_no_more_than_its_owners_roles(client, alice):
    # Such a token cannot be created on My account; made directly, it still opens nothing
    # the person's roles do not.
    response = client.get(STAFF, HTTP_AUTHORIZATION=token_for(alice, staff=True))
    _error(response, 403, "forbidden")
