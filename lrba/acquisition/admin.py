"""Acquisition in the back office.

- Suppliers (with their saved CSV/XLSX column mappings) are kept here: plain records.
- Rounds are prepared here (suppliers, dates, minimums, discount tiers, libraries'
  budgets) and opened or closed with the actions below, through the services that check
  and lock (`round_open`, `round_close`); the round's own page
  (`acquisition:round_staff`) shows the progress and the supplier orders' downloads.
  A closed round is read-only.
- Titles and offers come from catalogue imports: titles' metadata may be corrected,
  offers only looked up. Imports, holdings uploads, order lines and supplier orders are
  what the services wrote: read-only here (a line is changed by ordering, which checks
  the library's budget under a lock; an edit here would bypass it).
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
from unfold.admin import ModelAdmin, TabularInline

from lrba.accounts.models import User
from lrba.acquisition import models
from lrba.acquisition.services.closing import round_close
from lrba.acquisition.services.rounds import round_open
from lrba.core.admin_actions import apply_to_each


class ReadOnlyAdmin(ModelAdmin):
    """What a service or an import wrote: looked up, never edited here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# Suppliers ------------------------------------------------------------------------------


class ColumnMappingInline(TabularInline):
    model = models.ColumnMapping
    extra = 0
    fields = ("name", "header_row", "columns")


@admin.register(models.Supplier)
class SupplierAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    list_display = ("name", "code", "legal_entity_code", "contact_person", "email", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "code", "legal_entity_code", "contact_person", "email")
    prepopulated_fields = {"code": ("name",)}
    fieldsets = (
        (None, {"fields": ("name", "code", "is_active")}),
        (
            _("Company"),
            {"fields": ("legal_entity_code", "vat_code", "address", "website")},
        ),
        (_("Contacts"), {"fields": ("contact_person", "email", "phone")}),
        (_("Terms"), {"fields": ("terms",)}),
    )
    inlines = [ColumnMappingInline]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A supplier that took part in a round is kept (its orders refer to it).
        if obj is not None and obj.rounds.exists():
            return False
        return super().has_delete_permission(request, obj)


@admin.register(models.ColumnMapping)
class ColumnMappingAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    list_display = ("name", "supplier", "header_row", "updated_at")
    list_filter = ("supplier",)
    search_fields = ("name", "supplier__name")
    list_select_related = ("supplier",)
    fields = ("supplier", "name", "header_row", "columns")


# Catalogue ------------------------------------------------------------------------------


class OfferInline(ReadOnlyInline):
    model = models.Offer
    fields = ("supplier", "price", "availability", "is_available", "reference", "updated_at")
    readonly_fields = fields


