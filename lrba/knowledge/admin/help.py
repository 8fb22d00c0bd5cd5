"""The help desk in the back office: the requests with their conversation (read here,
written on the request's page, `knowledge:help_detail`, where the e-mails go out).

Corrections of the routing (assignee, due date) go through the same service as the
request's page; the status changes with the actions below, each through the services.
The number, the reply code and the stamps are the services' alone.
"""

from typing import Any

from auditlog.mixins import AuditlogHistoryAdminMixin
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin, TabularInline

from lrba.accounts.models import User
from lrba.core.admin_actions import apply_to_each
from lrba.knowledge.models import HelpAttachment, HelpMessage, HelpRequest
from lrba.knowledge.selectors.helpdesk import help_assignee_choices
from lrba.knowledge.services import helpdesk as services


class HelpMessageInline(TabularInline):
    model = HelpMessage
    extra = 0
    fields = ("created_at", "author_name", "is_internal", "channel", "body")
    readonly_fields = fields
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # written on the request's page, which e-mails the other party


@admin.register(HelpRequest)
class HelpRequestAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    list_display = ("number", "subject", "library", "topic", "status", "assignee", "due_on")
    list_filter = ("status", "topic", ("assignee", admin.EmptyFieldListFilter), "due_on")
    search_fields = ("number", "subject", "library__name")
    date_hierarchy = "created_at"
    list_select_related = ("library", "topic", "assignee")
    fields = (
        "number",
        "page_link",
        "library",
        "asked_by",
        "topic",
        "subject",
        "description",
        "status",
        "assignee",
        "due_on",
        "created_at",
        "first_response_at",
        "answered_at",
        "closed_at",
    )
    readonly_fields = (
        "number",
        "page_link",
        "library",
        "asked_by",
        "topic",
        "subject",
        "description",
        "status",
        "created_at",
        "first_response_at",
        "answered_at",
        "closed_at",
    )
    inlines = (HelpMessageInline,)
    actions = ("close_selected", "hand_back_selected")

    @admin.display(description=_("On the site"))
    def page_link(self, obj: HelpRequest) -> str:
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), gettext("Conversation"))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a library asks on the site (numbered, routed, e-mailed)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "assignee":
            # The consultants who may answer; empty hands the request to the secretariat.
            kwargs["queryset"] = help_assignee_choices()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # the conversation is the record; close the request instead

    def save_model(self, request: HttpRequest, obj: HelpRequest, form: Any, change: bool) -> None:
        assert isinstance(request.user, User)
        if {"assignee", "due_on"} & set(form.changed_data):
            services.help_request_reassign(
                help_request=obj,
                assignee=obj.assignee,
                due_on=obj.due_on,
                by=request.user,
            )

    @admin.action(description=_("Close the selected requests"), permissions=["change"])
    def close_selected(self, request: HttpRequest, queryset: QuerySet[HelpRequest]) -> None:
        user = request.user
        assert isinstance(user, User)
        apply_to_each(
            request,
            queryset.exclude(status=HelpRequest.Status.CLOSED),
            lambda help_request: services.help_request_status_set(
                help_request=help_request, status=HelpRequest.Status.CLOSED, by=user
            ),
            done=gettext("Requests closed: %(count)d."),
        )

    @admin.action(
        description=_("Hand the selected requests to the secretariat"), permissions=["change"]
    )
    def hand_back_selected(self, request: HttpRequest, queryset: QuerySet[HelpRequest]) -> None:
        user = request.user
        assert isinstance(user, User)
        apply_to_each(
            request,
            queryset.filter(assignee__isnull=False),
            lambda help_request: services.help_request_reassign(
                help_request=help_request, assignee=None, by=user
            ),
            done=gettext("Requests handed to the secretariat: %(count)d."),
        )


@admin.register(HelpAttachment)
class HelpAttachmentAdmin(ModelAdmin):
    """Read-only: files are opened through the request's page, which checks access."""

    list_display = ("original_name", "message")
    search_fields = ("original_name", "message__request__number")
    fields = ("original_name", "message")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
