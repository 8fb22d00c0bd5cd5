"""Automatic matching of received payments: by RF reference, by invoice number in the
purpose, by the payer's account and amount; partial payments, one payment for several
invoices, overpayments kept as the member's credit."""

from decimal import Decimal

import pytest

from lrba.finance.models import Allocation, BankEntry, Invoice
from lrba.finance.reference import reference_print
from lrba.finance.services.matching import (
    entries_match_auto,
    entry_match_auto,
    invoice_numbers_in_text,
    references_in_entry,
)
from lrba.finance.tests.factories import BankEntryFactory, series
from lrba.finance.tests.factories_matching import issued_invoice

pytestmark = pytest.mark.django_db


def _refreshed(*objects):
    for obj in objects:
        obj.refresh_from_db()


def test_a_payment_with_the_invoices_rf_reference_pays_it():
    invoice = issued_invoice(total="120.00")
    entry = BankEntryFactory(amount=Decimal("120.00"), reference=invoice.reference)

    made = entry_match_auto(entry)

    _refreshed(invoice, entry)
    assert [(a.invoice_id, a.amount, a.method) for a in made] == [
        (invoice.pk, Decimal("120.00"), Allocation.Method.REFERENCE)
    ]
    assert invoice.status == Invoice.Status.PAID
    assert invoice.amount_paid == Decimal("120.00")
    assert entry.status == BankEntry.Status.MATCHED
    assert entry.amount_allocated == Decimal("120.00")


def test_an_rf_reference_in_the_paper_form_inside_the_text_is_found():
    invoice = issued_invoice()
    entry = BankEntryFactory(text=f"Nario mokestis {reference_print(invoice.reference)} ačiū")

    assert references_in_entry(entry) == [invoice.reference]
    assert entry_match_auto(entry)[0].invoice_id == invoice.pk


def test_a_wrong_check_digit_is_not_a_reference():
    invoice = issued_invoice()
    broken = invoice.reference[:2] + ("00" if invoice.reference[2:4] != "00" else "01")
    entry = BankEntryFactory(reference=broken + invoice.reference[4:], amount=Decimal("999.00"))

    assert references_in_entry(entry) == []
    assert entry_match_auto(entry) == []
    entry.refresh_from_db()
    assert entry.status == BankEntry.Status.UNMATCHED


def test_a_partial_payment_leaves_the_invoice_partly_paid():
    invoice = issued_invoice(total="120.00")
    entry = BankEntryFactory(amount=Decimal("50.00"), reference=invoice.reference)

    entry_match_auto(entry)

    _refreshed(invoice, entry)
    assert invoice.status == Invoice.Status.PARTLY_PAID
    assert invoice.balance == Decimal("70.00")
    assert entry.status == BankEntry.Status.MATCHED


def test_an_overpayment_keeps_the_rest_as_the_members_credit():
    invoice = issued_invoice(total="120.00")
    entry = BankEntryFactory(amount=Decimal("150.00"), reference=invoice.reference)

    made = entry_match_auto(entry)

    _refreshed(invoice, entry)
    assert invoice.status == Invoice.Status.PAID
    credit = [a for a in made if a.is_credit]
    assert len(credit) == 1
    assert credit[0].amount == Decimal("30.00")
    assert credit[0].membership_id == invoice.membership_id
    assert entry.status == BankEntry.Status.MATCHED
    assert entry.amount_allocated == Decimal("150.00")


def test_invoice_numbers_in_the_text_pay_those_invoices_in_the_order_written():
    first = issued_invoice(total="100.00", number=41)
    second = issued_invoice(total="100.00", number=42, membership=first.membership)
    entry = BankEntryFactory(amount=Decimal("150.00"), text="Apmokame sąsk. LRBA-00042 ir LRBA 41")

    assert invoice_numbers_in_text(entry.text) == [(series().pk, 42), (series().pk, 41)]
    made = entry_match_auto(entry)

    _refreshed(first, second)
    assert [(a.invoice_id, a.amount, a.method) for a in made] == [
        (second.pk, Decimal("100.00"), Allocation.Method.NUMBER),
        (first.pk, Decimal("50.00"), Allocation.Method.NUMBER),
    ]
    assert second.status == Invoice.Status.PAID
    assert first.status == Invoice.Status.PARTLY_PAID


def test_a_number_inside_a_longer_number_is_not_an_invoice_number():
    issued_invoice(number=42)
    assert invoice_numbers_in_text("Sutartis XLRBA-00042 ir LRBA-000421") == [(series().pk, 421)]


def test_a_known_payer_account_and_the_exact_amount_match():
    earlier = issued_invoice(total="120.00")
    paid = BankEntryFactory(
        amount=Decimal("120.00"),
        reference=earlier.reference,
        counterparty_iban="LT601010012345678901",
    )
    entry_match_auto(paid)
    later = issued_invoice(total="80.00", membership=earlier.membership)
    entry = BankEntryFactory(
        amount=Decimal("80.00"), counterparty_iban="LT60 1010 0123 4567 8901", text="mokestis"
    )

    made = entry_match_auto(entry)

    assert [(a.invoice_id, a.method) for a in made] == [(later.pk, Allocation.Method.IBAN_AMOUNT)]


def test_a_known_payer_account_with_another_amount_is_left_for_staff():
    earlier = issued_invoice(total="120.00")
    entry_match_auto(
        BankEntryFactory(reference=earlier.reference, counterparty_iban="LT601010012345678901")
    )
    issued_invoice(total="80.00", membership=earlier.membership)
    entry = BankEntryFactory(amount=Decimal("79.00"), counterparty_iban="LT601010012345678901")

    assert entry_match_auto(entry) == []


def test_an_unknown_payment_stays_in_the_queue():
    issued_invoice()
    entry = BankEntryFactory(text="Palūkanos", reference="")

    assert entries_match_auto(entry_ids=[entry.pk]) == 0
    entry.refresh_from_db()
    assert entry.status == BankEntry.Status.UNMATCHED
    assert not Allocation.objects.exists()


def test_payments_made_and_entries_already_matched_are_left_alone():
    invoice = issued_invoice(total="120.00")
    debit = BankEntryFactory(direction=BankEntry.Direction.DEBIT, reference=invoice.reference)
    entry = BankEntryFactory(reference=invoice.reference)

    assert entries_match_auto(entry_ids=[debit.pk, entry.pk, entry.pk]) == 1
    assert entries_match_auto(entry_ids=[entry.pk]) == 0
    assert Allocation.objects.count() == 1


def test_a_reference_to_a_paid_or_cancelled_invoice_is_left_for_staff():
    paid = issued_invoice(status=Invoice.Status.PAID)
    cancelled = issued_invoice(status=Invoice.Status.CANCELLED)
    entries = [
        BankEntryFactory(reference=paid.reference),
        BankEntryFactory(reference=cancelled.reference),
    ]
    assert entries_match_auto(entry_ids=[e.pk for e in entries]) == 0
