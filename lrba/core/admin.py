from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from unfold.admin import ModelAdmin, TabularInline

from lrba.core.models import County, Municipality, NumberingSeries


class ReadOnlyAdminMixin:
    """For records only code writes (logs, proofs, counters): the back office shows them
    and nobody adds, changes or deletes one there."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class MunicipalityInline(TabularInline):
    model = Municipality
    extra = 0
    fields = ("name", "centre", "code")


@admin.register(County)
class CountyAdmin(ModelAdmin):
    list_display = ("name", "centre", "responsible_library_name")
    search_fields = ("name", "centre")
    inlines = [MunicipalityInline]


@admin.register(Municipality)
class MunicipalityAdmin(ModelAdmin):
    list_display = ("name", "centre", "county")
    list_filter = ("county",)
    search_fields = ("name", "centre")


@admin.register(NumberingSeries)
class NumberingSeriesAdmin(ReadOnlyAdminMixin, ModelAdmin):
    """Numbers are taken only by lrba.core.numbering.number_next, under a row lock."""

    list_display = ("key", "next_number")
    readonly_fields = ("key", "next_number")
