"""A supplier order as the supplier reads it: the "Order" sheet per title and the
"Distribution" sheet per library, as XLSX and CSV, with text from catalogues and forms
neutralised so a spreadsheet never runs it."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.utils import translation

from lrba.acquisition.exports import library_address, supplier_order_sheets
from lrba.acquisition.services.closing import round_close
from lrba.acquisition.tests.factories import (
    DiscountTierFactory,
    OfferFactory,
    OrderLineFactory,
    RoundBudgetFactory,
    RoundFactory,
    SupplierFactory,
    TitleFactory,
)
from lrba.core.tables import table_csv, table_xlsx
from lrba.members.tests.factories import LibraryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(staff_user):
    supplier = SupplierFactory(name="Alfa knygos")
    round_ = RoundFactory(suppliers=[supplier])
    DiscountTierFactory(round=round_, min_copies=5, discount_percent=Decimal("10.00"))
    anyksciai = LibraryFactory(
        name="Anykščių biblioteka",
        street_address="Vilniaus g. 1",
        postal_code="29145",
        city="Anykščiai",
        legal_entity_code="190761215",
    )
    zarasai = LibraryFactory(name="Zarasų biblioteka", legal_entity_code="188611237")
    RoundBudgetFactory(round=round_, library=anyksciai)
    RoundBudgetFactory(
        round=round_, library=zarasai, delivery_address='=HYPERLINK("http://x","Sandėlis")'
    )
    cheap = OfferFactory(
        supplier=supplier,
        price=Decimal("3.33"),
        title=TitleFactory(title="Šaltinis", authors="Žemaitė, Julija", publisher="Alma littera"),
    )
    risky = OfferFactory(
        supplier=supplier,
        price=Decimal("10.00"),
        title=TitleFactory(title="=1+2", authors="-Autorius", publisher="@leidykla"),
    )
    OrderLineFactory(round=round_, library=anyksciai, offer=cheap, quantity=2)
    OrderLineFactory(round=round_, library=zarasai, offer=cheap, quantity=1)
    OrderLineFactory(round=round_, library=zarasai, offer=risky, quantity=2)
    (made,) = round_close(round=round_, user=staff_user)
    return made, cheap, risky


def _xlsx(order) -> dict[str, list[tuple]]:
    with translation.override("en"):
        content = table_xlsx(*supplier_order_sheets(order))
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return {ws.title: [tuple(row) for row in ws.iter_rows(values_only=True)] for ws in workbook}


def test_the_order_sheet_lists_each_title_with_copies_amounts_and_the_discount(order):
    made, cheap, risky = order

    sheets = _xlsx(made)

    assert list(sheets) == ["Order", "Distribution"]
    header, *rows = sheets["Order"]
    assert header == (
        "ISBN",
        "Title",
        "Authors",
        "Publisher",
        "Unit price, EUR",
        "Copies",
        "Amount, EUR",
        "After discount, EUR",
    )
    assert [row[1:] for row in rows] == [
        ("'=1+2", "'-Autorius", "'@leidykla", 10.0, 2, 20.0, 18.0),
        ("Šaltinis", "Žemaitė, Julija", "Alma littera", 3.33, 3, 9.99, 8.99),
    ]
    assert [row[0].replace("-", "") for row in rows] == [risky.title.isbn, cheap.title.isbn]
    assert made.total_list == Decimal("29.99")
    assert made.total_net == Decimal("26.99")  # 10 % off 29.99, rounded half up


def test_the_distribution_sheet_says_who_gets_what_and_where(order):
    made, cheap, risky = order

    header, *rows = _xlsx(made)["Distribution"]

    assert header == ("Library", "Legal entity code", "Delivery address", "ISBN", "Title", "Copies")
    assert [(r[0], r[1], r[2], r[4], r[5]) for r in rows] == [
        ("Anykščių biblioteka", "190761215", "Vilniaus g. 1, 29145 Anykščiai", "Šaltinis", 2),
        ("Zarasų biblioteka", "188611237", '\'=HYPERLINK("http://x","Sandėlis")', "'=1+2", 2),
        ("Zarasų biblioteka", "188611237", '\'=HYPERLINK("http://x","Sandėlis")', "Šaltinis", 1),
    ]


def test_the_csv_holds_both_tables_with_the_same_neutralised_cells(order):
    made, _cheap, _risky = order
    with translation.override("en"):
        content = table_csv(*supplier_order_sheets(made)).decode("utf-8-sig")

    rows = list(csv.reader(io.StringIO(content)))

    blank = rows.index([])
    assert rows[0][:2] == ["ISBN", "Title"]
    assert [row[1] for row in rows[1:blank]] == ["'=1+2", "Šaltinis"]
    assert rows[blank + 1][0] == "Library"
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_a_library_without_a_street_address_gives_what_it_has():
    assert (
        library_address(LibraryFactory.build(street_address="", postal_code="", city="Utena"))
        == "Utena"
    )
