"""The API's one error shape, for every refusal and failure.

Every error answers `{"error": {"code": …, "message": …, "details": […]}}`: `code` is a
stable English word programs test (`not_authenticated`, `token_expired`, `forbidden`,
`not_found`, `invalid`, `unparsable`, `conflict`, `rate_limited`, `server_error`, …),
`message` is for people, in the language the request asks for (`Accept-Language`, Lithuanian
by default), and `details` lists what was wrong field by field where that applies. Services
refuse with Django's `ValidationError`; endpoints pass it on and it becomes 422 here, with the
same message the page would show.
"""

import logging
import math
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

logger = logging.getLogger("lrba.api")


class ErrorDetail(Schema):
    field: str = ""
    message: str


class ErrorBody(Schema):
    code: str
    message: str
    details: list[ErrorDetail] = []


class ErrorOut(Schema):
    error: ErrorBody


class ApiError(Exception):
    """A refusal an endpoint raises: status, stable code and a translated message."""

    def __init__(
        self, status: int, code: str, message: str, details: list[dict[str, str]] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details or []


# The statuses the OpenAPI schema documents on every operation besides its own answers
# (lrba.api.api.LrbaNinjaAPI.get_openapi_schema), so each error a client meets is described.
DOCUMENTED_ERRORS = {
    400: "The request could not be read.",
    401: "No token, or a token that is unknown, revoked or expired.",
    403: "The token may not do this.",
    404: "No such object, or not one the token may see.",
    422: "The request's parameters or body are not valid.",
    429: "Too many requests; wait as long as Retry-After says.",
}


def error_response(
    api: NinjaAPI,
    request: HttpRequest,
    status: int,
    code: str,
    message: str,
    details: list[dict[str, str]] | None = None,
) -> HttpResponse:
    body = {"error": {"code": code, "message": message, "details": details or []}}
    return api.create_response(request, body, status=status)


def _field_of(location: Any) -> str:
    parts = [str(part) for part in location if part not in ("body", "query", "path", "payload")]
    return ".".join(parts)


def _validation_details(errors: list[dict[str, Any]]) -> list[dict[str, str]]:
    details = []
    for error in errors:
        kind = error.get("type", "")
        if kind == "extra_forbidden":
            message = _("This field is not known.")
        elif kind == "missing":
            message = _("This field is required.")
        else:
            message = str(error.get("msg", _("This value is not valid.")))
        details.append({"field": _field_of(error.get("loc", ())), "message": message})
    return details


def _django_validation_details(exc: DjangoValidationError) -> tuple[str, list[dict[str, str]]]:
    if hasattr(exc, "error_dict"):
        details = [
            {"field": "" if field == "__all__" else field, "message": message}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    else:
        details = [{"field": "", "message": message} for message in exc.messages]
    return (details[0]["message"] if details else _("The request was refused.")), details


def exception_handlers_install(api: NinjaAPI) -> None:
    """Replace django-ninja's default handlers by ones answering in the one shape."""

    def on_api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return error_response(api, request, exc.status, exc.code, exc.message, exc.details)

    def on_validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        return error_response(
            api,
            request,
            422,
            "invalid",
            _("The request is not valid."),
            _validation_details(list(exc.errors)),
        )

    def on_service_refusal(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        message, details = _django_validation_details(exc)
        return error_response(api, request, 422, "refused", message, details)

    def on_throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        response = error_response(
            api, request, 429, "rate_limited", _("Too many requests. Try again later.")
        )
        # Whole seconds, rounded up and never 0: the counter's window may have less than a
        # second left, and "Retry-After: 0" would invite an immediate (refused) retry.
        wait = getattr(exc, "wait", None) or 0
        response["Retry-After"] = str(max(1, math.ceil(wait)))
        return response

    def on_authentication(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = error_response(
            api,
            request,
            401,
            "not_authenticated",
            _("Send a valid access token: Authorization: Bearer <token>."),
        )
        response["WWW-Authenticate"] = 'Bearer realm="api"'
        return response

    def on_forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
        message = str(exc) if str(exc) and str(exc) != "Forbidden" else ""
        return error_response(
            api, request, 403, "forbidden", message or _("This token may not do this.")
        )

    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error_response(api, request, 404, "not_found", _("Not found."))

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 400:
            return error_response(
                api, request, 400, "unparsable", _("The request body is not valid JSON.")
            )
        return error_response(api, request, exc.status_code, "error", str(exc))

    def on_exception(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("API request failed: %s %s", request.method, request.path)
        return error_response(
            api, request, 500, "server_error", _("Something went wrong on our side.")
        )

    handlers: list[tuple[type[Exception], Callable[[HttpRequest, Any], HttpResponse]]] = [
        (Exception, on_exception),
        (HttpError, on_http_error),
        (Http404, on_not_found),
        (PermissionDenied, on_forbidden),
        (AuthorizationError, on_forbidden),
        (AuthenticationError, on_authentication),
        (Throttled, on_throttled),
        (DjangoValidationError, on_service_refusal),
        (NinjaValidationError, on_validation),
        (ApiError, on_api_error),
    ]
    for exception_class, handler in handlers:
        api.add_exception_handler(exception_class, handler)
