"""Finance pages: invoices and credit notes for the staff (see lrba/finance/urls.py).

The secretariat lists and searches them, writes a manual invoice with lines, issues it,
and issues credit notes; the auditor reads. An issued invoice has no edit or delete
action anywhere. Members see their own documents through the members' pages (part F)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lrba.accounts.access import has_permission, staff_page
from lrba.core.audit import refusals_recorded
from lrba.core.pagination import paginate
from lrba.finance.access import (
    WRITE_PERMISSION,
    access_rw_invoice,
    finance_read_require,
    finance_write_require,
)
from lrba.finance.forms_invoices import CreditNoteForm, InvoiceForm, InvoiceLineFormSet
from lrba.finance.models import Invoice
from lrba.finance.selectors import invoices as selectors
from lrba.finance.services import invoices as services

PER_PAGE = 50


def _year(value: str) -> int | None:
    return int(value) if value.isdigit() and 1990 <= int(value) <= 2200 else None


def _staff_invoice(request: HttpRequest, pk: int) -> Invoice:
    finance_read_require(request.user)
    return get_object_or_404(
        Invoice.objects.select_related(
            "series", "library", "person", "credited_invoice__series", "fee_schedule", "run"
        ),
        pk=pk,
    )


@staff_page
@require_GET
def invoice_list(request: HttpRequest) -> HttpResponse:
    finance_read_require(request.user)
    everything = Invoice.objects.all()
    year = _year(request.GET.get("year", ""))
    state = request.GET.get("state", "")
    state = state if state in selectors.STATES else ""
    kind = request.GET.get("kind", "")
    kind = kind if kind in Invoice.Kind.values else ""
    search = request.GET.get("q", "").strip()[:100]
    found = selectors.invoices_filter(everything, year=year, state=state, kind=kind, search=search)
    chosen = {"year": year, "state": state, "kind": kind, "q": search}
    page, note = paginate(request.GET, found, PER_PAGE)
    query_string = urlencode({key: value for key, value in chosen.items() if value})
    context = {
        "page_obj": page,
        "page_note": note,
        "query_string": query_string,
        "chosen": chosen,
        "years": selectors.invoice_years(everything),
        "states": [(state, _state_label(state)) for state in selectors.STATES],
        "kinds": Invoice.Kind.choices,
        "may_write": has_permission(request.user, WRITE_PERMISSION),
        "today": timezone.localdate(),
    }
    if getattr(request, "htmx", False):
        return render(request, "finance/invoices/_invoice_table.html", context)
    return render(request, "finance/invoices/list.html", context)


def _state_label(state: str) -> str:
    if state == "overdue":
        return _("overdue")
    return str(Invoice.Status(state).label)


@staff_page
@require_http_methods(["GET", "POST"])
def invoice_create(request: HttpRequest) -> HttpResponse:
    """A manual invoice to a member, saved as a draft to check and issue."""
    finance_write_require(request.user)
    form = InvoiceForm(request.POST or None)
    lines = InvoiceLineFormSet(request.POST or None, prefix="lines")
    if request.method == "POST" and form.is_valid() and lines.is_valid():
        line_inputs = [
            services.LineInput(
                description=line["description"],
                quantity=line["quantity"],
                unit_price=line["unit_price"],
                unit=line["unit"],
            )
            for line in lines.cleaned_data
            if line and not line.get("DELETE")
        ]
        try:
            invoice = services.invoice_draft_create(
                membership=form.cleaned_data["membership"],
                lines=line_inputs,
                by=request.user,
                due_date=form.cleaned_data["due_date"],
                notes=form.cleaned_data["notes"],
            )
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, _("The draft is saved. Check it, then issue it."))
            return redirect(invoice.get_absolute_url())
    return render(request, "finance/invoices/create.html", {"form": form, "lines": lines})


@staff_page
@require_GET
def invoice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = _staff_invoice(request, pk)
    may_write = has_permission(request.user, WRITE_PERMISSION)
    open_amount = selectors.invoice_open_amount(invoice)
    return render(
        request,
        "finance/invoices/detail.html",
        {
            "invoice": invoice,
            "lines": invoice.lines.all(),
            "payments": selectors.invoice_payments(invoice),
            "credit_notes": selectors.invoice_credit_notes(invoice),
            "open_amount": open_amount,
            "may_write": may_write,
            "may_credit": may_write and open_amount > 0,
        },
    )


@staff_page
@require_POST
def invoice_issue(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = access_rw_invoice(request.user, pk)
    try:
        with refusals_recorded(user=request.user, target=invoice, attempt="invoice_issue"):
            issued = services.invoice_issue(
                invoice, by=request.user, send=request.POST.get("send") != "0"
            )
    except ValidationError as refusal:
        for message in refusal.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Invoice %(number)s is issued.") % {"number": issued.display_number},
        )
    return redirect("finance:invoice_detail", pk)


@staff_page
@require_POST
def invoice_draft_delete(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = access_rw_invoice(request.user, pk)
    try:
        with refusals_recorded(user=request.user, target=invoice, attempt="invoice_delete"):
            services.invoice_draft_delete(invoice, by=request.user)
    except ValidationError as refusal:
        for message in refusal.messages:
            messages.error(request, message)
        return redirect("finance:invoice_detail", pk)
    messages.success(request, _("The draft is deleted."))
    return redirect("finance:invoice_list")


@staff_page
@require_POST
def invoice_resend(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = access_rw_invoice(request.user, pk)
    from lrba.finance.services.delivery import invoice_resend as resend

    try:
        resend(invoice, request.user)
    except ValidationError as refusal:
        for message in refusal.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The invoice is being e-mailed again."))
    return redirect("finance:invoice_detail", pk)


@staff_page
@require_http_methods(["GET", "POST"])
def credit_note_create(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = access_rw_invoice(request.user, pk)
    form = CreditNoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with refusals_recorded(user=request.user, target=invoice, attempt="credit_note_issue"):
                note = services.credit_note_issue(
                    invoice,
                    amount=form.cleaned_data["amount"],
                    reason=form.cleaned_data["reason"],
                    by=request.user,
                )
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(
                request,
                _("Credit note %(number)s is issued.") % {"number": note.display_number},
            )
            return redirect("finance:invoice_detail", invoice.pk)
    return render(
        request,
        "finance/invoices/credit_note_form.html",
        {
            "invoice": invoice,
            "form": form,
            "open_amount": selectors.invoice_open_amount(invoice),
        },
    )


urlpatterns: list = [
    path("saskaitos/", invoice_list, name="invoice_list"),
    path("saskaitos/nauja/", invoice_create, name="invoice_create"),
    path("saskaitos/<int:pk>/", invoice_detail, name="invoice_detail"),
    path("saskaitos/<int:pk>/israsyti/", invoice_issue, name="invoice_issue"),
    path("saskaitos/<int:pk>/istrinti/", invoice_draft_delete, name="invoice_draft_delete"),
    path("saskaitos/<int:pk>/siusti/", invoice_resend, name="invoice_resend"),
    path("saskaitos/<int:pk>/kreditine/", credit_note_create, name="credit_note_create"),
]
