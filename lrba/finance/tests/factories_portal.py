"""Factories for the members' view and the exports: documents already issued and payments
already matched, made directly (the services have their own tests), consistent the way
the services leave them (an entry's matched amount is the sum of its live matches)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from lrba.finance import models
from lrba.finance.tests.factories import (
    BankEntryFactory,
    InvoiceLineFactory,
    IssuedInvoiceFactory,
    credit_series,
)
from lrba.members.models import Library, Membership, Person


def issued_invoice(
    *,
    library: Library | None = None,
    person: Person | None = None,
    membership: Membership | None = None,
    total: Decimal = Decimal("120.00"),
    issue_date: datetime.date = datetime.date(2026, 2, 1),
    due_date: datetime.date | None = None,
    status: str = models.Invoice.Status.ISSUED,
    amount_paid: Decimal = Decimal("0.00"),
    **fields: object,
) -> models.Invoice:
    """An issued invoice with one line, numbered in the default series, due in a month
    from today unless `due_date` says otherwise."""
    due_date = due_date or timezone.localdate() + datetime.timedelta(days=30)
    if membership is None:
        membership = (
            Membership.objects.filter(library=library).first()
            if library is not None
            else Membership.objects.filter(person=person, library__isnull=True).first()
        )
    invoice = IssuedInvoiceFactory(
        membership=membership,
        library=library,
        person=person,
        buyer_name=library.name if library else person.full_name if person else "Pirkėjas",
        buyer_code=library.legal_entity_code if library else "",
        status=status,
        issue_date=issue_date,
        due_date=due_date,
        total_net=total,
        total=total,
        amount_paid=amount_paid,
        issued_at=datetime.datetime.combine(issue_date, datetime.time(9), tzinfo=datetime.UTC),
        **fields,
    )
    InvoiceLineFactory(invoice=invoice, unit_price=total, net_amount=total)
    return invoice


def issued_credit_note(
    invoice: models.Invoice, amount: Decimal, reason: str = "Klaida"
) -> models.Invoice:
    note = IssuedInvoiceFactory(
        kind=models.Invoice.Kind.CREDIT_NOTE,
        series=credit_series(),
        membership=invoice.membership,
        library=invoice.library,
        person=invoice.person,
        buyer_name=invoice.buyer_name,
        buyer_code=invoice.buyer_code,
        issue_date=invoice.issue_date,
        total_net=amount,
        total=amount,
        credited_invoice=invoice,
        reason=reason,
    )
    models.Invoice.objects.filter(pk=invoice.pk).update(
        amount_credited=invoice.amount_credited + amount
    )
    return note


def credit_entry(amount: str, *, booking_date: datetime.date = datetime.date(2026, 3, 2), **fields):
    return BankEntryFactory(amount=Decimal(amount), booking_date=booking_date, **fields)


def match(
    entry: models.BankEntry,
    amount: str,
    *,
    invoice: models.Invoice | None = None,
    membership: Membership | None = None,
) -> models.Allocation:
    """A live match of part of `entry`, with the entry's matched amount and status kept
    as the matching service keeps them."""
    allocation = models.Allocation.objects.create(
        entry=entry,
        invoice=invoice,
        membership=membership,
        amount=Decimal(amount),
        method=models.Allocation.Method.MANUAL,
    )
    entry.amount_allocated += Decimal(amount)
    entry.status = (
        models.BankEntry.Status.MATCHED
        if entry.amount_allocated == entry.amount
        else models.BankEntry.Status.PARTLY_MATCHED
    )
    entry.save(update_fields=["amount_allocated", "status"])
    return allocation
