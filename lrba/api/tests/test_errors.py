"""Every API error answers in one shape (lrba.api.errors):
`{"error": {"code", "message", "details": [{"field", "message"}]}}`, as JSON, with a status
that says what happened and a message in the request's language."""

import pytest
from django.test import override_settings

from conftest import lt
from lrba.api.tests.factories import AccessTokenFactory, token_for
from lrba.events.models import Registration
from lrba.events.tests.factories import EventFactory

pytestmark = pytest.mark.django_db

ME = "/api/v1/me/"
REGISTER = "/api/v1/me/registrations/"
LIBRARIES = "/api/v1/libraries/"


def assert_error_shape(response, status: int, code: str) -> dict:
    """The one shape, and nothing else in it."""
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) == {"code", "message", "details"}
    assert error["code"] == code
    assert isinstance(error["message"], str) and error["message"]
    assert isinstance(error["details"], list)
    for detail in error["details"]:
        assert set(detail) == {"field", "message"}
    return error


def _post(client, body, header: str, **extra):
    return client.post(
        REGISTER, body, content_type="application/json", HTTP_AUTHORIZATION=header, **extra
    )


def test_malformed_json_is_400_unparsable_and_writes_nothing(client, alice):
    EventFactory()
    response = _post(client, '{"event": 1,', token_for(alice, write=True))
    assert_error_shape(response, 400, "unparsable")
    assert not Registration.objects.exists()


def test_a_body_that_is_not_an_object_is_refused(client, alice):
    response = _post(client, "[1, 2]", token_for(alice, write=True))
    assert response.status_code in (400, 422)
    assert_error_shape(response, response.status_code, response.json()["error"]["code"])


def test_no_token_is_401(client):
    error = assert_error_shape(client.get(ME), 401, "not_authenticated")
    assert error["details"] == []


def test_a_wrong_scope_is_403(client, alice):
    error = assert_error_shape(
        _post(client, {"event": EventFactory().pk}, token_for(alice)), 403, "token_read_only"
    )
    assert error["message"] == lt("This token may only read: create a read-write one.")


def test_an_unknown_object_is_404(client, alice):
    assert_error_shape(client.get(f"{LIBRARIES}999999"), 404, "not_found")
    response = _post(client, {"event": 999999}, token_for(alice, write=True))
    assert_error_shape(response, 404, "not_found")


def test_an_unknown_field_is_422_naming_it_and_writes_nothing(client, alice):
    event = EventFactory()
    response = _post(client, {"event": event.pk, "seats": 5}, token_for(alice, write=True))
    error = assert_error_shape(response, 422, "invalid")
    assert [detail["field"] for detail in error["details"]] == ["seats"]
    assert not Registration.objects.exists()


def test_a_missing_and_a_mistyped_field_are_each_named(client, alice):
    header = token_for(alice, write=True)
    missing = assert_error_shape(_post(client, {}, header), 422, "invalid")
    assert [detail["field"] for detail in missing["details"]] == ["event"]
    mistyped = assert_error_shape(_post(client, {"event": "vienas"}, header), 422, "invalid")
    assert [detail["field"] for detail in mistyped["details"]] == ["event"]


def test_a_bad_query_parameter_is_422_naming_it(client):
    error = assert_error_shape(client.get(LIBRARIES, {"page": "antras"}), 422, "invalid")
    assert [detail["field"] for detail in error["details"]] == ["page"]


@override_settings(LRBA_API_ADDRESS_RATE="2/m")
def test_too_many_requests_is_429_with_retry_after(client):
    for _ in range(2):
        assert client.get(LIBRARIES).status_code == 200
    response = client.get(LIBRARIES)
    assert_error_shape(response, 429, "rate_limited")
    assert int(response["Retry-After"]) >= 1


def test_the_message_follows_accept_language(client, alice):
    token = AccessTokenFactory(user=alice, revoked_at="2026-01-01T00:00:00Z")
    english = client.get(
        ME, HTTP_AUTHORIZATION=f"Bearer {token.key}", HTTP_ACCEPT_LANGUAGE="en"
    ).json()["error"]
    assert english["message"] == "This access token has been revoked."
    lithuanian = client.get(ME, HTTP_AUTHORIZATION=f"Bearer {token.key}").json()["error"]
    assert lithuanian["code"] == english["code"] == "token_revoked"
    assert lithuanian["message"] == lt("This access token has been revoked.")


def test_an_unexpected_failure_is_500_in_the_same_shape_without_internals(
    client, monkeypatch, caplog
):
    from lrba.api.routers import directory

    def broken(**_kwargs):
        raise RuntimeError("database password is hunter2")

    monkeypatch.setattr(directory.selectors, "library_directory", broken)
    response = client.get(LIBRARIES)
    error = assert_error_shape(response, 500, "server_error")
    assert "hunter2" not in response.content.decode()
    assert error["details"] == []
