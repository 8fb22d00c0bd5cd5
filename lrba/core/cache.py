"""Cached renderings of public content that is read far more often than it changes.

A cached value is keyed by the `ContentVersion` counters of what it shows, read from the
database on every request (one indexed query), plus whatever live figures the caller puts
in the key itself:

- a write bumps the counters of what it changed (`content_changed`) *inside its own
  transaction*, so the new counters become visible together with the data. A reader that
  read an old counter computes from data at least as new as that counter, and from the
  commit on every reader sees the new counter and computes afresh: no stale page, whatever
  cache backend is used (a per-process LocMemCache is correct too, only less shared);
- counters are narrow — one per listing (`directory`, `events`), one per object
  (`library-<pk>`, `event-<pk>`) — so a write locks only the counter rows of what it
  changed: writes to different objects never queue behind one shared row, and a change
  to one library or event leaves every other cached page in place;
- figures that change with every registration (seats taken) are not versioned at all:
  the caller reads them live in the same query as the counters and puts them in the key
  (and renders with exactly those figures), so registrations write no counter.

Only content that is the same for every visitor may be cached this way: nothing with a
CSRF token, the user's name or their permissions in it.
"""

import hashlib
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection
from django.db.models import Model
from django.utils.translation import get_language

from lrba.core.models import ContentVersion

T = TypeVar("T")

# The whole member register as the public sees it. Every cached rendering of the register
# depends on it, so bulk changes that send no signals (demo data, erasure) bump just this.
REGISTER = "register"
# The geography (counties, municipalities): shown on every library page and in the filters.
GEOGRAPHY = "geography"

TIMEOUT = 24 * 3600


def versions(*namespaces: str) -> tuple[int, ...]:
    """The current counters of `namespaces` (0 for one never bumped), in one query."""
    found = dict(
        ContentVersion.objects.filter(namespace__in=namespaces).values_list("namespace", "version")
    )
    return tuple(found.get(namespace, 0) for namespace in namespaces)


def content_version(namespace: str) -> int:
    return versions(namespace)[0]


def content_changed(*namespaces: str) -> None:
    """Make every cached rendering that depends on `namespaces` stale.

    Call it inside the writing transaction, so the new counters become visible together
    with the data. Locks the counters' rows until the commit (in sorted order, so two
    writers bumping the same counters cannot deadlock): keep the namespaces narrow.
    """
    for namespace in sorted(set(namespaces)):
        # A new random value, not the next number: a bump rolled back with its transaction
        # must not hand its number to the next one, or a rendering cached inside the
        # rolled-back transaction would be served as the committed content.
        counter = ContentVersion.objects.filter(namespace=namespace)
        if not counter.update(version=_new_version()):
            # First change of this namespace. Another writer may create the row at the
            # same time; whoever loses the race must still bump it, hence the second update.
            ContentVersion.objects.get_or_create(namespace=namespace)
            counter.update(version=_new_version())


def _new_version() -> int:
    return secrets.randbits(62) + 1  # never 0, the value of a counter not yet created


def _cache_key(key: tuple) -> str:
    digest = hashlib.sha1(repr(key).encode(), usedforsecurity=False).hexdigest()
    return f"lrba:{get_language()}:{digest}"


class _Recent:
    """The values this process used last, in front of a shared cache (Redis, the database).

    A value never changes under its key (the key holds the content versions, and a version
    never comes back, see `content_changed`), so a copy kept in memory cannot go stale: a
    warm page then costs no round trip to the shared cache. Off in front of a per-process
    cache, which is memory already (and in the tests, which clear it between tests).
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self.values: OrderedDict[str, Any] = OrderedDict()
        self.lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.size > 0 and not isinstance(caches["default"], LocMemCache)

    def get_many(self, keys: Iterable[str]) -> dict[str, Any]:
        with self.lock:
            found = {key: self.values[key] for key in keys if key in self.values}
            for key in found:
                self.values.move_to_end(key)
        return found

    def set_many(self, values: dict[str, Any]) -> None:
        with self.lock:
            self.values.update(values)
            for key in values:
                self.values.move_to_end(key)
            while len(self.values) > self.size:
                self.values.popitem(last=False)


# Some 500 regions of 10–25 kB: a few megabytes per server process.
RECENT = _Recent(size=500)


def cached_as(key: tuple, compute: Callable[[], T]) -> T:
    """`compute()`'s value for `key` in the active language. `key` must hold every counter
    and live figure the value depends on (see the module's docstring)."""
    return cached_many({"value": key}, lambda _name: compute())["value"]


def cached_many(keys: dict[str, tuple], compute: Callable[[str], T]) -> dict[str, T]:
    """`cached_as` for several values at once: from this process's recent values, then
    one round trip to the shared cache for the others, and one more to store those that
    had to be computed."""
    cache_keys = {name: _cache_key(key) for name, key in keys.items()}
    recent = RECENT.enabled
    found = RECENT.get_many(cache_keys.values()) if recent else {}
    missing = [cache_key for cache_key in cache_keys.values() if cache_key not in found]
    shared = cache.get_many(missing) if missing else {}
    values: dict[str, T] = {}
    computed: dict[str, T] = {}
    for name, cache_key in cache_keys.items():
        if cache_key in found:
            values[name] = found[cache_key]
        elif cache_key in shared:
            values[name] = shared[cache_key]
        else:
            values[name] = computed[cache_key] = compute(name)
    if computed:
        cache.set_many(computed, TIMEOUT)
    if recent and (shared or computed):
        RECENT.set_many({**shared, **computed})
    return values


def cached(namespaces: str | Iterable[str], key: tuple, compute: Callable[[], T]) -> T:
    """`compute()`'s value for `key` in the active language, computed once per version of
    `namespaces` (one name or several)."""
    names = (namespaces,) if isinstance(namespaces, str) else tuple(namespaces)
    return cached_as((names, versions(*names), key), compute)


def object_versions(
    model: type[Model],
    *,
    where: str,
    params: Sequence[Any],
    prefix: str,
    shared: Sequence[str],
    columns: str = "",
    column_params: Sequence[Any] = (),
) -> tuple[int, tuple[int, ...], tuple] | None:
    """The id of the one `model` row matching `where` (SQL on alias `o`), the counters of
    its page — `shared` and then `<prefix>-<id>` — and any extra `columns`, in one query;
    None when no row matches.

    Hand-written SQL on purpose: it runs on every view of a cached page, and building the
    equivalent ORM query (a correlated subquery per counter) costs more than running it.
    """
    quote = connection.ops.quote_name
    names = ", ".join(["%s"] * len(shared))
    sql = (
        f"SELECT o.id, v.namespace, v.version{columns} FROM {quote(model._meta.db_table)} o "
        f"LEFT JOIN {quote(ContentVersion._meta.db_table)} v "
        f"ON v.namespace IN ({names}, '{prefix}-' || CAST(o.id AS TEXT)) WHERE {where}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*column_params, *shared, *params])
        rows = cursor.fetchall()
    if not rows:
        return None
    object_id = rows[0][0]
    found = {namespace: version for _id, namespace, version, *_rest in rows}
    counters = tuple(found.get(name) or 0 for name in (*shared, f"{prefix}-{object_id}"))
    return object_id, counters, tuple(rows[0][3:])
