"""Core middleware: the site's own 404 page in development, and the request and
slow-query log (see RequestLogMiddleware below).

Development: a missing page shows the site's own 404 page even with DEBUG on.

With DEBUG on, Django answers a missing page with its technical page (every URL pattern
of the project), which is not what a visitor sees and not what someone trying the site
out expects. This middleware answers with the project's handler404 instead, unless
LRBA_DEBUG_404 asks for Django's page (`make run DEBUG=1`). With DEBUG off Django does
so itself and this does nothing.
"""

import logging
import time
from collections.abc import Callable
from contextlib import ExitStack
from typing import Any

from django.conf import settings
from django.db import connections
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import Resolver404, get_resolver, get_urlconf, resolve


class SitePageNotFoundMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._active():
            # An address that matches no pattern never reaches a view (nor
            # process_exception): resolve it here first. CommonMiddleware, above this
            # one, still turns the 404 into a redirect when only the slash is missing.
            try:
                resolve(request.path_info, getattr(request, "urlconf", None))
            except Resolver404 as exception:
                return self._site_page(request, exception)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if self._active() and isinstance(exception, Http404):
            return self._site_page(request, exception)
        return None

    @staticmethod
    def _active() -> bool:
        return settings.DEBUG and not settings.LRBA_DEBUG_404

    @staticmethod
    def _site_page(request: HttpRequest, exception: Exception) -> HttpResponse:
        resolver = get_resolver(get_urlconf())
        handler: Callable[..., HttpResponse] = resolver.resolve_error_handler(404)
        return handler(request, exception)


# Operations (docs/deploy.md "Operations"): one line per request, slow requests and slow
# database statements. The request id on each line comes from django-guid's middleware,
# which comes first in settings.MIDDLEWARE, and lrba.core.logfilters.RequestIdFilter.
request_logger = logging.getLogger("lrba.request")
slow_query_logger = logging.getLogger("lrba.slow_query")
# A statement is cut to this many characters in the log.
SLOW_QUERY_SQL_CHARS = 1000
# Load balancers ask every few seconds; their answers are logged only when not "ok".
QUIET_PATHS = ("/healthz",)


def _view_name(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match is not None else "-"


class SlowQueryLogger:
    """A database execute wrapper (`connection.execute_wrapper`) logging, at WARNING,
    every statement slower than `threshold_ms`: its time, the view and the statement,
    cut short, WITHOUT its parameters — they hold the names, addresses and e-mails the
    statement reads or writes, which have no place in a log. Django's SQL keeps the
    values out of the statement text (placeholders), so the text itself is safe to log.
    """

    def __init__(self, request: HttpRequest, alias: str, threshold_ms: int) -> None:
        self.request = request
        self.alias = alias
        self.threshold_ms = threshold_ms

    def __call__(
        self,
        execute: Callable[..., Any],
        sql: str,
        params: Any,
        many: bool,
        context: dict[str, Any],
    ) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            duration_ms = (time.perf_counter() - started) * 1000
            if duration_ms >= self.threshold_ms:
                self._log(str(sql), duration_ms, many)

    def _log(self, sql: str, duration_ms: float, many: bool) -> None:
        statement = " ".join(sql.split())
        if len(statement) > SLOW_QUERY_SQL_CHARS:
            statement = statement[:SLOW_QUERY_SQL_CHARS] + "…"
        view = _view_name(self.request)
        slow_query_logger.warning(
            "Slow query: %.0f ms in %s: %s",
            duration_ms,
            view,
            statement,
            extra={
                "duration_ms": round(duration_ms, 1),
                "view": view,
                "database": self.alias,
                "sql": statement,
                "many": many,
                "method": self.request.method,
                "path": self.request.path,
            },
        )


class RequestLogMiddleware:
    """Logs each request (method, path, status, duration, view) at INFO on `lrba.request`
    and a request slower than LRBA_SLOW_REQUEST_MS at WARNING, and installs the slow-query
    logger on every database connection for the request's duration (LRBA_SLOW_QUERY_MS).
    A threshold of 0 turns that logging off.

    Second in MIDDLEWARE, right after the request id: its time covers every other
    middleware and it sees the status the visitor gets. Only the path is logged, never the
    query string (searches hold names). Time spent streaming a response's body after the
    view returned is not counted.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        slow_query_ms = settings.LRBA_SLOW_QUERY_MS
        with ExitStack() as wrappers:
            if slow_query_ms > 0:
                for connection in connections.all():
                    wrappers.enter_context(
                        connection.execute_wrapper(
                            SlowQueryLogger(request, connection.alias, slow_query_ms)
                        )
                    )
            response = self.get_response(request)
        duration_ms = (time.perf_counter() - started) * 1000
        self._log(request, response, duration_ms)
        return response

    @staticmethod
    def _log(request: HttpRequest, response: HttpResponse, duration_ms: float) -> None:
        view = _view_name(request)
        fields = {
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "duration_ms": round(duration_ms, 1),
            "view": view,
        }
        slow_request_ms = settings.LRBA_SLOW_REQUEST_MS
        if slow_request_ms > 0 and duration_ms >= slow_request_ms:
            request_logger.warning(
                "Slow request: %s %s %s %.0f ms in %s",
                request.method,
                request.path,
                response.status_code,
                duration_ms,
                view,
                extra=fields,
            )
        elif not (request.path in QUIET_PATHS and response.status_code == 200):
            request_logger.info(
                "%s %s %s %.0f ms",
                request.method,
                request.path,
                response.status_code,
                duration_ms,
                extra=fields,
            )
