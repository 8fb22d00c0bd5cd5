"""Reads of payment matching: the staff queue, an entry's suggested invoices and
matches, and the members' credits (see `lrba.finance.services.matching`)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from lrba.finance.models import Allocation, BankEntry, Invoice
from lrba.finance.reference import reference_normalise
from lrba.members.models import Membership

ZERO = Decimal("0.00")
QUEUE_STATUSES = (BankEntry.Status.UNMATCHED, BankEntry.Status.PARTLY_MATCHED)


def match_queue(
    *,
    status: str = "",
    search: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[BankEntry]:
    """Received payments waiting to be matched (wholly or in part), oldest first;
    `status` may narrow to one queue status, or ask for "ignored" or "matched" ones."""
    entries = BankEntry.objects.filter(direction=BankEntry.Direction.CREDIT)
    if status in BankEntry.Status.values:
        entries = entries.filter(status=status)
    else:
        entries = entries.filter(status__in=QUEUE_STATUSES)
    if date_from:
        entries = entries.filter(booking_date__gte=date_from)
    if date_to:
        entries = entries.filter(booking_date__lte=date_to)
    search = search.strip()
    if search:
        compact = reference_normalise(search)
        entries = entries.filter(
            Q(counterparty_name__icontains=search)
            | Q(text__icontains=search)
            | Q(reference__icontains=compact)
            | Q(counterparty_iban__icontains=compact)
        )
    return entries.order_by("booking_date", "pk")


def entry_allocations(entry: BankEntry) -> list[Allocation]:
    """An entry's matches, active and undone, newest first."""
    return list(
        entry.allocations.select_related(
            "invoice__series", "membership__library", "membership__person", "created_by"
        ).order_by("-created_at", "-pk")
    )


@dataclass(frozen=True)
class Suggestion:
    invoice: Invoice
    reason: str  # an Allocation.Method value, or "amount" / "name"


def entry_suggestions(entry: BankEntry, limit: int = 10) -> list[Suggestion]:
    """Open invoices the entry probably pays: those the automatic rules find, then
    open invoices whose balance equals the entry's amount, then those whose buyer's
    name the payer's name contains."""
    from lrba.finance.services.matching import entry_candidates

    found: list[Suggestion] = []
    seen: set[int] = set()

    def add(invoices: list[Invoice], reason: str) -> None:
        for invoice in invoices:
            if invoice.pk not in seen and len(found) < limit:
                seen.add(invoice.pk)
                found.append(Suggestion(invoice=invoice, reason=reason))

    candidates, method = entry_candidates(entry)
    add(candidates, method)
    open_invoices = Invoice.objects.open().select_related("series").order_by("due_date", "pk")
    rest = entry.unallocated
    add(
        [invoice for invoice in open_invoices.filter(total__gte=rest) if invoice.balance == rest][
            :limit
        ],
        "amount",
    )
    name = (entry.counterparty_name or "").strip()
    if len(name) >= 4:
        add(list(open_invoices.filter(buyer_name__icontains=name)[:limit]), "name")
    return found


def _credits() -> QuerySet[Allocation]:
    used = Coalesce(
        Sum("uses__amount", filter=Q(uses__reversed_at__isnull=True)),
        Value(ZERO),
        output_field=DecimalField(max_digits=12, decimal_places=2),
    )
    return (
        Allocation.objects.filter(
            invoice__isnull=True, membership__isnull=False, reversed_at__isnull=True
        )
        .annotate(used=used)
        .annotate(remaining=F("amount") - F("used"))
        .filter(remaining__gt=0)
        .select_related("membership__library", "membership__person", "entry")
    )


def member_credits(*, membership: Membership | None = None) -> list[Allocation]:
    """Members' credits with something left (`remaining`), oldest first."""
    credits = _credits()
    if membership is not None:
        credits = credits.filter(membership=membership)
    return list(credits.order_by("created_at", "pk"))


def member_credit_total(membership: Membership) -> Decimal:
    credits = member_credits(membership=membership)
    return sum((credit.remaining for credit in credits), ZERO)  # type: ignore[attr-defined]


def open_invoices_for_matching() -> QuerySet[Invoice]:
    """The choices of the match forms: open invoices, by number."""
    return Invoice.objects.open().select_related("series").order_by("series__code", "number")
