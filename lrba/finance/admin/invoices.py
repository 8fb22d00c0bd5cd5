"""Finance back office: invoices and credit notes.

Invoices are written on the staff pages (lrba.finance.views.invoices), where the services
number and total them; here they are looked up. An issued invoice or credit note is
read-only and cannot be deleted, for the superuser too (`invoice_edit_refuse`); a draft's
due date and notes may change, and a draft may be deleted."""

from typing import Any

from auditlog.mixins import AuditlogHistoryAdminMixin
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin, TabularInline

from lrba.finance.models import Invoice, InvoiceLine
from lrba.finance.services.invoices import invoice_delete_refuse, invoice_edit_refuse

# What a draft may change here; its lines and buyer change on the staff pages.
DRAFT_EDITABLE = ("due_date", "notes")


class InvoiceLineInline(TabularInline):
    model = InvoiceLine
    extra = 0
    fields = ("position", "description", "quantity", "unit", "unit_price", "vat_rate", "net_amount")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def _is_issued(obj: Any) -> bool:
    return obj is not None and obj.status != Invoice.Status.DRAFT


@admin.register(Invoice)
class InvoiceAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    list_display = (
        "display_number",
        "kind",
        "buyer_name",
        "issue_date",
        "due_date",
        "total",
        "amount_paid",
        "status",
    )
    list_filter = ("kind", "status", "series", "fee_schedule")
    search_fields = ("buyer_name", "buyer_code", "reference", "=number")
    date_hierarchy = "issue_date"
    inlines = [InvoiceLineInline]
    list_select_related = ("series",)

    @admin.display(description=_("number"), ordering="number")
    def display_number(self, obj: Invoice) -> str:
        return obj.display_number

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        every = [field.name for field in Invoice._meta.fields]
        return [name for name in every if _is_issued(obj) or name not in DRAFT_EDITABLE]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # the staff page "New invoice" numbers and totals it

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if _is_issued(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if _is_issued(obj):
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: Invoice, form: Any, change: bool) -> None:
        # The last guard: the stored status decides, whatever the form said.
        invoice_edit_refuse(obj)
        super().save_model(request, obj, form, change)

    def delete_model(self, request: HttpRequest, obj: Invoice) -> None:
        invoice_delete_refuse(obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Invoice]) -> None:
        issued = queryset.exclude(status=Invoice.Status.DRAFT).first()
        if issued is not None:
            try:
                invoice_delete_refuse(issued)
            except ValidationError as refusal:
                for message in refusal.messages:
                    messages.error(request, message)
            queryset = queryset.filter(status=Invoice.Status.DRAFT)
        super().delete_queryset(request, queryset)
