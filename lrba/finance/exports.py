"""The accountant's exports: invoices, credit notes, payments, bank entries and support for
a period, as sheets for `lrba.core.tables` (CSV or XLSX), each with a totals row, and the
reconciliation of the bank's credits.

The reconciliation is the check the accountant relies on: every euro the bank says was
received in the period is matched to an invoice, kept as a member's credit, still waiting
to be matched, or ignored (not a member's payment). It is computed from the bank entries
and from the payment matches separately, so a matched amount recorded on an entry that
disagrees with its matches shows as a difference instead of hiding in a total.

Amounts stay `Decimal` here; the sheet writer turns them into spreadsheet numbers.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lrba.core.tables import Sheet
from lrba.finance.models import (
    ZERO,
    Allocation,
    BankEntry,
    Invoice,
    SupportGiven,
    SupportReceived,
    SupportUse,
)


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # inclusive

    def __str__(self) -> str:
        return f"{self.start.isoformat()}–{self.end.isoformat()}"

    @property
    def filename_part(self) -> str:
        return f"{self.start.isoformat()}_{self.end.isoformat()}"


def _sum(queryset: QuerySet, expression: object) -> Decimal:
    return queryset.aggregate(total=Sum(expression))["total"] or ZERO


# Reconciliation ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reconciliation:
    """The bank's credits in a period, and where each euro of them went."""

    period: Period
    credits_count: int
    credits_total: Decimal
    debits_count: int
    debits_total: Decimal
    matched: Decimal  # settles invoices
    kept_as_credit: Decimal  # overpayments kept for the member
    unmatched: Decimal  # still waiting in the queue
    ignored: Decimal  # not a member's payment

    @property
    def accounted(self) -> Decimal:
        return self.matched + self.kept_as_credit + self.unmatched + self.ignored

    @property
    def difference(self) -> Decimal:
        return self.credits_total - self.accounted

    @property
    def reconciles(self) -> bool:
        return self.difference == ZERO


def _entries(period: Period) -> QuerySet[BankEntry]:
    return BankEntry.objects.filter(booking_date__range=(period.start, period.end))


def _credit_allocations(period: Period) -> QuerySet[Allocation]:
    """The live matches of the period's received payments (a match undone is no match)."""
    return Allocation.objects.filter(
        reversed_at__isnull=True,
        entry__direction=BankEntry.Direction.CREDIT,
        entry__booking_date__range=(period.start, period.end),
    )


def reconciliation(period: Period) -> Reconciliation:
    """The reconciliation of `period`'s bank credits (three queries)."""
    entries = _entries(period)
    credits = Q(direction=BankEntry.Direction.CREDIT)
    ignored = Q(status=BankEntry.Status.IGNORED)
    figures = entries.aggregate(
        credits_count=Count("pk", filter=credits),
        credits_total=Sum("amount", filter=credits),
        debits_count=Count("pk", filter=~credits),
        debits_total=Sum("amount", filter=~credits),
        # What the entries themselves say is not yet matched (or set aside).
        unmatched=Sum(F("amount") - F("amount_allocated"), filter=credits & ~ignored),
        ignored=Sum(F("amount") - F("amount_allocated"), filter=credits & ignored),
    )
    matches = _credit_allocations(period).aggregate(
        matched=Sum("amount", filter=Q(invoice__isnull=False)),
        kept=Sum("amount", filter=Q(invoice__isnull=True)),
    )
    # Credit later used for an invoice (a match without a bank entry of its own): that part
    # of the payment now settles an invoice.
    credit_used = _sum(
        Allocation.objects.filter(
            reversed_at__isnull=True,
            from_credit__in=_credit_allocations(period).filter(invoice__isnull=True),
        ),
        "amount",
    )
    return Reconciliation(
        period=period,
        credits_count=figures["credits_count"],
        credits_total=figures["credits_total"] or ZERO,
        debits_count=figures["debits_count"],
        debits_total=figures["debits_total"] or ZERO,
        matched=(matches["matched"] or ZERO) + credit_used,
        kept_as_credit=(matches["kept"] or ZERO) - credit_used,
        unmatched=figures["unmatched"] or ZERO,
        ignored=figures["ignored"] or ZERO,
    )


