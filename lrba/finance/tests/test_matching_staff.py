"""The secretariat's matching: by hand, split, kept as credit, ignored, undone; credit
applied to a later invoice; refusals with clear messages; all in the change history."""

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from lrba.finance.models import Allocation, BankEntry, Invoice
from lrba.finance.selectors.matching import entry_suggestions, match_queue, member_credits
from lrba.finance.services import matching
from lrba.finance.tests.factories import BankEntryFactory, InvoiceFactory
from lrba.finance.tests.factories_matching import issued_invoice

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _fresh(obj):
    obj.refresh_from_db()
    return obj


def test_staff_match_an_entry_by_hand_and_the_invoice_becomes_paid(staff_user):
    invoice = issued_invoice(total="120.00")
    entry = BankEntryFactory(amount=Decimal("120.00"), text="mokestis")

    allocation = matching.allocation_create(
        entry=entry, invoice=invoice, amount=Decimal("120.00"), by=staff_user
    )

    assert allocation.method == Allocation.Method.MANUAL
    assert allocation.created_by == staff_user
    assert _fresh(invoice).status == Invoice.Status.PAID
    assert _fresh(entry).status == BankEntry.Status.MATCHED
    assert entry.pk not in match_queue().values_list("pk", flat=True)
    change = LogEntry.objects.get_for_object(allocation).get()
    assert change.actor == staff_user


def test_a_match_beyond_the_entrys_rest_is_refused(staff_user):
    invoice = issued_invoice(total="500.00")
    entry = BankEntryFactory(amount=Decimal("100.00"))
    matching.allocation_create(entry=entry, invoice=invoice, amount=Decimal("60.00"), by=staff_user)

    with pytest.raises(ValidationError, match="more than the .* of this payment not yet matched"):
        matching.allocation_create(
            entry=entry, invoice=invoice, amount=Decimal("50.00"), by=staff_user
        )
    assert _fresh(entry).status == BankEntry.Status.PARTLY_MATCHED
    assert entry.pk in match_queue().values_list("pk", flat=True)


def test_a_match_beyond_the_invoices_balance_is_refused(staff_user):
    invoice = issued_invoice(total="100.00")
    entry = BankEntryFactory(amount=Decimal("150.00"))

    with pytest.raises(ValidationError, match="still due on invoice"):
        matching.allocation_create(
            entry=entry, invoice=invoice, amount=Decimal("150.00"), by=staff_user
        )
    assert not Allocation.objects.exists()


def test_a_payment_made_a_cancelled_invoice_and_a_draft_are_refused(staff_user):
    invoice = issued_invoice()
    debit = BankEntryFactory(direction=BankEntry.Direction.DEBIT)
    with pytest.raises(ValidationError, match="only payments received are matched"):
        matching.allocation_create(entry=debit, invoice=invoice, amount=Decimal(1), by=staff_user)

    entry = BankEntryFactory()
    cancelled = issued_invoice(status=Invoice.Status.CANCELLED)
    with pytest.raises(ValidationError, match="is cancelled by a credit note"):
        matching.allocation_create(entry=entry, invoice=cancelled, amount=Decimal(1), by=staff_user)
    with pytest.raises(ValidationError, match="is a draft"):
        matching.allocation_create(
            entry=entry, invoice=InvoiceFactory(), amount=Decimal(1), by=staff_user
        )
    with pytest.raises(ValidationError, match="greater than zero"):
        matching.allocation_create(entry=entry, invoice=invoice, amount=Decimal(0), by=staff_user)
    assert not Allocation.objects.exists()


def test_one_payment_split_over_two_invoices_with_the_rest_kept_as_credit(staff_user):
    first = issued_invoice(total="100.00")
    second = issued_invoice(total="80.00")
    entry = BankEntryFactory(amount=Decimal("200.00"))

    made = matching.entry_split(
        entry=entry,
        parts=[(first, Decimal("100.00")), (second, Decimal("80.00"))],
        credit_membership=first.membership,
        by=staff_user,
    )

    assert sorted(a.amount for a in made) == [Decimal("20.00"), Decimal("80.00"), Decimal("100.00")]
    assert _fresh(first).status == Invoice.Status.PAID
    assert _fresh(second).status == Invoice.Status.PAID
    assert _fresh(entry).status == BankEntry.Status.MATCHED
    assert [c.remaining for c in member_credits(membership=first.membership)] == [Decimal("20.00")]


def test_a_split_larger_than_the_payment_changes_nothing(staff_user):
    first = issued_invoice(total="100.00")
    second = issued_invoice(total="100.00")
    entry = BankEntryFactory(amount=Decimal("150.00"))

    with pytest.raises(ValidationError):
        matching.entry_split(
            entry=entry,
            parts=[(first, Decimal("100.00")), (second, Decimal("60.00"))],
            by=staff_user,
        )
    assert not Allocation.objects.exists()
    assert _fresh(first).status == Invoice.Status.ISSUED


