"""Finance back office: fee schedules with their rates and exemptions, and the yearly
runs (read-only: a run is started from the fee's page, lrba.finance.views.fees)."""

from typing import Any

from auditlog.mixins import AuditlogHistoryAdminMixin
from django.contrib import admin
from django.http import HttpRequest
from unfold.admin import ModelAdmin, TabularInline

from lrba.finance.models import FeeExemption, FeeRate, FeeSchedule, InvoiceRun


class FeeRateInline(TabularInline):
    model = FeeRate
    extra = 0


class FeeExemptionInline(TabularInline):
    model = FeeExemption
    extra = 0
    raw_id_fields = ("membership",)


@admin.register(FeeSchedule)
class FeeScheduleAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    list_display = ("name", "year", "decision", "decision_reference", "proration", "due_date")
    list_filter = ("year",)
    search_fields = ("name", "decision_reference")
    raw_id_fields = ("decision",)
    inlines = [FeeRateInline, FeeExemptionInline]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A fee with invoices is protected by the database; one without may go.
        if obj is not None and obj.invoices.exists():
            return False
        return super().has_delete_permission(request, obj)


@admin.register(InvoiceRun)
class InvoiceRunAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    list_display = ("schedule", "created_at", "status", "total", "issued", "skipped", "refused")
    list_filter = ("status",)
    readonly_fields = [field.name for field in InvoiceRun._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
