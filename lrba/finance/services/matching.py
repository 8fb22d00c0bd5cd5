"""Matching received payments to invoices (issue 10, point 6).

Automatic matching tries, in order: the RF creditor reference (the entry's payment code
or an RF written in its purpose), invoice numbers written in the purpose (several
numbers pay those invoices in the order written), and the payer's account when an
earlier payment from it settled an invoice of the same member and the amount equals
exactly one of that member's open balances. A payment larger than what it settles
leaves the rest as the member's credit (an `Allocation` with a membership and no
invoice), applied later with `credit_apply`.

What the automatic rules do not match waits in the staff queue, where the secretariat
matches by hand (`allocation_create`), splits (`entry_split`), keeps as credit, or
ignores (`entry_ignore`). Every match can be undone (`allocation_undo`): the row is
marked reversed, never deleted, and django-auditlog records who did what.

Locking order, the same in every write so two writers never deadlock: the bank entry,
then the allocation (undo), then the invoices by primary key. Each write re-reads what it
checks after taking its locks, so two staff matching one entry at once match it once.
"""

import logging
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from lrba.core.audit import acting_as
from lrba.core.formatting import format_money
from lrba.finance.models import Allocation, BankEntry, Invoice, InvoiceSeries
from lrba.finance.reference import (
    invoice_number_pattern,
    is_creditor_reference,
    reference_normalise,
)
from lrba.finance.services.settlement import invoice_settlement_refresh
from lrba.members.models import Membership

logger = logging.getLogger(__name__)

ZERO = Decimal("0.00")
OPEN = (Invoice.Status.ISSUED, Invoice.Status.PARTLY_PAID)

# An RF reference in free text: compact ("RF18LRBA00042") or in the paper form's groups
# of four ("RF18 LRBA 0004 2"). Group candidates are shortened until the check digits agree.
_RF_COMPACT = re.compile(r"(?<![0-9A-Z])RF\d{2}[0-9A-Z]{1,21}(?![0-9A-Z])", re.IGNORECASE)
_RF_GROUPED = re.compile(r"(?<![0-9A-Z])RF\d{2}(?:\s[0-9A-Z]{1,4}){1,6}", re.IGNORECASE)


# Reading a bank entry ---------------------------------------------------------------------


def references_in_entry(entry: BankEntry) -> list[str]:
    """The valid RF references an entry carries: its payment code first, then any in the
    purpose text, each once, in electronic form."""
    found: list[str] = []

    def add(candidate: str) -> None:
        reference = reference_normalise(candidate)
        if is_creditor_reference(reference) and reference not in found:
            found.append(reference)

    if entry.reference:
        add(entry.reference)
    text = entry.text or ""
    for match in _RF_COMPACT.finditer(text):
        add(match.group(0))
    for match in _RF_GROUPED.finditer(text):
        groups = match.group(0).split()
        # The text may go on after the reference ("RF18 LRBA 0004 2 nario mokestis"):
        # the longest run of groups whose check digits agree is the reference.
        for end in range(len(groups), 0, -1):
            candidate = "".join(groups[:end])
            if is_creditor_reference(candidate):
                add(candidate)
                break
    return found


def invoice_numbers_in_text(text: str) -> list[tuple[int, int]]:
    """(series id, number) of every invoice number written in `text`, in the order
    written, each once (active invoice series only)."""
    if not text:
        return []
    hits: list[tuple[int, int, int]] = []  # (position, series id, number)
    series_list = InvoiceSeries.objects.filter(
        kind=InvoiceSeries.Kind.INVOICE, is_active=True
    ).order_by("-code")
    taken_spans: list[tuple[int, int]] = []
    # Longer codes first, so "LRBA-K" is not read as "LRBA" followed by text.
    for series in sorted(series_list, key=lambda s: -len(s.code)):
        for match in invoice_number_pattern(series.code).finditer(text):
            span = match.span()
            if any(start < span[1] and span[0] < end for start, end in taken_spans):
                continue
            taken_spans.append(span)
            hits.append((span[0], series.pk, int(match.group(1))))
    result: list[tuple[int, int]] = []
    for _position, series_id, number in sorted(hits):
        if (series_id, number) not in result:
            result.append((series_id, number))
    return result


