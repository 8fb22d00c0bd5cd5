"""Request ids, the request log, JSON lines, slow requests and slow database statements."""

import json
import logging
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.utils.module_loading import import_string

from config import urls as site_urls
from lrba.core.logfilters import RequestIdFilter

pytestmark = pytest.mark.django_db

SECRET = "ona.petraityte@example.lt"


@login_not_required
def sleepy_view(request: HttpRequest) -> HttpResponse:
    time.sleep(0.05)
    return HttpResponse("late")


@login_not_required
def query_view(request: HttpRequest) -> HttpResponse:
    # Slow on both databases: counts a few hundred thousand generated rows. The e-mail
    # address is a parameter, as a person's data is in a real statement.
    with connection.cursor() as cursor:
        cursor.execute(
            "WITH RECURSIVE numbers(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM numbers "
            "WHERE n < %s) SELECT COUNT(*) FROM numbers WHERE %s <> ''",
            [300_000, SECRET],
        )
        cursor.fetchone()
        cursor.execute("SELECT 1")
    return HttpResponse("counted")


# The site's own URLs stay (the middleware reverses some of them).
urlpatterns = [
    path("sleepy/", sleepy_view, name="sleepy"),
    path("query/", query_view, name="query"),
    *site_urls.urlpatterns,
]
handler404 = site_urls.handler404
handler500 = site_urls.handler500


@pytest.fixture
def test_views(settings: Any) -> None:
    settings.ROOT_URLCONF = __name__


class Lines(logging.Handler):
    """Formats every record as the console handler does in production (settings.LOGGING)."""

    def __init__(self, log_format: str) -> None:
        from django.conf import settings

        super().__init__()
        logging_config: dict[str, Any] = settings.LOGGING
        config = dict(logging_config["formatters"][log_format])
        factory = config.pop("()", None)
        if factory:
            self.setFormatter(import_string(factory)(**config))
        else:
            self.setFormatter(logging.Formatter(config["format"]))
        self.addFilter(RequestIdFilter(missing=None if log_format == "json" else "-"))
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def json_lines() -> Iterator[Lines]:
    yield from _installed(Lines("json"))


@pytest.fixture
def plain_lines() -> Iterator[Lines]:
    yield from _installed(Lines("plain"))


