"""Issued invoices and credit notes built directly for the document tests (PDF, UBL,
delivery), so they do not depend on the invoicing service: the numbers, totals and the
RF reference are set the way `invoice_issue` sets them (`lrba.finance.money.totals`,
`lrba.finance.reference.creditor_reference`)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from lrba.finance import models
from lrba.finance.money import LineAmount, totals
from lrba.finance.reference import creditor_reference
from lrba.finance.tests.factories import (
    InvoiceFactory,
    InvoiceLineFactory,
    IssuedInvoiceFactory,
    credit_series,
    next_number,
)

Line = tuple[str, Decimal, Decimal]  # description, quantity, unit price


def _lines_add(invoice: models.Invoice, lines: list[Line], vat_rate: Decimal | None) -> None:
    amounts = []
    for position, (description, quantity, unit_price) in enumerate(lines, start=1):
        amount = LineAmount(quantity=quantity, unit_price=unit_price, vat_rate=vat_rate)
        InvoiceLineFactory(
            invoice=invoice,
            position=position,
            description=description,
            quantity=quantity,
            unit_price=unit_price,
            vat_rate=vat_rate,
            net_amount=amount.net,
        )
        amounts.append(amount)
    result = totals(amounts)
    invoice.total_net, invoice.total_vat, invoice.total = result.net, result.vat, result.total


def issued_invoice(
    *,
    lines: list[Line] | None = None,
    vat_payer: bool = False,
    vat_rate: Decimal = Decimal("21.00"),
    issue_date: datetime.date = datetime.date(2026, 3, 2),
    language: str = "lt",
    **fields: object,
) -> models.Invoice:
    """An issued invoice (to a member library unless `fields` say otherwise) with `lines`,
    numbered next in the default series."""
    defaults: dict[str, object] = {
        "buyer_address": "Aušros al. 1, LT-76295 Šiauliai",
        "buyer_email": "buhalterija@example.lt",
        "issuer_name": "Rūta Žukauskienė",
        "issuer_position": "vyr. buhalterė",
    }
    invoice = IssuedInvoiceFactory(
        issue_date=issue_date,
        language=language,
        vat_payer=vat_payer,
        **{**defaults, **fields},
    )
    _lines_add(
        invoice,
        lines or [("Nario mokestis už 2026 m.", Decimal("1"), Decimal("120.00"))],
        vat_rate if vat_payer else None,
    )
    invoice.save()
    return invoice


def issued_credit_note(
    invoice: models.Invoice,
    *,
    amount: Decimal | None = None,
    reason: str = "Klaidingai apskaičiuotas mokestis",
) -> models.Invoice:
    """An issued credit note of `invoice` for `amount` (its whole total by default)."""
    note_series = credit_series()
    number = next_number(note_series)
    note = InvoiceFactory(
        kind=models.Invoice.Kind.CREDIT_NOTE,
        credited_invoice=invoice,
        series=note_series,
        number=number,
        status=models.Invoice.Status.ISSUED,
        membership=invoice.membership,
        library=invoice.library,
        person=invoice.person,
        buyer_name=invoice.buyer_name,
        buyer_code=invoice.buyer_code,
        buyer_address=invoice.buyer_address,
        buyer_email=invoice.buyer_email,
        language=invoice.language,
        vat_payer=invoice.vat_payer,
        issue_date=(invoice.issue_date or datetime.date(2026, 3, 2)) + datetime.timedelta(days=5),
        reference=creditor_reference(note_series.code, number),
        reason=reason,
        issuer_name=invoice.issuer_name,
        issuer_position=invoice.issuer_position,
        issued_at=timezone.now(),
    )
    first_line = invoice.lines.first()
    vat_rate = first_line.vat_rate if first_line else None
    if amount is None:
        lines = [(line.description, line.quantity, line.unit_price) for line in invoice.lines.all()]
    else:
        lines = [(f"Kreditas: {first_line.description}", Decimal("1"), amount)]
    _lines_add(note, lines, vat_rate)
    note.save()
    return note