def reconciliation_sheet(result: Reconciliation) -> Sheet:
    rows = [
        (_("Period"), str(result.period)),
        (_("Payments received (bank credits)"), result.credits_total),
        (_("Number of payments received"), result.credits_count),
        (_("Matched to invoices"), result.matched),
        (_("Kept as members' credit"), result.kept_as_credit),
        (_("Waiting to be matched"), result.unmatched),
        (_("Ignored (not members' payments)"), result.ignored),
        (_("Accounted for"), result.accounted),
        (_("Difference"), result.difference),
        (_("Reconciles"), result.reconciles),
        (_("Payments made (bank debits)"), result.debits_total),
        (_("Number of payments made"), result.debits_count),
    ]
    return Sheet(title=_("Reconciliation"), headers=(_("Item"), _("Amount")), rows=rows)


# The sheets -----------------------------------------------------------------------------------


def _totals_row(width: int, label_at: int, amounts: dict[int, Decimal]) -> list[object]:
    row: list[object] = [""] * width
    row[label_at] = _("Total")
    for column, amount in amounts.items():
        row[column] = amount
    return row


def invoices_sheet(period: Period, *, kind: str = Invoice.Kind.INVOICE) -> Sheet:
    """Issued invoices (or credit notes) dated in the period, cancelled ones included
    (their number is used), with a totals row."""
    documents = (
        Invoice.objects.issued()
        .filter(kind=kind, issue_date__range=(period.start, period.end))
        .select_related("series", "credited_invoice__series")
        .order_by("series__code", "number")
    )
    credit_notes = kind == Invoice.Kind.CREDIT_NOTE
    headers = [
        _("Number"),
        _("Date"),
        _("Due date") if not credit_notes else _("Credits invoice"),
        _("Buyer"),
        _("Buyer's code"),
        _("Buyer's VAT code"),
        _("Amount without VAT"),
        _("VAT"),
        _("Total"),
        _("Paid") if not credit_notes else _("Reason"),
        _("Credited") if not credit_notes else "",
        _("Still to pay") if not credit_notes else "",
        _("State"),
        _("Payment reference"),
    ]
    if credit_notes:
        headers = [header for header in headers if header != ""]
    rows: list[list[object]] = []
    totals = {"net": ZERO, "vat": ZERO, "total": ZERO, "paid": ZERO, "credited": ZERO, "due": ZERO}
    for doc in documents:
        totals["net"] += doc.total_net
        totals["vat"] += doc.total_vat
        totals["total"] += doc.total
        if credit_notes:
            rows.append(
                [
                    doc.display_number,
                    doc.issue_date,
                    doc.credited_invoice.display_number if doc.credited_invoice else "",
                    doc.buyer_name,
                    doc.buyer_code,
                    doc.buyer_vat_code,
                    doc.total_net,
                    doc.total_vat,
                    doc.total,
                    doc.reason,
                    doc.state_display(),
                    doc.reference,
                ]
            )
            continue
        totals["paid"] += doc.amount_paid
        totals["credited"] += doc.amount_credited
        totals["due"] += doc.balance
        rows.append(
            [
                doc.display_number,
                doc.issue_date,
                doc.due_date,
                doc.buyer_name,
                doc.buyer_code,
                doc.buyer_vat_code,
                doc.total_net,
                doc.total_vat,
                doc.total,
                doc.amount_paid,
                doc.amount_credited,
                doc.balance,
                doc.state_display(),
                doc.reference,
            ]
        )
    amounts = {6: totals["net"], 7: totals["vat"], 8: totals["total"]}
    if not credit_notes:
        amounts |= {9: totals["paid"], 10: totals["credited"], 11: totals["due"]}
    rows.append(_totals_row(len(headers), 0, amounts))
    return Sheet(
        title=_("Credit notes") if credit_notes else _("Invoices"),
        headers=headers,
        rows=rows,
        widths=(14, 11, 14, 40, 11, 14, 12, 10, 12, 12, 12, 12, 14, 24),
    )


