"""News, tags, projects and partners in the back office (Unfold); imported by admin.py.

Pictures are uploaded in each item's inline with their alternative text (required); a file
that is not a picture is refused by the form with the reason (lrba.core.images.validate_image).
Once saved, their renditions are drawn in the background (`image_renditions_schedule`).
Rich text is sanitised by the field on every save (lrba.core.richtext).
"""

from typing import Any

from auditlog.mixins import AuditlogHistoryAdminMixin
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin, StackedInline

from lrba.core.images import image_renditions_schedule
from lrba.website import cache_news  # noqa: F401  (connects the cache invalidation signals)
from lrba.website.models import NewsImage, NewsItem, Partner, Project, ProjectImage, Tag

IMAGE_FIELDS = ("image", "alt_text", "alt_text_en", "caption", "credit", "position")


class _ImageInline(StackedInline):
    extra = 0
    fields = IMAGE_FIELDS
    ordering = ("position", "pk")


class NewsImageInline(_ImageInline):
    model = NewsImage


class ProjectImageInline(_ImageInline):
    model = ProjectImage


class _ImagesAfterSave:
    """Draw the renditions of every picture saved in an inline, after the commit."""

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        super().save_formset(request, form, formset, change)  # type: ignore[misc]
        for image in formset.new_objects + [obj for obj, _fields in formset.changed_objects]:
            if isinstance(image, NewsImage | ProjectImage):
                image_renditions_schedule(image)


@admin.register(Tag)
class TagAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    list_display = ("name", "name_en", "slug")
    search_fields = ("name", "name_en")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(NewsItem)
class NewsItemAdmin(_ImagesAfterSave, AuditlogHistoryAdminMixin, ModelAdmin):
    list_display = ("title", "status", "publish_at", "public_state", "author", "view_link")
    list_filter = ("status", "tags")
    search_fields = ("title", "title_en", "lead", "body")
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("library", "event", "project", "tags")
    list_select_related = ("author",)
    readonly_fields = ("view_link", "author", "created_at", "updated_at")
    inlines = [NewsImageInline]
    actions = ["publish_selected", "unpublish_selected"]
    fieldsets = (
        (None, {"fields": ("title", "slug", "lead", "body")}),
        (_("Publication"), {"fields": ("status", "publish_at", "view_link")}),
        (_("Links"), {"fields": ("tags", "library", "event", "project")}),
        (_("In English"), {"fields": ("title_en", "lead_en", "body_en")}),
        (_("Record"), {"fields": ("author", "created_at", "updated_at")}),
    )

    @admin.display(description=_("on the site"))
    def public_state(self, obj: NewsItem) -> str:
        if obj.status != NewsItem.Status.PUBLISHED:
            return gettext("no (draft)")
        if obj.publish_at > timezone.now():
            return gettext("scheduled")
        return gettext("yes")

    @admin.display(description=_("page"))
    def view_link(self, obj: NewsItem) -> str:
        # Editors see a draft or a scheduled item at its address as a preview.
        if not obj.pk:
            return "—"
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), gettext("Open"))

    def save_model(self, request: HttpRequest, obj: NewsItem, form: Any, change: bool) -> None:
        if obj.author_id is None:
            obj.author = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)

    def _set_status(self, request: HttpRequest, queryset: QuerySet[NewsItem], status: str) -> int:
        changed = 0
        for item in queryset.exclude(status=status):
            item.status = status
            item.save(update_fields=["status", "updated_at"])  # signals keep caches right
            changed += 1
        return changed

    @admin.action(description=_("Publish the selected news items"), permissions=["change"])
    def publish_selected(self, request: HttpRequest, queryset: QuerySet[NewsItem]) -> None:
        changed = self._set_status(request, queryset, NewsItem.Status.PUBLISHED)
        self.message_user(
            request,
            ngettext(
                "%(count)d news item published (a scheduled one appears at its time).",
                "%(count)d news items published (scheduled ones appear at their time).",
                changed,
            )
            % {"count": changed},
            messages.SUCCESS,
        )

    @admin.action(description=_("Return the selected news items to drafts"), permissions=["change"])
    def unpublish_selected(self, request: HttpRequest, queryset: QuerySet[NewsItem]) -> None:
        changed = self._set_status(request, queryset, NewsItem.Status.DRAFT)
        self.message_user(
            request,
            ngettext(
                "%(count)d news item returned to drafts.",
                "%(count)d news items returned to drafts.",
                changed,
            )
            % {"count": changed},
            messages.SUCCESS,
        )


@admin.register(Project)
class ProjectAdmin(_ImagesAfterSave, AuditlogHistoryAdminMixin, ModelAdmin):
    list_display = ("title", "status", "starts_on", "ends_on", "is_published")
    list_filter = ("status", "is_published")
    search_fields = ("title", "title_en", "summary", "programme", "funder")
    date_hierarchy = "starts_on"
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("partner_libraries", "partners", "documents")
    readonly_fields = ("created_at", "updated_at")
    inlines = [ProjectImageInline]
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "description", "results", "status")}),
        (
            _("Funding and period"),
            {"fields": ("programme", "funder", "budget", "starts_on", "ends_on", "website")},
        ),
        (_("Partners and documents"), {"fields": ("partner_libraries", "partners", "documents")}),
        (_("Publication"), {"fields": ("is_published",)}),
        (_("In English"), {"fields": ("title_en", "summary_en", "description_en", "results_en")}),
        (_("Record"), {"fields": ("created_at", "updated_at")}),
    )


@admin.register(Partner)
class PartnerAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    list_display = ("name", "kind", "cooperating_since", "is_active", "position")
    list_filter = ("kind", "is_active")
    list_editable = ("position",)
    search_fields = ("name", "name_en")
    fieldsets = (
        (None, {"fields": ("name", "kind", "description", "website", "logo")}),
        (_("On the site"), {"fields": ("cooperating_since", "is_active", "position")}),
        (_("In English"), {"fields": ("name_en", "description_en")}),
    )
