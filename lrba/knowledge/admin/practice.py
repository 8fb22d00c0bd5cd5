"""Good practice in the back office: topics and their consultants, and the articles with
their pictures and files.

The secretariat may correct an article's text here (the prose editor; sanitised on save),
and publish or withdraw the selected articles with the actions below, which go through
the same services as the review page. Returning an article needs a note to its author:
that is done on the review page (`knowledge:article_review`), linked from each article.
The state and the review fields are therefore read-only here.
"""

from typing import Any

from auditlog.mixins import AuditlogHistoryAdminMixin
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin, StackedInline, TabularInline

from lrba.core.admin_actions import apply_to_each
from lrba.core.images import image_renditions_schedule
from lrba.knowledge.models import (
    PracticeArticle,
    PracticeAttachment,
    PracticeImage,
    Topic,
    TopicConsultant,
)
from lrba.knowledge.services import practice as services


class TopicConsultantInline(TabularInline):
    model = TopicConsultant
    extra = 0
    fields = ("person", "is_active", "note")
    autocomplete_fields = ("person",)


@admin.register(Topic)
class TopicAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    list_display = ("name", "name_en", "position", "is_active")
    list_editable = ("position", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "name_en")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [TopicConsultantInline]


@admin.register(TopicConsultant)
class TopicConsultantAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    list_display = ("person", "topic", "is_active", "note")
    list_filter = ("topic", "is_active")
    search_fields = ("person__first_name", "person__last_name", "topic__name")
    autocomplete_fields = ("person",)


class PracticeImageInline(StackedInline):
    model = PracticeImage
    extra = 0
    fields = ("image", "alt_text", "alt_text_en", "caption", "credit", "position")


class PracticeAttachmentInline(TabularInline):
    model = PracticeAttachment
    extra = 0
    fields = ("title", "file")


REVIEW_FIELDS = ("status", "submitted_at", "published_at", "reviewed_by", "review_note")


@admin.register(PracticeArticle)
class PracticeArticleAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    list_display = (
        "title",
        "library",
        "topic",
        "status",
        "audience",
        "submitted_at",
        "published_at",
    )
    list_filter = ("status", "audience", "topic", "county")
    search_fields = ("title", "summary", "library__name", "author_name")
    date_hierarchy = "submitted_at"
    autocomplete_fields = ("library", "author")
    raw_id_fields = ("help_request",)
    prepopulated_fields = {"slug": ("title",)}
    inlines = [PracticeImageInline, PracticeAttachmentInline]
    actions = ["publish_for_everyone", "publish_for_members", "withdraw_selected"]
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "body")}),
        (
            _("Where it comes from"),
            {"fields": ("library", "county", "topic", "author", "author_name", "help_request")},
        ),
        (_("Review"), {"fields": ("review_page", "audience", *REVIEW_FIELDS)}),
    )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ("review_page", *REVIEW_FIELDS)

    @admin.display(description=_("Review page"))
    def review_page(self, obj: PracticeArticle) -> str:
        if obj.pk is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("knowledge:article_review", args=[obj.slug]),
            gettext("Publish, return with a note or withdraw"),
        )

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        super().save_formset(request, form, formset, change)
        if formset.model is PracticeImage:
            for image in formset.new_objects + [obj for obj, _fields in formset.changed_objects]:
                image_renditions_schedule(image)

    def _publish(self, request: HttpRequest, queryset: QuerySet, audience: str) -> None:
        apply_to_each(
            request,
            queryset,
            lambda article: services.article_publish(
                article=article, by=request.user, audience=audience
            ),
            done=gettext("Articles published: %(count)d."),
        )

    @admin.action(
        description=_("Publish the selected articles for everyone"), permissions=["change"]
    )
    def publish_for_everyone(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._publish(request, queryset, PracticeArticle.Audience.PUBLIC)

    @admin.action(
        description=_("Publish the selected articles for members only"), permissions=["change"]
    )
    def publish_for_members(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._publish(request, queryset, PracticeArticle.Audience.MEMBERS)

    @admin.action(description=_("Withdraw the selected articles"), permissions=["change"])
    def withdraw_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        apply_to_each(
            request,
            queryset,
            lambda article: services.article_withdraw(article=article, by=request.user),
            done=gettext("Articles withdrawn: %(count)d."),
        )
