from typing import Any

from auditlog.admin import LogEntryAdmin as AuditlogLogEntryAdmin
from auditlog.mixins import AuditlogHistoryAdminMixin
from auditlog.models import LogEntry
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
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


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(AuditlogHistoryAdminMixin, BaseUserAdmin, ModelAdmin):
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


class ReadOnlyAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


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
