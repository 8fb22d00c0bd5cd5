"""The catalogue's Lithuanian full-text search, one implementation per database, the
same way as the site search (lrba.core.search, whose word handling it reuses):

- PostgreSQL: `Title.vector`, `to_tsvector('lithuanian', …)` with the title weighted A,
  the authors B and the rest (publisher, subjects, ISBN) C, each indexed as written and
  diacritic-folded; searched with `websearch_to_tsquery` and ranked by `ts_rank`;
- SQLite: the FTS5 table `acquisition_title_fts` (rowid = the title's id) of stemmed,
  folded tokens; the query gets the same treatment, ranked by `bm25`.

A query that is an ISBN (10 or 13 digits, with or without hyphens) finds that title by
its ISBN instead. A title saved one at a time (the back office, a test) is indexed by
the post_save receiver below; the import writes titles in bulk (no signals) and calls
`titles_index` per batch itself.
"""

from collections.abc import Iterable

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection, transaction
from django.db.models import F, QuerySet
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from lrba.acquisition.models import Title
from lrba.core.db import CodePointOrder
from lrba.core.search import POSTGRES_CONFIG, both_forms, clean_query, index_tokens, sqlite_match

SQLITE_TABLE = "acquisition_title_fts"
SQLITE_WEIGHTS = (10.0, 4.0, 1.0)
_FIELDS = ("isbn", "title", "subtitle", "authors", "publisher", "subjects", "year")


def _rest(title: Title) -> str:
    return " ".join(
        part
        for part in (title.publisher, title.subjects, title.isbn, str(title.year or ""))
        if part
    )


def titles_index(pks: Iterable[int]) -> None:
    """Write the index entries of the titles `pks` (new or changed), in one statement
    per database round trip batch."""
    titles = list(Title.objects.filter(pk__in=list(pks)).only(*_FIELDS))
    if not titles:
        return
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.executemany(
                "UPDATE acquisition_title SET vector ="
                " setweight(to_tsvector(%s::regconfig, %s), 'A')"
                " || setweight(to_tsvector(%s::regconfig, %s), 'B')"
                " || setweight(to_tsvector(%s::regconfig, %s), 'C')"
                " WHERE id = %s",
                [
                    (
                        POSTGRES_CONFIG,
                        both_forms(title.title, title.subtitle),
                        POSTGRES_CONFIG,
                        both_forms(title.authors),
                        POSTGRES_CONFIG,
                        both_forms(_rest(title)),
                        title.pk,
                    )
                    for title in titles
                ],
            )
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.executemany(
                f"DELETE FROM {SQLITE_TABLE} WHERE rowid = %s", [(t.pk,) for t in titles]
            )
            cursor.executemany(
                f"INSERT INTO {SQLITE_TABLE} (rowid, title, authors, rest) VALUES (%s, %s, %s, %s)",
                [
                    (
                        title.pk,
                        index_tokens(title.title, title.subtitle),
                        index_tokens(title.authors),
                        index_tokens(_rest(title)),
                    )
                    for title in titles
                ],
            )


def titles_reindex(batch_size: int = 2000) -> int:
    """Rebuild the whole catalogue index; the number of titles indexed."""
    count = 0
    with transaction.atomic():
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {SQLITE_TABLE}")
        pks: list[int] = []
        for pk in Title.objects.order_by("pk").values_list("pk", flat=True).iterator(batch_size):
            pks.append(pk)
            if len(pks) == batch_size:
                titles_index(pks)
                count += len(pks)
                pks = []
        titles_index(pks)
        count += len(pks)
    return count


def titles_matching(titles: QuerySet[Title], query: str, *, ranked: bool = True) -> QuerySet[Title]:
    """`titles` narrowed to those matching the words of `query`, best first when
    `ranked`; nothing for a query without a word."""
    query = clean_query(query)
    if connection.vendor == "postgresql":
        tsquery = SearchQuery(query, config=POSTGRES_CONFIG, search_type="websearch")
        titles = titles.filter(vector=tsquery)
        if ranked:
            titles = titles.annotate(rank=SearchRank(F("vector"), tsquery)).order_by(
                "-rank", CodePointOrder("sort_title"), "pk"
            )
        return titles
    expression = sqlite_match(query)
    if not expression:
        return titles.none()
    return titles.extra(  # noqa: S610 (the MATCH expression is a parameter)
        tables=[SQLITE_TABLE],
        where=[f"{SQLITE_TABLE}.rowid = acquisition_title.id", f"{SQLITE_TABLE} MATCH %s"],
        params=[expression],
        select={"rank": f"bm25({SQLITE_TABLE}, %s, %s, %s)"} if ranked else None,
        select_params=SQLITE_WEIGHTS if ranked else None,
        order_by=["rank", "sort_title", "id"] if ranked else None,
    )


@receiver(post_save, sender=Title, dispatch_uid="acquisition_title_indexed")
def _title_saved(sender: type[Title], instance: Title, raw: bool = False, **kwargs: object) -> None:
    # Saving the model wrote NULL over the vector: write it again.
    if not raw:
        titles_index([instance.pk])


@receiver(post_delete, sender=Title, dispatch_uid="acquisition_title_unindexed")
def _title_deleted(sender: type[Title], instance: Title, **kwargs: object) -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {SQLITE_TABLE} WHERE rowid = %s", [instance.pk])
