"""The decision register in the back office. A decision is entered through
`decision_record` (numbered per body and year; the registry filing added by itself);
afterwards only whether it is published may change. Follow-up tasks are kept here."""

from typing import Any

from auditlog.mixins import AuditlogHistoryAdminMixin
from django.contrib import admin
from django.http import HttpRequest
from unfold.admin import ModelAdmin, TabularInline

from lrba.governance.models import Decision, FollowUp
from lrba.governance.services.decisions import decision_record

ENTERED = (
    "body",
    "kind",
    "title",
    "text",
    "adopted_on",
    "meeting",
    "item",
    "procedure",
    "poll",
)


class FollowUpInline(TabularInline):
    model = FollowUp
    extra = 0
    fields = ("kind", "title", "assignee", "due_on", "status", "done_on", "reminded_on", "notes")
    readonly_fields = ("kind", "reminded_on")
    raw_id_fields = ("assignee",)
    can_delete = False


@admin.register(Decision)
class DecisionAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    list_display = ("number", "title", "body", "kind", "adopted_on", "is_public")
    list_filter = ("body", "year", "is_public", "follow_ups__status")
    search_fields = ("number", "title", "text")
    date_hierarchy = "adopted_on"
    inlines = [FollowUpInline]
    raw_id_fields = ("meeting", "item", "procedure", "poll")

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return (*ENTERED, "is_public")
        return ("number", *ENTERED, "is_public", "created_at")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ()
        return ("number", *ENTERED, "created_at")

    def get_inlines(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.inlines if obj is not None else []

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # the register is evidence

    def save_model(self, request: HttpRequest, obj: Decision, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        recorded = decision_record(
            body=obj.body,
            kind=obj.kind,
            title=obj.title,
            text=obj.text,
            adopted_on=obj.adopted_on,
            meeting=obj.meeting,
            item=obj.item,
            procedure=obj.procedure,
            poll=obj.poll,
            is_public=obj.is_public,
            recorded_by=request.user,
        )
        obj.pk, obj.number = recorded.pk, recorded.number
        obj.year, obj.sequence = recorded.year, recorded.sequence
        obj._state.adding, obj._state.db = False, recorded._state.db


@admin.register(FollowUp)
class FollowUpAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    list_display = ("title", "decision", "kind", "assignee", "due_on", "status")
    list_filter = ("status", "kind")
    search_fields = ("title", "decision__number")
    date_hierarchy = "due_on"
    raw_id_fields = ("decision", "assignee")
    fields = ("decision", "kind", "title", "assignee", "due_on", "status", "done_on", "notes")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ("decision", "kind") if obj is not None else ()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
