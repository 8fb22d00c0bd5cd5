"""Finance's panels on the back office's home (lrba.core.dashboard): received payments
waiting to be matched, overdue invoices, bank statement files refused lately, and support
unused for nearly three years. Each panel counts in a fixed number of queries and links
to the back-office list of exactly what it counts; its rows open the finance pages. Rows
are flagged, not counted as "waiting longer than" the home's overdue days: an invoice's
lateness is its own due date."""

import datetime

from django.db.models import Count, F, Model, Sum
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from lrba.core.dashboard import PANEL_ROWS, Panel, PanelRow, PanelSource, change_url, changelist_url
from lrba.core.formatting import format_money
from lrba.finance.models import ZERO, BankEntry, Invoice, StatementImport, SupportReceived
from lrba.finance.selectors.support import support_unused_ageing

# A refused statement file calls for attention this long.
FAILED_IMPORTS_DAYS = 30
WAITING = (BankEntry.Status.UNMATCHED, BankEntry.Status.PARTLY_MATCHED)


def _date(value: datetime.date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def _page(url_name: str, record: Model) -> str:
    """The record's finance page, or its back-office page where the app has none."""
    try:
        return reverse(url_name, args=[record.pk])
    except NoReverseMatch:
        return change_url(record)


def payments_waiting_panel(*, now: datetime.datetime) -> Panel:
    waiting = BankEntry.objects.filter(direction=BankEntry.Direction.CREDIT, status__in=WAITING)
    figures = waiting.aggregate(count=Count("pk"), amount=Sum(F("amount") - F("amount_allocated")))
    rows = [
        PanelRow(
            text=f"{_date(entry.booking_date)} {entry.counterparty_name}".strip(),
            url=_page("finance:entry_detail", entry),
            note=format_money(entry.unallocated),
        )
        for entry in (
            waiting.order_by("booking_date", "pk")[:PANEL_ROWS] if figures["count"] else []
        )
    ]
    return Panel(
        title=gettext("Payments to match"),
        icon="account_balance_wallet",
        count=figures["count"],
        rows=rows,
        link=changelist_url(
            BankEntry, direction__exact=BankEntry.Direction.CREDIT, status__in=",".join(WAITING)
        ),
        link_text=gettext("All payments waiting to be matched (%(amount)s)")
        % {"amount": format_money(figures["amount"] or ZERO)},
        empty=gettext("Every payment received is matched."),
    )


def overdue_invoices_panel(*, now: datetime.datetime) -> Panel:
    today = timezone.localdate(now)
    overdue = Invoice.objects.overdue(on=today).select_related("series")
    count = overdue.count()
    rows = [
        PanelRow(
            text=f"{invoice.display_number}: {invoice.buyer_name}",
            url=_page("finance:invoice_detail", invoice),
            note=gettext("%(amount)s, due %(date)s")
            % {"amount": format_money(invoice.balance), "date": _date(invoice.due_date or today)},
            overdue=True,
        )
        for invoice in (overdue.order_by("due_date", "pk")[:PANEL_ROWS] if count else [])
    ]
    return Panel(
        title=gettext("Overdue invoices"),
        icon="schedule",
        count=count,
        rows=rows,
        link=changelist_url(
            Invoice,
            kind__exact=Invoice.Kind.INVOICE,
            status__in=f"{Invoice.Status.ISSUED},{Invoice.Status.PARTLY_PAID}",
            due_date__lt=today,
        ),
        link_text=gettext("All overdue invoices"),
        empty=gettext("No invoice is overdue."),
    )


def imports_refused_panel(*, now: datetime.datetime) -> Panel:
    since = now - datetime.timedelta(days=FAILED_IMPORTS_DAYS)
    refused = StatementImport.objects.filter(
        status=StatementImport.Status.FAILED, created_at__gte=since
    )
    count = refused.count()
    rows = [
        PanelRow(
            text=statement.file_name,
            url=_page("finance:statement_import_detail", statement),
            note=_date(timezone.localdate(statement.created_at)),
            overdue=True,
        )
        for statement in (refused.order_by("-created_at", "-pk")[:PANEL_ROWS] if count else [])
    ]
    return Panel(
        title=gettext("Statement files refused"),
        icon="upload_file",
        count=count,
        rows=rows,
        link=changelist_url(
            StatementImport, status__exact=StatementImport.Status.FAILED, created_at__gte=since
        ),
        link_text=gettext("All statement files refused in the last %(days)d days")
        % {"days": FAILED_IMPORTS_DAYS},
        empty=gettext("No statement file was refused lately."),
    )


def support_unused_panel(*, now: datetime.datetime) -> Panel:
    """Support with a balance left close to (or past) the 3 years the law allows; the
    other support checks are on the checks page (`finance:support_checks`)."""
    unused = support_unused_ageing(on=timezone.localdate(now))
    rows = [
        PanelRow(
            text=f"{item.support.donor}: {item.support.purpose}",
            url=_page("finance:support_detail", item.support),
            note=gettext("%(amount)s unused, use by %(date)s")
            % {"amount": format_money(item.unused), "date": _date(item.deadline)},
            overdue=item.overdue,
        )
        for item in unused[:PANEL_ROWS]
    ]
    # The list shows exactly these items ("0" matches none when there are none).
    chosen = ",".join(str(item.support.pk) for item in unused) or "0"
    return Panel(
        title=gettext("Support to use soon"),
        icon="savings",
        count=len(unused),
        rows=rows,
        link=changelist_url(SupportReceived, pk__in=chosen),
        link_text=gettext("All support unused for nearly 3 years"),
        empty=gettext("No support has waited near 3 years to be used."),
    )


PANELS = (
    PanelSource(permission="finance.view_bankentry", build=payments_waiting_panel, order=70),
    PanelSource(permission="finance.view_invoice", build=overdue_invoices_panel, order=71),
    PanelSource(permission="finance.view_statementimport", build=imports_refused_panel, order=72),
    PanelSource(permission="finance.view_supportreceived", build=support_unused_panel, order=73),
)
