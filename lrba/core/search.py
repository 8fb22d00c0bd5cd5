"""The site search: one index of everything searchable, one selector, two databases.

Each app says what it makes searchable in its `search_module` (see `LrbaAppConfig`): a
module with `SOURCES`, a tuple of `SearchSource`. A source turns one of its objects into
a `SearchDocument` (or None when the object must not be found now), and this module keeps
one `SearchEntry` per object in step with it: the app's models' post_save, post_delete and
m2m_changed signals call `search_index_update` / `search_index_remove` (connected when
the app is ready, `search_signals_connect`). A service that changes searchable objects
with a bulk `.update()` or `bulk_create()` sends no signal: it calls
`search_index_update(obj)` itself, or `search_reindex(kind=...)` after a bulk load.

The Lithuanian full-text search, with one implementation per database:

- PostgreSQL: `SearchEntry.vector`, `to_tsvector('lithuanian', …)` with the title
  weighted A, the summary B and the text C (GIN index, core migration 0006), searched
  with `websearch_to_tsquery('lithuanian', query)` and ranked by `ts_rank`. Each part is
  indexed as written and diacritic-folded, so "siauliu" finds "Šiaulių" as "Šiaulių" does;
- SQLite: the FTS5 table `core_searchentry_fts` (rowid = the entry's id) holds each word
  stemmed by Snowball's Lithuanian stemmer (snowballstemmer) and then folded
  (`lrba.core.text.fold`); the query's words get the same treatment and the results are
  ranked by `bm25` with the same 10 : 4 : 1 preference for titles over summaries over text.

Either way "bibliotekose" finds "bibliotekų" (both stem to "bibliotek"). Whatever a
visitor types — quotes, operators, FTS5 syntax, thousands of characters — is cut to
`MAX_QUERY_CHARS` and rebuilt from its words, so no query can fail: an unusable one finds
nothing. A query in the websearch style works on both: words (all must occur),
"a phrase", `-word` (must not occur), `or` between alternatives.
"""

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import snowballstemmer
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection, transaction
from django.db.models import Count, F, Model, Q, QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from lrba.core.models import Audience, SearchEntry
from lrba.core.text import fold

SQLITE_TABLE = "core_searchentry_fts"
POSTGRES_CONFIG = "lithuanian"
# A search box needs a few words; a longer query is cut so that no request makes the
# database (or the stemmer) work on a page of text.
MAX_QUERY_CHARS = 200
MAX_QUERY_TERMS = 12
# bm25 weights of the FTS5 columns (title, summary, body), as PostgreSQL's A, B, C.
SQLITE_WEIGHTS = (10.0, 4.0, 1.0)
# The longest title SearchEntry holds.
TITLE_LENGTH = SearchEntry._meta.get_field("title").max_length or 300


@dataclass(frozen=True)
class SearchDocument:
    """What a source says about one object: how it is shown and what is searched."""

    title: str
    url: str
    title_en: str = ""
    summary: str = ""  # plain text, shown under the result
    summary_en: str = ""
    body: str = ""  # plain text searched (both languages may be joined)
    audience: str = Audience.PUBLIC
    published_at: dt.datetime | None = None  # hidden from results before it
    date: dt.date | None = None


@dataclass(frozen=True)
class SearchSource:
    """One kind of searchable object of an app."""

    kind: str  # "news", "page", "project", "practice", "document", "event", "library"
    label: Any  # gettext_lazy plural label for the filter ("News")
    model: type[Model]
    document: Callable[[Any], SearchDocument | None]  # None = not searchable now (removed)
    queryset: Callable[[], QuerySet]  # all objects to (re)index
    order: int = 100


# --- the sources ----------------------------------------------------------------------


def search_sources() -> list[SearchSource]:
    """Every app's sources, in their `order` (then the apps' order)."""
    return list(_sources())


@functools.cache
def _sources() -> tuple[SearchSource, ...]:
    from lrba.core.plugins import search_modules

    found = [source for _app, module in search_modules() for source in module.SOURCES]
    return tuple(sorted(found, key=lambda source: source.order))


def _source_of(model: type[Model]) -> SearchSource | None:
    concrete = model._meta.concrete_model
    return next((source for source in _sources() if source.model is concrete), None)


def search_kinds() -> list[tuple[str, Any]]:
    """(kind, label) of every source, for the search page's filter."""
    return [(source.kind, source.label) for source in _sources()]


# --- keeping the index in step ----------------------------------------------------------


@transaction.atomic
def search_index_update(obj: Model) -> None:
    """(Re)index `obj` as its source describes it now, or remove it from the index when
    the source says it must not be found (None). Objects of no source are ignored."""
    source = _source_of(type(obj))
    if source is not None:
        _index(source, obj)


