"""The ordering pages: the rounds a librarian orders in, a library's order (search with the
overlap, add/change/remove with and without htmx, refusals that say why and change
nothing), read-only once the round closed; nobody reaches another library's order.

Personas (conftest): alice directs library A, bob works at A, carol represents B, dave
has no library."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lrba.acquisition.models import OrderLine, Round
from lrba.acquisition.tests.factories import (
    HoldingFactory,
    OfferFactory,
    OrderLineFactory,
    RoundBudgetFactory,
    RoundFactory,
    SupplierFactory,
    TitleFactory,
    isbn13,
)
from lrba.members.tests.factories import StaffAuthorisationFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def shop(library_a, library_b):
    supplier = SupplierFactory(name="Pegasas")
    round_ = RoundFactory(name="Pavasario etapas", suppliers=[supplier])
    RoundBudgetFactory(round=round_, library=library_a, amount=Decimal("100.00"))
    RoundBudgetFactory(round=round_, library=library_b, amount=Decimal("500.00"))
    marti = OfferFactory(
        supplier=supplier,
        price=Decimal("12.50"),
        title=TitleFactory(isbn=isbn13(11), title="Marti", lithuanian_author=True),
    )
    dune = OfferFactory(
        supplier=supplier,
        price=Decimal("30.00"),
        title=TitleFactory(isbn=isbn13(12), title="Kopa", authors="Herbert, Frank"),
    )
    return round_, marti, dune


def order_url(round_, library):
    return reverse("acquisition:order", args=[round_.pk, library.pk])


def set_url(round_, library):
    return reverse("acquisition:order_line_set", args=[round_.pk, library.pk])


def test_the_round_list_shows_the_budgets_of_the_librarys_rounds(client_for, alice, shop):
    round_, marti, _ = shop
    OrderLineFactory(round=round_, library=alice.person.employments.get().library, offer=marti)
    RoundFactory(name="Ruošiamas etapas", status=Round.Status.DRAFT)

    response = client_for(alice).get(reverse("acquisition:round_list"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Pavasario etapas" in page
    assert "Ruošiamas etapas" not in page
    assert "87,50" in page  # left of 100.00 after one copy at 12.50
    assert order_url(round_, alice.person.employments.get().library) in page


def test_someone_who_orders_for_no_library_gets_no_round_list(client_for, dave):
    assert client_for(dave).get(reverse("acquisition:round_list")).status_code == 403


def test_the_order_page_searches_the_rounds_offers_with_the_overlap(
    client_for, alice, library_a, library_b, shop
):
    round_, marti, _ = shop
    HoldingFactory(library=library_b, isbn=marti.title.isbn)
    elsewhere = OfferFactory(title=TitleFactory(title="Kito tiekėjo knyga"))

    response = client_for(alice).get(order_url(round_, library_a), {"q": "marti"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Marti" in page and "Kopa" not in page
    assert elsewhere.title.title not in page
    assert f'name="offer" value="{marti.pk}"' in page
    assert "catalogue-title__overlap" in page


def test_the_search_region_comes_alone_for_htmx(client_for, alice, library_a, shop):
    round_, _, _ = shop

    response = client_for(alice).get(
        order_url(round_, library_a), {"q": "kopa"}, headers={**HTMX, "HX-Target": "order-results"}
    )

    page = response.content.decode()
    assert "<html" not in page
    assert "Kopa" in page


def test_adding_a_title_without_javascript_redirects_with_a_message(
    client_for, bob, library_a, shop
):
    round_, marti, _ = shop
    StaffAuthorisationFactory(library=library_a, person=bob.person)
    client = client_for(bob)

    response = client.post(
        set_url(round_, library_a), {"offer": marti.pk, "quantity": "3", "q": "marti"}
    )

    assert response.status_code == 302
    assert response.url == order_url(round_, library_a) + "?q=marti#my-order"
    line = OrderLine.objects.get()
    assert (line.quantity, line.created_by) == (3, bob)
    page = client.get(response.url).content.decode()
    assert "Marti" in page and "62,50" in page  # 100.00 − 37.50 left


def test_adding_a_title_with_htmx_swaps_the_order_region(client_for, alice, library_a, shop):
    round_, marti, _ = shop

    response = client_for(alice).post(
        set_url(round_, library_a), {"offer": marti.pk, "quantity": "2"}, headers=HTMX
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="my-order"' in page
    assert "<html" not in page
    assert "message--success" in page
    assert 'id="order-feedback"' in page and 'hx-swap-oob="true"' in page
    assert "25,00" in page
    assert OrderLine.objects.get().quantity == 2


def test_an_order_beyond_the_budget_is_refused_saying_by_how_much(
    client_for, alice, library_a, shop
):
    round_, _, dune = shop
    client = client_for(alice)

    response = client.post(
        set_url(round_, library_a), {"offer": dune.pk, "quantity": "4"}, headers=HTMX
    )

    page = response.content.decode()
    assert "message--error" in page
    assert "20,00" in page  # 4 × 30.00 = 120.00 is 20.00 over 100.00
    assert not OrderLine.objects.exists()

    response = client.post(set_url(round_, library_a), {"offer": dune.pk, "quantity": "4"})
    follow = client.get(response.url).content.decode()
    assert "message--error" in follow and "20,00" in follow
    assert not OrderLine.objects.exists()


@pytest.mark.parametrize("quantity", ["0", "-1", "du", ""])
def test_a_bad_quantity_is_refused_and_changes_nothing(
    client_for, alice, library_a, shop, quantity
):
    round_, marti, _ = shop
    OrderLineFactory(round=round_, library=library_a, offer=marti, quantity=2)

    response = client_for(alice).post(
        set_url(round_, library_a), {"offer": marti.pk, "quantity": quantity}, headers=HTMX
    )

    assert "message--error" in response.content.decode()
    assert OrderLine.objects.get().quantity == 2


def test_an_unknown_offer_is_refused(client_for, alice, library_a, shop):
    round_, _, _ = shop

    response = client_for(alice).post(
        set_url(round_, library_a), {"offer": "999999", "quantity": "1"}, headers=HTMX
    )

    assert "message--error" in response.content.decode()
    assert not OrderLine.objects.exists()


def test_a_line_is_changed_and_removed(client_for, alice, library_a, shop):
    round_, marti, _ = shop
    client = client_for(alice)
    client.post(set_url(round_, library_a), {"offer": marti.pk, "quantity": "2"})
    client.post(set_url(round_, library_a), {"offer": marti.pk, "quantity": "5"})
    line = OrderLine.objects.get()
    assert line.quantity == 5

    response = client.post(
        reverse("acquisition:order_line_remove", args=[round_.pk, library_a.pk, line.pk]),
        headers=HTMX,
    )

    assert "message--success" in response.content.decode()
    assert not OrderLine.objects.exists()


def test_nobody_reaches_another_librarys_order(client_for, alice, carol, library_b, shop):
    round_, marti, _ = shop
    theirs = OrderLineFactory(round=round_, library=library_b, offer=marti, quantity=2)
    client = client_for(alice)

    assert client.get(order_url(round_, library_b)).status_code == 404
    assert (
        client.post(set_url(round_, library_b), {"offer": marti.pk, "quantity": 9}).status_code
        == 404
    )
    remove = reverse("acquisition:order_line_remove", args=[round_.pk, library_b.pk, theirs.pk])
    assert client.post(remove).status_code == 404
    own_library = alice.person.employments.get().library
    wrong = reverse("acquisition:order_line_remove", args=[round_.pk, own_library.pk, theirs.pk])
    assert client.post(wrong).status_code == 404
    assert OrderLine.objects.get().quantity == 2
    assert client_for(carol).get(order_url(round_, library_b)).status_code == 200


def test_a_visitor_is_sent_to_sign_in(client, library_a, shop):
    round_, _, _ = shop

    response = client.get(order_url(round_, library_a))

    assert response.status_code == 302


def test_a_closed_round_shows_the_order_read_only_with_its_marc_files(
    client_for, alice, library_a, shop
):
    round_, marti, _ = shop
    OrderLineFactory(round=round_, library=library_a, offer=marti, quantity=2)
    Round.objects.filter(pk=round_.pk).update(status=Round.Status.CLOSED)
    client = client_for(alice)

    page = client.get(order_url(round_, library_a)).content.decode()

    assert "Marti" in page
    assert 'name="quantity"' not in page
    assert reverse("acquisition:library_order_marc", args=[round_.pk, library_a.pk, "xml"]) in page
    response = client.post(set_url(round_, library_a), {"offer": marti.pk, "quantity": "3"})
    follow = client.get(response.url).content.decode()
    assert "message--error" in follow
    assert OrderLine.objects.get().quantity == 2


def test_a_round_past_its_closing_time_takes_no_orders(client_for, alice, library_a, shop):
    round_, marti, _ = shop
    Round.objects.filter(pk=round_.pk).update(
        opens_at=timezone.now() - dt.timedelta(days=5),
        closes_at=timezone.now() - dt.timedelta(minutes=1),
    )

    page = client_for(alice).get(order_url(round_, library_a)).content.decode()
    client_for(alice).post(set_url(round_, library_a), {"offer": marti.pk, "quantity": "1"})

    assert 'name="quantity"' not in page
    assert not OrderLine.objects.exists()


def test_a_library_without_a_budget_sees_why_it_cannot_order(client_for, alice, shop):
    round_, _, _ = shop
    other = RoundFactory(suppliers=list(round_.suppliers.all()))
    library = alice.person.employments.get().library

    page = client_for(alice).get(order_url(other, library)).content.decode()

    assert 'name="quantity"' not in page
    assert "message--warning" in page


def test_the_order_shows_the_tier_and_the_share_of_lithuanian_authors(
    client_for, alice, library_a, library_b, shop
):
    round_, marti, dune = shop
    round_.tiers.create(min_copies=5, discount_percent=Decimal("5.00"))
    round_.tiers.create(min_copies=20, discount_percent=Decimal("10.00"))
    OrderLineFactory(round=round_, library=library_a, offer=marti, quantity=2)  # 25.00
    OrderLineFactory(round=round_, library=library_a, offer=dune, quantity=1)  # 30.00 unknown
    OrderLineFactory(round=round_, library=library_b, offer=marti, quantity=4)

    page = client_for(alice).get(order_url(round_, library_a)).content.decode()

    assert "5,00 %" in page  # the tier the round's 7 copies reach
    assert "13 " in page and "10,00 %" in page  # copies to the next tier (20 − 7)
    assert "45,5" in page  # 25.00 of 55.00 by Lithuanian authors


def test_the_order_page_costs_the_same_queries_for_more_results_and_lines(
    client_for, alice, library_a, shop
):
    round_, marti, _ = shop
    supplier = marti.supplier
    client = client_for(alice)
    OrderLineFactory(round=round_, library=library_a, offer=marti)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(order_url(round_, library_a)).status_code == 200
        return len(captured)

    queries()  # the first request also fills the session's and the menus' caches
    few = queries()
    for n in range(8):
        offer = OfferFactory(supplier=supplier, title=TitleFactory(isbn=isbn13(100 + n)))
        OrderLineFactory(round=round_, library=library_a, offer=offer)
        HoldingFactory(isbn=offer.title.isbn)

    assert queries() == few
