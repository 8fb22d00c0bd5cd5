"""Matching under concurrency, on PostgreSQL (SQLite serialises writers by itself): two
staff matching one entry at once match it once; two automatic runs over the same new
entries (two imports finishing together) match each once."""

from decimal import Decimal

from django.core.exceptions import ValidationError

from lrba.core.tests.concurrency import POSTGRES_RACE, run_at_once
from lrba.finance.models import Allocation, BankEntry, Invoice
from lrba.finance.services.matching import allocation_create, entries_match_auto, entry_split
from lrba.finance.tests.factories import BankEntryFactory
from lrba.finance.tests.factories_matching import issued_invoice
from lrba.members.tests.factories import UserFactory

pytestmark = POSTGRES_RACE


def test_two_staff_matching_one_entry_at_once_match_it_once():
    first, second = issued_invoice(total="120.00"), issued_invoice(total="120.00")
    entry = BankEntryFactory(amount=Decimal("120.00"))
    anna, bob = UserFactory(), UserFactory()

    outcome = run_at_once(
        [
            lambda: allocation_create(
                entry=entry, invoice=first, amount=Decimal("120.00"), by=anna
            ),
            lambda: allocation_create(
                entry=entry, invoice=second, amount=Decimal("120.00"), by=bob
            ),
        ]
    )

    assert len(outcome.results) == 1
    assert len(outcome.errors) == 1 and isinstance(outcome.errors[0], ValidationError)
    assert Allocation.objects.count() == 1
    entry.refresh_from_db()
    assert entry.amount_allocated == Decimal("120.00")
    assert entry.status == BankEntry.Status.MATCHED
    statuses = sorted(Invoice.objects.values_list("status", flat=True))
    assert statuses == [Invoice.Status.ISSUED, Invoice.Status.PAID]


def test_two_payments_split_onto_one_invoice_at_once_never_overpay_it():
    invoice = issued_invoice(total="100.00")
    entries = [BankEntryFactory(amount=Decimal("100.00")) for _ in range(2)]

    outcome = run_at_once(
        [
            lambda entry=entry: entry_split(
                entry=entry, parts=[(invoice, Decimal("100.00"))], by=None
            )
            for entry in entries
        ]
    )

    assert len(outcome.errors) == 1
    invoice.refresh_from_db()
    assert invoice.amount_paid == Decimal("100.00")
    assert invoice.status == Invoice.Status.PAID


def test_automatic_matching_run_twice_at_once_matches_each_entry_once():
    invoices = [issued_invoice(total="50.00") for _ in range(5)]
    entries = [
        BankEntryFactory(amount=Decimal("50.00"), reference=invoice.reference)
        for invoice in invoices
    ]
    ids = [entry.pk for entry in entries]

    outcome = run_at_once([lambda: entries_match_auto(entry_ids=ids) for _ in range(2)])

    assert outcome.errors == []
    assert sum(outcome.results) == 5
    assert Allocation.objects.count() == 5
    assert set(Invoice.objects.values_list("status", flat=True)) == {Invoice.Status.PAID}
