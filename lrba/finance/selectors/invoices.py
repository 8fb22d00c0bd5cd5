"""Reads of fees, runs, invoices and credit notes for the staff pages."""

import datetime
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from lrba.finance.models import (
    Allocation,
    FeeSchedule,
    Invoice,
    InvoiceRun,
)

ZERO = Decimal("0.00")

# The states the list filters by: the stored statuses plus "overdue", which is computed.
STATES = ("draft", "issued", "overdue", "partly_paid", "paid", "cancelled")


def fee_schedule_list() -> QuerySet[FeeSchedule]:
    return (
        FeeSchedule.objects.select_related("decision")
        .annotate(
            invoice_count=Count(
                "invoices",
                filter=Q(invoices__kind=Invoice.Kind.INVOICE) & ~Q(invoices__status="draft"),
            )
        )
        .order_by("-year", "name")
    )


def fee_schedule_summary(schedule: FeeSchedule) -> dict[str, Decimal | int]:
    """How many invoices of the fee are issued and what they total, paid and credit."""
    figures = (
        Invoice.objects.invoices()
        .issued()
        .filter(fee_schedule=schedule)
        .aggregate(
            count=Count("pk"),
            total=Sum("total"),
            paid=Sum("amount_paid"),
            credited=Sum("amount_credited"),
        )
    )
    return {key: value if value is not None else ZERO for key, value in figures.items()}


def invoice_runs_of(schedule: FeeSchedule) -> QuerySet[InvoiceRun]:
    return schedule.runs.select_related("series", "started_by").order_by("-created_at")


def invoice_years(invoices: QuerySet[Invoice]) -> list[int]:
    return sorted(
        {
            year
            for year in invoices.exclude(issue_date__isnull=True)
            .annotate(year=ExtractYear("issue_date"))
            .values_list("year", flat=True)
            .distinct()
        },
        reverse=True,
    )


def invoices_filter(
    invoices: QuerySet[Invoice],
    *,
    year: int | None = None,
    state: str = "",
    kind: str = "",
    search: str = "",
    on: datetime.date | None = None,
) -> QuerySet[Invoice]:
    """The invoices matching the list's filters, newest first. `state` "overdue" means
    open past its due date; "issued" means open and not yet due."""
    on = on or timezone.localdate()
    if year:
        invoices = invoices.filter(
            Q(issue_date__year=year) | Q(issue_date__isnull=True, created_at__year=year)
        )
    if kind in Invoice.Kind.values:
        invoices = invoices.filter(kind=kind)
    if state == "overdue":
        invoices = Invoice.objects.overdue(on=on).filter(pk__in=invoices.values("pk"))
    elif state in (Invoice.Status.ISSUED, Invoice.Status.PARTLY_PAID):
        invoices = invoices.filter(status=state).exclude(kind=Invoice.Kind.INVOICE, due_date__lt=on)
    elif state in Invoice.Status.values:
        invoices = invoices.filter(status=state)
    search = search.strip()
    if search:
        query = (
            Q(buyer_name__icontains=search)
            | Q(buyer_code=search)
            | Q(reference__iexact=search.replace(" ", ""))
            | Q(library__name__icontains=search)
        )
        number = _number_in(search)
        if number is not None:
            query |= Q(number=number)
        invoices = invoices.filter(query)
    return invoices.select_related("series", "library", "person").order_by(
        "-issue_date", "-number", "-pk"
    )


def _number_in(text: str) -> int | None:
    """The number in "LRBA-00042", "00042" or "42"."""
    tail = text.rsplit("-", 1)[-1].strip()
    return int(tail) if tail.isdigit() and len(tail) <= 9 else None


def invoice_payments(invoice: Invoice) -> QuerySet[Allocation]:
    return (
        Allocation.objects.filter(invoice=invoice)
        .select_related("entry", "created_by", "reversed_by")
        .order_by("created_at")
    )


def invoice_credit_notes(invoice: Invoice) -> QuerySet[Invoice]:
    return invoice.credit_notes.select_related("series").order_by("issue_date", "number")


def invoice_open_amount(invoice: Invoice) -> Decimal:
    """What a credit note may still cancel: neither paid nor already credited."""
    if invoice.is_credit_note or invoice.status == Invoice.Status.DRAFT:
        return ZERO
    return max(invoice.total - invoice.amount_paid - invoice.amount_credited, ZERO)
