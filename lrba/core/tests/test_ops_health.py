"""/healthz: the database, the shared cache and the task queue's lag, for load balancers."""

import json
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from lrba.core import health

pytestmark = pytest.mark.django_db

URL = "/healthz"


def _task(*, waiting: timedelta, run_after: timedelta | None = None) -> DBTaskResult:
    """A READY task enqueued `waiting` ago, due `run_after` from now (None: at once)."""
    now = timezone.now()
    task = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="lrba.core.tests.no_such_task",
        backend_name="default",
        run_after=get_date_max() if run_after is None else now + run_after,
    )
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=now - waiting)
    return task


def _answer(client) -> tuple[int, dict]:
    response = client.get(URL)
    assert response["Content-Type"] == "application/json"
    return response.status_code, json.loads(response.content)


def test_the_health_check_lives_at_the_site_root():
    assert reverse("core:healthz") == URL


def test_a_healthy_site_answers_ok_with_each_check(client):
    status, body = _answer(client)

    assert status == 200
    assert body["status"] == "ok"
    checks = body["checks"]
    assert set(checks) == {"database", "cache", "tasks"}
    assert checks["database"]["ok"] is True and checks["database"]["ms"] >= 0
    assert checks["cache"]["ok"] is True and checks["cache"]["ms"] >= 0
    assert checks["tasks"] == {"ok": True, "queued": 0, "oldest_ready_age_seconds": None}


def test_the_answer_names_nothing_about_the_machine(client, settings):
    """Only the statuses and timings: no versions, host names, paths or settings."""
    response = client.get(URL)
    body = json.loads(response.content)

    assert set(body) == {"status", "checks"}
    assert set(body["checks"]["database"]) == {"ok", "ms"}
    assert set(body["checks"]["cache"]) == {"ok", "ms"}
    assert set(body["checks"]["tasks"]) == {"ok", "queued", "oldest_ready_age_seconds"}
    text = response.content.decode()
    for secret in ("sqlite", "postgres", "redis", "127.0.0.1", "version", str(settings.BASE_DIR)):
        assert secret not in text.lower()


def test_a_probe_gets_no_cookie_no_session_and_nothing_cached(client):
    response = client.get(URL)

    assert response.status_code == 200  # not sent to the sign-in page
    assert not response.cookies
    assert Session.objects.count() == 0
    assert "no-store" in response["Cache-Control"]


def test_the_health_check_is_not_throttled(client):
    for _ in range(60):
        assert client.get(URL).status_code == 200


def test_head_is_answered_and_writes_are_refused(client):
    assert client.head(URL).status_code == 200
    assert client.post(URL).status_code == 405


def test_a_lagging_task_queue_is_degraded_but_still_serves(client, settings):
    settings.LRBA_HEALTH_MAX_TASK_LAG = 300
    _task(waiting=timedelta(minutes=10))
    _task(waiting=timedelta(minutes=1))

    status, body = _answer(client)

    assert status == 200
    assert body["status"] == "degraded"
    tasks = body["checks"]["tasks"]
    assert tasks["ok"] is False
    assert tasks["queued"] == 2
    assert 590 <= tasks["oldest_ready_age_seconds"] <= 700


def test_a_queue_within_the_allowed_lag_is_ok(client, settings):
    settings.LRBA_HEALTH_MAX_TASK_LAG = 900
    _task(waiting=timedelta(minutes=10))

    status, body = _answer(client)

    assert (status, body["status"]) == (200, "ok")
    assert body["checks"]["tasks"]["queued"] == 1


def test_a_task_scheduled_for_later_is_not_waiting(client, settings):
    settings.LRBA_HEALTH_MAX_TASK_LAG = 300
    _task(waiting=timedelta(days=1), run_after=timedelta(hours=1))

    status, body = _answer(client)

    assert body["status"] == "ok"
    assert body["checks"]["tasks"] == {"ok": True, "queued": 0, "oldest_ready_age_seconds": None}


def test_a_scheduled_task_waits_from_when_it_became_due_not_from_when_it_was_enqueued():
    _task(waiting=timedelta(days=2), run_after=-timedelta(minutes=2))

    tasks = health.tasks_check()

    assert tasks["queued"] == 1
    assert 110 <= tasks["oldest_ready_age_seconds"] <= 200


def test_tasks_already_run_or_running_do_not_count():
    for status in ("RUNNING", "SUCCESSFUL", "FAILED"):
        task = _task(waiting=timedelta(hours=1))
        DBTaskResult.objects.filter(pk=task.pk).update(status=status)

    assert health.tasks_check() == {"ok": True, "queued": 0, "oldest_ready_age_seconds": None}


def test_an_unreachable_cache_fails_with_503(client, settings):
    # Nothing listens on port 1: every cache call is refused at once.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }

    status, body = _answer(client)

    assert status == 503
    assert body["status"] == "fail"
    assert body["checks"]["cache"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True


def test_a_database_that_does_not_answer_fails_with_503(client, monkeypatch):
    class DeadConnection:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr(health, "connection", DeadConnection())

    status, body = _answer(client)

    assert status == 503
    assert body["status"] == "fail"
    assert body["checks"]["database"]["ok"] is False
    assert body["checks"]["tasks"]["ok"] is False
    assert "refused" not in json.dumps(body)  # the error text goes to the log only


def test_a_task_table_that_cannot_be_read_is_degraded(client, monkeypatch):
    def unreadable(**kwargs):
        raise OperationalError("no such table")

    monkeypatch.setattr(health, "tasks_check", unreadable)

    status, body = _answer(client)

    assert (status, body["status"]) == (200, "degraded")
    assert body["checks"]["tasks"] == {
        "ok": False,
        "queued": None,
        "oldest_ready_age_seconds": None,
    }


def test_a_probe_over_plain_http_is_not_sent_to_https(client, settings):
    """Behind DJANGO_SECURE=1 a load balancer may ask gunicorn directly, without TLS."""
    settings.SECURE_SSL_REDIRECT = True

    assert client.get(URL).status_code == 200
    assert client.get("/bibliotekos/").status_code == 301
