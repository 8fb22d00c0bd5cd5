"""Error reporting to Sentry, switched on by SENTRY_DSN (config/settings.py calls
`sentry_init_from_environment`; docs/deploy.md "Operations").

The site holds members' personal data, so what leaves for Sentry is kept to what a
programmer needs to fix the error: no personal data by default (`send_default_pii`),
no request bodies (forms carry names, addresses and passwords), no local variables of the
stack's frames (they hold the same), and `event_strip` removes cookies, authorisation
headers (sessions, API tokens) and any body the integrations still attached. The
environment and the trace sampling come from LRBA_SENTRY_ENVIRONMENT and
LRBA_SENTRY_TRACES_RATE; the release is the application's version.

Imported by the settings module: nothing here reads Django's settings or models.
"""

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sentry_sdk
from django.core.exceptions import ImproperlyConfigured
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.transport import Transport

if TYPE_CHECKING:
    from sentry_sdk._types import Event

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"
# Request headers that carry a secret: the session and CSRF cookies, API tokens, a
# proxy's credentials. Compared in lower case.
SECRET_HEADERS = {
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
    "x-csrftoken",
    "x-api-key",
}


def app_version() -> str:
    """The application's version (pyproject.toml), e.g. "0.1.0"."""
    with PYPROJECT.open("rb") as file:
        return str(tomllib.load(file)["project"]["version"])


def event_strip(event: "Event", hint: dict[str, Any] | None = None) -> "Event":
    """Sentry's `before_send`: drop the request's cookies, secret headers and body."""
    request: Any = event.get("request")
    if isinstance(request, dict):
        request.pop("cookies", None)
        request.pop("data", None)
        headers = request.get("headers")
        if isinstance(headers, dict):
            request["headers"] = {
                name: value
                for name, value in headers.items()
                if str(name).lower() not in SECRET_HEADERS
            }
    return event


def sentry_init(
    *,
    dsn: str,
    environment: str,
    traces_sample_rate: float,
    transport: type[Transport] | Transport | None = None,
) -> None:
    options: dict[str, Any] = {}
    if transport is not None:
        options["transport"] = transport  # the tests' recording transport
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=f"lrba@{app_version()}",
        traces_sample_rate=traces_sample_rate,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        max_request_body_size="never",
        include_local_variables=False,
        before_send=event_strip,
        **options,
    )


def sentry_init_from_environment(environ: Mapping[str, str]) -> bool:
    """Start Sentry when SENTRY_DSN is set; True when it was started."""
    dsn = environ.get("SENTRY_DSN", "").strip()
    if not dsn:
        return False
    rate_text = environ.get("LRBA_SENTRY_TRACES_RATE", "").strip() or "0"
    try:
        rate = float(rate_text)
    except ValueError:
        rate = -1.0
    if not 0.0 <= rate <= 1.0:
        raise ImproperlyConfigured(
            f"LRBA_SENTRY_TRACES_RATE={rate_text!r} is not a number from 0 to 1."
        )
    sentry_init(
        dsn=dsn,
        environment=environ.get("LRBA_SENTRY_ENVIRONMENT", "").strip() or "production",
        traces_sample_rate=rate,
    )
    return True
