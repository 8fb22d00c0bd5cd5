from auditlog.admin import LogEntryAdmin as AuditlogLogEntryAdmin
from auditlog.models import LogEntry
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin
from unfold.contrib.filters.admin import RangeDateTimeFilter, RelatedDropdownFilter
from unfold.forms import AdminPasswordChangeForm

from lrba.accounts.models import AuthEvent, User
from lrba.accounts.roles import staff_roles_grant_staff


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(BaseUserAdmin, ModelAdmin):
    form = UserEditForm
    add_form = UserCreationForm
    change_password_form = AdminPasswordChangeForm
    ordering = ("email",)
    list_display = ("email", "full_name", "is_staff", "is_active", "last_login")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups")
    search_fields = ("email", "full_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("full_name",)}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)

    def get_readonly_fields(self, request: HttpRequest, obj: object = None) -> list[str]:
        readonly = list(super().get_readonly_fields(request, obj))
        # Only a superuser may make superusers or grant single permissions: the
        # secretariat manages people through the role groups.
        if not request.user.is_superuser:
            readonly += ["is_superuser", "user_permissions"]
        return readonly

    def save_related(self, request, form, formsets, change):  # type: ignore[no-untyped-def]
        super().save_related(request, form, formsets, change)
        # Back-office roles (secretariat, auditor) need the back office open.
        staff_roles_grant_staff(form.instance)


@admin.register(AuthEvent)
class AuthEventAdmin(ModelAdmin):
    """The sign-in audit: read-only, filterable by event and date, searchable by address."""

    list_display = ("created_at", "kind", "email", "user", "ip_address")
    list_filter = ("kind", ("created_at", RangeDateTimeFilter))
    list_filter_submit = True
    search_fields = ("email", "user__email", "ip_address")
    date_hierarchy = "created_at"
    list_select_related = ("user",)
    readonly_fields = ("created_at", "kind", "email", "user", "ip_address", "user_agent")
    fields = readonly_fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class LogEntryAdmin(AuditlogLogEntryAdmin, ModelAdmin):
    """auditlog's change history in the Unfold look, filterable by who, what and when.

    auditlog's own search looks in `actor__first_name`, which our User does not have.
    """

    list_filter = [
        "action",
        ("actor", RelatedDropdownFilter),
        ("content_type", RelatedDropdownFilter),
        ("timestamp", RangeDateTimeFilter),
    ]
    list_filter_submit = True
    search_fields = ["object_repr", "changes_text", "actor__email", "actor_email"]
