from typing import Any

from auditlog.admin import LogEntryAdmin as AuditlogLogEntryAdmin
from auditlog.mixins import AuditlogHistoryAdminMixin
from auditlog.models import LogEntry
from auditlog.render import get_field_verbose_name
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin
from unfold.contrib.filters.admin import RangeDateTimeFilter, RelatedDropdownFilter
from unfold.decorators import action
from unfold.enums import ActionVariant
from unfold.forms import AdminPasswordChangeForm
from unfold.widgets import UnfoldAdminTextareaWidget

from lrba.accounts.models import (
    Anonymisation,
    AuthEvent,
    ConsentRecord,
    ErasureRequest,
    ProcessingActivity,
    User,
)
from lrba.accounts.privacy import erasure
from lrba.accounts.roles import is_secretariat, user_staff_derive
from lrba.core.admin import ReadOnlyAdminMixin


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


# Django stores a permission's name in English when it creates it ("Can add county"); the
# four it creates for every model are named here, in the interface's language.
BUILTIN_PERMISSIONS = {
    "add": _("can add"),
    "change": _("can change"),
    "delete": _("can delete"),
    "view": _("can view"),
}


def permission_label(permission: Permission) -> str:
    """ "Narių registras | biblioteka | gali keisti": the app, the model, what it allows."""
    action, _separator, model_name = permission.codename.partition("_")
    if action in BUILTIN_PERMISSIONS and model_name == permission.content_type.model:
        return f"{permission.content_type} | {BUILTIN_PERMISSIONS[action]}"
    # Our own permissions are named with gettext_lazy, so their English name is a msgid.
    return f"{permission.content_type} | {gettext(permission.name)}"


class PermissionLabelsMixin:
    """Permissions listed by `permission_label` in the forms' permission pickers."""

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]
        if formfield is not None and db_field.related_model is Permission:
            formfield.label_from_instance = permission_label
        return formfield


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(PermissionLabelsMixin, BaseGroupAdmin, ModelAdmin):
    """The role groups (lrba.accounts.roles), in the Unfold look."""


