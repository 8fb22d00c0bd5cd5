"""Finance back office: support and charity (see lrba/finance/admin/__init__.py).

The purpose-built pages (`finance:support_list`, …) are where support is recorded; the
back office lists and corrects. A correction passes the same rules as the pages
(`services.support.support_received_check`), and uses are read here, not written: a
use written here could spend more than the item's unused balance.
"""

from typing import Any

from auditlog.mixins import AuditlogHistoryAdminMixin
from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from unfold.admin import ModelAdmin, TabularInline

from lrba.finance.models import Donor, SupportGiven, SupportReceived, SupportUse
from lrba.finance.services.support import support_received_check


@admin.register(Donor)
class DonorAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    list_display = ("__str__", "kind", "code", "email")
    list_filter = ("kind",)
    search_fields = ("name", "code", "email")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Support records point at their donor (PROTECT); a donor without any may go.
        if obj is not None and obj.support.exists():
            return False
        return super().has_delete_permission(request, obj)


class SupportUseInline(TabularInline):
    model = SupportUse
    extra = 0
    fields = ("used_on", "amount", "purpose", "final_recipient", "is_publicity")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # recorded on the support page, within the unused balance


class SupportReceivedAdminForm(forms.ModelForm):
    class Meta:
        model = SupportReceived
        fields = (
            "donor",
            "received_on",
            "object",
            "description",
            "value",
            "valuation",
            "purpose",
            "earmarked",
            "purpose_fits_statutes",
            "agreement_number",
            "agreement_date",
            "obliged_publicity",
            "obliged_report",
            "obliged_use_as_directed",
            "bank_entry",
            "notes",
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if self.errors:
            return data
        candidate = SupportReceived(
            **{name: data[name] for name in self.Meta.fields if name in data}
        )
        try:
            support_received_check(candidate)
        except ValidationError as refusal:
            self.add_error(None, refusal)
        return data


@admin.register(SupportReceived)
class SupportReceivedAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    form = SupportReceivedAdminForm
    list_display = ("received_on", "donor", "object", "value", "purpose", "earmarked")
    list_filter = ("object", "donor__kind", "earmarked")
    search_fields = ("donor__name", "donor__code", "description", "purpose", "agreement_number")
    date_hierarchy = "received_on"
    raw_id_fields = ("donor", "bank_entry")
    inlines = [SupportUseInline]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # The separate accounts of support are kept (LPĮ 11(2)); a used item stays.
        if obj is not None and obj.uses.exists():
            return False
        return super().has_delete_permission(request, obj)


@admin.register(SupportGiven)
class SupportGivenAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    list_display = ("given_on", "recipient_name", "kind", "object", "value")
    list_filter = ("kind", "recipient_kind", "object")
    search_fields = ("recipient_name", "recipient_code", "purpose", "agreement_number")
    date_hierarchy = "given_on"
