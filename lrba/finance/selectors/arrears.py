"""Reads of arrears: per member, the overdue invoices, how much and how long, and the
last reminder (issue 10, point 7)."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lrba.core.tables import Sheet
from lrba.core.text import sort_key
from lrba.finance.models import ArrearsProposal, FinanceSettings, Invoice, Reminder
from lrba.members.models import Membership

ZERO = Decimal("0.00")

# Age buckets of the oldest overdue invoice: (upper bound in days, label).
BUCKETS = (
    (30, gettext_lazy("1–30 days")),
    (60, gettext_lazy("31–60 days")),
    (90, gettext_lazy("61–90 days")),
    (None, gettext_lazy("over 90 days")),
)


def age_bucket(days: int) -> str:
    for upper, label in BUCKETS:
        if upper is None or days <= upper:
            return str(label)
    raise AssertionError("unreachable")


@dataclass
class ArrearsRow:
    """One member's (or, for an invoice to no member, one buyer's) arrears."""

    membership: Membership | None
    name: str
    invoices: list[Invoice] = field(default_factory=list)
    amount: Decimal = ZERO
    oldest_days: int = 0
    last_reminder: datetime.date | None = None
    proposal: ArrearsProposal | None = None
    board_due: bool = False  # old enough for the statutes' consequence

    @property
    def bucket(self) -> str:
        return age_bucket(self.oldest_days)


def overdue_invoices(on: datetime.date | None = None) -> Iterable[Invoice]:
    on = on or timezone.localdate()
    return (
        Invoice.objects.overdue(on)
        .select_related("series", "membership__library", "membership__person")
        .annotate(last_reminder=Max("reminders__sent_on"))
        .order_by("due_date", "pk")
    )


def arrears_rows(on: datetime.date | None = None) -> list[ArrearsRow]:
    """Members with overdue invoices on `on` (today), the longest overdue first."""
    on = on or timezone.localdate()
    consequence_days = FinanceSettings.current().arrears_consequence_days
    rows: dict[tuple[str, int], ArrearsRow] = {}
    for invoice in overdue_invoices(on):
        if invoice.membership_id:
            key = ("m", invoice.membership_id)
        elif invoice.library_id:
            key = ("l", invoice.library_id)
        else:
            key = ("p", invoice.person_id or 0)
        row = rows.get(key)
        if row is None:
            member = invoice.membership.member if invoice.membership is not None else None
            name = str(member) if member is not None else invoice.buyer_name
            row = rows[key] = ArrearsRow(membership=invoice.membership, name=name)
        row.invoices.append(invoice)
        row.amount += invoice.balance
        days = (on - invoice.due_date).days if invoice.due_date else 0
        row.oldest_days = max(row.oldest_days, days)
        reminded = invoice.last_reminder  # type: ignore[attr-defined]
        if reminded and (row.last_reminder is None or reminded > row.last_reminder):
            row.last_reminder = reminded
    proposals = {
        p.membership_id: p
        for p in ArrearsProposal.objects.filter(
            membership_id__in=[r.membership.pk for r in rows.values() if r.membership]
        ).order_by("prepared_on", "pk")
    }
    for row in rows.values():
        if row.membership is not None:
            row.proposal = proposals.get(row.membership.pk)
            row.board_due = consequence_days is not None and row.oldest_days >= consequence_days
    return sorted(rows.values(), key=lambda r: (-r.oldest_days, sort_key(r.name)))


def arrears_sheet(rows: list[ArrearsRow], on: datetime.date) -> Sheet:
    headers = [
        _("Member"),
        _("Invoices"),
        _("Owed, EUR"),
        _("Days overdue"),
        _("Age"),
        _("Last reminder"),
    ]
    body = [
        [
            row.name,
            ", ".join(invoice.display_number for invoice in row.invoices),
            row.amount,
            row.oldest_days,
            row.bucket,
            row.last_reminder,
        ]
        for row in rows
    ]
    body.append([_("Total"), "", sum((row.amount for row in rows), ZERO), "", "", ""])
    return Sheet(
        title=_("Arrears on %(date)s") % {"date": on.isoformat()},
        headers=headers,
        rows=body,
        widths=(45, 30, 12, 12, 14, 14),
    )


def reminders_of(invoice: Invoice) -> list[Reminder]:
    return list(invoice.reminders.order_by("stage"))