@admin.register(User)
class UserAdmin(PermissionLabelsMixin, AuditlogHistoryAdminMixin, BaseUserAdmin, ModelAdmin):
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
        # `is_staff` follows the roles (roles.user_staff_derive): never ticked by hand.
        readonly = [*super().get_readonly_fields(request, obj), "is_staff"]
        # Only a superuser may make superusers or grant single permissions: the
        # secretariat manages people through the role groups.
        if not request.user.is_superuser:
            readonly += ["is_superuser", "user_permissions"]
        return readonly

    def _guards_superuser(self, request: HttpRequest, obj: Any) -> bool:
        # Whoever may change a superuser (their password, address, roles) holds their
        # power: only another superuser may.
        return bool(obj is not None and obj.is_superuser and not request.user.is_superuser)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Django's password page asks this too, so it is refused along with the form.
        if self._guards_superuser(request, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if self._guards_superuser(request, obj):
            return False
        return super().has_delete_permission(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        # The bulk delete asks `has_delete_permission` without an object: superusers
        # among the selected stay.
        if not request.user.is_superuser:
            queryset = queryset.exclude(is_superuser=True)
        super().delete_queryset(request, queryset)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The groups were saved above (which derives it too); a superuser flag changed on
        # the form needs it derived once more.
        user_staff_derive(user=form.instance)


@admin.register(AuthEvent)
class AuthEventAdmin(ReadOnlyAdminMixin, ModelAdmin):
    """The sign-in audit: read-only, filterable by event and date, searchable by address."""

    list_display = ("created_at", "kind", "email", "user", "ip_address")
    list_filter = ("kind", ("created_at", RangeDateTimeFilter))
    list_filter_submit = True
    search_fields = ("email", "user__email", "ip_address")
    date_hierarchy = "created_at"
    list_select_related = ("user",)
    readonly_fields = ("created_at", "kind", "email", "user", "ip_address", "user_agent")
    fields = readonly_fields


admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class LogEntryAdmin(AuditlogLogEntryAdmin, ModelAdmin):
    """auditlog's change history in the Unfold look, filterable by who (actor), which
    record (type, then search by its name or id) and when.

    auditlog's own search looks in `actor__first_name`, which our User does not have.
    """

    list_filter = [
        "action",
        ("actor", RelatedDropdownFilter),
        ("content_type", RelatedDropdownFilter),
        ("timestamp", RangeDateTimeFilter),
    ]
    list_filter_submit = True
    # "=object_pk" finds one record's whole history by its id; object_repr by its name.
    search_fields = ["=object_pk", "object_repr", "changes_text", "actor__email", "actor_email"]

    # auditlog writes its summary in English ("2 changes: email, full_name") and shows
    # the values as stored ("True"): the fields' names and readable values instead.
    @admin.display(description=_("Changes"))
    def msg_short(self, obj: LogEntry) -> str:
        if obj.action in (LogEntry.Action.DELETE, LogEntry.Action.ACCESS):
            return ""
        names = [str(get_field_verbose_name(obj, field)) for field in obj.changes_dict]
        return ngettext(
            "%(count)d change: %(fields)s", "%(count)d changes: %(fields)s", len(names)
        ) % {"count": len(names), "fields": ", ".join(names)}

    @admin.display(description=_("Changes"))
    def msg(self, obj: LogEntry) -> str:
        # Readable values (choices' labels, related records, local times), by field name.
        shown = {str(name).lower(): values for name, values in obj.changes_display_dict.items()}
        rows = []
        for field, change in sorted(obj.changes_dict.items()):
            name = str(get_field_verbose_name(obj, field))
            if isinstance(change, dict):  # many-to-many: the records added or removed
                operation = M2M_OPERATIONS.get(change.get("operation", ""), "")
                rows.append((name, operation, _objects(change)))
            elif field == "password":
                rows.append((name, "***", "***"))
            else:
                old, new = shown.get(name.lower(), change)
                rows.append((name, _readable_value(old), _readable_value(new)))
        if not rows:
            return ""
        return format_html(
            "<table><tr><th>{}</th><th>{}</th><th>{}</th></tr>{}</table>",
            _("Field"),
            _("Was"),
            _("Became"),
            format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td></tr>", rows),
        )


M2M_OPERATIONS = {"add": _("added"), "delete": _("removed"), "clear": _("all removed")}


def _objects(change: dict[str, Any]) -> str:
    return ", ".join(str(record) for record in change.get("objects", []))


def _readable_value(value: Any) -> str:
    readable = {"True": gettext("yes"), "False": gettext("no"), "None": "—", "": "—"}
    return readable.get(str(value), str(value))


# Personal data ----------------------------------------------------------------------------


class ErasureConfirmForm(forms.Form):
    legal_basis_note = forms.CharField(
        label=_("Records kept and legal basis"),
        widget=UnfoldAdminTextareaWidget(attrs={"rows": 8}),
        help_text=_("Stored with the request and e-mailed to the person."),
    )


class ErasureRejectForm(forms.Form):
    rejection_reason = forms.CharField(
        label=_("Reason for rejection"),
        widget=UnfoldAdminTextareaWidget(attrs={"rows": 4}),
        help_text=_("The person receives it by e-mail."),
    )


class ErasureRequestAddForm(forms.ModelForm):
    """A request received on paper, registered by the secretariat for the person."""

    class Meta:
        model = ErasureRequest
        fields = ("person", "reason")

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["person"].required = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("person") is not None:
            erasure.erasure_request_check(person=data["person"], requested_by=self.user)
        return data


@admin.register(ErasureRequest)
class ErasureRequestAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    """Erasure requests: the secretariat confirms (anonymises) or rejects them here."""

    list_display = ("requested_at", "person", "requested_by", "status", "decided_at")
    list_filter = ("status",)
    search_fields = ("person__first_name", "person__last_name", "reason")
    list_select_related = ("person", "requested_by")
    autocomplete_fields = ("person",)
    date_hierarchy = "requested_at"
    actions_detail = ["confirm_erasure", "reject_erasure"]
    decision_fields = (
        "requested_by",
        "requested_at",
        "status",
        "decided_by",
        "decided_at",
        "legal_basis_note",
        "rejection_reason",
        "completed_at",
        "kept_records",
    )

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is None:  # a request received on paper, registered by the secretariat
            return ["person", "reason"]
        return ["person", "reason", *self.decision_fields]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [] if obj is None else ["person", "reason", *self.decision_fields]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_decide_permission(self, request: HttpRequest, object_id: Any = None) -> bool:
        return is_secretariat(request.user)

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        if obj is not None:
            return super().get_form(request, obj, change, **kwargs)
        user = request.user

        class AddForm(ErasureRequestAddForm):
            def __init__(self, *args: Any, **inner: Any) -> None:
                super().__init__(*args, user=user, **inner)

        return AddForm

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        assert isinstance(request.user, User)
        created = erasure.erasure_request_create(
            person=obj.person, requested_by=request.user, reason=obj.reason
        )
        obj.pk, obj.requested_by, obj.requested_at = created.pk, request.user, created.requested_at

    def get_actions_detail(self, request: HttpRequest, object_id: Any) -> list:
        found = ErasureRequest.objects.filter(pk=object_id).only("status").first()
        if found is None or found.status != ErasureRequest.Status.PENDING:
            return []
        return super().get_actions_detail(request, object_id)

    @action(
        description=_("Confirm erasure"),
        url_path="decide/confirm",
        permissions=["decide"],
        icon="delete_forever",
        variant=ActionVariant.DANGER,
    )
    def confirm_erasure(self, request: HttpRequest, object_id: str) -> HttpResponse:
        return self._decide(request, object_id, confirm=True)

    @action(
        description=_("Reject"),
        url_path="decide/reject",
        permissions=["decide"],
        icon="block",
    )
    def reject_erasure(self, request: HttpRequest, object_id: str) -> HttpResponse:
        return self._decide(request, object_id, confirm=False)

    def _decide(self, request: HttpRequest, object_id: str, *, confirm: bool) -> HttpResponse:
        """The small form behind "Confirm erasure" and "Reject"; the service does the work."""
        found = self.get_object(request, unquote(object_id))
        if found is None:
            return self._get_obj_does_not_exist_redirect(request, self.model._meta, object_id)
        change_url = reverse("admin:accounts_erasurerequest_change", args=[found.pk])
        data = request.POST if request.method == "POST" else None
        form: forms.Form
        if confirm:
            form = ErasureConfirmForm(data, initial={"legal_basis_note": found.legal_basis_note})
        else:
            form = ErasureRejectForm(data)
        if form.is_valid():
            assert isinstance(request.user, User)
            try:
                if confirm:
                    erasure.erasure_request_confirm(
                        request=found,
                        decided_by=request.user,
                        legal_basis_note=form.cleaned_data["legal_basis_note"],
                    )
                    messages.success(request, gettext("The person's data are erased."))
                else:
                    erasure.erasure_request_reject(
                        request=found,
                        decided_by=request.user,
                        reason=form.cleaned_data["rejection_reason"],
                    )
                    messages.success(
                        request, gettext("The request is rejected; the person has been e-mailed.")
                    )
            except ValidationError as error:
                for text in error.messages:
                    messages.error(request, text)
            return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Confirm erasure") if confirm else gettext("Reject the request"),
            "opts": self.model._meta,
            "original": found,
            "erasure_request": found,
            "form": form,
            "confirm": confirm,
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/accounts/erasurerequest/decide.html", context)


class ReadOnlyAdmin(ReadOnlyAdminMixin, AuditlogHistoryAdminMixin, ModelAdmin):
    """Personal-data records written only by their services, with their history page."""


@admin.register(ConsentRecord)
class ConsentRecordAdmin(ReadOnlyAdmin):
    """Proof of consent: written only by the person (My data) or the consent services."""

    list_display = ("person", "purpose", "text_version", "given_at", "withdrawn_at", "source")
    list_filter = ("purpose", "source", "text_version")
    search_fields = ("person__first_name", "person__last_name")
    list_select_related = ("person",)
    date_hierarchy = "given_at"


@admin.register(Anonymisation)
class AnonymisationAdmin(ReadOnlyAdmin):
    list_display = ("at", "person", "user", "by", "erasure_request")
    list_select_related = ("person", "user", "by", "erasure_request")
    date_hierarchy = "at"


@admin.register(ProcessingActivity)
class ProcessingActivityAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    list_display = ("name", "legal_basis", "retention", "updated_at")
    list_filter = ("legal_basis",)
    search_fields = ("name", "purpose", "data_subjects", "data_categories", "recipients")
    readonly_fields = ("updated_at",)
