"""The acquisition demo: two suppliers' catalogues imported (ONIX 3.0 and a CSV price
list, twenty titles in both), a closed round of ten libraries with its supplier orders,
an open round closing this week, and holdings for the overlap."""

import pytest
from django.db.models import Count
from django.utils import timezone

from lrba.acquisition import dashboard, demo
from lrba.acquisition.isbn import isbn_normalise
from lrba.acquisition.models import (
    CatalogueImport,
    Holding,
    Offer,
    OrderLine,
    Round,
    Supplier,
    SupplierOrder,
    Title,
)
from lrba.acquisition.selectors.reports import round_report
from lrba.members.demo import REPRESENTATIVE_EMAIL

pytestmark = pytest.mark.django_db


def test_two_suppliers_catalogues_were_imported_with_the_bad_records_reported(demo_loaded):
    imports = {i.supplier.code: i for i in CatalogueImport.objects.select_related("supplier")}

    onix, csv = imports[demo.ONIX_SUPPLIER], imports[demo.CSV_SUPPLIER]
    assert (onix.file_format, csv.file_format) == ("onix30", "csv")
    assert {onix.status, csv.status} == {CatalogueImport.Status.DONE}
    assert (onix.titles_new, onix.rejected) == (60, 2)
    assert (csv.titles_new, csv.titles_updated, csv.rejected) == (40, 20, 1)
    assert onix.rejections.count() == 2 and csv.rejections.count() == 1


def test_each_supplier_offers_sixty_titles_twenty_of_them_offered_by_both(demo_loaded):
    for supplier in Supplier.objects.filter(code__in=[demo.ONIX_SUPPLIER, demo.CSV_SUPPLIER]):
        assert supplier.offers.count() == 60
    both = Title.objects.annotate(n=Count("offers")).filter(n=2)
    assert both.count() == 20
    assert Title.objects.count() == 100
    for title in Title.objects.all():
        assert title.isbn.startswith("978609") and isbn_normalise(title.isbn) == title.isbn
        assert title.title and title.authors and title.publisher
    # The metadata tells a Lithuanian author for most titles, and not for some.
    kinds = set(Title.objects.values_list("lithuanian_author", flat=True))
    assert {True, None} <= kinds
    assert Offer.objects.filter(is_available=False).exists()


def test_the_closed_round_has_supplier_orders_with_the_distribution_to_ten_libraries(
    demo_loaded,
):
    closed = Round.objects.get(status=Round.Status.CLOSED)

    assert closed.closes_at < timezone.now() and closed.closed_at
    ordered = OrderLine.objects.filter(round=closed, status=OrderLine.Status.ORDERED)
    assert ordered.values("library").distinct().count() == 10
    assert not ordered.filter(supplier_order__isnull=True).exists()
    orders = SupplierOrder.objects.filter(round=closed)
    assert orders.count() == 2
    for order in orders:
        assert order.number.startswith("KU-") and order.copies > 0
        assert order.total_net < order.total_list  # the round reached a discount tier
    # Titles the whole round ordered too few of were left out.
    assert OrderLine.objects.filter(round=closed, status=OrderLine.Status.BELOW_MINIMUM).exists()
    assert Holding.objects.filter(source=Holding.Source.ROUND).exists()


def test_the_closed_rounds_report_shows_savings_and_the_lithuanian_share(demo_loaded):
    report = round_report(Round.objects.get(status=Round.Status.CLOSED))

    assert report.total.savings > 0
    assert len([row for row in report.libraries if row.spend.copies]) == 10
    lithuanian, _other, _unknown = report.authors
    assert 0 < lithuanian.copies < report.total.copies


def test_the_open_round_closes_this_week_and_some_libraries_have_not_ordered(demo_loaded):
    open_round = Round.objects.get(status=Round.Status.OPEN)

    assert open_round.takes_orders()
    assert open_round.budgets.count() == demo.OPEN_BUDGETS
    ordering = OrderLine.objects.filter(round=open_round).values("library").distinct()
    assert ordering.count() == demo.OPEN_ORDERING
    assert ordering.filter(library__employments__person__user__email=REPRESENTATIVE_EMAIL)
    panel = dashboard.rounds_closing_panel(now=timezone.now())
    (row,) = panel.rows
    assert row.text == open_round.name and row.overdue


def test_libraries_uploaded_holdings_some_of_them_in_the_catalogues(demo_loaded):
    uploaded = Holding.objects.filter(source=Holding.Source.UPLOAD)

    assert uploaded.values("library").distinct().count() >= 5
    assert uploaded.filter(isbn__in=Title.objects.values("isbn")).exists()


def test_a_second_load_creates_nothing(demo_loaded):
    before = (Title.objects.count(), OrderLine.objects.count(), Round.objects.count())

    assert demo.demo_data_present()
    demo.demo_data_load(scale=1, people=None, seed=1)

    assert (Title.objects.count(), OrderLine.objects.count(), Round.objects.count()) == before