def _open_invoices_by_reference(references: list[str]) -> list[Invoice]:
    if not references:
        return []
    found = {
        invoice.reference: invoice
        for invoice in Invoice.objects.open().filter(reference__in=references)
    }
    return [found[reference] for reference in references if reference in found]


def _open_invoices_by_number(pairs: list[tuple[int, int]]) -> list[Invoice]:
    result = []
    for series_id, number in pairs:
        invoice = Invoice.objects.open().filter(series_id=series_id, number=number).first()
        if invoice is not None:
            result.append(invoice)
    return result


def _open_invoice_by_payer(entry: BankEntry) -> Invoice | None:
    """The one open invoice of a member who paid from this account before, whose balance
    equals the entry's amount; None when there is none or more than one."""
    iban = reference_normalise(entry.counterparty_iban)
    if not iban:
        return None
    members = set(
        Allocation.objects.filter(
            entry__counterparty_iban__iexact=iban,
            reversed_at__isnull=True,
            invoice__isnull=False,
            invoice__membership__isnull=False,
        )
        .exclude(entry_id=entry.pk)
        .values_list("invoice__membership_id", flat=True)
    )
    if not members:
        return None
    candidates = [
        invoice
        for invoice in Invoice.objects.open().filter(membership_id__in=members)
        if invoice.balance == entry.amount
    ]
    return candidates[0] if len(candidates) == 1 else None


def entry_candidates(entry: BankEntry) -> tuple[list[Invoice], str]:
    """The open invoices the automatic rules would pay with `entry`, in order, and the
    rule that found them (an `Allocation.Method`); ([], "") when none applies."""
    by_reference = _open_invoices_by_reference(references_in_entry(entry))
    if by_reference:
        return by_reference, Allocation.Method.REFERENCE
    by_number = _open_invoices_by_number(invoice_numbers_in_text(f"{entry.reference} {entry.text}"))
    if by_number:
        return by_number, Allocation.Method.NUMBER
    by_payer = _open_invoice_by_payer(entry)
    if by_payer is not None:
        return [by_payer], Allocation.Method.IBAN_AMOUNT
    return [], ""


# Locks and refreshes ----------------------------------------------------------------------


def _entry_locked(entry_id: int) -> BankEntry:
    return BankEntry.objects.select_for_update().get(pk=entry_id)


def _invoices_locked(invoice_ids: Iterable[int]) -> dict[int, Invoice]:
    ids = sorted(set(invoice_ids))
    locked = Invoice.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    return {invoice.pk: invoice for invoice in locked}


def entry_allocation_refresh(entry: BankEntry) -> BankEntry:
    """Recompute what `entry` has matched and its status from its active allocations.
    Should be called while holding the entry's row lock (`_entry_locked`)."""
    allocated = (
        Allocation.objects.filter(entry_id=entry.pk, reversed_at__isnull=True).aggregate(
            total=Sum("amount")
        )["total"]
        or ZERO
    )
    entry.amount_allocated = allocated
    if entry.status != BankEntry.Status.IGNORED or allocated > ZERO:
        if allocated >= entry.amount:
            entry.status = BankEntry.Status.MATCHED
        elif allocated > ZERO:
            entry.status = BankEntry.Status.PARTLY_MATCHED
        else:
            entry.status = BankEntry.Status.UNMATCHED
        entry.ignored_reason = ""
    entry.save(update_fields=["amount_allocated", "status", "ignored_reason"])
    return entry


def _check_entry(entry: BankEntry) -> None:
    if entry.direction != BankEntry.Direction.CREDIT:
        raise ValidationError(
            _("This entry is a payment the association made: only payments received are matched.")
        )
    if entry.status == BankEntry.Status.IGNORED:
        raise ValidationError(
            _("This entry is ignored. Take it back into the queue before matching it.")
        )


