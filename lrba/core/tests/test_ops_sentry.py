"""Error reporting to Sentry: off without SENTRY_DSN; with it, an error in a view is
reported without cookies, tokens or the request's body."""

import json
from collections.abc import Iterator
from typing import Any

import pytest
import sentry_sdk
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ImproperlyConfigured
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from sentry_sdk.envelope import Envelope
from sentry_sdk.transport import Transport

from config import urls as site_urls
from lrba.core import sentry

pytestmark = pytest.mark.django_db

TOKEN = "lrba_secret-token-value"
SESSION = "session-cookie-value"
PASSWORD = "hunter2-password"


@csrf_exempt
@login_not_required
def broken_view(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("the view broke")


urlpatterns = [path("broken/", broken_view, name="broken"), *site_urls.urlpatterns]
handler404 = site_urls.handler404
handler500 = site_urls.handler500


class RecordingTransport(Transport):
    """Keeps what would be sent to Sentry, sends nothing."""

    def __init__(self, options: dict[str, Any] | None = None) -> None:
        super().__init__(options)
        self.envelopes: list[Envelope] = []

    def capture_envelope(self, envelope: Envelope) -> None:
        self.envelopes.append(envelope)

    def events(self) -> list[dict[str, Any]]:
        return [
            item.payload.json
            for envelope in self.envelopes
            for item in envelope.items
            if item.type == "event" and item.payload.json
        ]


@pytest.fixture
def recorded(settings: Any) -> Iterator[RecordingTransport]:
    settings.ROOT_URLCONF = __name__
    transport = RecordingTransport()
    sentry.sentry_init(
        dsn="https://public@sentry.example.invalid/1",
        environment="testing",
        traces_sample_rate=0.0,
        transport=transport,
    )
    yield transport
    # Back to no client at all: nothing is recorded or sent by the tests that follow.
    sentry_sdk.get_global_scope().set_client(None)
    sentry_sdk.get_isolation_scope().set_client(None)
    sentry_sdk.get_current_scope().set_client(None)


def test_without_a_dsn_nothing_is_started(monkeypatch):
    def must_not_run(**options: Any) -> None:
        raise AssertionError("sentry_sdk.init called without a DSN")

    monkeypatch.setattr(sentry.sentry_sdk, "init", must_not_run)

    assert sentry.sentry_init_from_environment({}) is False
    assert sentry.sentry_init_from_environment({"SENTRY_DSN": "  "}) is False


def test_the_test_run_itself_reports_nothing():
    """The settings started no Sentry client (no SENTRY_DSN here)."""
    from django.conf import settings

    assert settings.LRBA_SENTRY is False
    assert not sentry_sdk.get_client().is_active()


def test_a_dsn_starts_sentry_with_the_environments_settings(monkeypatch):
    started: dict[str, Any] = {}
    monkeypatch.setattr(sentry.sentry_sdk, "init", lambda **options: started.update(options))

    assert sentry.sentry_init_from_environment(
        {
            "SENTRY_DSN": "https://public@sentry.example.invalid/1",
            "LRBA_SENTRY_ENVIRONMENT": "staging",
            "LRBA_SENTRY_TRACES_RATE": "0.25",
        }
    )

    assert started["environment"] == "staging"
    assert started["traces_sample_rate"] == 0.25
    assert started["send_default_pii"] is False
    assert started["include_local_variables"] is False
    assert started["max_request_body_size"] == "never"
    assert started["release"] == f"lrba@{sentry.app_version()}"
    assert started["before_send"] is sentry.event_strip


def test_the_trace_rate_defaults_to_none_traced(monkeypatch):
    started: dict[str, Any] = {}
    monkeypatch.setattr(sentry.sentry_sdk, "init", lambda **options: started.update(options))

    sentry.sentry_init_from_environment({"SENTRY_DSN": "https://public@sentry.example.invalid/1"})

    assert started["traces_sample_rate"] == 0.0
    assert started["environment"] == "production"


@pytest.mark.parametrize("rate", ["lots", "1.5", "-0.1"])
def test_a_trace_rate_that_is_not_a_share_stops_the_start(rate):
    with pytest.raises(ImproperlyConfigured, match="LRBA_SENTRY_TRACES_RATE"):
        sentry.sentry_init_from_environment(
            {
                "SENTRY_DSN": "https://public@sentry.example.invalid/1",
                "LRBA_SENTRY_TRACES_RATE": rate,
            }
        )


def _wsgi_call(request: HttpRequest) -> str:
    """Run the request through Django's WSGI handler, as gunicorn does: Sentry's Django
    integration reads the request's address and headers there (the test client skips
    it). Connections are not closed at the request's end, as the test client does, so the
    test's transaction survives."""
    statuses: list[str] = []
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        body = WSGIHandler()(request.environ, lambda status, headers: statuses.append(status))
        b"".join(body)
        body.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return statuses[0]


def test_an_error_in_a_view_is_reported_without_secrets(recorded):
    request = RequestFactory().post(
        "/broken/?page=2",
        {"password": PASSWORD},
        HTTP_AUTHORIZATION=f"Bearer {TOKEN}",
        HTTP_COOKIE=f"sessionid={SESSION}; csrftoken=csrf-token-value",
        HTTP_X_CSRFTOKEN="csrf-token-value",
        HTTP_USER_AGENT="probe/1.0",
    )

    status = _wsgi_call(request)
    sentry_sdk.flush()

    assert status.startswith("500")
    (event,) = recorded.events()
    (exception,) = event["exception"]["values"]
    assert (exception["type"], exception["value"]) == ("RuntimeError", "the view broke")
    assert event["environment"] == "testing"
    assert event["release"] == f"lrba@{sentry.app_version()}"
    reported = event["request"]
    assert reported["url"].endswith("/broken/")
    assert reported["method"] == "POST"
    assert reported["headers"]["User-Agent"] == "probe/1.0"  # headers stay, but not these:
    assert {name.lower() for name in reported["headers"]}.isdisjoint(
        {"authorization", "cookie", "x-csrftoken"}
    )
    assert "cookies" not in reported
    assert "data" not in reported
    text = json.dumps(event)
    for secret in (TOKEN, SESSION, PASSWORD, "csrf-token-value"):
        assert secret not in text


def test_event_strip_removes_cookies_secret_headers_and_the_body():
    event = {
        "request": {
            "url": "https://lrba.lt/x/",
            "cookies": {"sessionid": SESSION},
            "data": {"password": PASSWORD},
            "headers": {
                "Authorization": f"Bearer {TOKEN}",
                "Cookie": f"sessionid={SESSION}",
                "Proxy-Authorization": "Basic eA==",
                "Accept": "text/html",
            },
        }
    }

    stripped = sentry.event_strip(event)

    assert stripped["request"] == {"url": "https://lrba.lt/x/", "headers": {"Accept": "text/html"}}


def test_an_event_without_a_request_passes_unchanged():
    event = {"message": "from the task worker"}

    assert sentry.event_strip(event) == {"message": "from the task worker"}
