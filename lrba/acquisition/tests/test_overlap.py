"""Holdings overlap: other libraries in the viewer's county and in the country that hold
or are ordering a title, in a fixed number of queries however many titles are shown."""

import pytest

from lrba.acquisition.models import OrderLine, Round
from lrba.acquisition.selectors.overlap import Overlap, overlap_for
from lrba.acquisition.tests.factories import (
    HoldingFactory,
    OfferFactory,
    OrderLineFactory,
    RoundFactory,
    TitleFactory,
    isbn13,
)
from lrba.core.models import Municipality
from lrba.members.tests.factories import LibraryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def places():
    """Two municipalities of one county and one of another county."""
    municipalities = list(Municipality.objects.select_related("county").order_by("code"))
    first = municipalities[0]
    same = next(m for m in municipalities if m.county_id == first.county_id and m != first)
    other = next(m for m in municipalities if m.county_id != first.county_id)
    return first, same, other


@pytest.fixture
def libraries(places):
    first, same, other = places
    return {
        "mine": LibraryFactory(municipality=first),
        "neighbour": LibraryFactory(municipality=same),
        "neighbour2": LibraryFactory(municipality=first),
        "far": LibraryFactory(municipality=other),
    }


def test_holdings_of_others_are_counted_by_county_and_country(libraries):
    isbn = isbn13(1)
    for name in ("mine", "neighbour", "neighbour2", "far"):
        HoldingFactory(library=libraries[name], isbn=isbn)

    assert overlap_for([isbn], libraries["mine"]) == {
        isbn: Overlap(county_holding=2, county_ordering=0, country_holding=3, country_ordering=0)
    }
    assert overlap_for([isbn], libraries["far"])[isbn] == Overlap(
        county_holding=0, country_holding=3
    )


def test_ordering_counts_distinct_libraries_in_open_rounds_only(libraries):
    title = TitleFactory()
    open_round, other_open = RoundFactory(), RoundFactory()
    closed = RoundFactory(status=Round.Status.CLOSED)
    first_offer, second_offer = OfferFactory(title=title), OfferFactory(title=title)
    # The neighbour orders from two suppliers and in two rounds: one library.
    OrderLineFactory(round=open_round, library=libraries["neighbour"], offer=first_offer)
    OrderLineFactory(round=open_round, library=libraries["neighbour"], offer=second_offer)
    OrderLineFactory(round=other_open, library=libraries["neighbour"], offer=first_offer)
    OrderLineFactory(round=open_round, library=libraries["far"], offer=first_offer)
    OrderLineFactory(round=open_round, library=libraries["mine"], offer=first_offer)
    # Not counted: a closed round, a line left out below the minimum.
    OrderLineFactory(round=closed, library=libraries["neighbour2"], offer=first_offer)
    OrderLineFactory(
        round=open_round,
        library=libraries["neighbour2"],
        offer=second_offer,
        status=OrderLine.Status.BELOW_MINIMUM,
    )

    isbn = str(title.isbn)
    overlap = overlap_for([isbn], libraries["mine"])[isbn]

    assert overlap == Overlap(county_ordering=1, country_ordering=2)
    assert not overlap.is_empty


def test_a_title_nobody_else_has_gets_zeros(libraries):
    HoldingFactory(library=libraries["mine"], isbn=isbn13(5))

    overlap = overlap_for([isbn13(5), isbn13(6)], libraries["mine"])

    assert overlap == {isbn13(5): Overlap(), isbn13(6): Overlap()}
    assert overlap[isbn13(5)].is_empty
    assert overlap_for([], libraries["mine"]) == {}


def _page_of_titles(count: int, libraries: dict, start: int) -> list[str]:
    round_ = RoundFactory()
    isbns = []
    for n in range(start, start + count):
        title = TitleFactory(isbn=isbn13(n))
        isbns.append(title.isbn)
        for name in ("neighbour", "far"):
            HoldingFactory(library=libraries[name], isbn=title.isbn)
        OrderLineFactory(
            round=round_, library=libraries["neighbour2"], offer=OfferFactory(title=title)
        )
    return isbns


def test_the_overlap_of_a_page_is_a_fixed_number_of_queries(
    libraries, django_assert_max_num_queries
):
    few = _page_of_titles(2, libraries, 100)
    many = _page_of_titles(40, libraries, 200)

    with django_assert_max_num_queries(2):
        few_overlap = overlap_for(few, libraries["mine"])
    with django_assert_max_num_queries(2):
        many_overlap = overlap_for(many, libraries["mine"])

    expected = Overlap(county_holding=1, county_ordering=1, country_holding=2, country_ordering=1)
    assert set(few_overlap.values()) == {expected}
    assert len(many_overlap) == 40 and set(many_overlap.values()) == {expected}
