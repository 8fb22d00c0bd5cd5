"""The header and footer menus, as the secretariat edits them (`MenuItem`), cached.

Every page of the site shows both menus, the benchmark floor included, so reading them
must cost no database query once cached. The cached value is kept under a *generation*
stored in the cache itself: a change to a menu item or a page sets a new random
generation, once at once (this process sees its own change) and once more after the
commit (another process may have cached the old menus under the first one meanwhile), so
no reader keeps stale menus. A generation is never reused, so an evicted generation key
cannot bring old menus back.

The value holds each link's publication window (a link to a page is shown while that page
and every page above it are), so a page coming out or expiring needs no change at all:
the window is checked against the clock on every read.
"""

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone, translation

from lrba.core.cache import TIMEOUT
from lrba.website.models import MenuItem, Page

GENERATION_KEY = "lrba:website:menus:generation"


@dataclass(frozen=True)
class MenuEntry:
    """One link as cached: both labels, its address and when it is shown."""

    menu: str
    label: str
    label_en: str
    url: str
    external: bool
    starts: datetime | None
    ends: datetime | None


@dataclass(frozen=True)
class MenuLink:
    """One link as a page shows it, in the reader's language."""

    label: str
    url: str
    external: bool


def _generation() -> str:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, secrets.token_hex(8), None)
        generation = cache.get(GENERATION_KEY) or "none"
    return str(generation)


def pages_changed() -> None:
    """Menus (and anything else cached under the page tree) must be read afresh: now,
    for this process, and again after the commit, for every process."""
    cache.set(GENERATION_KEY, secrets.token_hex(8), None)
    transaction.on_commit(lambda: cache.set(GENERATION_KEY, secrets.token_hex(8), None))


def _window(pages: list[Page]) -> tuple[datetime | None, datetime | None]:
    starts = [page.published_from for page in pages if page.published_from is not None]
    ends = [page.published_until for page in pages if page.published_until is not None]
    return (max(starts) if starts else None, min(ends) if ends else None)


def menu_entries() -> list[MenuEntry]:
    """Every shown menu item, with its address and window (two queries, uncached)."""
    items = list(
        MenuItem.objects.filter(is_active=True)
        .select_related("page")
        .order_by("menu", "position", "pk")
    )
    linked = {item.page.path for item in items if item.page is not None}
    needed = {
        "/".join(path.split("/")[:depth])
        for path in linked
        for depth in range(1, path.count("/") + 2)
    }
    pages = {page.path: page for page in Page.objects.filter(path__in=needed)}
    entries = []
    for item in items:
        if item.page is not None:
            parts = item.page.path.split("/")
            chain = [pages.get("/".join(parts[:depth])) for depth in range(1, len(parts) + 1)]
            if any(p is None or p.status != Page.Status.PUBLISHED for p in chain):
                continue
            starts, ends = _window([p for p in chain if p is not None])
            url, external = item.page.get_absolute_url(), False
        else:
            starts = ends = None
            url, external = item.link, item.link.startswith(("http://", "https://"))
        entries.append(
            MenuEntry(
                menu=item.menu,
                label=item.label,
                label_en=item.label_en,
                url=url,
                external=external,
                starts=starts,
                ends=ends,
            )
        )
    return entries


def menu_links(menu: str, *, now: datetime | None = None) -> list[MenuLink]:
    """The links of `menu` ("header" or "footer") shown now, in the active language."""
    key = f"lrba:website:menus:{_generation()}"
    entries: list[MenuEntry] | None = cache.get(key)
    if entries is None:
        entries = menu_entries()
        cache.set(key, entries, TIMEOUT)
    now = now or timezone.now()
    english = (translation.get_language() or "lt").split("-")[0] == "en"
    return [
        MenuLink(
            label=entry.label_en if english and entry.label_en else entry.label,
            url=entry.url,
            external=entry.external,
        )
        for entry in entries
        if entry.menu == menu
        and (entry.starts is None or entry.starts <= now)
        and (entry.ends is None or now < entry.ends)
    ]


def _changed(sender: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # loading fixtures
        return
    pages_changed()


def connect() -> None:
    """Follow every save and deletion of pages and menu items (the admin's bulk deletes
    and the demo data included)."""
    for model in (Page, MenuItem):
        post_save.connect(_changed, sender=model, dispatch_uid=f"menus-{model.__name__}-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"menus-{model.__name__}-del")


connect()
