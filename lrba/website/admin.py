from auditlog.mixins import AuditlogHistoryAdminMixin
from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin

from lrba.website.models import Document, Page

FORMAT_HELP = _(
    "Plain text, no markup: a blank line starts a new paragraph, lines starting with "
    "“1.” make a numbered list and lines starting with “•” or “-” a bulleted list."
)


@admin.register(Page)
class PageAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    list_display = ["title", "slug", "updated_at"]
    search_fields = ["title", "title_en", "body"]
    readonly_fields = ["updated_at"]
    fieldsets = [
        (None, {"fields": ["slug", "title", "body"], "description": FORMAT_HELP}),
        (_("In English"), {"fields": ["title_en", "body_en"]}),
        (None, {"fields": ["updated_at"]}),
    ]

    def get_prepopulated_fields(self, request, obj=None):
        # The slug is the page's public address: fixed once the page exists.
        return {} if obj else {"slug": ("title",)}

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "slug"] if obj else self.readonly_fields


@admin.register(Document)
class DocumentAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    list_display = ["title", "category", "access", "published_on", "created_by"]
    list_filter = ["category", "access", "published_on"]
    search_fields = ["title", "description"]
    date_hierarchy = "published_on"
    list_select_related = ["created_by"]
    readonly_fields = ["download", "created_by", "updated_at"]
    fields = [
        "title",
        "description",
        "category",
        "access",
        "published_on",
        "file",
        "download",
        "created_by",
        "updated_at",
    ]

    @admin.display(description=_("download"))
    def download(self, obj: Document) -> str:
        # The file field's own link points into MEDIA_ROOT, which is not served: files go
        # out only through the access-checked download view.
        if not obj.pk or not obj.file:
            return "—"
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.file.name)

    def save_model(self, request: HttpRequest, obj: Document, form, change) -> None:
        if not change and obj.created_by_id is None:
            obj.created_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)

# News, tags, projects and partners are administered in their own module.
from lrba.website import admin_news  # noqa: E402, F401
