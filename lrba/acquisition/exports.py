"""A supplier order as the supplier reads it: an XLSX workbook or a CSV file with two
tables, through `lrba.core.tables` (so a title or an address that starts with "=" from an
imported catalogue or a typed form reaches the spreadsheet as text, never as a formula).

- "Order": one row per title (and price): ISBN, title, authors, publisher, unit price,
  copies, amount at list prices, amount after the round's discount.
- "Distribution": one row per library and title: who gets how many of what, and where
  to deliver (the budget's delivery address, else the library's address).
"""

from collections.abc import Iterator
from typing import Any

from django.db.models import Sum
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from lrba.acquisition.isbn import isbn_display
from lrba.acquisition.models import OrderLine, RoundBudget, SupplierOrder
from lrba.core.tables import Sheet
from lrba.finance.money import round_money
from lrba.members.models import Library


def library_address(library: Library) -> str:
    parts = [library.street_address, " ".join(p for p in (library.postal_code, library.city) if p)]
    return ", ".join(part for part in parts if part)


def _order_rows(order: SupplierOrder) -> Iterator[list[Any]]:
    rows = (
        OrderLine.objects.filter(supplier_order=order, status=OrderLine.Status.ORDERED)
        .values(
            "offer__title__isbn",
            "offer__title__title",
            "offer__title__authors",
            "offer__title__publisher",
            "offer__title__sort_title",
            "unit_price",
        )
        .annotate(copies=Sum("quantity"))
        .order_by("offer__title__sort_title", "offer__title__isbn", "unit_price")
    )
    for row in rows:
        amount = round_money(row["unit_price"] * row["copies"])
        yield [
            isbn_display(row["offer__title__isbn"]),
            row["offer__title__title"],
            row["offer__title__authors"],
            row["offer__title__publisher"],
            row["unit_price"],
            row["copies"],
            amount,
            round_money(amount * (100 - order.discount_percent) / 100),
        ]


def _distribution_rows(order: SupplierOrder) -> Iterator[list[Any]]:
    addresses = dict(
        RoundBudget.objects.filter(round_id=order.round_id)
        .exclude(delivery_address="")
        .values_list("library_id", "delivery_address")
    )
    rows = list(
        OrderLine.objects.filter(supplier_order=order, status=OrderLine.Status.ORDERED)
        .values(
            "library_id", "offer__title__isbn", "offer__title__title", "offer__title__sort_title"
        )
        .annotate(copies=Sum("quantity"))
        .order_by(
            "library__sort_name", "library_id", "offer__title__sort_title", "offer__title__isbn"
        )
    )
    libraries = Library.objects.in_bulk({row["library_id"] for row in rows})
    for row in rows:
        library = libraries[row["library_id"]]
        yield [
            library.name,
            library.legal_entity_code,
            addresses.get(library.pk) or library_address(library),
            isbn_display(row["offer__title__isbn"]),
            row["offer__title__title"],
            row["copies"],
        ]


def supplier_order_sheets(order: SupplierOrder) -> list[Sheet]:
    return [
        Sheet(
            title=pgettext("supplier order sheet", "Order"),
            headers=[
                _("ISBN"),
                _("Title"),
                _("Authors"),
                _("Publisher"),
                _("Unit price, EUR"),
                _("Copies"),
                _("Amount, EUR"),
                _("After discount, EUR"),
            ],
            rows=_order_rows(order),
            widths=(18, 50, 30, 25, 12, 8, 12, 14),
        ),
        Sheet(
            title=pgettext("supplier order sheet", "Distribution"),
            headers=[
                _("Library"),
                _("Legal entity code"),
                _("Delivery address"),
                _("ISBN"),
                _("Title"),
                _("Copies"),
            ],
            rows=_distribution_rows(order),
            widths=(45, 12, 45, 18, 50, 8),
        ),
    ]


def supplier_order_filename(order: SupplierOrder) -> str:
    return f"{order.number}-{slugify(order.supplier.code or order.supplier.name)}"