def _check_invoice(invoice: Invoice, amount: Decimal) -> None:
    label = invoice.display_number
    if invoice.kind != Invoice.Kind.INVOICE:
        raise ValidationError(
            _("%(number)s is a credit note: payments are matched to invoices.") % {"number": label}
        )
    if invoice.status == Invoice.Status.CANCELLED:
        raise ValidationError(
            _("Invoice %(number)s is cancelled by a credit note: nothing is due on it.")
            % {"number": label}
        )
    if invoice.status == Invoice.Status.DRAFT:
        raise ValidationError(_("This invoice is a draft: issue it before matching payments."))
    if invoice.balance <= ZERO:
        raise ValidationError(
            _("Invoice %(number)s is already paid: keep the payment as the member's credit.")
            % {"number": label}
        )
    if amount > invoice.balance:
        raise ValidationError(
            _(
                "%(amount)s is more than the %(balance)s still due on invoice %(number)s: "
                "match the due amount and keep the rest as the member's credit."
            )
            % {
                "amount": format_money(amount),
                "balance": format_money(invoice.balance),
                "number": label,
            }
        )


def _check_amount(amount: Decimal) -> None:
    if amount is None or amount <= ZERO:
        raise ValidationError(_("Enter an amount greater than zero."))
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError(_("Euro have cents only: enter at most two decimal places."))


def _check_rest(entry: BankEntry, amount: Decimal) -> None:
    if amount > entry.unallocated:
        raise ValidationError(
            _("%(amount)s is more than the %(rest)s of this payment not yet matched.")
            % {"amount": format_money(amount), "rest": format_money(entry.unallocated)}
        )


def _allocation_save(allocation: Allocation, by: Any) -> Allocation:
    allocation.full_clean()
    with acting_as(by):
        allocation.save()
    return allocation


# Automatic matching -----------------------------------------------------------------------


def entry_match_auto(entry: BankEntry) -> list[Allocation]:
    """Match one received, unmatched entry by the automatic rules; the allocations made
    ([] when no rule applies or the entry was matched meanwhile)."""
    if entry.direction != BankEntry.Direction.CREDIT or entry.status != BankEntry.Status.UNMATCHED:
        return []
    candidates, method = entry_candidates(entry)
    if not candidates:
        return []
    with transaction.atomic():
        locked = _entry_locked(entry.pk)
        if locked.status != BankEntry.Status.UNMATCHED or locked.amount_allocated > ZERO:
            return []
        invoices = _invoices_locked(invoice.pk for invoice in candidates)
        made: list[Allocation] = []
        rest = locked.amount
        credit_to: Membership | None = None
        for candidate in candidates:
            invoice = invoices.get(candidate.pk)
            if invoice is None or invoice.status not in OPEN or invoice.balance <= ZERO:
                continue
            credit_to = invoice.membership or credit_to
            if rest <= ZERO:
                break
            amount = min(rest, invoice.balance)
            made.append(
                _allocation_save(
                    Allocation(entry=locked, invoice=invoice, amount=amount, method=method), None
                )
            )
            rest -= amount
        if not made:
            return []
        if rest > ZERO and credit_to is not None:
            # An overpayment: the rest is the member's credit, applied to a later invoice.
            made.append(
                _allocation_save(
                    Allocation(entry=locked, membership=credit_to, amount=rest, method=method),
                    None,
                )
            )
        for invoice_id in sorted({a.invoice_id for a in made if a.invoice_id}):
            invoice_settlement_refresh(invoice_id)
        entry_allocation_refresh(locked)
    entry.refresh_from_db()
    return made


