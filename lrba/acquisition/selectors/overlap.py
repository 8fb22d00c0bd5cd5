"""Holdings overlap: for titles a library considers, how many OTHER libraries in its
county and in the whole country already hold each (`Holding`: uploaded or bought in an
earlier round) or are ordering it now (an ordered line in a round that is open).

Two queries for any number of titles (one per source, counted per ISBN in SQL); the
library's county is a subquery, not a third query. The SQL is written here rather than
built by the ORM: it runs for every page of search results, and building and compiling
two grouped ORM queries cost more than running them.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection

from lrba.acquisition.models import Holding, Offer, OrderLine, Round, Title
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


def _sql(source: str, isbn_column: str, joins: str, conditions: str, placeholders: str) -> str:
    """Per ISBN: distinct libraries other than the viewer's, and those of them in the
    viewer's county. Parameters: the viewer's municipality, the ISBNs, the extra
    conditions' values, the viewer's library."""
    library, municipality = Library._meta.db_table, Municipality._meta.db_table
    return (
        f"SELECT {isbn_column}, COUNT(DISTINCT src.library_id),"  # noqa: S608 (tables and columns are ours)
        f" COUNT(DISTINCT CASE WHEN m.county_id ="
        f" (SELECT county_id FROM {municipality} WHERE id = %s)"
        f" THEN src.library_id END)"
        f" FROM {source} src{joins}"
        f" JOIN {library} l ON l.id = src.library_id"
        f" JOIN {municipality} m ON m.id = l.municipality_id"
        f" WHERE {isbn_column} IN ({placeholders}){conditions} AND src.library_id <> %s"
        f" GROUP BY {isbn_column}"
    )


def overlap_for(isbns: Iterable[str], library: Library) -> dict[str, Overlap]:
    """{isbn: Overlap} for every ISBN-13 of `isbns` (zeros where nobody else has it),
    seen from `library` (it is not counted; "county" is its county). Two queries."""
    wanted = sorted({isbn for isbn in isbns if isbn})  # a title may have no ISBN
    if not wanted:
        return {}
    placeholders = ", ".join(["%s"] * len(wanted))
    holding_sql = _sql(Holding._meta.db_table, "src.isbn", "", "", placeholders)
    ordering_sql = _sql(
        OrderLine._meta.db_table,
        "t.isbn",
        f" JOIN {Offer._meta.db_table} o ON o.id = src.offer_id"
        f" JOIN {Title._meta.db_table} t ON t.id = o.title_id"
        f" JOIN {Round._meta.db_table} r ON r.id = src.round_id",
        " AND src.status = %s AND r.status = %s",
        placeholders,
    )
    found: dict[str, list[int]] = {isbn: [0, 0, 0, 0] for isbn in wanted}
    with connection.cursor() as cursor:
        cursor.execute(holding_sql, [library.municipality_id, *wanted, library.pk])
        for isbn, country, county in cursor.fetchall():
            found[isbn][0], found[isbn][2] = county, country
        cursor.execute(
            ordering_sql,
            [
                library.municipality_id,
                *wanted,
                OrderLine.Status.ORDERED,
                Round.Status.OPEN,
                library.pk,
            ],
        )
        for isbn, country, county in cursor.fetchall():
            found[isbn][1], found[isbn][3] = county, country
    return {
        isbn: Overlap(
            county_holding=counts[0],
            county_ordering=counts[1],
            country_holding=counts[2],
            country_ordering=counts[3],
        )
        for isbn, counts in found.items()
    }
