"""The catalogue pages: who may search, what a search shows (offers, hyphenated ISBNs,
the overlap for a librarian who orders), the htmx region, bad input, a title's page."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import lt
from lrba.acquisition.tests.factories import (
    HoldingFactory,
    OfferFactory,
    OrderLineFactory,
    RoundFactory,
    SupplierFactory,
    TitleFactory,
)
from lrba.members.tests.factories import LibraryFactory

pytestmark = pytest.mark.django_db

URL = reverse("acquisition:catalogue")


@pytest.fixture
def marti():
    title = TitleFactory(
        isbn="9786091000013", title="Marti", authors="Žemaitė, Julija", publisher="Alma littera"
    )
    OfferFactory(
        title=title,
        supplier=SupplierFactory(name="Pegasas", code="pegasas"),
        price=Decimal("12.50"),
    )
    return title


def _get(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def test_a_visitor_is_sent_to_sign_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert "login" in response.url or "prisijungti" in response.url


@pytest.mark.parametrize("persona", ["dave", "charlie"])
def test_people_without_a_member_library_may_not_search(client_for, persona, request):
    client = client_for(request.getfixturevalue(persona))

    assert client.get(URL).status_code == 403
    assert client.get(reverse("acquisition:title_detail", args=[1])).status_code == 403


def test_a_member_librarian_finds_a_title_by_a_word_without_diacritics(client_for, bob, marti):
    TitleFactory(title="Kita knyga", authors="Kitas, Autorius")

    content = _get(client_for(bob), q="zemaite")

    assert "Marti" in content and "Kita knyga" not in content
    assert "978-609-10-0001-3" in content  # hyphenated
    assert "Pegasas" in content and "12,50" in content
    assert reverse("acquisition:title_detail", args=[marti.pk]) in content
    # Bob orders for no library: no overlap to show.
    assert lt("No other library holds or is ordering this title.") not in content


def test_the_secretariat_searches_too(staff_client, marti):
    assert "Marti" in _get(staff_client, q="9786091000013")


def test_an_isbn_10_or_with_hyphens_finds_the_title(client_for, bob, marti):
    client = client_for(bob)
    assert "Marti" in _get(client, q="978-609-10-0001-3")
    other = TitleFactory(isbn="9780306406157", title="Anglų knyga")
    assert other.title in _get(client, q="0-306-40615-2")


def _english_text(client, **params) -> str:
    response = client.get(URL, params, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def test_a_representative_sees_the_overlap_with_other_libraries(
    client_for, alice, library_a, marti
):
    neighbour = LibraryFactory(municipality=library_a.municipality)
    far = LibraryFactory(municipality=_other_county(library_a))
    HoldingFactory(library=neighbour, isbn=marti.isbn)
    HoldingFactory(library=far, isbn=marti.isbn)
    HoldingFactory(library=library_a, isbn=marti.isbn)  # her own: not counted
    OrderLineFactory(round=RoundFactory(), library=neighbour, offer=marti.offers.get())

    text = _english_text(client_for(alice), q="marti")

    assert "Held by other libraries: 1 in the county, 2 in the country." in text
    assert "Being ordered: 1 in the county, 1 in the country." in text
    assert f"holdings and orders compared with {library_a.name}" in text


def _other_county(library):
    from lrba.core.models import Municipality

    return Municipality.objects.exclude(county=library.municipality.county_id).first()


def test_htmx_gets_only_the_results_region(client_for, bob, marti):
    response = client_for(bob).get(URL, {"q": "marti"}, headers={"HX-Request": "true"})
    content = response.content.decode()

    assert response.status_code == 200
    assert "Marti" in content and 'class="result-count"' in content
    assert "<h1" not in content and "<form" not in content
    assert "HX-Request" in response["Vary"]


def test_without_a_query_the_titles_come_in_lithuanian_order(client_for, bob):
    for name in ("Žuvys", "Zuikis", "Šaltinis", "Saulė", "Čia", "Centras"):
        TitleFactory(title=name)

    content = _get(client_for(bob))

    positions = [content.index(f">{name}<") for name in
                 ("Centras", "Čia", "Saulė", "Šaltinis", "Zuikis", "Žuvys")]  # fmt: skip
    assert positions == sorted(positions)


def test_filters_narrow_the_results(client_for, bob, marti):
    TitleFactory(title="Senoji knyga", year=1990, publisher="Vaga")
    client = client_for(bob)

    assert "Senoji knyga" not in _get(client, publisher="alma")
    assert "Marti" not in _get(client, year_to="2000")
    assert "Senoji knyga" in _get(client, year_from="1980", year_to="1995")
    assert "Marti" in _get(client, author="zemaites")
    supplier = marti.offers.get().supplier
    assert "Senoji knyga" not in _get(client, supplier=supplier.pk)
    assert "Senoji knyga" not in _get(client, available="on")


def test_bad_input_is_ignored_with_a_note(client_for, bob, marti):
    content = _get(client_for(bob), year_from="abc", supplier="99999", page="999")

    assert "Marti" in content
    assert lt("“%(value)s” is not a year and was ignored.") % {"value": "abc"} in content
    assert lt("The supplier asked for is unknown and was ignored.") in content
    assert lt("There is no page %(number)s; showing the last page.") % {"number": "999"} in content


def test_an_isbn_with_a_wrong_check_digit_is_explained(client_for, bob, marti):
    content = _get(client_for(bob), q="978-609-10-0001-4")

    assert "Marti" not in content
    assert "978-609-10-0001-4" in content  # the reason names it


def test_swapped_years_are_swapped_back(client_for, bob, marti):
    content = _get(client_for(bob), year_from="2030", year_to="2020")

    assert "Marti" in content  # 2026, between
    assert lt("The years were the wrong way round and were swapped.") in content


def test_pages_link_with_the_filters(client_for, bob):
    for n in range(25):
        TitleFactory(title=f"Knyga apie bibliotekas {n:02d}")

    content = _get(client_for(bob), q="bibliotekos")

    assert "q=bibliotekos&amp;page=2" in content


def test_a_representative_of_two_libraries_chooses_whose_overlap(
    client_for, alice, library_a, library_b, marti
):
    from lrba.members.tests.factories import MandateFactory

    MandateFactory(person=alice.person, library=library_b)
    HoldingFactory(library=library_a, isbn=marti.isbn)

    content = _get(client_for(alice), q="marti", library=library_b.pk)

    assert 'name="library"' in content
    assert library_b.name in content
    # Seen from library B, library A (elsewhere) holds it.
    assert lt("No other library holds or is ordering this title.") not in content


def test_the_page_runs_a_fixed_number_of_queries(client_for, alice, library_a):
    client = client_for(alice)
    supplier = SupplierFactory()
    for n in range(3):
        OfferFactory(supplier=supplier, title=TitleFactory(title=f"Knyga {n}"))
    client.get(URL)  # sessions, permissions and lazy caches of the first request
    with CaptureQueriesContext(connection) as few:
        _get(client)
    for n in range(3, 20):
        title = TitleFactory(title=f"Knyga {n}")
        OfferFactory(supplier=supplier, title=title)
        OfferFactory(title=title)
        HoldingFactory(isbn=title.isbn)
    with CaptureQueriesContext(connection) as many:
        content = _get(client)

    assert content.count('class="card catalogue-title"') == 20
    assert len(many) == len(few)


def test_a_titles_page_shows_its_metadata_offers_and_overlap(client_for, alice, library_a, marti):
    OfferFactory(title=marti, supplier=SupplierFactory(name="Vaga"), price=None)
    HoldingFactory(library=LibraryFactory(), isbn=marti.isbn)

    response = client_for(alice).get(reverse("acquisition:title_detail", args=[marti.pk]))
    content = response.content.decode()

    assert response.status_code == 200
    assert "978-609-10-0001-3" in content and "Žemaitė, Julija" in content
    assert "Pegasas" in content and "12,50" in content and "Vaga" in content
    assert lt("In the country") in content and library_a.name in content


def test_a_librarian_who_does_not_order_sees_no_overlap_on_a_titles_page(client_for, bob, marti):
    response = client_for(bob).get(reverse("acquisition:title_detail", args=[marti.pk]))

    assert response.status_code == 200
    assert lt("In the country") not in response.content.decode()


def test_an_unknown_title_is_404(client_for, bob):
    assert (
        client_for(bob).get(reverse("acquisition:title_detail", args=[987654])).status_code == 404
    )
