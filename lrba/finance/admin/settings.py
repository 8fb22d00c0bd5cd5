"""Finance settings and invoice series in the back office.

The settings are one row (made by the migration): the list shows it, nobody adds or
deletes one. A series that has numbered a document keeps its code, kind and width for
good, since the numbers already issued are printed with them; it can only stop being used.
"""

from typing import Any

from auditlog.mixins import AuditlogHistoryAdminMixin
from django import forms
from django.contrib import admin
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin
from unfold.decorators import display

from lrba.finance.models import FinanceSettings, InvoiceSeries


@admin.register(FinanceSettings)
class FinanceSettingsAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    list_display = ("__str__", "vat_payer", "payment_days", "reminder_days", "updated_at")
    fieldsets = (
        (_("VAT"), {"fields": ("vat_payer", "vat_code", "vat_rate")}),
        (
            _("Invoices"),
            {"fields": ("issuer_name", "issuer_position", "payment_days", "sepa_qr")},
        ),
        (_("Bank"), {"fields": ("bank_name", "bic")}),
        (
            _("Arrears"),
            {"fields": ("reminder_days", "arrears_consequence_days", "arrears_consequence_clause")},
        ),
        (_("Support"), {"fields": ("average_monthly_wage",)}),
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class InvoiceSeriesForm(forms.ModelForm):
    class Meta:
        model = InvoiceSeries
        fields = ("code", "kind", "description", "number_width", "is_default", "is_active")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind") or self.instance.kind
        if data.get("is_default"):
            other = (
                InvoiceSeries.objects.filter(kind=kind, is_default=True)
                .exclude(pk=self.instance.pk)
                .first()
            )
            if other is not None:
                self.add_error(
                    "is_default",
                    gettext(
                        "The series %(code)s is the default for these documents; "
                        "untick it there first."
                    )
                    % {"code": other.code},
                )
        if data.get("is_default") and data.get("is_active") is False:
            self.add_error("is_active", gettext("The default series must be in use."))
        return data


@admin.register(InvoiceSeries)
class InvoiceSeriesAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    form = InvoiceSeriesForm
    list_display = ("code", "kind", "description", "is_default", "is_active", "documents")
    list_filter = ("kind", "is_active")
    search_fields = ("code", "description")

    def get_queryset(self, request: HttpRequest) -> QuerySet[InvoiceSeries]:
        return (
            super()
            .get_queryset(request)
            .annotate(numbered=Count("invoices", filter=Q(invoices__number__isnull=False)))
        )

    @display(description=_("numbered documents"), ordering="numbered")
    def documents(self, series: InvoiceSeries) -> int:
        return getattr(series, "numbered", 0)

    @staticmethod
    def _in_use(series: InvoiceSeries | None) -> bool:
        return bool(
            series is not None
            and series.pk
            and series.invoices.filter(number__isnull=False).exists()
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        if self._in_use(obj):
            return ("code", "kind", "number_width")
        return ()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.invoices.exists():
            return False
        return super().has_delete_permission(request, obj)