def credit_notes_sheet(period: Period) -> Sheet:
    return invoices_sheet(period, kind=Invoice.Kind.CREDIT_NOTE)


def payments_sheet(period: Period) -> Sheet:
    """Live payment matches of the period's received payments, and members' credit applied
    to invoices in the period. The totals keep them apart: credit applied is money the
    bank received earlier (as the credit kept), so counting it again would overstate it."""
    allocations = (
        Allocation.objects.filter(reversed_at__isnull=True)
        .filter(
            Q(entry__booking_date__range=(period.start, period.end))
            | Q(entry__isnull=True, created_at__date__range=(period.start, period.end))
        )
        .select_related("entry", "invoice__series", "membership__library", "membership__person")
        .order_by("entry__booking_date", "created_at", "pk")
    )
    headers = [
        _("Payment date"),
        _("Payer"),
        _("Payer's account"),
        _("Invoice"),
        _("Member"),
        _("Amount"),
        _("How matched"),
        _("Matched on"),
    ]
    rows: list[list[object]] = []
    through_bank = from_credit = ZERO
    for allocation in allocations:
        entry = allocation.entry
        if entry is None:
            from_credit += allocation.amount
        else:
            through_bank += allocation.amount
        member = allocation.membership or (
            allocation.invoice.buyer_name if allocation.invoice else ""
        )
        rows.append(
            [
                entry.booking_date if entry else allocation.created_at.date(),
                entry.counterparty_name if entry else _("member's credit"),
                entry.counterparty_iban if entry else "",
                allocation.invoice.display_number if allocation.invoice else _("member's credit"),
                str(member),
                allocation.amount,
                allocation.get_method_display(),
                allocation.created_at,
            ]
        )
    if from_credit:
        credit_row = _totals_row(len(headers), 0, {5: from_credit})
        credit_row[0] = _("Paid from members' credit")
        rows.append(credit_row)
    rows.append(_totals_row(len(headers), 0, {5: through_bank}))
    return Sheet(
        title=_("Payments"), headers=headers, rows=rows, widths=(11, 30, 24, 14, 40, 12, 24, 16)
    )


def bank_entries_sheet(period: Period) -> Sheet:
    """Every bank entry booked in the period, received and paid out, with totals of each."""
    entries = _entries(period).order_by("booking_date", "pk")
    headers = [
        _("Booked on"),
        _("Account"),
        _("Direction"),
        _("Received"),
        _("Paid out"),
        _("Currency"),
        _("Payer or payee"),
        _("Their account"),
        _("Payment code"),
        _("Payment purpose"),
        _("Matched"),
        _("Status"),
        _("Bank's entry ID"),
    ]
    rows: list[list[object]] = []
    received = paid = matched = ZERO
    for entry in entries:
        is_credit = entry.direction == BankEntry.Direction.CREDIT
        received += entry.amount if is_credit else ZERO
        paid += ZERO if is_credit else entry.amount
        matched += entry.amount_allocated
        rows.append(
            [
                entry.booking_date,
                entry.account_iban,
                entry.get_direction_display(),
                entry.amount if is_credit else "",
                "" if is_credit else entry.amount,
                entry.currency,
                entry.counterparty_name,
                entry.counterparty_iban,
                entry.reference,
                entry.text,
                entry.amount_allocated,
                entry.get_status_display(),
                entry.bank_reference,
            ]
        )
    rows.append(_totals_row(len(headers), 0, {3: received, 4: paid, 10: matched}))
    return Sheet(
        title=_("Bank entries"),
        headers=headers,
        rows=rows,
        widths=(11, 24, 12, 12, 12, 8, 30, 24, 24, 40, 12, 20, 20),
    )


