"""The client's address behind a reverse proxy: trusted proxies only, forged headers ignored."""

import pytest
from django.test import RequestFactory

from lrba.core.http import client_ip

PROXY = "10.0.0.5"


def request_from(remote_addr: str, forwarded_for: str | None = None):
    headers = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return RequestFactory().get("/", **headers)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.LRBA_TRUSTED_PROXIES = []
    assert client_ip(request_from("198.51.100.7", "203.0.113.9")) == "198.51.100.7"


def test_a_header_forged_by_a_client_that_is_not_a_proxy_is_ignored(settings):
    settings.LRBA_TRUSTED_PROXIES = [PROXY]
    assert client_ip(request_from("198.51.100.7", "203.0.113.9")) == "198.51.100.7"


def test_a_trusted_proxy_is_believed(settings):
    settings.LRBA_TRUSTED_PROXIES = [PROXY]
    assert client_ip(request_from(PROXY, "203.0.113.9")) == "203.0.113.9"


def test_trusted_proxies_may_be_given_as_networks(settings):
    settings.LRBA_TRUSTED_PROXIES = ["10.0.0.0/8", "2001:db8::/32"]
    assert client_ip(request_from("10.20.30.40", "203.0.113.9")) == "203.0.113.9"
    assert client_ip(request_from("2001:db8::1", "2001:db8:ffff::1, 203.0.113.9")) == (
        "203.0.113.9"
    )


def test_a_chain_is_read_back_to_the_right_most_untrusted_address(settings):
    # The client put "1.2.3.4" in its own header; the proxy appended the real address.
    settings.LRBA_TRUSTED_PROXIES = [PROXY, "10.0.0.6"]
    request = request_from(PROXY, "1.2.3.4, 203.0.113.9, 10.0.0.6")
    assert client_ip(request) == "203.0.113.9"


def test_a_chain_of_only_trusted_proxies_gives_the_first_of_them(settings):
    settings.LRBA_TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_ip(request_from(PROXY, "10.1.1.1, 10.2.2.2")) == "10.1.1.1"


def test_a_trusted_proxy_without_the_header_is_the_client(settings):
    settings.LRBA_TRUSTED_PROXIES = [PROXY]
    assert client_ip(request_from(PROXY)) == PROXY


@pytest.mark.parametrize("garbage", ["unknown", "", "<script>", "203.0.113.9:443"])
def test_an_entry_that_is_not_an_address_stops_the_walk(settings, garbage):
    settings.LRBA_TRUSTED_PROXIES = [PROXY]
    assert client_ip(request_from(PROXY, f"1.2.3.4, {garbage}")) == PROXY


def test_a_missing_remote_address_gives_an_empty_answer(settings):
    assert client_ip(request_from("")) == ""


# The throttles and the lockouts use the same answer ------------------------------------------


@pytest.mark.django_db
def test_a_forged_header_does_not_escape_a_throttle(client, settings):
    settings.LRBA_TRUSTED_PROXIES = [PROXY]
    settings.LRBA_VERIFICATION_RATE = "2/m"
    statuses = [
        client.get(
            "/pazymejimai/ABCDEFGHJK/",
            REMOTE_ADDR="198.51.100.7",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        ).status_code
        for n in range(3)
    ]
    assert statuses == [404, 404, 429]


@pytest.mark.django_db
def test_clients_behind_a_trusted_proxy_are_throttled_apart(client, settings):
    settings.LRBA_TRUSTED_PROXIES = [PROXY]
    settings.LRBA_VERIFICATION_RATE = "2/m"

    def lookup(address: str) -> int:
        return client.get(
            "/pazymejimai/ABCDEFGHJK/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address
        ).status_code

    assert [lookup("203.0.113.1") for _ in range(3)] == [404, 404, 429]
    assert lookup("203.0.113.2") == 404


def test_a_request_without_an_address_is_counted_not_failed(rf):
    from django_ratelimit.core import is_ratelimited

    request = rf.get("/")
    request.META["REMOTE_ADDR"] = ""
    assert not is_ratelimited(request, group="t", key="ip", rate="5/m", increment=True)
