"""The website in the back office: the page tree (with pictures, preview and change
history), the menus, documents and annual reports. News, tags, projects and partners are
administered in `admin_news`, imported at the end."""

from typing import Any

from auditlog.mixins import AuditlogHistoryAdminMixin
from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin, StackedInline

from lrba.core.admin_actions import apply_to_each
from lrba.core.images import image_renditions_schedule
from lrba.website import menus  # noqa: F401  (follows pages and menu items for the cache)
from lrba.website.models import AnnualReport, Document, MenuItem, Page, PageImage
from lrba.website.services import pages as page_services
from lrba.website.services import reports as report_services


class PageAdminForm(forms.ModelForm):
    class Meta:
        model = Page
        fields = [
            "parent",
            "slug",
            "title",
            "title_en",
            "summary",
            "summary_en",
            "body",
            "body_en",
            "kind",
            "status",
            "published_from",
            "published_until",
            "position",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        slug = data.get("slug")
        if slug:
            try:
                page_services.page_place_check(
                    page=self.instance, parent=data.get("parent"), slug=slug
                )
            except ValidationError as error:
                self.add_error(None, error)
        return data


class PageImageInline(StackedInline):
    model = PageImage
    extra = 0
    fields = [("image", "position"), ("alt_text", "alt_text_en"), ("caption", "credit")]


@admin.register(Page)
class PageAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    form = PageAdminForm
    list_display = ["title", "path", "status", "kind", "published_from", "published_until"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "title_en", "path", "body"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["path", "preview_link", "updated_at", "updated_by"]
    prepopulated_fields = {"slug": ("title",)}
    inlines = [PageImageInline]
    actions = ["publish", "withdraw"]
    fieldsets = [
        (None, {"fields": ["title", "summary", "body"]}),
        (
            _("Place and publication"),
            {
                "fields": [
                    ("parent", "slug"),
                    "path",
                    ("status", "kind"),
                    ("published_from", "published_until"),
                    "position",
                ],
                "description": _(
                    "Changing the address or the parent page moves every page under it too. "
                    "A page is shown when it is published and, if dates are given, between them."
                ),
            },
        ),
        (_("In English"), {"fields": ["title_en", "summary_en", "body_en"]}),
        (None, {"fields": ["preview_link", "updated_at", "updated_by"]}),
    ]

    @admin.display(description=_("preview"))
    def preview_link(self, obj: Page) -> str:
        if not obj.pk:
            return "—"
        url = reverse("website:page_preview", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Open the preview"))

    def save_model(self, request: HttpRequest, obj: Page, form: Any, change: bool) -> None:
        page_services.page_save(page=obj, by=request.user)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        for formset in formsets:
            for image in getattr(formset, "new_objects", []) + [
                obj for obj, _fields in getattr(formset, "changed_objects", [])
            ]:
                if isinstance(image, PageImage):
                    image_renditions_schedule(image)

    @admin.action(description=_("Publish the selected pages"), permissions=["change"])
    def publish(self, request: HttpRequest, queryset: QuerySet[Page]) -> None:
        def publish_one(page: Page) -> None:
            page.status = Page.Status.PUBLISHED
            page_services.page_save(page=page, by=request.user)

        apply_to_each(request, queryset, publish_one, done=gettext("%(count)d pages published."))

    @admin.action(description=_("Withdraw the selected pages (draft)"), permissions=["change"])
    def withdraw(self, request: HttpRequest, queryset: QuerySet[Page]) -> None:
        def withdraw_one(page: Page) -> None:
            page.status = Page.Status.DRAFT
            page_services.page_save(page=page, by=request.user)

        apply_to_each(request, queryset, withdraw_one, done=gettext("%(count)d pages withdrawn."))


class MenuItemAdminForm(forms.ModelForm):
    class Meta:
        model = MenuItem
        fields = ["menu", "label", "label_en", "page", "link", "position", "is_active"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "page" not in self.fields or "link" not in self.fields:
            return data  # the list's own columns (position, shown) change nothing else
        page, link = data.get("page"), (data.get("link") or "").strip()
        data["link"] = link
        if page is not None and link:
            raise ValidationError(_("Choose a page or type an address, not both."))
        if page is None and not link:
            raise ValidationError(_("Choose a page or type an address."))
        if link and (not link.startswith(("/", "https://", "http://")) or link.startswith("//")):
            self.add_error(
                "link", _("Type a path on this site (/renginiai/) or a full address (https://…).")
            )
        return data


@admin.register(MenuItem)
class MenuItemAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    form = MenuItemAdminForm
    list_display = ["label", "menu", "target", "position", "is_active"]
    list_select_related = ["page"]
    list_editable = ["position", "is_active"]
    list_filter = ["menu", "is_active"]
    search_fields = ["label", "label_en", "link"]
    autocomplete_fields = ["page"]
    fields = [("menu", "position"), ("label", "label_en"), "page", "link", "is_active"]

    @admin.display(description=_("leads to"))
    def target(self, obj: MenuItem) -> str:
        return obj.page.get_absolute_url() if obj.page_id else obj.link  # type: ignore[union-attr]


class AnnualReportAdminForm(forms.ModelForm):
    class Meta:
        model = AnnualReport
        fields = ["year", "kind", "document", "approved_on", "approval", "without_personal_data"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            report_services.annual_report_check(
                document=data.get("document"),
                without_personal_data=bool(data.get("without_personal_data")),
                year=data.get("year"),
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        return data


@admin.register(AnnualReport)
class AnnualReportAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    form = AnnualReportAdminForm
    list_display = ["year", "kind", "document", "approved_on", "without_personal_data"]
    list_filter = ["kind", "year"]
    list_select_related = ["document"]
    autocomplete_fields = ["document"]
    fields = [
        ("year", "kind"),
        "document",
        ("approved_on", "approval"),
        "without_personal_data",
    ]

    def save_model(self, request: HttpRequest, obj: AnnualReport, form: Any, change: bool) -> None:
        report_services.annual_report_save(report=obj, by=request.user)


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