@admin.register(models.Title)
class TitleAdmin(ModelAdmin):
    list_display = ("title", "isbn", "authors", "publisher", "year", "language")
    list_filter = ("language", "lithuanian_author", "year")
    search_fields = ("=isbn", "title", "authors", "publisher")
    fields = (
        "isbn",
        "title",
        "subtitle",
        "authors",
        "publisher",
        "year",
        "edition",
        "pages",
        "language",
        "subjects",
        "product_form",
        "lithuanian_author",
        "marc_record",
        "created_at",
        "updated_at",
    )
    # The ISBN identifies the title across imports and holdings; the MARC record is the
    # source's, written into libraries' order files as it came.
    readonly_fields = ("isbn", "marc_record", "created_at", "updated_at")
    inlines = [OfferInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # titles come from the suppliers' catalogues

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # offers and order lines refer to it


@admin.register(models.Offer)
class OfferAdmin(ReadOnlyAdmin):
    list_display = ("title", "supplier", "price", "availability", "is_available", "updated_at")
    list_filter = ("supplier", "is_available")
    search_fields = ("=title__isbn", "title__title", "reference")
    list_select_related = ("title", "supplier")
    readonly_fields = (
        "supplier",
        "title",
        "price",
        "availability",
        "is_available",
        "reference",
        "catalogue_import",
        "created_at",
        "updated_at",
    )


class ImportRejectionInline(ReadOnlyInline):
    model = models.ImportRejection
    fields = ("position", "reference", "reason")
    readonly_fields = fields
    max_num = 0


@admin.register(models.CatalogueImport)
class CatalogueImportAdmin(ReadOnlyAdmin):
    list_display = (
        "created_at",
        "supplier",
        "original_name",
        "file_format",
        "status",
        "records_read",
        "titles_new",
        "titles_updated",
        "rejected",
    )
    list_filter = ("status", "file_format", "supplier")
    search_fields = ("original_name", "supplier__name")
    date_hierarchy = "created_at"
    list_select_related = ("supplier",)
    readonly_fields = (
        "supplier",
        "original_name",
        "file_format",
        "mapping",
        "status",
        "records_read",
        "titles_new",
        "titles_updated",
        "rejected",
        "error",
        "created_by",
        "created_at",
        "started_at",
        "finished_at",
    )
    fields = readonly_fields


# Rounds ---------------------------------------------------------------------------------


class DiscountTierInline(TabularInline):
    model = models.DiscountTier
    extra = 0
    fields = ("min_copies", "discount_percent")


class RoundBudgetInline(TabularInline):
    model = models.RoundBudget
    extra = 0
    fields = ("library", "amount", "delivery_address")
    autocomplete_fields = ("library",)


def _is_closed(obj: Any) -> bool:
    return obj is not None and obj.status == models.Round.Status.CLOSED


@admin.register(models.Round)
class RoundAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    list_display = ("name", "status", "opens_at", "closes_at", "closed_at")
    list_filter = ("status",)
    search_fields = ("name",)
    date_hierarchy = "opens_at"
    autocomplete_fields = ("suppliers",)
    fieldsets = (
        (None, {"fields": ("name", "description", "status", "page_link")}),
        (_("Dates"), {"fields": ("opens_at", "closes_at", "closed_at", "closed_by")}),
        (
            _("Suppliers and minimums"),
            {"fields": ("suppliers", "min_copies_per_title", "min_copies_per_order")},
        ),
        (_("Funding rules"), {"fields": ("funding_rules", "lithuanian_authors_target")}),
    )
    inlines = [DiscountTierInline, RoundBudgetInline]
    actions = ("open_selected", "close_selected")

    @admin.display(description=_("On the site"))
    def page_link(self, obj: models.Round) -> str:
        if obj.pk is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("acquisition:round_staff", args=[obj.pk]),
            gettext("The round's page"),
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # The status moves only through the actions (the services check and lock).
        fixed = ("status", "page_link", "closed_at", "closed_by")
        if _is_closed(obj):
            return [
                *fixed,
                "name",
                "description",
                "opens_at",
                "closes_at",
                "suppliers",
                "min_copies_per_title",
                "min_copies_per_order",
                "funding_rules",
                "lithuanian_authors_target",
            ]
        return fixed

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if _is_closed(obj):
            return False  # its supplier orders were made from it
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.status != models.Round.Status.DRAFT:
            return False  # libraries ordered in it
        return super().has_delete_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: models.Round, form: Any, change: bool) -> None:
        if not change and getattr(request.user, "is_authenticated", False):
            obj.created_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Open the selected rounds for orders"), permissions=["change"])
    def open_selected(self, request: HttpRequest, queryset: QuerySet[models.Round]) -> None:
        user = request.user
        assert isinstance(user, User)
        apply_to_each(
            request,
            queryset.filter(status=models.Round.Status.DRAFT),
            lambda round_: round_open(round=round_, user=user),
            done=gettext("Rounds opened: %(count)d."),
        )

    @admin.action(
        description=_("Close the selected rounds and make the supplier orders"),
        permissions=["change"],
    )
    def close_selected(self, request: HttpRequest, queryset: QuerySet[models.Round]) -> None:
        user = request.user
        assert isinstance(user, User)
        apply_to_each(
            request,
            queryset.filter(status=models.Round.Status.OPEN),
            lambda round_: round_close(round=round_, user=user),
            done=gettext("Rounds closed: %(count)d."),
        )


class OrderLineInline(ReadOnlyInline):
    model = models.OrderLine
    fields = ("library", "offer", "quantity", "unit_price")
    readonly_fields = fields
    max_num = 0


@admin.register(models.SupplierOrder)
class SupplierOrderAdmin(AuditlogHistoryAdminMixin, ReadOnlyAdmin):
    list_display = (
        "number",
        "round",
        "supplier",
        "copies",
        "discount_percent",
        "total_list",
        "total_net",
        "below_minimum",
    )
    list_filter = ("below_minimum", "supplier", "round")
    search_fields = ("=number", "supplier__name", "round__name")
    list_select_related = ("round", "supplier")
    readonly_fields = (
        "number",
        "round",
        "supplier",
        "discount_percent",
        "copies",
        "total_list",
        "total_net",
        "below_minimum",
        "created_at",
    )
    fields = readonly_fields


@admin.register(models.OrderLine)
class OrderLineAdmin(AuditlogHistoryAdminMixin, ReadOnlyAdmin):
    list_display = ("round", "library", "offer", "quantity", "unit_price", "status")
    list_filter = ("status", "round")
    search_fields = ("library__name", "=offer__title__isbn", "offer__title__title")
    list_select_related = ("round", "library", "offer__title", "offer__supplier")
    readonly_fields = (
        "round",
        "library",
        "offer",
        "quantity",
        "unit_price",
        "status",
        "supplier_order",
        "created_by",
        "updated_by",
        "created_at",
        "updated_at",
    )
    fields = readonly_fields


# Holdings and authorisations ------------------------------------------------------------


@admin.register(models.HoldingsImport)
class HoldingsImportAdmin(ReadOnlyAdmin):
    list_display = (
        "created_at",
        "library",
        "original_name",
        "replace",
        "status",
        "records_read",
        "isbns_added",
        "rejected",
    )
    list_filter = ("status",)
    search_fields = ("library__name", "original_name")
    date_hierarchy = "created_at"
    list_select_related = ("library",)
    readonly_fields = (
        "library",
        "original_name",
        "replace",
        "status",
        "records_read",
        "isbns_added",
        "rejected",
        "rejections",
        "error",
        "created_by",
        "created_at",
        "finished_at",
    )
    fields = readonly_fields


@admin.register(models.Holding)
class HoldingAdmin(ReadOnlyAdmin):
    list_display = ("library", "isbn", "source", "created_at")
    list_filter = ("source",)
    search_fields = ("=isbn", "library__name")
    list_select_related = ("library",)
    readonly_fields = ("library", "isbn", "source", "created_at")
    fields = readonly_fields
