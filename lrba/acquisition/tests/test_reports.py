"""The acquisition reports: a round's titles, copies and spend per library and supplier,
the savings from its discount tier, the Lithuanian authors' share; a library's rounds and
spend over the years; who may read them, and the downloads."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from conftest import lt
from lrba.acquisition.models import OrderLine, Round, SupplierOrder
from lrba.acquisition.selectors.reports import after_discount, library_report, round_report
from lrba.acquisition.tests.factories import (
    DiscountTierFactory,
    OfferFactory,
    OrderLineFactory,
    RoundBudgetFactory,
    RoundFactory,
    SupplierFactory,
    TitleFactory,
    authorised_employee,
    representative,
)
from lrba.members.tests.factories import LibraryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def bought():
    """An open round of two suppliers with a 10 % tier from 10 copies: Alytus orders 6
    copies of a Lithuanian author's book (10 €) and 2 of a foreign one (20 €) from the
    first supplier; Birštonas 4 of a book with no author origin (5 €) from the second.
    12 copies in all reach the tier."""
    pegasas = SupplierFactory(name="Pegasas")
    vaga = SupplierFactory(name="Vaga")
    round_ = RoundFactory(suppliers=[pegasas, vaga])
    DiscountTierFactory(round=round_, min_copies=10, discount_percent=Decimal("10.00"))
    DiscountTierFactory(round=round_, min_copies=100, discount_percent=Decimal("20.00"))
    alytus = LibraryFactory(name="Alytaus viešoji biblioteka")
    birstonas = LibraryFactory(name="Birštono viešoji biblioteka")
    vilkaviskis = LibraryFactory(name="Vilkaviškio viešoji biblioteka")
    for library in (alytus, birstonas, vilkaviskis):
        RoundBudgetFactory(round=round_, library=library, amount=Decimal("500.00"))
    lithuanian = OfferFactory(
        supplier=pegasas,
        title=TitleFactory(title="Nemuno vingiai", lithuanian_author=True),
        price=Decimal("10.00"),
    )
    foreign = OfferFactory(
        supplier=pegasas,
        title=TitleFactory(title="Šiaurės šviesos", lithuanian_author=False),
        price=Decimal("20.00"),
    )
    unknown = OfferFactory(
        supplier=vaga, title=TitleFactory(title="Miško takais"), price=Decimal("5.00")
    )
    OrderLineFactory(round=round_, library=alytus, offer=lithuanian, quantity=6)
    OrderLineFactory(round=round_, library=alytus, offer=foreign, quantity=2)
    OrderLineFactory(round=round_, library=birstonas, offer=unknown, quantity=4)
    return round_


def test_an_open_rounds_report_counts_titles_copies_and_the_tier_reached_so_far(bought):
    report = round_report(bought)

    assert not report.closed
    assert report.discount_percent == Decimal("10.00")
    assert (report.total.titles, report.total.copies) == (3, 12)
    assert report.total.list_total == Decimal("120.00")  # 60 + 40 + 20
    assert report.total.net_total == Decimal("108.00")
    assert report.total.savings == Decimal("12.00")


def test_the_report_gives_each_library_its_spend_and_budget_used(bought):
    rows = {row.library.name: row for row in round_report(bought).libraries}

    alytus = rows["Alytaus viešoji biblioteka"]
    assert (alytus.spend.titles, alytus.spend.copies) == (2, 8)
    assert alytus.spend.list_total == Decimal("100.00")
    assert alytus.spend.net_total == Decimal("90.00")
    assert alytus.budget_used == Decimal("0.2000")
    # A library with a budget and no order is in the report, with nothing spent.
    idle = rows["Vilkaviškio viešoji biblioteka"]
    assert idle.spend.copies == 0 and idle.budget == Decimal("500.00")
    assert list(rows) == sorted(rows)  # Lithuanian order: A, B, V


def test_the_report_gives_each_supplier_its_copies_and_savings(bought):
    suppliers = {row.name: row for row in round_report(bought).suppliers}

    assert suppliers["Pegasas"].spend.copies == 8
    assert suppliers["Pegasas"].spend.savings == Decimal("10.00")
    assert suppliers["Vaga"].spend.net_total == Decimal("18.00")
    assert suppliers["Vaga"].order is None


def test_the_lithuanian_authors_share_says_what_the_metadata_does_not_tell(bought):
    lithuanian, other, unknown = round_report(bought).authors

    assert (lithuanian.copies, lithuanian.spend) == (6, Decimal("60.00"))
    assert lithuanian.copies_share == Decimal("0.5000")
    assert lithuanian.spend_share == Decimal("0.5000")
    assert (other.copies, other.spend) == (2, Decimal("40.00"))
    assert (unknown.copies, unknown.spend_share) == (4, Decimal("0.1667"))


def test_a_closed_round_takes_each_suppliers_discount_and_leaves_out_lines_below_the_minimum(
    bought,
):
    pegasas = bought.suppliers.get(name="Pegasas")
    SupplierOrder.objects.create(
        round=bought, supplier=pegasas, number="KU-2026-0001", discount_percent=Decimal("15.00")
    )
    OrderLine.objects.filter(offer__supplier__name="Vaga").update(
        status=OrderLine.Status.BELOW_MINIMUM
    )
    Round.objects.filter(pk=bought.pk).update(status=Round.Status.CLOSED)
    bought.refresh_from_db()

    report = round_report(bought)

    assert report.closed and report.left_out_copies == 4
    assert report.total.copies == 8
    assert report.total.net_total == Decimal("85.00")  # 100 less 15 %
    (row,) = report.suppliers
    assert row.order.number == "KU-2026-0001"


def test_the_report_reads_a_round_in_a_fixed_number_of_queries(
    bought, django_assert_max_num_queries
):
    extra = LibraryFactory()
    RoundBudgetFactory(round=bought, library=extra)
    OrderLineFactory(round=bought, library=extra, offer=OfferFactory(), quantity=3)
    with django_assert_max_num_queries(10):
        round_report(bought)


def test_after_discount_rounds_half_a_cent_up():
    assert after_discount(Decimal("10.05"), Decimal("50.00")) == Decimal("5.03")


def test_a_library_report_sums_its_rounds_per_year(bought):
    alytus = bought.budgets.get(library__name__startswith="Alytaus").library
    earlier = RoundFactory(
        status=Round.Status.CLOSED,
        opens_at=timezone.now() - dt.timedelta(days=400),
        closes_at=timezone.now() - dt.timedelta(days=380),
    )
    RoundBudgetFactory(round=earlier, library=alytus, amount=Decimal("300.00"))
    OrderLineFactory(
        round=earlier, library=alytus, offer=OfferFactory(price=Decimal("7.00")), quantity=5
    )
    RoundFactory(status=Round.Status.DRAFT)  # drafts are nobody's spend

    report = library_report(alytus)

    assert [row.round for row in report.rounds] == [bought, earlier]
    assert [row.spend.copies for row in report.rounds] == [8, 5]
    assert report.rounds[1].spend.net_total == Decimal("35.00")  # no supplier order: no discount
    years = {year.year: year for year in report.years}
    assert years[earlier.closes_at.year].list_total >= Decimal("35.00")
    assert sum(year.copies for year in report.years) == 13
    assert report.chart.maximum


# Pages ------------------------------------------------------------------------------------


def test_the_secretariat_reads_the_round_report(bought, secretary, client_for):
    response = client_for(secretary).get(reverse("acquisition:round_report", args=[bought.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Alytaus viešoji biblioteka" in page and "Pegasas" in page
    assert 'id="library-chart"' in page


def test_the_auditor_reads_the_round_report_too(bought, auditor, client_for):
    url = reverse("acquisition:round_report", args=[bought.pk])
    assert client_for(auditor).get(url).status_code == 200


def test_a_representative_may_not_read_the_round_report(bought, client_for):
    library = bought.budgets.first().library
    url = reverse("acquisition:round_report", args=[bought.pk])
    assert client_for(representative(library)).get(url).status_code == 403


def test_the_round_report_downloads_as_a_workbook(bought, secretary, client_for):
    url = reverse("acquisition:round_report", args=[bought.pk])
    response = client_for(secretary).get(url, {"format": "xlsx"})

    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert len(workbook.sheetnames) == 4
    libraries = list(workbook.worksheets[1].iter_rows(values_only=True))
    assert any(row[0] == "Alytaus viešoji biblioteka" and row[3] == 8 for row in libraries)


def test_the_round_report_downloads_as_csv(bought, secretary, client_for):
    url = reverse("acquisition:round_report", args=[bought.pk])
    response = client_for(secretary).get(url, {"format": "csv"})

    assert response.status_code == 200
    assert "Birštono viešoji biblioteka" in response.content.decode("utf-8-sig")


def test_whoever_orders_for_a_library_reads_its_report_and_no_other(bought, client_for):
    alytus = bought.budgets.get(library__name__startswith="Alytaus").library
    birstonas = bought.budgets.get(library__name__startswith="Birštono").library
    client = client_for(authorised_employee(alytus))

    mine = client.get(reverse("acquisition:library_report", args=[alytus.pk]))
    theirs = client.get(reverse("acquisition:library_report", args=[birstonas.pk]))

    assert mine.status_code == 200 and "Alytaus viešoji biblioteka" in mine.content.decode()
    assert theirs.status_code == 404
    assert (
        client.get(
            reverse("acquisition:library_report", args=[alytus.pk]), {"format": "csv"}
        ).status_code
        == 200
    )


def test_a_stranger_and_a_visitor_do_not_read_a_library_report(bought, client_for, dave):
    alytus = bought.budgets.get(library__name__startswith="Alytaus").library
    url = reverse("acquisition:library_report", args=[alytus.pk])

    assert client_for(dave).get(url).status_code == 404
    assert client_for(None).get(url).status_code in (302, 403)


def test_the_secretariat_reads_any_librarys_report(bought, secretary, client_for):
    library = LibraryFactory(name="Kalvarijos viešoji biblioteka")
    response = client_for(secretary).get(reverse("acquisition:library_report", args=[library.pk]))

    assert response.status_code == 200
    assert lt("The library has not taken part in a buying round yet.") in response.content.decode()
