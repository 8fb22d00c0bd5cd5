"""Holdings overlap: for titles a library considers, how many OTHER libraries in its
county and in the whole country already hold each (`Holding`: uploaded or bought in an
earlier round) or are ordering it now (an ordered line in a round that is open).

Two queries for any number of titles (one per source, counted per ISBN in SQL); the
library's county is a subquery, not a third query.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, F, Q, Subquery

from lrba.acquisition.models import Holding, OrderLine, Round
from lrba.core.models import Municipality
from lrba.members.models import Library


@dataclass(frozen=True)
class Overlap:
    """Distinct other libraries holding / ordering a title; the country's include the
    county's."""

    county_holding: int = 0
    county_ordering: int = 0
    country_holding: int = 0
    country_ordering: int = 0

    @property
    def is_empty(self) -> bool:
        return not (self.country_holding or self.country_ordering)


def overlap_for(isbns: Iterable[str], library: Library) -> dict[str, Overlap]:
    """{isbn: Overlap} for every ISBN-13 of `isbns` (zeros where nobody else has it),
    seen from `library` (it is not counted; "county" is its county). Two queries."""
    wanted = sorted(set(isbns))
    if not wanted:
        return {}
    county = Subquery(Municipality.objects.filter(pk=library.municipality_id).values("county_id"))

    def counted(rows, isbn_path: str) -> dict[str, tuple[int, int]]:
        in_county = Q(library__municipality__county_id=county)
        rows = (
            rows.exclude(library_id=library.pk)
            .values(found_isbn=F(isbn_path))
            .annotate(
                country=Count("library_id", distinct=True),
                county=Count("library_id", distinct=True, filter=in_county),
            )
            .order_by()
        )
        return {row["found_isbn"]: (row["county"], row["country"]) for row in rows}

    holding = counted(Holding.objects.filter(isbn__in=wanted), "isbn")
    ordering = counted(
        OrderLine.objects.filter(
            offer__title__isbn__in=wanted,
            status=OrderLine.Status.ORDERED,
            round__status=Round.Status.OPEN,
        ),
        "offer__title__isbn",
    )
    result = {}
    for isbn in wanted:
        held, ordered = holding.get(isbn, (0, 0)), ordering.get(isbn, (0, 0))
        result[isbn] = Overlap(
            county_holding=held[0],
            county_ordering=ordered[0],
            country_holding=held[1],
            country_ordering=ordered[1],
        )
    return result
