"""Finance pages: fee schedules and the yearly run (see lrba/finance/urls.py).

The secretariat sets a fee (the General Meeting's decision, proration, due date, rates per
category, exemptions) and starts the year's invoices; the auditor reads it all; nobody else
sees these pages (403)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lrba.accounts.access import has_permission, staff_page
from lrba.core.audit import refusals_recorded
from lrba.finance.access import WRITE_PERMISSION, finance_read_require, finance_write_require
from lrba.finance.forms_invoices import (
    FeeExemptionForm,
    FeeRatesForm,
    FeeScheduleForm,
    InvoiceRunForm,
)
from lrba.finance.models import FeeExemption, FeeSchedule, InvoiceRun
from lrba.finance.selectors import invoices as selectors
from lrba.finance.services import fees as fee_services
from lrba.finance.services.runs import invoice_run_start


def _errors_to_messages(request: HttpRequest, refusal: ValidationError) -> None:
    for message in refusal.messages:
        messages.error(request, message)


@staff_page
@require_GET
def fee_schedule_list(request: HttpRequest) -> HttpResponse:
    finance_read_require(request.user)
    return render(
        request,
        "finance/fees/schedule_list.html",
        {
            "schedules": selectors.fee_schedule_list(),
            "may_write": has_permission(request.user, WRITE_PERMISSION),
        },
    )


@staff_page
@require_http_methods(["GET", "POST"])
def fee_schedule_create(request: HttpRequest) -> HttpResponse:
    finance_write_require(request.user)
    form = FeeScheduleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            schedule = fee_services.fee_schedule_create(
                schedule=form.save(commit=False), rates=form.rates(), by=request.user
            )
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, _("The fee is saved."))
            return redirect(schedule.get_absolute_url())
    return render(request, "finance/fees/schedule_form.html", {"form": form})


# The actions of the schedule's page, each a POST with `action` set to its name.
ACTIONS = ("rates", "exemption", "exemption_remove", "run")


@staff_page
@require_http_methods(["GET", "POST"])
def fee_schedule_detail(request: HttpRequest, pk: int) -> HttpResponse:
    finance_read_require(request.user)
    if request.method == "POST":
        finance_write_require(request.user)  # before the lookup: a reader learns nothing
    schedule = get_object_or_404(FeeSchedule.objects.select_related("decision"), pk=pk)
    rates_form = FeeRatesForm(schedule=schedule)
    exemption_form = FeeExemptionForm()
    run_form = InvoiceRunForm()
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "rates":
            rates_form = FeeRatesForm(request.POST, schedule=schedule)
            if rates_form.is_valid() and _do(
                request,
                schedule,
                "fee_rates_set",
                lambda: fee_services.fee_rates_set(
                    schedule=schedule, rates=rates_form.rates(), by=request.user
                ),
            ):
                messages.success(request, _("The amounts are saved."))
                return redirect(schedule.get_absolute_url())
        elif action == "exemption":
            exemption_form = FeeExemptionForm(request.POST)
            if exemption_form.is_valid() and _do(
                request,
                schedule,
                "fee_exemption_set",
                lambda: fee_services.fee_exemption_set(
                    schedule=schedule, by=request.user, **exemption_form.cleaned_data
                ),
            ):
                messages.success(request, _("The exemption is saved."))
                return redirect(schedule.get_absolute_url())
        elif action == "exemption_remove":
            exemption = get_object_or_404(
                FeeExemption, schedule=schedule, pk=request.POST.get("exemption") or 0
            )
            fee_services.fee_exemption_remove(exemption=exemption, by=request.user)
            messages.success(request, _("The exemption is removed."))
            return redirect(schedule.get_absolute_url())
        elif action == "run":
            run_form = InvoiceRunForm(request.POST)
            if run_form.is_valid():
                started: list[InvoiceRun] = []
                if _do(
                    request,
                    schedule,
                    "invoice_run_start",
                    lambda: started.append(
                        invoice_run_start(schedule, by=request.user, **run_form.cleaned_data)
                    ),
                ):
                    messages.success(
                        request, _("The invoices are being issued. This page shows how far.")
                    )
                    return redirect("finance:invoice_run_detail", started[0].pk)
        else:
            messages.error(request, _("Unknown action."))
    return render(
        request,
        "finance/fees/schedule_detail.html",
        {
            "schedule": schedule,
            "rates": schedule.rates.order_by("category"),
            "exemptions": schedule.exemptions.select_related(
                "membership__library", "membership__person"
            ).order_by("pk"),
            "summary": selectors.fee_schedule_summary(schedule),
            "runs": selectors.invoice_runs_of(schedule),
            "rates_form": rates_form,
            "exemption_form": exemption_form,
            "run_form": run_form,
            "may_write": has_permission(request.user, WRITE_PERMISSION),
        },
    )


def _do(request: HttpRequest, schedule: FeeSchedule, attempt: str, write) -> bool:
    """Run a service; on a refusal, show its message and say False."""
    try:
        with refusals_recorded(user=request.user, target=schedule, attempt=attempt):
            write()
    except ValidationError as refusal:
        _errors_to_messages(request, refusal)
        return False
    return True


@staff_page
@require_GET
def invoice_run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The run's progress; while it runs, htmx asks for the progress fragment again every
    two seconds (without JavaScript, reloading the page does the same)."""
    finance_read_require(request.user)
    run = get_object_or_404(
        InvoiceRun.objects.select_related("schedule", "series", "started_by"), pk=pk
    )
    context = {
        "run": run,
        "running": run.status in (InvoiceRun.Status.QUEUED, InvoiceRun.Status.RUNNING),
    }
    if getattr(request, "htmx", False):
        return render(request, "finance/fees/_run_progress.html", context)
    return render(request, "finance/fees/run_detail.html", context)


urlpatterns: list = [
    path("mokesciai/", fee_schedule_list, name="fee_schedule_list"),
    path("mokesciai/naujas/", fee_schedule_create, name="fee_schedule_create"),
    path("mokesciai/<int:pk>/", fee_schedule_detail, name="fee_schedule_detail"),
    path("saskaitu-israsymas/<int:pk>/", invoice_run_detail, name="invoice_run_detail"),
]
