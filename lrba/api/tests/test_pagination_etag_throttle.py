"""What every list and answer of the API shares: strict paging with next/previous
addresses, conditional GET (ETag → 304), and rate limits per token and per client address
(the address as lrba.core.http.client_ip reports it, so a forged X-Forwarded-For from an
untrusted client changes nothing)."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import override_settings

from lrba.api.tests.factories import AccessTokenFactory
from lrba.members.tests.factories import LibraryFactory, MembershipFactory

pytestmark = pytest.mark.django_db

LIBRARIES = "/api/v1/libraries/"
ME = "/api/v1/me/"


@pytest.fixture
def three_members():
    names = ["Akmenės biblioteka", "Biržų biblioteka", "Šiaulių biblioteka"]
    return [MembershipFactory(library=LibraryFactory(name=name)).library for name in names]


def _page_of(url: str | None) -> int | None:
    if url is None:
        return None
    return int(parse_qs(urlsplit(url).query)["page"][0])


# Pagination ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"page_size": 101}, "page_size"),
        ({"page_size": 0}, "page_size"),
        ({"page_size": "daug"}, "page_size"),
        ({"page": 0}, "page"),
        ({"page": -3}, "page"),
    ],
)
def test_a_page_out_of_bounds_is_refused_not_changed(client, query, field):
    response = client.get(LIBRARIES, query)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert [detail["field"] for detail in error["details"]] == [field]


def test_the_largest_page_is_allowed(client, three_members):
    response = client.get(LIBRARIES, {"page_size": 100})
    assert response.status_code == 200
    assert response.json()["page_size"] == 100


def test_pages_link_to_each_other_and_keep_the_filters(client, three_members):
    first = client.get(LIBRARIES, {"page_size": 2, "q": "biblioteka"}).json()
    assert (first["count"], first["page"], first["page_size"], first["pages"]) == (3, 1, 2, 2)
    assert len(first["items"]) == 2
    assert first["previous"] is None
    assert _page_of(first["next"]) == 2
    assert parse_qs(urlsplit(first["next"]).query)["q"] == ["biblioteka"]
    assert first["next"].startswith("http://testserver/api/v1/libraries/")

    second = client.get(first["next"]).json()
    assert second["page"] == 2
    assert len(second["items"]) == 1
    assert second["next"] is None
    assert _page_of(second["previous"]) == 1
    names = [item["name"] for item in first["items"] + second["items"]]
    assert names == ["Akmenės biblioteka", "Biržų biblioteka", "Šiaulių biblioteka"]


def test_a_page_past_the_end_is_empty_with_the_true_count(client, three_members):
    body = client.get(LIBRARIES, {"page": 7, "page_size": 2}).json()
    assert body["items"] == []
    assert body["count"] == 3
    assert body["next"] is None
    assert _page_of(body["previous"]) == 2  # back to the last page there is


# Conditional GET ----------------------------------------------------------------------


def test_an_unchanged_answer_is_304_without_a_body(client, three_members):
    first = client.get(LIBRARIES)
    etag = first["ETag"]
    assert etag
    again = client.get(LIBRARIES, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag


def test_a_changed_answer_gets_a_new_etag(client, three_members):
    etag = client.get(LIBRARIES)["ETag"]
    MembershipFactory(library=LibraryFactory(name="Zarasų biblioteka"))
    changed = client.get(LIBRARIES, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_a_stale_etag_gets_the_full_answer(client, three_members):
    response = client.get(LIBRARIES, HTTP_IF_NONE_MATCH='"not-the-etag"')
    assert response.status_code == 200
    assert response.json()["count"] == 3


def test_personal_answers_are_private_and_vary_by_token(client, alice):
    token = AccessTokenFactory(user=alice)
    response = client.get(ME, HTTP_AUTHORIZATION=f"Bearer {token.key}")
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "Authorization" in response["Vary"]
    assert response["ETag"]
    again = client.get(
        ME, HTTP_AUTHORIZATION=f"Bearer {token.key}", HTTP_IF_NONE_MATCH=response["ETag"]
    )
    assert again.status_code == 304


def test_an_error_is_never_answered_304(client):
    # Even a client sending back what it got with the error gets the error again.
    first = client.get(ME)
    assert first.status_code == 401
    again = client.get(ME, HTTP_IF_NONE_MATCH=first.get("ETag", '"x"'))
    assert again.status_code == 401
    assert again.json()["error"]["code"] == "not_authenticated"


# Rate limits --------------------------------------------------------------------------


@override_settings(LRBA_API_TOKEN_RATE="3/m", LRBA_API_ADDRESS_RATE="1000/m")
def test_a_token_is_limited_and_another_token_is_not(client, alice, bob):
    mine = AccessTokenFactory(user=alice)
    other = AccessTokenFactory(user=bob)
    for _ in range(3):
        assert client.get(ME, HTTP_AUTHORIZATION=f"Bearer {mine.key}").status_code == 200
    limited = client.get(ME, HTTP_AUTHORIZATION=f"Bearer {mine.key}")
    assert limited.status_code == 429
    assert limited.json()["error"]["code"] == "rate_limited"
    assert 1 <= int(limited["Retry-After"]) <= 60
    # From the same address, another token still gets through.
    assert client.get(ME, HTTP_AUTHORIZATION=f"Bearer {other.key}").status_code == 200


@override_settings(LRBA_API_TOKEN_RATE="1000/m", LRBA_API_ADDRESS_RATE="3/m")
def test_an_address_is_limited_and_another_address_is_not(client):
    for _ in range(3):
        assert client.get(LIBRARIES, REMOTE_ADDR="198.51.100.7").status_code == 200
    limited = client.get(LIBRARIES, REMOTE_ADDR="198.51.100.7")
    assert limited.status_code == 429
    assert limited["Retry-After"]
    assert client.get(LIBRARIES, REMOTE_ADDR="198.51.100.8").status_code == 200


@override_settings(LRBA_API_TOKEN_RATE="1000/m", LRBA_API_ADDRESS_RATE="3/m")
def test_signed_requests_count_against_the_address_too(client, alice):
    # A caller cannot escape the address limit by making tokens.
    for _ in range(3):
        token = AccessTokenFactory(user=alice)
        response = client.get(ME, HTTP_AUTHORIZATION=f"Bearer {token.key}", REMOTE_ADDR="1.2.3.4")
        assert response.status_code == 200
    token = AccessTokenFactory(user=alice)
    response = client.get(ME, HTTP_AUTHORIZATION=f"Bearer {token.key}", REMOTE_ADDR="1.2.3.4")
    assert response.status_code == 429


@override_settings(
    LRBA_API_TOKEN_RATE="1000/m",
    LRBA_API_ADDRESS_RATE="3/m",
    LRBA_TRUSTED_PROXIES=["127.0.0.1/32"],
)
def test_a_forged_forwarded_for_from_an_untrusted_client_changes_nothing(client):
    outsider = "203.0.113.9"
    for number in range(3):
        response = client.get(
            LIBRARIES, REMOTE_ADDR=outsider, HTTP_X_FORWARDED_FOR=f"10.0.0.{number}"
        )
        assert response.status_code == 200
    forged = client.get(LIBRARIES, REMOTE_ADDR=outsider, HTTP_X_FORWARDED_FOR="10.0.0.99")
    assert forged.status_code == 429


@override_settings(
    LRBA_API_TOKEN_RATE="1000/m",
    LRBA_API_ADDRESS_RATE="3/m",
    LRBA_TRUSTED_PROXIES=["127.0.0.1/32"],
)
def test_behind_the_trusted_proxy_each_client_is_counted_apart(client):
    for _ in range(3):
        response = client.get(
            LIBRARIES, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1"
        )
        assert response.status_code == 200
    assert (
        client.get(
            LIBRARIES, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1"
        ).status_code
        == 429
    )
    # Another client behind the same proxy has its own count, and the proxy is not one.
    response = client.get(LIBRARIES, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert response.status_code == 200
