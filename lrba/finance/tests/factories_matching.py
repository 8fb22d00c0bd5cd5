"""Issued invoices for the matching and arrears tests, built directly (the invoicing
service is another part's): numbered, dated, totalled, with their RF reference."""

import datetime
import itertools
from decimal import Decimal

from lrba.finance import models
from lrba.finance.reference import creditor_reference
from lrba.finance.tests.factories import InvoiceFactory, InvoiceLineFactory, series

_numbers = itertools.count(1)


def issued_invoice(
    *,
    total: Decimal | str = "120.00",
    number: int | None = None,
    issue_date: datetime.date = datetime.date(2026, 1, 15),
    due_date: datetime.date = datetime.date(2026, 2, 14),
    language: str = "lt",
    status: str = models.Invoice.Status.ISSUED,
    **kwargs,
) -> models.Invoice:
    """An issued invoice of the default series with one line of `total`."""
    total = Decimal(total)
    the_series = kwargs.pop("series", None) or series()
    number = number if number is not None else next(_numbers)
    invoice = InvoiceFactory(
        series=the_series,
        number=number,
        status=status,
        issue_date=issue_date,
        due_date=due_date,
        total_net=total,
        total=total,
        reference=creditor_reference(the_series.code, number),
        language=language,
        **kwargs,
    )
    InvoiceLineFactory(invoice=invoice, unit_price=total)
    return invoice
