"""Core's one page, /healthz (lrba.core.health), and absolute addresses for places
without a request (e-mails sent by background tasks)."""

from django.conf import settings
from django.urls import path as route  # absolute_url() takes a `path`

from lrba.core import health

app_name = "core"
urlpatterns = [
    route("healthz", health.healthz, name="healthz"),
]


def absolute_url(path: str) -> str:
    """`path` (as `reverse()` returns it) on the site's configured address."""
    return settings.LRBA_SITE_URL.rstrip("/") + path