def _installed(handler: Lines) -> Iterator[Lines]:
    loggers = [logging.getLogger("lrba.request"), logging.getLogger("lrba.slow_query")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    yield handler
    for logger, level in zip(loggers, levels, strict=True):
        logger.removeHandler(handler)
        logger.setLevel(level)


# Request ids ---------------------------------------------------------------------------------


def test_every_response_carries_a_new_request_id(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]

    assert str(uuid.UUID(first)) == first
    assert first != second


def test_a_valid_incoming_request_id_is_kept(client):
    incoming = str(uuid.uuid4())

    assert client.get("/healthz", HTTP_X_REQUEST_ID=incoming)["X-Request-ID"] == incoming


@pytest.mark.parametrize(
    "incoming", ["abc", "1; DROP TABLE x", "x" * 200, "<script>alert(1)</script>"]
)
def test_an_incoming_request_id_that_is_not_a_uuid_is_replaced(client, incoming):
    answered = client.get("/healthz", HTTP_X_REQUEST_ID=incoming)["X-Request-ID"]

    assert answered != incoming
    assert str(uuid.UUID(answered)) == answered


# The request log -----------------------------------------------------------------------------


def test_the_request_log_is_one_json_line_with_the_request_id(client, json_lines):
    response = client.get("/bibliotekos/?q=" + SECRET)

    lines = [json.loads(line) for line in json_lines.lines]
    request_lines = [line for line in lines if line["logger"] == "lrba.request"]
    assert len(request_lines) == 1
    line = request_lines[0]
    assert line["request_id"] == response["X-Request-ID"]
    assert line["level"] == "INFO"
    assert (line["method"], line["path"], line["status"]) == ("GET", "/bibliotekos/", 200)
    assert line["duration_ms"] > 0
    assert line["view"] == "members:library_list"
    assert {"timestamp", "message"} <= set(line)
    assert SECRET not in json.dumps(lines)  # the query string is not logged


def test_the_plain_log_shows_the_request_id(client, plain_lines):
    response = client.get("/bibliotekos/")

    assert any(f"[{response['X-Request-ID']}]" in line for line in plain_lines.lines)
    assert any("GET /bibliotekos/ 200" in line for line in plain_lines.lines)


def test_successful_health_probes_stay_out_of_the_request_log(client, json_lines):
    client.get("/healthz")

    assert json_lines.lines == []


def test_json_lines_come_from_the_settings_when_asked_for():
    """The whole wiring: LRBA_LOG_FORMAT=json makes the console print JSON lines."""
    env = {**os.environ, "LRBA_LOG_FORMAT": "json", "DJANGO_SETTINGS_MODULE": "config.settings"}
    script = (
        "import django, logging; django.setup(); "
        "logging.getLogger('lrba.test').warning('Hello %s', 'there', extra={'n': 1})"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )

    assert done.returncode == 0, done.stderr
    line = json.loads(done.stderr.strip().splitlines()[-1])
    assert line["message"] == "Hello there"
    assert (line["level"], line["logger"], line["n"]) == ("WARNING", "lrba.test", 1)
    assert line["request_id"] is None
    assert line["timestamp"].startswith("20")


def test_an_unknown_log_format_stops_the_start():
    env = {**os.environ, "LRBA_LOG_FORMAT": "xml", "DJANGO_SETTINGS_MODULE": "config.settings"}
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert done.returncode != 0
    assert "LRBA_LOG_FORMAT='xml'" in done.stderr


# Slow requests and slow statements -----------------------------------------------------------


def test_a_slow_request_is_a_warning_with_its_view(client, settings, test_views, json_lines):
    settings.LRBA_SLOW_REQUEST_MS = 20

    client.get("/sleepy/")

    (line,) = [json.loads(line) for line in json_lines.lines]
    assert line["level"] == "WARNING"
    assert line["view"] == "sleepy"
    assert line["duration_ms"] >= 50
    assert line["message"].startswith("Slow request: GET /sleepy/ 200")


def test_a_request_within_the_limit_is_not_a_warning(client, settings, test_views, json_lines):
    settings.LRBA_SLOW_REQUEST_MS = 60_000

    client.get("/sleepy/")

    assert [json.loads(line)["level"] for line in json_lines.lines] == ["INFO"]


def test_a_slow_statement_is_logged_without_its_parameters(
    client, settings, test_views, json_lines
):
    settings.LRBA_SLOW_QUERY_MS = 5
    settings.LRBA_SLOW_REQUEST_MS = 0

    response = client.get("/query/")

    lines = [json.loads(line) for line in json_lines.lines]
    slow = [line for line in lines if line["logger"] == "lrba.slow_query"]
    assert len(slow) == 1  # SELECT 1 is quick
    (line,) = slow
    assert line["level"] == "WARNING"
    assert line["sql"].startswith("WITH RECURSIVE numbers(n)")
    assert line["view"] == "query"
    assert line["duration_ms"] >= 5
    assert line["request_id"] == response["X-Request-ID"]
    assert SECRET not in json.dumps(lines)
    assert "300000" not in json.dumps(lines)
    assert not connection.execute_wrappers  # removed when the request ended


def test_a_long_statement_is_cut_short(client, settings, json_lines):
    from lrba.core.middleware import SLOW_QUERY_SQL_CHARS, SlowQueryLogger

    request = HttpRequest()
    request.method = "GET"
    request.path = "/x/"
    statement = "SELECT " + ", ".join(f"'{n}' AS c{n}" for n in range(500))

    with (
        connection.execute_wrapper(SlowQueryLogger(request, "default", 0)),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)

    (line,) = [json.loads(line) for line in json_lines.lines]
    assert len(line["sql"]) == SLOW_QUERY_SQL_CHARS + 1
    assert line["sql"].endswith("…")


def test_slow_statement_logging_off_installs_nothing(client, settings, test_views, monkeypatch):
    settings.LRBA_SLOW_QUERY_MS = 0
    installed = []
    monkeypatch.setattr(
        "lrba.core.middleware.SlowQueryLogger", lambda *args: installed.append(args)
    )

    client.get("/query/")

    assert installed == []
