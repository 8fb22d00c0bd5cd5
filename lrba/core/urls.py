"""Absolute addresses for places without a request (e-mails sent by background tasks)."""

from django.conf import settings


def absolute_url(path: str) -> str:
    """`path` (as `reverse()` returns it) on the site's configured address."""
    return settings.LRBA_SITE_URL.rstrip("/") + path
