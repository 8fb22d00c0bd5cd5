"""/healthz: is this server able to serve? For load balancers, uptime monitors and
`make prod-smoke`.

It answers JSON: the database (a `SELECT 1`), the shared cache (a key written, read back
and deleted) and the task queue's lag (how long the oldest task that is due has waited for
a worker). A broken database or cache answers 503 with "fail", so a load balancer takes
the server out; a lagging queue is "degraded" with 200, since the pages still work and
only background work (e-mails, PDFs) is late. Nothing in the answer says what runs where:
no versions, host names, addresses or error texts (those go to the log).

Probes come every few seconds from machines without cookies: the view is public, sets
no cookie, never touches the session, the sign-in or a throttle, and no cache may keep
its answer.
"""

import logging
import time
import uuid
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Min
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger("lrba.health")

OK, DEGRADED, FAIL = "ok", "degraded", "fail"


def _elapsed_ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)


def database_check() -> dict[str, Any]:
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("Health check: the database does not answer")
        return {"ok": False, "ms": _elapsed_ms(started)}
    return {"ok": True, "ms": _elapsed_ms(started)}


def cache_check() -> dict[str, Any]:
    """Write, read back and delete a key of its own in the default (shared) cache."""
    key = f"lrba-healthz:{uuid.uuid4().hex}"
    value = uuid.uuid4().hex
    started = time.perf_counter()
    try:
        cache.set(key, value, timeout=30)
        ok = cache.get(key) == value
        cache.delete(key)
    except Exception:
        logger.exception("Health check: the cache does not answer")
        ok = False
    if not ok:
        logger.error("Health check: the cache did not give back the value written")
    return {"ok": ok, "ms": _elapsed_ms(started)}


def tasks_check(*, now: datetime | None = None) -> dict[str, Any]:
    """How many tasks are due and how long the oldest of them has waited for a worker.

    A task is due from when it was enqueued, or from its `run_after` when it was
    scheduled for later (django-tasks-db stores "no run_after" as the year 9999), so a
    task scheduled for tomorrow does not count as waiting. Uses the queue's partial index
    on READY tasks.
    """
    # Imported here: lrba.core.urls, which routes to this view, is imported by modules
    # that load before the apps are ready (the models of django-tasks-db need them).
    from django_tasks_db.models import DBTaskResult, get_date_max

    now = now or timezone.now()
    due = DBTaskResult.objects.ready()
    unscheduled = due.filter(run_after=get_date_max()).aggregate(
        count=Count("pk"), since=Min("enqueued_at")
    )
    scheduled = due.exclude(run_after=get_date_max()).aggregate(
        count=Count("pk"), since=Min("run_after")
    )
    waiting_since = [when for when in (unscheduled["since"], scheduled["since"]) if when]
    age = (now - min(waiting_since)).total_seconds() if waiting_since else None
    max_lag = timedelta(seconds=settings.LRBA_HEALTH_MAX_TASK_LAG).total_seconds()
    return {
        "ok": age is None or age <= max_lag,
        "queued": unscheduled["count"] + scheduled["count"],
        "oldest_ready_age_seconds": None if age is None else round(max(age, 0.0), 1),
    }


def health_report() -> tuple[str, dict[str, Any]]:
    """The overall status and each check's result."""
    database = database_check()
    cache_result = cache_check()
    if database["ok"]:
        try:
            tasks = tasks_check()
        except Exception:
            logger.exception("Health check: the task queue cannot be read")
            tasks = {"ok": False, "queued": None, "oldest_ready_age_seconds": None}
    else:
        tasks = {"ok": False, "queued": None, "oldest_ready_age_seconds": None}
    if not (database["ok"] and cache_result["ok"]):
        status = FAIL
    elif not tasks["ok"]:
        status = DEGRADED
    else:
        status = OK
    return status, {"database": database, "cache": cache_result, "tasks": tasks}


@login_not_required
@require_safe
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    status, checks = health_report()
    return JsonResponse({"status": status, "checks": checks}, status=503 if status == FAIL else 200)
