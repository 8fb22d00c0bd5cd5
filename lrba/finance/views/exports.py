"""The finance staff's home (`finance:index`: every area and the figures that need
attention) and the accountant's exports (`finance:exports`), see lrba/finance/urls.py.
Both read only: the secretariat and the auditor open them alike."""

import datetime
from typing import Any

from django import forms
from django.db.models import Count, F, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from lrba.accounts.access import has_permission, staff_page
from lrba.core.tables import table_response
from lrba.finance import exports
from lrba.finance.access import WRITE_PERMISSION, finance_read_require
from lrba.finance.models import ZERO, BankEntry, Invoice, StatementImport, SupportReceived

# Failed imports older than this no longer call for attention on the home page.
FAILED_IMPORTS_DAYS = 30


class ExportForm(forms.Form):
    date_from = forms.DateField(
        label=gettext_lazy("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=gettext_lazy("To"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Both days included."),
    )
    parts = forms.MultipleChoiceField(
        label=gettext_lazy("What to export"),
        choices=[(key, label) for key, (label, _build) in exports.EXPORTS.items()],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=gettext_lazy("Nothing chosen: everything."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The period ends before it begins."))
        return data

    @property
    def period(self) -> exports.Period:
        return exports.Period(self.cleaned_data["date_from"], self.cleaned_data["date_to"])


def _default_period(today: datetime.date) -> dict:
    return {"date_from": today.replace(month=1, day=1), "date_to": today}


@staff_page
@require_GET
def exports_page(request: HttpRequest) -> HttpResponse:
    """The period and the parts (GET, so a link can be bookmarked); `format=csv|xlsx`
    downloads them, without it the page shows the reconciliation of the period."""
    finance_read_require(request.user)
    today = timezone.localdate()
    data = request.GET if "date_from" in request.GET else _default_period(today)
    form = ExportForm(data)
    file_format = request.GET.get("format", "")
    if form.is_valid() and file_format in ("csv", "xlsx"):
        period = form.period
        return table_response(
            file_format=file_format,
            filename=f"finansai_{period.filename_part}",
            sheets=exports.export_sheets(period, form.cleaned_data["parts"] or None),
        )
    return render(
        request,
        "finance/exports/exports.html",
        {
            "form": form,
            "reconciliation": exports.reconciliation(form.period) if form.is_valid() else None,
            "query": request.GET.urlencode() if "date_from" in request.GET else "",
        },
        status=200 if form.is_valid() else 400,
    )


def _figures(today: datetime.date) -> dict:
    """The home page's key figures, in four queries whatever the data."""
    to_pay = F("total") - F("amount_credited") - F("amount_paid")
    overdue = Q(due_date__lt=today)
    invoices = Invoice.objects.open().aggregate(
        open_count=Count("pk"),
        open_amount=Sum(to_pay),
        overdue_count=Count("pk", filter=overdue),
        overdue_amount=Sum(to_pay, filter=overdue),
    )
    waiting = BankEntry.objects.filter(
        direction=BankEntry.Direction.CREDIT,
        status__in=[BankEntry.Status.UNMATCHED, BankEntry.Status.PARTLY_MATCHED],
    ).aggregate(count=Count("pk"), amount=Sum(F("amount") - F("amount_allocated")))
    failed = StatementImport.objects.filter(
        status=StatementImport.Status.FAILED,
        created_at__gte=timezone.now() - datetime.timedelta(days=FAILED_IMPORTS_DAYS),
    ).count()
    support = SupportReceived.objects.filter(received_on__year=today.year).aggregate(
        amount=Sum("value")
    )
    return {
        "open_count": invoices["open_count"],
        "open_amount": invoices["open_amount"] or ZERO,
        "overdue_count": invoices["overdue_count"],
        "overdue_amount": invoices["overdue_amount"] or ZERO,
        "waiting_count": waiting["count"],
        "waiting_amount": waiting["amount"] or ZERO,
        "failed_imports": failed,
        "support_this_year": support["amount"] or ZERO,
        "year": today.year,
    }


@staff_page
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    finance_read_require(request.user)
    return render(
        request,
        "finance/index.html",
        {
            "figures": _figures(timezone.localdate()),
            "may_write": has_permission(request.user, WRITE_PERMISSION),
            "failed_imports_days": FAILED_IMPORTS_DAYS,
        },
    )


urlpatterns: list = [
    path("", index, name="index"),
    path("eksportas/", exports_page, name="exports"),
]
