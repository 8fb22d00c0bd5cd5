"""Searching the suppliers' catalogue: every title whatever supplier offers it, found by
its words (Lithuanian full text, stemmed and diacritic-insensitive, lrba.acquisition.search),
its ISBN, and filters; shown with its offers and, for a library that orders, the overlap
with what other libraries hold and order (lrba.acquisition.selectors.overlap).

Used by the catalogue pages (views/catalogue.py) and by a library's order page, which
searches only its round's suppliers (`catalogue_search(suppliers=round.suppliers.all())`)
and draws the results with the same template (acquisition/catalogue/_results.html).
"""

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.db.models.expressions import RawSQL
from django.shortcuts import get_object_or_404

from lrba.acquisition.isbn import isbn_display, isbn_query
from lrba.acquisition.models import Offer, Supplier, Title
from lrba.acquisition.search import SQLITE_TABLE, titles_matching
from lrba.acquisition.selectors.overlap import Overlap
from lrba.core.db import CodePointOrder
from lrba.core.formatting import babel_locale, format_money
from lrba.core.search import MAX_QUERY_TERMS, POSTGRES_CONFIG, clean_query, search_token
from lrba.core.text import fold

# Hyphenating by the ISBN ranges costs most of a millisecond; titles come back page
# after page.
_isbn_display = functools.lru_cache(maxsize=50_000)(isbn_display)


@functools.lru_cache(maxsize=20_000)
def _price_text(price: Decimal, locale: str) -> str:
    """The price as the `money` filter writes it in the active language (`locale`, the
    cache key): Babel takes most of a millisecond per amount, and prices repeat."""
    return format_money(price)


# Words as both indexes split them (an underscore separates words too).
_WORD = re.compile(r"[^\W_]+")

# Where a filter's words must occur: the index keeps the authors apart (FTS5 column
# `authors`, PostgreSQL weight B) and the publisher, subjects, ISBN and year together
# (column `rest`, weight C).
_AUTHORS = ("authors", "B")
_REST = ("rest", "C")


def _words(text: str) -> list[str]:
    return _WORD.findall(clean_query(text or ""))[:MAX_QUERY_TERMS]


def has_words(text: str) -> bool:
    """Whether `text` holds a word to search for (punctuation alone does not)."""
    return bool(_words(text))


def _field_matching(titles: QuerySet[Title], text: str, where: tuple[str, str]) -> QuerySet[Title]:
    """`titles` whose authors (or publisher and subjects) hold every word of `text`, in
    any of its forms, with or without diacritics: the same stemmed, folded words the
    full-text index keeps, so "zemaites" finds "Žemaitė"."""
    words = _words(text)
    if not words:
        return titles
    column, weight = where
    if connection.vendor == "postgresql":
        # The vector holds every part as written and folded: a folded query meets the
        # folded copy whatever mix of diacritics was typed. Only word characters reach
        # to_tsquery, so nothing typed is tsquery syntax.
        raw = " & ".join(f"{word}:{weight}" for word in fold(" ".join(words)).split())
        return titles.filter(vector=SearchQuery(raw, config=POSTGRES_CONFIG, search_type="raw"))
    # FTS5: each token quoted, restricted to its column; only word characters inside.
    expression = " AND ".join(f'{column} : "{search_token(word)}"' for word in words)
    return titles.filter(
        pk__in=RawSQL(
            f"SELECT rowid FROM {SQLITE_TABLE} WHERE {SQLITE_TABLE} MATCH %s",  # noqa: S608
            [expression],
        )
    )


def _supplier_pks(suppliers: Any) -> Any:
    """A round's `suppliers` manager, a queryset or an iterable of suppliers or pks."""
    if hasattr(suppliers, "all"):
        return suppliers.all().values("pk")
    return [s.pk if isinstance(s, Supplier) else s for s in suppliers]


