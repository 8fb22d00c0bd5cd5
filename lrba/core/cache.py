"""Cached renderings of public content that is read far more often than it changes.

The member directory, library pages and the home page figures are the same for every
visitor until a library, a membership or the geography changes. Each cached value is
keyed by a `ContentVersion` counter read from the database (one indexed row per
request), so:

- a write bumps the counter in its own transaction (`content_changed`), and from its
  commit on every server computes afresh — no stale page, whatever cache backend is used;
- a per-process cache (LocMemCache) is therefore correct too, only less shared than Redis.

Only content that is the same for every visitor may be cached this way: nothing with a
CSRF token, the user's name or their permissions in it.
"""

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db.models import F
from django.utils.translation import get_language

from lrba.core.models import ContentVersion

T = TypeVar("T")

# The member register as the public sees it: libraries, memberships, geography.
REGISTER = "register"

TIMEOUT = 24 * 3600


def content_version(namespace: str) -> int:
    version = (
        ContentVersion.objects.filter(namespace=namespace).values_list("version", flat=True).first()
    )
    return version or 0


def content_changed(namespace: str) -> None:
    """Make every cached rendering of `namespace` stale (call inside the writing
    transaction, so the new version becomes visible together with the data)."""
    bumped = ContentVersion.objects.filter(namespace=namespace).update(version=F("version") + 1)
    if not bumped:
        ContentVersion.objects.get_or_create(namespace=namespace, defaults={"version": 2})


def cached(namespace: str, key: tuple, compute: Callable[[], T]) -> T:
    """`compute()`'s value for `key` in the active language, computed once per version."""
    digest = hashlib.sha1(repr(key).encode(), usedforsecurity=False).hexdigest()
    cache_key = f"lrba:{namespace}:{content_version(namespace)}:{get_language()}:{digest}"
    value = cache.get(cache_key)
    if value is None:
        value = compute()
        cache.set(cache_key, value, TIMEOUT)
    return value
