from django.contrib import admin
from unfold.admin import ModelAdmin, TabularInline

from lrba.core.models import County, Municipality


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
