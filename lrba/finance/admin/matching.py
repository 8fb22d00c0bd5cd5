"""Finance back office: payment matches, reminders and arrears proposals (see
lrba/finance/admin/__init__.py).

All three are records of what was done: read-only here, with their change history.
Matches are made and undone on the pages of the queue (lrba.finance.views.matching),
through the services that lock and refresh what a match changes; none of that is
offered here, so no back-office path skips them."""

from typing import Any

from auditlog.mixins import AuditlogHistoryAdminMixin
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy
from unfold.admin import ModelAdmin

from lrba.finance.models import Allocation, ArrearsProposal, Reminder


class RecordAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # undone matches are kept: the history of a payment is evidence


@admin.register(Allocation)
class AllocationAdmin(RecordAdmin):
    list_display = (
        "created_at",
        "entry",
        "invoice",
        "membership",
        "amount",
        "method",
        "created_by",
        "reversed_at",
    )
    list_filter = ("method", ("reversed_at", admin.EmptyFieldListFilter))
    search_fields = (
        "invoice__buyer_name",
        "invoice__reference",
        "entry__counterparty_name",
        "entry__reference",
        "membership__library__name",
        "membership__person__last_name",
    )
    date_hierarchy = "created_at"
    list_select_related = ("entry", "invoice__series", "membership__library", "created_by")


@admin.register(Reminder)
class ReminderAdmin(RecordAdmin):
    list_display = ("sent_on", "invoice", "stage", "recipient_list")
    search_fields = ("invoice__buyer_name", "invoice__reference")
    date_hierarchy = "sent_on"
    list_select_related = ("invoice__series",)

    @admin.display(description=gettext_lazy("sent to"))
    def recipient_list(self, obj: Reminder) -> str:
        return ", ".join(obj.recipients or [])


@admin.register(ArrearsProposal)
class ArrearsProposalAdmin(RecordAdmin):
    list_display = ("prepared_on", "membership", "amount", "agenda_item", "procedure")
    search_fields = ("membership__library__name", "membership__person__last_name")
    date_hierarchy = "prepared_on"
    list_select_related = ("membership__library", "membership__person", "procedure")
