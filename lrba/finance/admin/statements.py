"""Finance back office: statements (see lrba/finance/admin/__init__.py).

Imports and bank entries are what the bank said: read-only here (imports are made on the
statements page, lrba.finance.views.statements; entries are matched in the queue). The
CSV mappings, how each bank's CSV export reads, are kept here."""

from typing import Any

from auditlog.mixins import AuditlogHistoryAdminMixin
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin

from lrba.finance.models import BankEntry, CsvMapping, StatementImport


class ReadOnlyAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # bank records are evidence; entries are matched or ignored, never removed


@admin.register(StatementImport)
class StatementImportAdmin(ReadOnlyAdmin):
    list_display = (
        "created_at",
        "file_name",
        "file_format",
        "account_iban",
        "status",
        "new_count",
        "known_count",
        "refused_count",
        "matched_count",
    )
    list_filter = ("status", "file_format")
    search_fields = ("file_name", "sha256", "account_iban", "statement_id")
    date_hierarchy = "created_at"


@admin.register(BankEntry)
class BankEntryAdmin(ReadOnlyAdmin):
    list_display = (
        "booking_date",
        "direction",
        "amount",
        "currency",
        "counterparty_name",
        "reference",
        "status",
    )
    list_filter = ("status", "direction", "currency")
    search_fields = (
        "counterparty_name",
        "counterparty_iban",
        "reference",
        "text",
        "bank_reference",
        "end_to_end_id",
    )
    date_hierarchy = "booking_date"
    list_select_related = ("first_import",)


@admin.register(CsvMapping)
class CsvMappingAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    list_display = ("name", "encoding", "delimiter", "decimal_comma", "account_iban")
    search_fields = ("name",)
    fieldsets = (
        (None, {"fields": ("name", "account_iban")}),
        (
            _("Reading the file"),
            {"fields": ("encoding", "delimiter", "decimal_comma", "date_format", "skip_rows")},
        ),
        (
            _("Columns, as the bank names them"),
            {
                "fields": (
                    "column_date",
                    "column_amount",
                    "column_debit",
                    "column_credit",
                    "column_direction",
                    "column_currency",
                    "column_payer",
                    "column_payer_iban",
                    "column_text",
                    "column_reference",
                    "column_bank_reference",
                )
            },
        ),
    )
