"""The catalogue search selector on the database the suite runs on (run it on SQLite and
on PostgreSQL: each has its own full-text index behind the same selector)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lrba.acquisition.models import Title
from lrba.acquisition.search import titles_reindex
from lrba.acquisition.selectors.catalogue import catalogue_results, catalogue_search
from lrba.acquisition.tests.factories import OfferFactory, SupplierFactory, TitleFactory
from lrba.core.text import sort_key

pytestmark = pytest.mark.django_db


def _titles(**filters) -> list[str]:
    return [title.title for title in catalogue_search(**filters)]


@pytest.fixture
def shelf():
    """A small catalogue with Lithuanian titles, authors, publishers and subjects."""
    return {
        "zemaite": TitleFactory(
            isbn="9786091000013",
            title="Marti",
            authors="Žemaitė, Julija",
            publisher="Alma littera",
            year=2019,
            subjects="Lietuvių literatūra; apsakymai",
        ),
        "libraries": TitleFactory(
            isbn="9786091000020",
            title="Bibliotekų istorija Lietuvoje",
            authors="Vaitkevičius, Jonas",
            publisher="Vilniaus universiteto leidykla",
            year=2021,
            subjects="Bibliotekininkystė; istorija",
        ),
        "cat": TitleFactory(
            isbn="9780306406157",
            title="Čiurlionio sonatos",
            authors="Landsbergis, Vytautas",
            publisher="Versus aureus",
            year=2015,
            subjects="Muzika; dailė",
        ),
        "sea": TitleFactory(
            isbn="9786091000037",
            title="Šiaurės jūra",
            authors="Kalnietė, Sandra",
            publisher="Tyto alba",
            year=2024,
            subjects="Kelionės",
        ),
        "abc": TitleFactory(
            isbn="9786091000044",
            title="Zuikis ir ežiukas",
            authors="Vaižgantas",
            publisher="Alma littera",
            year=2010,
            subjects="Vaikų literatūra",
        ),
    }


def test_without_words_every_title_comes_in_lithuanian_order(shelf):
    found = _titles()

    # Č after C, Š after S, Ž after Z: not the code-point order of the titles.
    assert found == ["Bibliotekų istorija Lietuvoje", "Čiurlionio sonatos", "Marti",
                     "Šiaurės jūra", "Zuikis ir ežiukas"]  # fmt: skip
    assert found == sorted(found, key=sort_key)


def test_punctuation_alone_is_no_query(shelf):
    assert len(_titles(query=" ?!… ")) == 5


def test_an_inflected_word_finds_the_other_forms(shelf):
    assert _titles(query="bibliotekose") == ["Bibliotekų istorija Lietuvoje"]
    assert _titles(query="istorijos bibliotekoje") == ["Bibliotekų istorija Lietuvoje"]


def test_a_query_without_diacritics_finds_the_author_with_them(shelf):
    assert _titles(query="zemaite") == ["Marti"]
    assert _titles(query="ŽEMAITĖ") == ["Marti"]
    assert _titles(query="ciurlionio") == ["Čiurlionio sonatos"]


def test_every_word_must_occur(shelf):
    assert _titles(query="bibliotekų muzika") == []
    assert _titles(query="siaures jura") == ["Šiaurės jūra"]


def test_a_title_word_ranks_above_a_subject_word(shelf):
    TitleFactory(isbn="9786091000051", title="Apie tai ir ana", subjects="Bibliotekos")

    found = _titles(query="biblioteka")

    assert found == ["Bibliotekų istorija Lietuvoje", "Apie tai ir ana"]


@pytest.mark.parametrize(
    "query", ["9786091000013", "978-609-10-0001-3", "978 609 10 0001 3", " 978-6091000013 "]
)
def test_an_isbn_13_with_or_without_hyphens_finds_its_title(shelf, query):
    assert _titles(query=query) == ["Marti"]


@pytest.mark.parametrize("query", ["0306406152", "0-306-40615-2"])
def test_an_isbn_10_finds_the_title_kept_under_its_isbn_13(shelf, query):
    assert _titles(query=query) == ["Čiurlionio sonatos"]


def test_an_isbn_with_a_wrong_check_digit_finds_nothing(shelf):
    assert _titles(query="978-609-10-0001-4") == []


def test_the_author_filter_ignores_diacritics_and_case_and_reads_only_authors(shelf):
    assert _titles(author="zemaite") == ["Marti"]
    assert _titles(author="Žemaitės") == ["Marti"]
    assert _titles(author="landsbergis vytautas") == ["Čiurlionio sonatos"]
    # "istorija" is in a title and a subject, never in an author's name.
    assert _titles(author="istorija") == []


def test_the_publisher_and_subject_filters(shelf):
    assert _titles(publisher="alma littera") == ["Marti", "Zuikis ir ežiukas"]
    assert _titles(subject="vaiku literatura") == ["Zuikis ir ežiukas"]
    assert _titles(subject="literatūros") == ["Marti", "Zuikis ir ežiukas"]
    # Publisher words are not authors.
    assert _titles(author="alma") == []


def test_years_are_inclusive(shelf):
    assert _titles(year_from=2019, year_to=2021) == ["Bibliotekų istorija Lietuvoje", "Marti"]
    assert _titles(year_from=2024) == ["Šiaurės jūra"]
    assert _titles(year_to=2010) == ["Zuikis ir ežiukas"]


def test_filters_combine_with_the_words(shelf):
    assert _titles(query="literatūra", publisher="alma", year_from=2015) == ["Marti"]
    assert _titles(query="marti", author="landsbergis") == []


def test_a_supplier_narrows_the_titles_and_the_offers_shown(shelf):
    pegasas, vaga = SupplierFactory(code="pegasas", name="Pegasas"), SupplierFactory(code="vaga")
    OfferFactory(supplier=pegasas, title=shelf["zemaite"], price=Decimal("9.90"))
    OfferFactory(supplier=vaga, title=shelf["zemaite"], price=Decimal("8.50"))
    OfferFactory(supplier=vaga, title=shelf["sea"], price=Decimal("15.00"))

    titles = list(catalogue_search(supplier=pegasas))

    assert [t.title for t in titles] == ["Marti"]
    assert [o.supplier.code for o in titles[0].offers.all()] == ["pegasas"]
    both = list(catalogue_search(suppliers=[pegasas, vaga], query="marti"))
    # Cheapest first.
    assert [o.supplier.code for o in both[0].offers.all()] == ["vaga", "pegasas"]


def test_a_rounds_suppliers_manager_is_accepted(shelf):
    from lrba.acquisition.tests.factories import RoundFactory

    supplier = SupplierFactory()
    OfferFactory(supplier=supplier, title=shelf["abc"])
    OfferFactory(title=shelf["sea"])  # another supplier's
    round_ = RoundFactory(suppliers=[supplier])

    assert _titles(suppliers=round_.suppliers) == ["Zuikis ir ežiukas"]
    assert _titles(suppliers=round_.suppliers.all(), query="zuikis") == ["Zuikis ir ežiukas"]


def test_available_only_leaves_out_titles_that_cannot_be_ordered(shelf):
    OfferFactory(title=shelf["zemaite"], is_available=False)
    OfferFactory(title=shelf["sea"], price=None)
    good = OfferFactory(title=shelf["abc"])
    OfferFactory(title=shelf["abc"], is_available=False)

    titles = list(catalogue_search(available_only=True))

    assert [t.title for t in titles] == ["Zuikis ir ežiukas"]
    assert list(titles[0].offers.all()) == [good]


def test_offers_and_suppliers_come_in_a_fixed_number_of_queries(shelf):
    for title in shelf.values():
        OfferFactory(title=title)
        OfferFactory(title=title)

    with CaptureQueriesContext(connection) as queries:
        results = catalogue_results(catalogue_search())
        names = [offer.supplier.name for result in results for offer in result.offers]

    assert len(names) == 10
    assert len(queries) == 2  # titles, offers with their suppliers


def test_results_show_the_isbn_hyphenated(shelf):
    results = catalogue_results(catalogue_search(query="marti"))

    assert results[0].isbn == "978-609-10-0001-3"
    assert results[0].overlap is None


def test_a_title_written_in_bulk_is_found_after_reindexing():
    Title.objects.bulk_create(
        [Title(isbn="9786091000068", title="Šaltinių knyga", sort_title=sort_key("Šaltinių knyga"))]
    )
    assert _titles(query="saltiniai") == []

    titles_reindex()

    assert _titles(query="saltiniai") == ["Šaltinių knyga"]


def test_a_query_of_operators_and_quotes_never_fails(shelf):
    for query in ['"', "-", "OR", 'AND "', "NEAR(", "*", "a:b", "'", "\\", "x" * 500]:
        list(catalogue_search(query=query, author=query, publisher=query, subject=query))