def entries_match_auto(*, entry_ids: list[int]) -> int:
    """Match the given entries automatically (after an import); how many were matched.
    One entry that cannot be matched never stops the others."""
    matched = 0
    entries = BankEntry.objects.filter(
        pk__in=entry_ids,
        direction=BankEntry.Direction.CREDIT,
        status=BankEntry.Status.UNMATCHED,
    ).order_by("booking_date", "pk")
    for entry in entries:
        try:
            if entry_match_auto(entry):
                matched += 1
        except ValidationError as error:
            logger.warning("Bank entry %s not matched: %s", entry.pk, "; ".join(error.messages))
    return matched


# Staff ------------------------------------------------------------------------------------


@transaction.atomic
def allocation_create(
    *,
    entry: BankEntry,
    invoice: Invoice,
    amount: Decimal,
    by: Any,
    method: str = Allocation.Method.MANUAL,
) -> Allocation:
    """Match `amount` of a received entry to an open invoice. Refused beyond the
    entry's unmatched rest or the invoice's balance, for a payment made, an ignored
    entry, a draft, cancelled or paid invoice, or a credit note."""
    _check_amount(amount)
    locked = _entry_locked(entry.pk)
    _check_entry(locked)
    _check_rest(locked, amount)
    target = _invoices_locked([invoice.pk])[invoice.pk]
    _check_invoice(target, amount)
    allocation = _allocation_save(
        Allocation(entry=locked, invoice=target, amount=amount, method=method, created_by=by), by
    )
    invoice_settlement_refresh(target.pk)
    with acting_as(by):
        entry_allocation_refresh(locked)
    return allocation


@transaction.atomic
def entry_split(
    *,
    entry: BankEntry,
    parts: list[tuple[Invoice, Decimal]],
    credit_membership: Membership | None = None,
    by: Any,
) -> list[Allocation]:
    """Split a received entry over several invoices (`parts`: invoice and amount each);
    what remains of it becomes `credit_membership`'s credit when one is named. Keeping
    a whole payment as credit is a split with no parts."""
    locked = _entry_locked(entry.pk)
    _check_entry(locked)
    if not parts and credit_membership is None:
        raise ValidationError(_("Choose the invoices to match or the member to credit."))
    total = ZERO
    for _invoice, amount in parts:
        _check_amount(amount)
        total += amount
    _check_rest(locked, total)
    ids = [invoice.pk for invoice, _amount in parts]
    if len(set(ids)) != len(ids):
        raise ValidationError(_("Each invoice may appear once in a split."))
    invoices = _invoices_locked(ids)
    made = []
    for invoice, amount in parts:
        target = invoices[invoice.pk]
        _check_invoice(target, amount)
        made.append(
            _allocation_save(
                Allocation(
                    entry=locked,
                    invoice=target,
                    amount=amount,
                    method=Allocation.Method.MANUAL,
                    created_by=by,
                ),
                by,
            )
        )
    rest = locked.unallocated - total
    if credit_membership is not None:
        if rest <= ZERO:
            if not parts:
                raise ValidationError(_("Nothing of this payment is left to keep as credit."))
        else:
            made.append(
                _allocation_save(
                    Allocation(
                        entry=locked,
                        membership=credit_membership,
                        amount=rest,
                        method=Allocation.Method.MANUAL,
                        created_by=by,
                    ),
                    by,
                )
            )
    for invoice_id in sorted(invoices):
        invoice_settlement_refresh(invoice_id)
    with acting_as(by):
        entry_allocation_refresh(locked)
    return made


