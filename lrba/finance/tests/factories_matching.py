"""Issued invoices for the matching and arrears tests, built directly (the invoicing
service is another part's): numbered, dated, totalled, with their RF reference."""

import datetime
from decimal import Decimal

from lrba.finance import models
from lrba.finance.tests.factories import InvoiceLineFactory, IssuedInvoiceFactory


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
    if number is not None:
        kwargs["number"] = number
    invoice = IssuedInvoiceFactory(
        status=status,
        issue_date=issue_date,
        due_date=due_date,
        total_net=total,
        total=total,
        language=language,
        **kwargs,
    )
    InvoiceLineFactory(invoice=invoice, unit_price=total)
    return invoice