def _index(source: SearchSource, obj: Model) -> bool:
    """Write `obj`'s entry; False (and no entry) when it must not be found now."""
    document = source.document(obj)
    if document is None:
        search_index_remove(obj)
        return False
    entry, _created = SearchEntry.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        defaults={
            "kind": source.kind,
            "title": document.title[:TITLE_LENGTH],
            "title_en": document.title_en[:TITLE_LENGTH],
            "summary": document.summary,
            "summary_en": document.summary_en,
            "body": document.body,
            "url": document.url,
            "audience": document.audience,
            "published_at": document.published_at,
            "date": document.date,
        },
    )
    _text_index_write([entry])
    return True


@transaction.atomic
def search_index_remove(obj: Model) -> None:
    """Take `obj` out of the index (nothing happens when it is not there)."""
    entries = SearchEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    )
    _text_index_delete(list(entries.values_list("pk", flat=True)))
    entries.delete()


def search_reindex(*, kind: str | None = None) -> int:
    """Rebuild the index of every source (or of `kind`'s only) from its queryset: new
    objects are added, changed ones rewritten, and entries whose object is gone or no
    longer searchable removed. Returns the number of entries indexed."""
    indexed = 0
    for source in _sources():
        if kind is not None and source.kind != kind:
            continue
        with transaction.atomic():
            content_type = ContentType.objects.get_for_model(source.model)
            kept: set[int] = set()
            for obj in source.queryset().iterator(chunk_size=500):
                if _index(source, obj):
                    kept.add(obj.pk)
            stale = SearchEntry.objects.filter(content_type=content_type).exclude(
                object_id__in=kept
            )
            _text_index_delete(list(stale.values_list("pk", flat=True)))
            stale.delete()
            indexed += len(kept)
    if kind is None and connection.vendor == "sqlite":
        _sqlite_rebuild()  # also drops rows of entries no source knows any more
    return indexed


def search_signals_connect(module: Any) -> None:
    """Keep the index of `module`'s sources in step with their models (called when the
    app declaring the module is ready)."""
    for source in module.SOURCES:
        model = source.model
        uid = f"lrba-search-{source.kind}"
        post_save.connect(_saved, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"{uid}-delete")
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(
                _m2m_changed, sender=through, dispatch_uid=f"{uid}-m2m-{field.name}"
            )


def _saved(sender: Any, instance: Model, raw: bool = False, **kwargs: Any) -> None:
    if raw:  # loading fixtures: `search_reindex` afterwards
        return
    search_index_update(instance)


def _deleted(sender: Any, instance: Model, **kwargs: Any) -> None:
    search_index_remove(instance)


def _m2m_changed(sender: Any, instance: Model, action: str, **kwargs: Any) -> None:
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if _source_of(type(instance)) is not None:
        search_index_update(instance)
        return
    # Changed from the other side (library.projects.add(…)): `pk_set` holds ours.
    model, pk_set = kwargs.get("model"), kwargs.get("pk_set")
    if model is not None and pk_set and _source_of(model) is not None:
        for obj in model._default_manager.filter(pk__in=pk_set):
            search_index_update(obj)


# --- the database side of the index ---------------------------------------------------


def both_forms(*parts: str) -> str:
    """The parts as written and diacritic-folded, for PostgreSQL's vector: the folded
    copy lets a query typed without diacritics find the word written with them."""
    text = " ".join(part for part in parts if part)
    folded = fold(text)
    return text if folded == text.lower() else f"{text} {folded}"


def _text_index_write(entries: Iterable[SearchEntry]) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for entry in entries:
                cursor.execute(
                    "UPDATE core_searchentry SET vector ="
                    " setweight(to_tsvector(%s::regconfig, %s), 'A')"
                    " || setweight(to_tsvector(%s::regconfig, %s), 'B')"
                    " || setweight(to_tsvector(%s::regconfig, %s), 'C')"
                    " WHERE id = %s",
                    [
                        POSTGRES_CONFIG,
                        both_forms(entry.title, entry.title_en),
                        POSTGRES_CONFIG,
                        both_forms(entry.summary, entry.summary_en),
                        POSTGRES_CONFIG,
                        both_forms(entry.body),
                        entry.pk,
                    ],
                )
    elif connection.vendor == "sqlite":
        entries = list(entries)
        _text_index_delete([entry.pk for entry in entries])
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {SQLITE_TABLE} (rowid, title, summary, body) VALUES (%s, %s, %s, %s)",
                [
                    (
                        entry.pk,
                        index_tokens(entry.title, entry.title_en),
                        index_tokens(entry.summary, entry.summary_en),
                        index_tokens(entry.body),
                    )
                    for entry in entries
                ],
            )


def _text_index_delete(pks: list[int]) -> None:
    if connection.vendor != "sqlite" or not pks:
        return
    with connection.cursor() as cursor:
        cursor.executemany(f"DELETE FROM {SQLITE_TABLE} WHERE rowid = %s", [(pk,) for pk in pks])


