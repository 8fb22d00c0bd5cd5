"""The secretariat's round pages, the supplier orders' downloads and libraries' MARC files.

- `round_list_staff`, `round_staff`: every round, its progress (copies, the discount tier
  reached), each library's budget against what it committed and, once closed, the
  supplier orders. Read by the secretariat and the auditor (`acquisition.view_round`);
  opening and closing (confirmed first) need `acquisition.change_round`.
- `supplier_order_download`: a supplier order as XLSX or CSV, for the supplier.
- `library_order_marc`: a library's order as MARCXML or ISO 2709, for the staff and for
  those who order for that library (anyone else: 404).
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lrba.accounts.access import has_permission, staff_page
from lrba.acquisition.access import (
    WRITE_PERMISSION,
    access_order_library,
    access_round,
    acquisition_read_require,
    acquisition_write_require,
    may_read_acquisition,
)
from lrba.acquisition.exports import supplier_order_filename, supplier_order_sheets
from lrba.acquisition.forms_rounds import RoundCloseForm, RoundOpenForm
from lrba.acquisition.marcwrite import order_records, records_iso2709, records_marcxml
from lrba.acquisition.models import ZERO, OrderLine, Round, RoundBudget, SupplierOrder
from lrba.acquisition.selectors.rounds import round_progress
from lrba.acquisition.services.closing import round_close
from lrba.acquisition.services.rounds import round_open, round_open_problems
from lrba.core.audit import refusals_recorded
from lrba.core.downloads import download_response
from lrba.core.pagination import paginate
from lrba.core.tables import table_response
from lrba.members.models import Library

MONEY: DecimalField = DecimalField(max_digits=14, decimal_places=2)
TABLE_FORMATS = ("xlsx", "csv")
MARC_FORMATS = {"xml": "application/marcxml+xml", "mrc": "application/marc"}


def _budgets(round_: Round) -> QuerySet[RoundBudget]:
    """The round's budgets with each library's committed spend and line count, one query."""
    lines = OrderLine.objects.filter(
        round=OuterRef("round"), library=OuterRef("library"), status=OrderLine.Status.ORDERED
    ).values("library")
    committed = lines.annotate(
        total=Sum(ExpressionWrapper(F("unit_price") * F("quantity"), output_field=MONEY))
    ).values("total")
    count = lines.annotate(n=Count("pk")).values("n")
    return (
        RoundBudget.objects.filter(round=round_)
        .select_related("library")
        .annotate(
            committed=Coalesce(Subquery(committed, output_field=MONEY), ZERO, output_field=MONEY),
            line_count=Coalesce(Subquery(count), 0),
        )
        .annotate(remaining=F("amount") - F("committed"))
        .order_by("library__sort_name", "library_id")
    )


@staff_page
@require_GET
def round_list_staff(request: HttpRequest) -> HttpResponse:
    acquisition_read_require(request.user)
    rounds = Round.objects.annotate(
        library_count=Count("budgets", distinct=True),
        order_count=Count("supplier_orders", distinct=True),
    ).order_by("-opens_at", "-pk")
    page, note = paginate(request.GET, rounds, 30)
    return render(
        request,
        "acquisition/rounds/staff_list.html",
        {
            "items": page,
            "page_note": note,
            "may_write": has_permission(request.user, WRITE_PERMISSION),
        },
    )


@staff_page
@require_GET
def round_staff(request: HttpRequest, pk: int) -> HttpResponse:
    acquisition_read_require(request.user)
    round_ = get_object_or_404(Round.objects.prefetch_related("suppliers"), pk=pk)
    budgets: list[Any] = list(_budgets(round_))  # annotated: committed, line_count
    return render(
        request,
        "acquisition/rounds/staff_detail.html",
        {
            "round": round_,
            "progress": round_progress(round_),
            "tiers": list(round_.tiers.order_by("min_copies")),
            "budgets": budgets,
            "budget_total": sum((b.amount for b in budgets), ZERO),
            "committed_total": sum((b.committed for b in budgets), ZERO),
            "orders": list(round_.supplier_orders.select_related("supplier")),
            "left_out": round_.lines.filter(status=OrderLine.Status.BELOW_MINIMUM).count()
            if round_.status == Round.Status.CLOSED
            else 0,
            "open_problems": round_open_problems(round_)
            if round_.status == Round.Status.DRAFT
            else [],
            "may_write": has_permission(request.user, WRITE_PERMISSION),
            "admin_url": reverse("admin:acquisition_round_change", args=[round_.pk]),
        },
    )


def _confirmed_step(
    request: HttpRequest,
    pk: int,
    *,
    form_class: type[forms.Form],
    template: str,
    attempt: str,
    run: Callable[[Round], object],
    done: str,
) -> HttpResponse:
    """A confirmation page (GET) and the confirmed write (POST), shared by open and close."""
    acquisition_write_require(request.user)  # before the lookup: a reader learns nothing
    round_ = get_object_or_404(Round, pk=pk)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with refusals_recorded(user=request.user, target=round_, attempt=attempt):
                run(round_)
        except ValidationError as refusal:
            for message in refusal.messages:
                form.add_error(None, message)
        else:
            messages.success(request, done)
            return redirect("acquisition:round_staff", pk=round_.pk)
    return render(
        request,
        f"acquisition/rounds/{template}.html",
        {
            "round": round_,
            "form": form,
            "progress": round_progress(round_),
            "open_problems": round_open_problems(round_)
            if round_.status == Round.Status.DRAFT
            else [],
        },
    )


@staff_page
@require_http_methods(["GET", "POST"])
def round_open_staff(request: HttpRequest, pk: int) -> HttpResponse:
    return _confirmed_step(
        request,
        pk,
        form_class=RoundOpenForm,
        template="open_confirm",
        attempt="round_open",
        run=lambda round_: round_open(round=round_, user=request.user),
        done=_("The round is open for orders."),
    )


@staff_page
@require_http_methods(["GET", "POST"])
def round_close_staff(request: HttpRequest, pk: int) -> HttpResponse:
    return _confirmed_step(
        request,
        pk,
        form_class=RoundCloseForm,
        template="close_confirm",
        attempt="round_close",
        run=lambda round_: round_close(round=round_, user=request.user),
        done=_("The round is closed and the supplier orders are made."),
    )


@staff_page
@require_GET
def supplier_order_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    acquisition_read_require(request.user)
    if fmt not in TABLE_FORMATS:
        raise Http404
    order = get_object_or_404(SupplierOrder.objects.select_related("supplier"), pk=pk)
    return table_response(
        file_format=fmt,
        filename=supplier_order_filename(order),
        sheets=supplier_order_sheets(order),
    )


@staff_page
@require_GET
def library_order_marc(request: HttpRequest, pk: int, library_pk: int, fmt: str) -> HttpResponse:
    if fmt not in MARC_FORMATS:
        raise Http404
    if may_read_acquisition(request.user):
        round_ = get_object_or_404(Round, pk=pk)
        library = get_object_or_404(Library, pk=library_pk)
    else:
        round_ = access_round(request.user, pk)
        library = access_order_library(request.user, library_pk)
    records = order_records(round_, library)
    content = records_marcxml(records) if fmt == "xml" else records_iso2709(records)
    name = f"{slugify(round_.name)[:40]}-{slugify(library.short_name or library.name)[:40]}"
    return download_response(
        content, filename=f"{name}.{fmt if fmt == 'mrc' else 'xml'}", content_type=MARC_FORMATS[fmt]
    )


urlpatterns = [
    path("sekretoriatas/etapai/", round_list_staff, name="round_list_staff"),
    path("sekretoriatas/etapai/<int:pk>/", round_staff, name="round_staff"),
    path("sekretoriatas/etapai/<int:pk>/atidaryti/", round_open_staff, name="round_open"),
    path("sekretoriatas/etapai/<int:pk>/uzdaryti/", round_close_staff, name="round_close"),
    path(
        "sekretoriatas/uzsakymai/<int:pk>/<str:fmt>/",
        supplier_order_download,
        name="supplier_order_download",
    ),
    path(
        "etapai/<int:pk>/bibliotekos/<int:library_pk>/marc/<str:fmt>/",
        library_order_marc,
        name="library_order_marc",
    ),
]
