"""Back office of the communications app: messages (written with the prose editor, sent
from the staff page where the recipient count, preview and test are) and blocked
addresses. Deliveries are read here, never written: they are the record of what was sent.
"""

from typing import Any

from auditlog.mixins import AuditlogHistoryAdminMixin
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from unfold.admin import ModelAdmin, TabularInline

from lrba.communications.models import Delivery, Message, Suppression
from lrba.communications.services import messages as services

INLINE_DELIVERIES = 50


class DeliveryInline(TabularInline):
    """The first deliveries; all of them, filterable, are on the staff page."""

    model = Delivery
    extra = 0
    fields = ("email", "language", "status", "sent_at", "error")
    readonly_fields = fields
    can_delete = False
    max_num = 0
    show_change_link = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Delivery]:
        queryset = super().get_queryset(request).order_by("pk")
        ids = list(queryset.values_list("pk", flat=True)[:INLINE_DELIVERIES])
        return queryset.filter(pk__in=ids)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Message)
class MessageAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    list_display = (
        "subject",
        "kind",
        "segment",
        "status",
        "scheduled_at",
        "sent_count",
        "recipient_count",
    )
    list_filter = ("kind", "status", "segment")
    search_fields = ("subject", "subject_en")
    date_hierarchy = "created_at"
    fields = (
        "kind",
        "subject",
        "body",
        "subject_en",
        "body_en",
        "segment",
        "county",
        "library_kind",
        "event",
        "in_public_archive",
        "staff_page",
        "status",
        "scheduled_at",
        "recipient_count",
        "sent_count",
        "failed_count",
        "started_at",
        "finished_at",
    )
    readonly_fields = (
        "staff_page",
        "status",
        "scheduled_at",
        "recipient_count",
        "sent_count",
        "failed_count",
        "started_at",
        "finished_at",
    )
    inlines = (DeliveryInline,)
    actions = ("send_now",)

    @admin.display(description=gettext_lazy("staff page"))
    def staff_page(self, obj: Message) -> str:
        if not obj.pk:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("communications:message_detail", args=[obj.pk]),
            _("Preview, recipients, test and sending"),
        )

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A message sent (or being sent) is a record: read, not rewritten.
        if obj is not None and obj.status not in services.EDITABLE_STATUSES:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.status != Message.Status.DRAFT:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: Message, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = request.user  # type: ignore[assignment]
        services._segment_fields_clear(obj)
        super().save_model(request, obj, form, change)

    @admin.action(
        description=gettext_lazy("Send the selected messages now"), permissions=["change"]
    )
    def send_now(self, request: HttpRequest, queryset: QuerySet[Message]) -> None:
        for message in queryset.order_by("pk"):
            try:
                services.message_send(message=message, by=request.user)
            except ValidationError as refusal:
                self.message_user(
                    request, f"{message}: {' '.join(refusal.messages)}", messages.ERROR
                )
            else:
                self.message_user(
                    request, _("%(subject)s: sending has started.") % {"subject": message}
                )


@admin.register(Suppression)
class SuppressionAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    list_display = ("email", "reason", "created_at")
    list_filter = ("reason",)
    search_fields = ("email",)
    fields = ("email", "reason", "detail", "created_at")
    readonly_fields = ("created_at",)

    def save_model(self, request: HttpRequest, obj: Suppression, form: Any, change: bool) -> None:
        obj.email = obj.email.strip().lower()
        super().save_model(request, obj, form, change)