def support_received_sheet(period: Period) -> Sheet:
    support = (
        SupportReceived.objects.filter(received_on__range=(period.start, period.end))
        .select_related("donor")
        .annotate(used=Sum("uses__amount"))
        .order_by("received_on", "pk")
    )
    headers = [
        _("Received on"),
        _("Donor"),
        _("Donor type"),
        _("Donor's code"),
        _("Object of support"),
        _("What was given"),
        _("Value, EUR"),
        _("How the value was set"),
        _("Purpose"),
        _("Used"),
        _("Unused"),
        _("Agreement no."),
    ]
    rows: list[list[object]] = []
    value = used = ZERO
    for item in support:
        item_used = item.used or ZERO
        value += item.value
        used += item_used
        anonymous = item.donor.kind in (item.donor.Kind.ANONYMOUS, item.donor.Kind.GPM_SHARE)
        rows.append(
            [
                item.received_on,
                "" if anonymous else item.donor.name,
                item.donor.get_kind_display(),
                item.donor.code,
                item.get_object_display(),
                item.description,
                item.value,
                item.valuation,
                item.purpose,
                item_used,
                item.value - item_used,
                item.agreement_number,
            ]
        )
    rows.append(_totals_row(len(headers), 0, {6: value, 9: used, 10: value - used}))
    return Sheet(title=_("Support received"), headers=headers, rows=rows)


def support_used_sheet(period: Period) -> Sheet:
    uses = (
        SupportUse.objects.filter(used_on__range=(period.start, period.end))
        .select_related("support__donor")
        .order_by("used_on", "pk")
    )
    headers = [
        _("Used on"),
        _("Donor"),
        _("Support received on"),
        _("Amount, EUR"),
        _("Purpose or activity"),
        _("Passed on to"),
        _("Publicity of the donor"),
    ]
    rows: list[list[object]] = []
    total = ZERO
    for use in uses:
        total += use.amount
        rows.append(
            [
                use.used_on,
                str(use.support.donor),
                use.support.received_on,
                use.amount,
                use.purpose,
                use.final_recipient,
                use.is_publicity,
            ]
        )
    rows.append(_totals_row(len(headers), 0, {3: total}))
    return Sheet(title=_("Support used"), headers=headers, rows=rows)


def support_given_sheet(period: Period) -> Sheet:
    given = SupportGiven.objects.filter(given_on__range=(period.start, period.end)).order_by(
        "given_on", "pk"
    )
    headers = [
        _("Given on"),
        _("Given as"),
        _("Recipient"),
        _("Recipient type"),
        _("Recipient's code"),
        _("Object of support"),
        _("What was given"),
        _("Value, EUR"),
        _("Purpose"),
        _("Agreement no."),
    ]
    rows: list[list[object]] = []
    total = ZERO
    for item in given:
        total += item.value
        rows.append(
            [
                item.given_on,
                item.get_kind_display(),
                item.recipient_name,
                item.get_recipient_kind_display(),
                item.recipient_code,
                item.get_object_display(),
                item.description,
                item.value,
                item.purpose,
                item.agreement_number,
            ]
        )
    rows.append(_totals_row(len(headers), 0, {7: total}))
    return Sheet(title=_("Support given"), headers=headers, rows=rows)


# What can be exported, in the order of the workbook's sheets.
EXPORTS: dict[str, tuple[object, Callable[[Period], Sheet]]] = {
    "invoices": (gettext_lazy("Invoices"), invoices_sheet),
    "credit_notes": (gettext_lazy("Credit notes"), credit_notes_sheet),
    "payments": (gettext_lazy("Payments"), payments_sheet),
    "bank_entries": (gettext_lazy("Bank entries"), bank_entries_sheet),
    "reconciliation": (
        gettext_lazy("Reconciliation with the bank"),
        lambda period: reconciliation_sheet(reconciliation(period)),
    ),
    "support_received": (gettext_lazy("Support received"), support_received_sheet),
    "support_used": (gettext_lazy("Support used"), support_used_sheet),
    "support_given": (gettext_lazy("Support given"), support_given_sheet),
}


def export_sheets(period: Period, parts: list[str] | None = None) -> list[Sheet]:
    """The sheets of `parts` (keys of `EXPORTS`; all when None) for `period`."""
    chosen = [key for key in EXPORTS if parts is None or key in parts]
    return [EXPORTS[key][1](period) for key in chosen]
