"""The member register in the back office (Unfold): records, imports/exports, history.

Status changes never happen by editing a field: admissions, rejections, suspensions and
endings go through `lrba.members.services.membership`, from detail buttons and list actions here.
"""

from typing import Any

from auditlog.mixins import AuditlogHistoryAdminMixin
from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import fields
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV, XLSX
from import_export.widgets import ForeignKeyWidget
from unfold.admin import ModelAdmin, TabularInline
from unfold.contrib.import_export.forms import ExportForm, ImportForm
from unfold.decorators import action, display
from unfold.enums import ActionVariant
from unfold.widgets import (
    UnfoldAdminSelectWidget,
    UnfoldAdminTextareaWidget,
    UnfoldAdminTextInputWidget,
)

from lrba.accounts.models import User
from lrba.core.admin_actions import apply_to_each, show_errors
from lrba.core.models import Municipality
from lrba.core.tables import ColumnsInWordsExportMixin, ColumnsInWordsImportMixin, ExportResource
from lrba.core.validators import legal_entity_code_checksum_ok
from lrba.members.forms import (
    ApplicationAdmitForm,
    ApplicationRejectForm,
    InvitationForm,
    MembershipEndForm,
)
from lrba.members.models import (
    Employment,
    Invitation,
    Library,
    Mandate,
    Membership,
    MembershipApplication,
    MembershipStatusChange,
    Person,
    StaffAuthorisation,
)
from lrba.members.services import invitations
from lrba.members.services import membership as services
from lrba.members.views.register_report import register_report_view

# Import/export resources ----------------------------------------------------------------


class LibraryResource(ExportResource):
    human_headers = True
    header_names = {"parent_legal_entity_code": _("parent library's legal-entity code")}
    municipality = fields.Field(
        attribute="municipality",
        column_name="municipality",
        widget=ForeignKeyWidget(Municipality, field="name"),
    )
    parent = fields.Field(
        attribute="parent",
        column_name="parent_legal_entity_code",
        widget=ForeignKeyWidget(Library, field="legal_entity_code"),
    )

    class Meta:
        model = Library
        fields = (
            "id",
            "name",
            "short_name",
            "slug",
            "kind",
            "legal_form",
            "legal_entity_code",
            "vat_code",
            "iban",
            "municipality",
            "parent",
            "street_address",
            "city",
            "postal_code",
            "email",
            "phone",
            "website",
            "is_ngo",
        )
        clean_model_instances = True


class PersonResource(ExportResource):
    human_headers = True

    class Meta:
        model = Person
        fields = ("id", "first_name", "last_name", "email", "phone")
        clean_model_instances = True


class EmploymentResource(ExportResource):
    human_headers = True
    header_names = {"library_legal_entity_code": _("library's legal-entity code")}
    library = fields.Field(
        attribute="library",
        column_name="library_legal_entity_code",
        widget=ForeignKeyWidget(Library, field="legal_entity_code"),
    )

    class Meta:
        model = Employment
        fields = ("id", "person", "library", "position", "is_director", "start_date", "end_date")
        clean_model_instances = True


class MembershipResource(ExportResource):
    human_headers = True
    header_names = {"library_legal_entity_code": _("library's legal-entity code")}
    library = fields.Field(
        attribute="library",
        column_name="library_legal_entity_code",
        widget=ForeignKeyWidget(Library, field="legal_entity_code"),
    )

    class Meta:
        model = Membership
        fields = (
            "id",
            "library",
            "person",
            "status",
            "applied_on",
            "joined_on",
            "suspended_on",
            "ended_on",
            "decision",
            "end_reason",
        )
        clean_model_instances = True


class RegisterAdmin(
    AuditlogHistoryAdminMixin,
    ColumnsInWordsImportMixin,
    ColumnsInWordsExportMixin,
    ModelAdmin,
    ImportExportModelAdmin,
):
    """Common ground: Unfold look, CSV/XLSX import and export, auditlog history page."""

    import_form_class = ImportForm
    export_form_class = ExportForm
    formats = [CSV, XLSX]
    list_per_page = 50