def test_a_whole_payment_kept_as_credit_is_applied_to_a_later_invoice(staff_user):
    earlier = issued_invoice(total="50.00", status=Invoice.Status.PAID)
    entry = BankEntryFactory(amount=Decimal("120.00"))
    [credit] = matching.entry_split(
        entry=entry, parts=[], credit_membership=earlier.membership, by=staff_user
    )
    later = issued_invoice(total="100.00", membership=earlier.membership)

    use = matching.credit_apply(
        credit=credit, invoice=later, amount=Decimal("100.00"), by=staff_user
    )

    assert use.method == Allocation.Method.CREDIT
    assert _fresh(later).status == Invoice.Status.PAID
    assert matching.credit_remaining(credit) == Decimal("20.00")
    with pytest.raises(ValidationError, match="more than the .* left of this credit"):
        matching.credit_apply(
            credit=credit,
            invoice=issued_invoice(membership=earlier.membership),
            amount=Decimal("30.00"),
            by=staff_user,
        )


def test_a_credit_is_not_applied_to_another_members_invoice(staff_user):
    entry = BankEntryFactory(amount=Decimal("50.00"))
    mine = issued_invoice()
    [credit] = matching.entry_split(
        entry=entry, parts=[], credit_membership=mine.membership, by=staff_user
    )
    with pytest.raises(ValidationError, match="belongs to another member"):
        matching.credit_apply(
            credit=credit, invoice=issued_invoice(), amount=Decimal("10.00"), by=staff_user
        )


def test_member_credits_apply_pays_open_invoices_oldest_first(staff_user):
    entry = BankEntryFactory(amount=Decimal("150.00"))
    invoice = issued_invoice(total="100.00")
    matching.entry_split(entry=entry, parts=[], credit_membership=invoice.membership, by=staff_user)
    newer = issued_invoice(
        total="100.00", membership=invoice.membership, due_date=invoice.due_date.replace(month=12)
    )

    matching.member_credits_apply(membership=invoice.membership, by=staff_user)

    assert _fresh(invoice).status == Invoice.Status.PAID
    assert _fresh(newer).balance == Decimal("50.00")
    assert member_credits(membership=invoice.membership) == []


def test_undoing_a_match_puts_the_entry_back_and_reopens_the_invoice(staff_user):
    invoice = issued_invoice(total="120.00")
    entry = BankEntryFactory(amount=Decimal("120.00"), reference=invoice.reference)
    [allocation] = matching.entry_match_auto(entry)

    matching.allocation_undo(allocation=allocation, by=staff_user)

    allocation.refresh_from_db()
    assert allocation.reversed_by == staff_user and allocation.reversed_at is not None
    assert _fresh(invoice).status == Invoice.Status.ISSUED
    assert _fresh(entry).status == BankEntry.Status.UNMATCHED
    assert entry.pk in match_queue().values_list("pk", flat=True)
    with pytest.raises(ValidationError, match="already been undone"):
        matching.allocation_undo(allocation=allocation, by=staff_user)
    assert LogEntry.objects.get_for_object(allocation).filter(actor=staff_user).exists()


def test_a_credit_in_use_is_undone_after_its_uses(staff_user):
    entry = BankEntryFactory(amount=Decimal("50.00"))
    invoice = issued_invoice(total="100.00")
    [credit] = matching.entry_split(
        entry=entry, parts=[], credit_membership=invoice.membership, by=staff_user
    )
    use = matching.credit_apply(
        credit=credit, invoice=invoice, amount=Decimal("50.00"), by=staff_user
    )

    with pytest.raises(ValidationError, match="undo those first"):
        matching.allocation_undo(allocation=credit, by=staff_user)
    matching.allocation_undo(allocation=use, by=staff_user)
    matching.allocation_undo(allocation=credit, by=staff_user)
    assert _fresh(invoice).status == Invoice.Status.ISSUED
    assert _fresh(entry).status == BankEntry.Status.UNMATCHED


def test_an_ignored_entry_leaves_the_queue_with_its_reason_and_can_come_back(staff_user):
    entry = BankEntryFactory(text="Banko palūkanos")
    with pytest.raises(ValidationError):
        matching.entry_ignore(entry=entry, reason="  ", by=staff_user)

    matching.entry_ignore(entry=entry, reason="Banko palūkanos", by=staff_user)

    assert _fresh(entry).status == BankEntry.Status.IGNORED
    assert entry.ignored_reason == "Banko palūkanos"
    assert entry.pk not in match_queue().values_list("pk", flat=True)
    with pytest.raises(ValidationError, match="Take it back into the queue"):
        matching.allocation_create(
            entry=entry, invoice=issued_invoice(), amount=Decimal(1), by=staff_user
        )
    matching.entry_unignore(entry=entry, by=staff_user)
    assert _fresh(entry).status == BankEntry.Status.UNMATCHED


def test_an_entry_with_matches_is_not_ignored(staff_user):
    invoice = issued_invoice()
    entry = BankEntryFactory(reference=invoice.reference)
    matching.entry_match_auto(entry)
    with pytest.raises(ValidationError, match="Undo this entry's matches"):
        matching.entry_ignore(entry=entry, reason="klaida", by=staff_user)


def test_suggestions_offer_the_invoice_with_the_same_amount_and_payer_name():
    wanted = issued_invoice(total="77.00", buyer_name="Kupiškio viešoji biblioteka")
    issued_invoice(total="120.00")
    entry = BankEntryFactory(amount=Decimal("77.00"), counterparty_name="Kupiškio")

    suggestions = entry_suggestions(entry)

    assert suggestions[0].invoice == wanted
    assert suggestions[0].reason == "amount"