def _sqlite_rebuild() -> None:
    """Fill the FTS5 table afresh from every entry, in batches."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {SQLITE_TABLE}")
        entries = SearchEntry.objects.only(
            "title", "title_en", "summary", "summary_en", "body"
        ).order_by("pk")
        batch: list[SearchEntry] = []
        for entry in entries.iterator(chunk_size=1000):
            batch.append(entry)
            if len(batch) == 1000:
                _text_index_write(batch)
                batch = []
        _text_index_write(batch)


# --- Lithuanian words, the SQLite way -------------------------------------------------

_WORD = re.compile(r"\w+")
_STEMMER = snowballstemmer.stemmer("lithuanian")


@functools.lru_cache(maxsize=200_000)
def search_token(word: str) -> str:
    """A word as the SQLite index holds it: lower-cased, stemmed, then folded
    ("Bibliotekų" → "bibliotek", "Šiaulių" → "siaul")."""
    return fold(_STEMMER.stemWord(word.lower()))


def index_tokens(*parts: str) -> str:
    """The text of `parts` as the FTS5 table stores it: its words' tokens, in order."""
    return " ".join(search_token(word) for part in parts for word in _WORD.findall(part))


# The websearch syntax, as PostgreSQL's websearch_to_tsquery reads it: "a phrase", -word
# and `or`; any other character only separates words.
_QUERY_PART = re.compile(r'(-?)"([^"]*)"?|(-?)(\w+)')


def sqlite_match(query: str) -> str:
    """The FTS5 MATCH expression for a visitor's query ("" when it has no word).

    Only tokens made of word characters reach FTS5, each quoted, joined by operators
    written here: nothing the visitor types can be FTS5 syntax.
    """
    groups: list[tuple[list[str], list[str]]] = [([], [])]
    terms = 0
    for match in _QUERY_PART.finditer(query):
        negated = bool(match[1] or match[3])
        words = _WORD.findall(match[2]) if match[2] is not None else [match[4]]
        if match[4] is not None and match[4].lower() == "or" and not negated:
            if groups[-1][0]:
                groups.append(([], []))
            continue
        tokens = [search_token(word) for word in words]
        if not tokens:
            continue
        terms += 1
        if terms > MAX_QUERY_TERMS:
            break
        phrase = '"' + " ".join(tokens) + '"'
        groups[-1][1 if negated else 0].append(phrase)
    alternatives = [
        "(" + " AND ".join(positive) + ")" + "".join(f" NOT {n}" for n in negative)
        for positive, negative in groups
        if positive  # a group with only exclusions would list nearly everything
    ]
    return " OR ".join(f"({alternative})" for alternative in alternatives)


# --- searching --------------------------------------------------------------------------


def clean_query(query: str) -> str:
    """The visitor's query as searched: control characters out, at most
    MAX_QUERY_CHARS characters, surrounding space trimmed."""
    cleaned = "".join(ch if ch.isprintable() else " " for ch in query[: MAX_QUERY_CHARS * 2])
    return cleaned[:MAX_QUERY_CHARS].strip()


def _visible(*, audiences: Sequence[str], kinds: Sequence[str]) -> QuerySet[SearchEntry]:
    entries = SearchEntry.objects.filter(audience__in=list(audiences)).filter(
        Q(published_at__isnull=True) | Q(published_at__lte=timezone.now())
    )
    if kinds:
        entries = entries.filter(kind__in=list(kinds))
    return entries


def _matching(entries: QuerySet[SearchEntry], query: str, *, ranked: bool) -> QuerySet:
    query = clean_query(query)
    if not _WORD.search(query):
        return entries.none()
    if connection.vendor == "postgresql":
        tsquery = SearchQuery(query, config=POSTGRES_CONFIG, search_type="websearch")
        entries = entries.filter(vector=tsquery)
        if ranked:
            entries = entries.annotate(rank=SearchRank(F("vector"), tsquery)).order_by(
                "-rank", "-date", "-pk"
            )
        return entries
    expression = sqlite_match(query)
    if not expression:
        return entries.none()
    # A join with the FTS5 table (rowid = the entry's id): the only way to read bm25().
    return entries.extra(  # noqa: S610 (the MATCH expression is a parameter)
        tables=[SQLITE_TABLE],
        where=[f"{SQLITE_TABLE}.rowid = core_searchentry.id", f"{SQLITE_TABLE} MATCH %s"],
        params=[expression],
        select={"rank": f"bm25({SQLITE_TABLE}, %s, %s, %s)"} if ranked else None,
        select_params=SQLITE_WEIGHTS if ranked else None,
        # bm25 is better the lower it is; PostgreSQL's ts_rank the higher.
        order_by=["rank", "-date", "-id"] if ranked else None,
    )


def search_entries(
    *, query: str, audiences: Sequence[str], kinds: Sequence[str] = ()
) -> QuerySet[SearchEntry]:
    """The entries matching `query` that `audiences` may see and that are published by
    now, best first; only of `kinds` when given. Empty for a query without a word."""
    return _matching(_visible(audiences=audiences, kinds=kinds), query, ranked=True)


def search_counts(*, query: str, audiences: Sequence[str]) -> dict[str, int]:
    """How many entries of each kind `search_entries` would find (one query)."""
    matching = _matching(_visible(audiences=audiences, kinds=()), query, ranked=False)
    rows = matching.order_by().values("kind").annotate(found=Count("pk"))
    return {row["kind"]: row["found"] for row in rows}