# Library ------------------------------------------------------------------------------------


class BranchInline(TabularInline):
    model = Library
    fk_name = "parent"
    extra = 0
    fields = ("short_name", "name", "city", "street_address", "phone")
    show_change_link = True
    verbose_name = _("branch")
    verbose_name_plural = _("branches")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A branch needs a slug and a municipality: add it from its own form.
        return False


class LibraryEmploymentInline(TabularInline):
    model = Employment
    extra = 0
    fields = ("person", "position", "is_director", "start_date", "end_date")
    autocomplete_fields = ("person",)


class LibraryAdminForm(forms.ModelForm):
    def clean(self) -> dict[str, Any]:
        super().clean()
        # A renamed library's stored genitive was the old name's: left to Library.clean to
        # suggest again, unless the secretariat typed a new one too.
        renamed = self.instance.pk and "name" in self.changed_data
        if renamed and "name_genitive" not in self.changed_data:
            self.cleaned_data["name_genitive"] = ""
        return self.cleaned_data


@admin.register(Library)
class LibraryAdmin(RegisterAdmin):
    form = LibraryAdminForm
    resource_classes = [LibraryResource]
    list_display = (
        "name",
        "kind",
        "legal_entity_code",
        "code_warning",
        "municipality",
        "is_ngo",
    )
    list_filter = ("kind", ("municipality__county", admin.RelatedFieldListFilter), "is_ngo")
    search_fields = ("name", "short_name", "legal_entity_code", "city")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("municipality", "parent")
    readonly_fields = ("code_warning", "created_at", "updated_at")
    inlines = [BranchInline, LibraryEmploymentInline]
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "name",
                    "name_genitive",
                    "short_name",
                    "slug",
                    "kind",
                    "parent",
                    "description",
                )
            },
        ),
        (
            _("Legal details"),
            {
                "fields": (
                    "legal_form",
                    "legal_entity_code",
                    "code_warning",
                    "vat_code",
                    "iban",
                    "is_ngo",
                )
            },
        ),
        (
            _("Address and contacts"),
            {
                "fields": (
                    "municipality",
                    "street_address",
                    "city",
                    "postal_code",
                    "email",
                    "phone",
                    "website",
                )
            },
        ),
        (_("Record"), {"fields": ("created_at", "updated_at")}),
    )

    actions_detail = ["invite_representative"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Library]:
        return super().get_queryset(request).select_related("municipality")

    def has_invite_permission(self, request: HttpRequest, object_id: Any = None) -> bool:
        return request.user.has_perm("members.add_invitation")

    @action(
        description=_("Invite a representative"),
        url_path="invite",
        permissions=["invite"],
        icon="forward_to_inbox",
        variant=ActionVariant.PRIMARY,
    )
    def invite_representative(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """A small form (e-mail, position, language) behind the button; the service sends."""
        library = self.get_object(request, unquote(object_id))
        if library is None:
            return self._get_obj_does_not_exist_redirect(request, self.model._meta, object_id)
        change_url = reverse("admin:members_library_change", args=[library.pk])
        form = InvitationForm(
            request.POST if request.method == "POST" else None,
            may_invite_representatives=True,
            initial={"role": Invitation.Role.REPRESENTATIVE},
        )
        _unfold_widgets(form)
        if form.is_valid():
            try:
                invitations.invitation_send(
                    email=form.cleaned_data["email"],
                    library=library,
                    role=form.chosen_role,
                    position=form.cleaned_data["position"],
                    language=form.cleaned_data["language"],
                    invited_by=_staff(request),
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(
                    request,
                    gettext("The invitation is on its way to %(email)s.")
                    % {"email": form.cleaned_data["email"]},
                )
                return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Invite a representative of %(library)s") % {"library": library},
            "opts": self.model._meta,
            "original": library,
            "form": form,
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/members/library/invite.html", context)

    @display(description=_("code check"))
    def code_warning(self, obj: Library) -> str:
        if not obj.legal_entity_code or obj.legal_entity_code_checksum_ok:
            return ""
        return gettext("Check digit does not match: verify the code")


# Person and employment ----------------------------------------------------------------------


class PersonEmploymentInline(TabularInline):
    model = Employment
    extra = 0
    fields = ("library", "position", "is_director", "start_date", "end_date")
    autocomplete_fields = ("library",)


class PersonMembershipInline(TabularInline):
    model = Membership
    extra = 0
    fields = ("status", "applied_on", "joined_on", "ended_on", "end_reason")
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Person)
class PersonAdmin(RegisterAdmin):
    resource_classes = [PersonResource]
    list_display = ("last_name", "first_name", "email", "phone", "user")
    search_fields = ("first_name", "last_name", "email")
    autocomplete_fields = ("user",)
    readonly_fields = ("created_at", "updated_at")
    inlines = [PersonEmploymentInline, PersonMembershipInline]


@admin.register(Employment)
class EmploymentAdmin(RegisterAdmin):
    resource_classes = [EmploymentResource]
    list_display = ("person", "library", "position", "is_director", "start_date", "end_date")
    list_filter = ("is_director",)
    search_fields = ("person__first_name", "person__last_name", "library__name", "position")
    autocomplete_fields = ("person", "library")
    list_select_related = ("person", "library")


# Membership -------------------------------------------------------------------------------


class MembershipStatusChangeInline(TabularInline):
    model = MembershipStatusChange
    extra = 0
    fields = ("effective_on", "from_status", "to_status", "reason", "changed_by", "created_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class MemberKindFilter(admin.SimpleListFilter):
    title = _("member")
    parameter_name = "member"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("library", _("legal person (library)")), ("person", _("natural person"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "library":
            return queryset.filter(library__isnull=False)
        if self.value() == "person":
            return queryset.filter(person__isnull=False)
        return queryset


def _staff(request: HttpRequest) -> User:
    """The signed-in back-office user (the admin site lets no one else in)."""
    assert isinstance(request.user, User)
    return request.user


@admin.register(Membership)
class MembershipAdmin(RegisterAdmin):
    resource_classes = [MembershipResource]
    list_display = ("member_name", "status", "applied_on", "joined_on", "ended_on", "end_reason")
    list_filter = ("status", MemberKindFilter, "end_reason")
    search_fields = (
        "library__name",
        "library__legal_entity_code",
        "person__first_name",
        "person__last_name",
        "decision",
    )
    list_select_related = ("library", "person")
    autocomplete_fields = ("library", "person")
    inlines = [MembershipStatusChangeInline]
    actions = ["suspend_selected", "resume_selected", "end_selected"]
    actions_detail = ["prepare_expulsion"]
    # The status and its dates move only through the services (the actions below).
    lifecycle_fields = ("status", "suspended_on", "ended_on", "end_reason")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        base = ("created_at", "updated_at")
        if obj is None:
            return base
        return (*base, "library", "person", "applied_on", "joined_on", *self.lifecycle_fields)

    def get_urls(self) -> list:
        return [
            path(
                "register-report/",
                self.admin_site.admin_view(register_report_view),
                name="members_register_report",
            ),
            *super().get_urls(),
        ]

    def save_model(self, request: HttpRequest, obj: Membership, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
        else:
            services.membership_register(membership=obj, created_by=_staff(request))

    def get_actions_detail(self, request: HttpRequest, object_id: Any) -> list:
        membership = Membership.objects.filter(pk=object_id).only("status").first()
        if membership is None or membership.status not in Membership.OPEN_STATUSES:
            return []
        return super().get_actions_detail(request, object_id)

    @action(
        description=_("Prepare the Board's decision to expel"),
        url_path="decide/expel",
        permissions=["change"],
        icon="person_remove",
    )
    def prepare_expulsion(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """An expulsion is the Board's decision, prepared on the governance side (named
        by URL only); once adopted it ends the membership as expelled."""
        return HttpResponseRedirect(reverse("governance:expulsion_prepare", args=[object_id]))

    @display(description=_("member"), ordering="library__name")
    def member_name(self, obj: Membership) -> str:
        return str(obj.member)

    def _each(
        self, request: HttpRequest, queryset: QuerySet[Membership], move: Any, done: str
    ) -> None:
        apply_to_each(request, queryset, move, done=done, label=lambda m: str(m.member))

    @admin.action(
        description=_("Suspend the selected memberships (from today)"), permissions=["change"]
    )
    def suspend_selected(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        today = timezone.localdate()
        self._each(
            request,
            queryset,
            lambda m: services.membership_suspend(
                membership=m, suspended_on=today, decided_by=_staff(request)
            ),
            gettext("Memberships suspended: %(count)d."),
        )

    @admin.action(
        description=_("Resume the selected memberships (from today)"), permissions=["change"]
    )
    def resume_selected(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        today = timezone.localdate()
        self._each(
            request,
            queryset,
            lambda m: services.membership_resume(
                membership=m, resumed_on=today, decided_by=_staff(request)
            ),
            gettext("Memberships resumed: %(count)d."),
        )

    @admin.action(description=_("End the selected memberships…"), permissions=["change"])
    def end_selected(
        self, request: HttpRequest, queryset: QuerySet[Membership]
    ) -> HttpResponse | None:
        form = MembershipEndForm(
            request.POST if "apply" in request.POST else None,
            initial={"ended_on": timezone.localdate()},
        )
        _unfold_widgets(form)
        if form.is_valid():
            data = form.cleaned_data
            self._each(
                request,
                queryset,
                lambda m: services.membership_end(
                    membership=m,
                    ended_on=data["ended_on"],
                    reason=data["reason"],
                    decided_by=_staff(request),
                    note=data["note"],
                ),
                gettext("Memberships ended: %(count)d."),
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("End memberships"),
            "opts": self.model._meta,
            "form": form,
            "objects": queryset,
            "intro": gettext("These memberships will end:"),
            "action": "end_selected",
            "button": gettext("End memberships"),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/action_form.html", context)


# Applications -------------------------------------------------------------------------------


def _unfold_widgets(form: Any) -> None:
    """Give a plain form the back office's widgets, keeping date inputs native."""
    for field in form.fields.values():
        widget = field.widget
        input_type = getattr(widget, "input_type", None)
        if widget.__class__.__name__ == "Textarea":
            field.widget = UnfoldAdminTextareaWidget(attrs=widget.attrs)
        elif widget.__class__.__name__ == "Select":
            field.widget = UnfoldAdminSelectWidget(choices=field.choices)
        elif input_type in {"text", "date"}:
            attrs = {k: v for k, v in widget.attrs.items() if k != "type"}
            new = UnfoldAdminTextInputWidget(attrs=attrs)
            if widget.attrs.get("type") == "date":
                new.input_type = "date"
                new.format = "%Y-%m-%d"
            field.widget = new


APPLICATION_FIELDSETS = (
    (_("Who applies"), {"fields": ("applicant", "workplace")}),
    (
        _("Library"),
        {
            "fields": (
                "library_name",
                "library_name_genitive",
                "library_kind",
                "library_legal_form",
                "legal_entity_code",
                "code_warning",
                "municipality",
                "street_address",
                "city",
                "postal_code",
                "library_email",
                "library_phone",
                "website",
                "motivation",
            )
        },
    ),
    (
        _("Representative"),
        {
            "fields": (
                "representative_first_name",
                "representative_last_name",
                "representative_position",
                "representative_email",
                "representative_phone",
                "language",
            )
        },
    ),
    (
        _("Decision"),
        {
            "fields": (
                "status",
                "submitted_at",
                "decided_at",
                "decided_by",
                "decision_reason",
                "library_link",
                "membership_link",
            )
        },
    ),
)


@admin.register(MembershipApplication)
class MembershipApplicationAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    list_display = (
        "submitted_at",
        "applicant_name",
        "municipality",
        "representative_name",
        "status",
        "code_warning",
    )
    list_filter = ("status", "applicant", "library_kind")
    search_fields = (
        "library_name",
        "legal_entity_code",
        "representative_last_name",
        "representative_email",
    )
    list_select_related = ("municipality",)
    date_hierarchy = "submitted_at"
    fieldsets = APPLICATION_FIELDSETS
    actions_detail = ["prepare_board_decision", "admit_application", "reject_application"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # What the applicant submitted is evidence: nobody edits it in the back office.
        return [name for _title, opts in APPLICATION_FIELDSETS for name in opts["fields"]]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_decide_permission(self, request: HttpRequest, object_id: Any = None) -> bool:
        return request.user.has_perm("members.change_membershipapplication")

    def get_actions_detail(self, request: HttpRequest, object_id: Any) -> list:
        application = MembershipApplication.objects.filter(pk=object_id).only("status").first()
        if application is None or application.status != MembershipApplication.Status.PENDING:
            return []
        return super().get_actions_detail(request, object_id)

    @display(description=_("representative"), ordering="representative_last_name")
    def representative_name(self, obj: MembershipApplication) -> str:
        return obj.representative_name

    @display(description=_("applicant"), ordering="library_name")
    def applicant_name(self, obj: MembershipApplication) -> str:
        return obj.applicant_name

    @display(description=_("code check"))
    def code_warning(self, obj: MembershipApplication) -> str:
        if obj.is_person or legal_entity_code_checksum_ok(obj.legal_entity_code):
            return ""
        return gettext("Check digit does not match: verify the code")

    @display(description=_("library in the register"))
    def library_link(self, obj: MembershipApplication) -> str:
        if not obj.library_id:
            return "—"
        url = reverse("admin:members_library_change", args=[obj.library_id])
        return format_html('<a href="{}">{}</a>', url, obj.library)

    @display(description=_("membership"))
    def membership_link(self, obj: MembershipApplication) -> str:
        if not obj.membership_id:
            return "—"
        url = reverse("admin:members_membership_change", args=[obj.membership_id])
        return format_html('<a href="{}">{}</a>', url, obj.membership)

    @action(
        description=_("Prepare the Board's decision"),
        url_path="decide/board",
        permissions=["decide"],
        icon="gavel",
    )
    def prepare_board_decision(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """An admission is the Board's decision: it is prepared (a Board meeting's agenda
        item or a written procedure) on the governance side, named here by URL only
        (the member register does not import governance), and admits by itself once
        adopted."""
        return HttpResponseRedirect(reverse("governance:admission_prepare", args=[object_id]))

    @action(
        description=_("Admit"),
        url_path="decide/admit",
        permissions=["decide"],
        icon="how_to_reg",
        variant=ActionVariant.PRIMARY,
    )
    def admit_application(self, request: HttpRequest, object_id: str) -> HttpResponse:
        return self._decide(request, object_id, admit=True)

    @action(
        description=_("Reject"),
        url_path="decide/reject",
        permissions=["decide"],
        icon="block",
        variant=ActionVariant.DANGER,
    )
    def reject_application(self, request: HttpRequest, object_id: str) -> HttpResponse:
        return self._decide(request, object_id, admit=False)

    def _decide(self, request: HttpRequest, object_id: str, *, admit: bool) -> HttpResponse:
        """The small form behind "Admit" and "Reject"; the service does the work."""
        application = self.get_object(request, unquote(object_id))
        if application is None:
            return self._get_obj_does_not_exist_redirect(request, self.model._meta, object_id)
        change_url = reverse("admin:members_membershipapplication_change", args=[application.pk])
        if application.status != MembershipApplication.Status.PENDING:
            messages.warning(
                request, gettext("This application has already been decided; nothing was changed.")
            )
            return HttpResponseRedirect(change_url)

        data = request.POST if request.method == "POST" else None
        form: ApplicationAdmitForm | ApplicationRejectForm
        if admit:
            form = ApplicationAdmitForm(data, initial={"decided_on": timezone.localdate()})
            # The Board's decision behind the admission: its number as the register has
            # it; one not taken yet is prepared on the governance side.
            form.fields["decision"].help_text = format_html(
                '{} <a href="{}">{}</a>',
                gettext(
                    "The Board's decision and its number, e.g. Valdybos 2026-11-26 nutarimas "
                    "Nr. V-2026-5. A decision the Board adopts in the system admits by itself."
                ),
                reverse("governance:admission_prepare", args=[application.pk]),
                gettext("Prepare the Board's decision"),
            )
        else:
            form = ApplicationRejectForm(data)
        _unfold_widgets(form)
        if form.is_valid():
            try:
                if admit:
                    membership = services.application_admit(
                        application=application,
                        decided_by=_staff(request),
                        decision=form.cleaned_data["decision"],
                        decided_on=form.cleaned_data["decided_on"],
                    )
                else:
                    services.application_reject(
                        application=application,
                        decided_by=_staff(request),
                        reason=form.cleaned_data["reason"],
                    )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    show_errors(request, error)
                    return HttpResponseRedirect(change_url)
            else:
                if admit:
                    messages.success(
                        request,
                        gettext("%(library)s is admitted; the applicant has been e-mailed.")
                        % {"library": membership.member},
                    )
                else:
                    messages.success(
                        request,
                        gettext("The application is rejected; the applicant has been e-mailed."),
                    )
                return HttpResponseRedirect(change_url)

        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Admit %(library)s") % {"library": application.applicant_name}
            if admit
            else gettext("Reject %(library)s") % {"library": application.applicant_name},
            "opts": self.model._meta,
            "original": application,
            "application": application,
            "form": form,
            "submit_label": gettext("Admit") if admit else gettext("Reject"),
            "admit": admit,
            "change_url": change_url,
            "code_warning": self.code_warning(application),
        }
        return TemplateResponse(request, "admin/members/membershipapplication/decide.html", context)


# Mandates and invitations ------------------------------------------------------------------


@admin.register(Mandate)
class MandateAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    list_display = ("person", "library", "kind", "scope", "valid_from", "valid_until", "revoked_at")
    list_filter = ("kind", "scope")
    search_fields = ("person__first_name", "person__last_name", "library__name")
    autocomplete_fields = ("person", "library")
    list_select_related = ("person", "library")
    readonly_fields = ("granted_by", "created_at")

    def save_model(self, request: HttpRequest, obj: Mandate, form: Any, change: bool) -> None:
        if not change:
            obj.granted_by = _staff(request)
        super().save_model(request, obj, form, change)


@admin.register(Invitation)
class InvitationAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    """Invitations are sent from a library's page ("Invite a representative") or by its
    representatives; here they are looked up and revoked, never edited."""

    list_display = ("email", "library", "role", "created_at", "expires_at", "state")
    list_filter = ("role",)
    search_fields = ("email", "library__name")
    list_select_related = ("library",)
    date_hierarchy = "created_at"
    fields = (
        "email",
        "library",
        "role",
        "position",
        "language",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "accepted_by",
        "revoked_at",
        "revoked_by",
    )
    readonly_fields = fields
    actions = ["revoke_selected"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @display(description=_("state"))
    def state(self, obj: Invitation) -> str:
        if obj.accepted_at:
            return gettext("accepted")
        if obj.revoked_at:
            return gettext("revoked")
        if obj.is_expired:
            return gettext("expired")
        return gettext("waiting")

    @admin.action(description=_("Revoke the selected invitations"), permissions=["revoke"])
    def revoke_selected(self, request: HttpRequest, queryset: QuerySet[Invitation]) -> None:
        apply_to_each(
            request,
            queryset,
            lambda invitation: invitations.invitation_revoke(
                invitation=invitation, by=_staff(request)
            ),
            done=gettext("Invitations revoked: %(count)d."),
            label=lambda invitation: invitation.email,
        )

    def has_revoke_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("members.change_invitation")


@admin.register(StaffAuthorisation)
class StaffAuthorisationAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    """Granted and revoked by the library's representatives on "My library"
    (`members:staff_authorisations`); the secretariat looks them up here."""

    list_display = ("person", "library", "scope", "granted_by", "granted_at", "revoked_at")
    list_filter = ("scope", ("revoked_at", admin.EmptyFieldListFilter))
    search_fields = ("person__first_name", "person__last_name", "library__name")
    list_select_related = ("person", "library", "granted_by")
    readonly_fields = ("library", "person", "scope", "granted_by", "granted_at", "revoked_at")
    fields = readonly_fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
