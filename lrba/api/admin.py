"""Access tokens in the back office: the secretariat sees who let which program act for
them and can revoke a token at once (a lost laptop, a person leaving). Tokens are created
only by their owner on My account; the key is never stored, so nothing here can show it."""

from auditlog.mixins import AuditlogHistoryAdminMixin
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from unfold.admin import ModelAdmin

from lrba.api.models import AccessToken
from lrba.api.services.tokens import token_revoke


@admin.register(AccessToken)
class AccessTokenAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    list_display = (
        "name",
        "user",
        "prefix",
        "scope",
        "staff",
        "expires_at",
        "last_used_at",
        "revoked_at",
    )
    list_filter = ("scope", "staff", "revoked_at", "expires_at")
    search_fields = ("name", "prefix", "user__email")
    readonly_fields = (
        "user",
        "name",
        "prefix",
        "scope",
        "staff",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    )
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Revoke the selected tokens"), permissions=["change"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[AccessToken]) -> None:
        count = 0
        for token in queryset.filter(revoked_at__isnull=True):
            token_revoke(token=token)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", count)
            % {"count": count},
            messages.SUCCESS,
        )