def catalogue_search(
    *,
    query: str = "",
    author: str = "",
    publisher: str = "",
    year_from: int | None = None,
    year_to: int | None = None,
    subject: str = "",
    supplier: Supplier | None = None,
    suppliers: Any = None,
    available_only: bool = False,
) -> QuerySet[Title]:
    """The titles matching the search, best first, with their offers prefetched (each
    with its supplier, cheapest first).

    - `query`: an ISBN (ISBN-10 or ISBN-13, with or without hyphens) finds that title;
      words find the titles holding all of them in any form (ranked: title words weigh
      most, then authors, then the rest); no word lists every title in Lithuanian order;
    - `author`, `publisher`, `subject`: every word must occur in that part of the title's
      record, in any form, diacritics or not;
    - `year_from`, `year_to`: the publication year within (inclusive);
    - `supplier` / `suppliers` (a round's suppliers): only titles they offer, and only
      their offers shown; `available_only`: only titles with an offer that can be
      ordered now (available, with a price), and only such offers shown.
    """
    offers = Offer.objects.all()
    if supplier is not None:
        offers = offers.filter(supplier=supplier)
    if suppliers is not None:
        offers = offers.filter(supplier__in=_supplier_pks(suppliers))
    if available_only:
        offers = offers.filter(is_available=True, price__isnull=False)
    titles = Title.objects.all()
    if supplier is not None or suppliers is not None or available_only:
        titles = titles.filter(Exists(offers.filter(title=OuterRef("pk"))))
    if year_from is not None:
        titles = titles.filter(year__gte=year_from)
    if year_to is not None:
        titles = titles.filter(year__lte=year_to)
    titles = _field_matching(titles, author, _AUTHORS)
    titles = _field_matching(titles, publisher, _REST)
    titles = _field_matching(titles, subject, _REST)
    isbn = isbn_query(query)
    if isbn is not None:
        titles = titles.filter(isbn=isbn).order_by("pk")
    elif has_words(query):
        titles = titles_matching(titles, query)
    else:
        # sort_title is a key whose code-point order is the Lithuanian order.
        titles = titles.order_by(CodePointOrder("sort_title"), "pk")
    shown = offers.select_related("supplier").order_by("price", "supplier__name", "pk")
    return titles.prefetch_related(Prefetch("offers", queryset=shown))


@dataclass(frozen=True)
class CatalogueResult:
    """One title as the results list shows it."""

    title: Title
    isbn: str  # hyphenated by its ranges
    offers: list[Offer]
    overlap: Overlap | None  # None: no library to compare with

    @property
    def orderable_offers(self) -> list[Offer]:
        return [offer for offer in self.offers if offer.is_available and offer.price is not None]


def catalogue_results(
    titles: Iterable[Title], overlap: dict[str, Overlap] | None = None
) -> list[CatalogueResult]:
    """The rows of the results template for `titles` (a page of `catalogue_search`,
    offers prefetched: no query here) and the `overlap_for` of their ISBNs, if any.
    Each offer gets `price_text`, its price as the `money` filter writes it."""
    locale = babel_locale()
    results = []
    for title in titles:
        offers = list(title.offers.all())
        for offer in offers:
            offer.price_text = "" if offer.price is None else _price_text(offer.price, locale)  # type: ignore[attr-defined]
        results.append(
            CatalogueResult(
                title=title,
                isbn=_isbn_display(title.isbn),
                offers=offers,
                overlap=None if overlap is None else overlap.get(title.isbn or "", Overlap()),
            )
        )
    return results


def title_with_offers(pk: int) -> Title:
    """One title with all its offers (each with its supplier, cheapest first); 404 when
    there is none. The catalogue is open to everyone who may search it: no object rule."""
    offers = Offer.objects.select_related("supplier").order_by("price", "supplier__name", "pk")
    return get_object_or_404(
        Title.objects.prefetch_related(Prefetch("offers", queryset=offers)), pk=pk
    )