@transaction.atomic
def entry_ignore(*, entry: BankEntry, reason: str, by: Any) -> BankEntry:
    """Take an entry out of the queue (a bank's interest, a refund, a payment that is
    not the association's business), with the reason. Refused while it has matches."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the entry is ignored.")})
    locked = _entry_locked(entry.pk)
    if locked.status == BankEntry.Status.IGNORED:
        raise ValidationError(_("This entry is already ignored."))
    if locked.amount_allocated > ZERO:
        raise ValidationError(_("Undo this entry's matches before ignoring it."))
    locked.status = BankEntry.Status.IGNORED
    locked.ignored_reason = reason[:255]
    locked.full_clean()
    with acting_as(by):
        locked.save(update_fields=["status", "ignored_reason"])
    return locked


@transaction.atomic
def entry_unignore(*, entry: BankEntry, by: Any) -> BankEntry:
    """Bring an ignored entry back into the queue."""
    locked = _entry_locked(entry.pk)
    if locked.status != BankEntry.Status.IGNORED:
        raise ValidationError(_("This entry is not ignored."))
    locked.status = BankEntry.Status.UNMATCHED
    with acting_as(by):
        entry_allocation_refresh(locked)
    return locked


def credit_remaining(credit: Allocation) -> Decimal:
    """What is left of a member's credit after its active uses."""
    if not credit.is_active or not credit.is_credit:
        return ZERO
    used = (
        Allocation.objects.filter(from_credit_id=credit.pk, reversed_at__isnull=True).aggregate(
            total=Sum("amount")
        )["total"]
        or ZERO
    )
    return credit.amount - used


@transaction.atomic
def allocation_undo(*, allocation: Allocation, by: Any) -> Allocation:
    """Undo a match: the allocation is marked reversed (kept, with who and when); the
    entry goes back to the queue for that amount and the invoice's status follows.
    A credit already applied to invoices is undone after those uses."""
    entry = _entry_locked(allocation.entry_id) if allocation.entry_id else None
    locked = Allocation.objects.select_for_update().get(pk=allocation.pk)
    if not locked.is_active:
        raise ValidationError(_("This match has already been undone."))
    if locked.is_credit and locked.uses.filter(reversed_at__isnull=True).exists():
        raise ValidationError(
            _("Part of this credit has been applied to invoices: undo those first.")
        )
    if locked.invoice_id:
        _invoices_locked([locked.invoice_id])
    locked.reversed_at = timezone.now()
    locked.reversed_by = by
    with acting_as(by):
        locked.save(update_fields=["reversed_at", "reversed_by"])
    if locked.invoice_id:
        invoice_settlement_refresh(locked.invoice_id)
    if entry is not None:
        with acting_as(by):
            entry_allocation_refresh(entry)
    return locked


@transaction.atomic
def credit_apply(*, credit: Allocation, invoice: Invoice, amount: Decimal, by: Any) -> Allocation:
    """Apply part or all of a member's credit to an open invoice of the same member."""
    _check_amount(amount)
    if credit.entry_id:
        _entry_locked(credit.entry_id)  # the lock order of `allocation_undo`
    locked = Allocation.objects.select_for_update().get(pk=credit.pk)
    if not locked.is_credit or not locked.is_active:
        raise ValidationError(_("This is not a member's credit that can be used."))
    remaining = credit_remaining(locked)
    if amount > remaining:
        raise ValidationError(
            _("%(amount)s is more than the %(rest)s left of this credit.")
            % {"amount": format_money(amount), "rest": format_money(remaining)}
        )
    target = _invoices_locked([invoice.pk])[invoice.pk]
    if target.membership_id != locked.membership_id:
        raise ValidationError(_("This credit belongs to another member."))
    _check_invoice(target, amount)
    use = _allocation_save(
        Allocation(
            from_credit=locked,
            invoice=target,
            amount=amount,
            method=Allocation.Method.CREDIT,
            created_by=by,
        ),
        by,
    )
    invoice_settlement_refresh(target.pk)
    return use


def member_credits_apply(*, membership: Membership, by: Any) -> list[Allocation]:
    """Apply the member's credits to its open invoices, oldest first, as far as they go
    (the button on an invoice or the member's arrears row)."""
    from lrba.finance.selectors.matching import member_credits

    made = []
    for credit in member_credits(membership=membership):
        left = credit_remaining(credit)
        for invoice in (
            Invoice.objects.open().filter(membership=membership).order_by("due_date", "pk")
        ):
            amount = min(left, invoice.balance)
            if amount <= ZERO:
                continue
            made.append(credit_apply(credit=credit, invoice=invoice, amount=amount, by=by))
            left -= amount
    return made
