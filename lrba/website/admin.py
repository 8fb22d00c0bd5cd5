from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin

from lrba.website.models import Page

FORMAT_HELP = _(
    "Plain text, no markup: a blank line starts a new paragraph, lines starting with "
    "“1.” make a numbered list and lines starting with “•” or “-” a bulleted list."
)


@admin.register(Page)
class PageAdmin(ModelAdmin):
    list_display = ["title", "slug", "updated_at"]
    search_fields = ["title", "title_en", "body"]
    readonly_fields = ["updated_at"]
    fieldsets = [
        (None, {"fields": ["slug", "title", "body"], "description": FORMAT_HELP}),
        (_("In English"), {"fields": ["title_en", "body_en"]}),
        (None, {"fields": ["updated_at"]}),
    ]

    def get_prepopulated_fields(self, request, obj=None):  # type: ignore[no-untyped-def]
        # The slug is the page's public address: fixed once the page exists.
        return {} if obj else {"slug": ("title",)}

    def get_readonly_fields(self, request, obj=None):  # type: ignore[no-untyped-def]
        return [*self.readonly_fields, "slug"] if obj else self.readonly_fields
