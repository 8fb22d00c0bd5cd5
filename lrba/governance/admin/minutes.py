"""Minutes in the back office: read only (they are drawn from the meeting's record by
`minutes_generate` and signed on the minutes' page by the chair and the secretary); the
secretariat answers the participants' comments here."""

from typing import Any

from auditlog.mixins import AuditlogHistoryAdminMixin
from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin, TabularInline
from unfold.decorators import display

from lrba.governance.models import Minutes, MinutesComment, Notice


class SignedFilter(admin.SimpleListFilter):
    title = _("signed")
    parameter_name = "signed"

    def lookups(self, request: HttpRequest, model_admin: Any) -> Any:
        return (("yes", _("by both")), ("no", _("not yet by both")))

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        both = Q(chair_signed_at__isnull=False, secretary_signed_at__isnull=False)
        if self.value() == "yes":
            return queryset.filter(both)
        if self.value() == "no":
            return queryset.exclude(both)
        return queryset


class MinutesCommentInline(TabularInline):
    model = MinutesComment
    extra = 0
    fields = ("author", "created_at", "text", "signatories_agree", "response")
    readonly_fields = ("author", "created_at", "text")
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # participants comment on the minutes' page


@admin.register(Minutes)
class MinutesAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    list_display = ("number", "meeting", "signing_deadline", "signatures", "page_link")
    list_filter = (SignedFilter, "meeting__body")
    search_fields = ("number", "meeting__title")
    date_hierarchy = "signing_deadline"
    inlines = [MinutesCommentInline]
    readonly_fields = (
        "meeting",
        "number",
        "pdf",
        "generated_at",
        "signing_deadline",
        "comments_open_from",
        "comments_open_until",
        "chair_signed_at",
        "chair_signed_by",
        "chair_signed_file",
        "secretary_signed_at",
        "secretary_signed_by",
        "secretary_signed_file",
        "page_link",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # drawn up from a closed meeting (minutes_generate)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # kept at least ten years (CK 2.90(3))

    @display(description=_("signatures"))
    def signatures(self, obj: Minutes) -> str:
        if obj.is_signed:
            return gettext("signed")
        if obj.is_overdue(timezone.localdate()):
            return gettext("overdue")
        signed = (obj.chair_signed_at is not None) + (obj.secretary_signed_at is not None)
        return gettext("%(signed)d of 2") % {"signed": signed}

    @display(description=_("page"))
    def page_link(self, obj: Minutes) -> str:
        if obj.pk is None:
            return "—"
        url = reverse("governance:minutes_detail", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("The minutes' page"))


class ToPostFilter(admin.SimpleListFilter):
    title = _("to post")
    parameter_name = "to_post"

    def lookups(self, request: HttpRequest, model_admin: Any) -> Any:
        return (("yes", _("waiting to be posted or handed over")),)

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "yes":
            return queryset.filter(
                status=Notice.Status.QUEUED,
                channel__in=(Notice.Channel.POST, Notice.Channel.HAND),
            )
        return queryset


@admin.register(Notice)
class NoticeAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    """The proof of convening (annex 2 of the minutes), read only: notices are created by
    convening and marked posted on the meeting's control page."""

    list_display = ("meeting", "person", "membership", "email", "channel", "status", "sent_at")
    list_filter = (ToPostFilter, "channel", "status", "meeting__body")
    search_fields = ("meeting__reference", "email", "person__last_name")
    list_select_related = ("meeting", "person", "membership__library", "membership__person")
    exclude = ("token",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
