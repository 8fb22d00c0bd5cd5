"""Events and registrations in the back office (Unfold).

Seats move only through `lrba.events.services.registration`: registrations are cancelled
by an action here (which promotes the waiting list), never by editing the status. An
event anyone registered for cannot be deleted; the "Cancel event" action calls it off
and tells the registrants.
"""

from typing import Any

from auditlog.mixins import AuditlogHistoryAdminMixin
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import fields
from import_export.formats.base_formats import CSV, XLSX
from unfold.admin import ModelAdmin, TabularInline
from unfold.contrib.import_export.forms import ExportForm
from unfold.decorators import display
from unfold.widgets import UnfoldAdminTextareaWidget

from lrba.core.admin_actions import apply_to_each, show_errors
from lrba.core.tables import ColumnsInWordsExportMixin, ExportResource, table_response
from lrba.events.dashboard import event_list_attendance_due
from lrba.events.exports import attendance_sheet
from lrba.events.forms import EventCancelForm
from lrba.events.models import (
    Attachment,
    Event,
    MemberCalendarImport,
    MemberCalendarSettings,
    MemberCalendarSource,
    MemberEvent,
    Registration,
    Session,
)
from lrba.events.services import registration as services
from lrba.events.services.member_events import member_event_moderate


class MonthListFilter(admin.SimpleListFilter):
    title = _("month")
    parameter_name = "month"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        months = Event.objects.dates("starts_at", "month", order="DESC")[:36]
        return [(m.strftime("%Y-%m"), capfirst(date_format(m, "Y F"))) for m in months]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        from lrba.events.selectors.events import month_bounds

        bounds = month_bounds(self.value() or "")
        if not bounds:
            return queryset
        return queryset.filter(starts_at__gte=bounds[0], starts_at__lt=bounds[1])


class AttentionListFilter(admin.SimpleListFilter):
    """What still needs doing: the back office's home links here (lrba.events.dashboard)."""

    title = _("needs attention")
    parameter_name = "attention"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("attendance", gettext("Attendance to record"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() != "attendance":
            return queryset
        due = event_list_attendance_due(now=timezone.now())
        return queryset.filter(pk__in=due.values("pk"))


class SessionInline(TabularInline):
    model = Session
    extra = 0
    fields = ("starts_at", "ends_at", "title", "speakers", "description")


class AttachmentInline(TabularInline):
    model = Attachment
    extra = 0
    fields = ("title", "file")


@admin.register(Event)
class EventAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    list_display = (
        "title",
        "kind",
        "starts_at",
        "audience",
        "status",
        "seats",
        "registrations_link",
    )
    list_filter = ("kind", "audience", "status", MonthListFilter, AttentionListFilter)
    search_fields = ("title", "venue_name", "address", "municipality__name")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("municipality", "organiser", "partner_libraries")
    readonly_fields = ("registrations_link", "deletion_note", "created_at", "updated_at")
    inlines = [SessionInline, AttachmentInline]
    date_hierarchy = "starts_at"
    actions = ["cancel_selected", "download_attendance"]
    fieldsets = (
        (
            None,
            {"fields": ("title", "slug", "kind", "audience", "status", "summary", "description")},
        ),
        (
            _("Time and place"),
            {
                "fields": (
                    "starts_at",
                    "ends_at",
                    "venue_name",
                    "address",
                    "municipality",
                    "online_url",
                )
            },
        ),
        (
            _("Registration"),
            {
                "fields": (
                    "capacity",
                    "per_library_limit",
                    "registration_opens_at",
                    "registration_closes_at",
                    "cancellation_deadline",
                    "price_non_members",
                    "registrations_link",
                )
            },
        ),
        (_("Organisers"), {"fields": ("organiser", "partner_libraries")}),
        (
            _("Record"),
            {"fields": ("cancelled_reason", "deletion_note", "created_at", "updated_at")},
        ),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Event]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                seats_taken=Count(
                    "registrations",
                    filter=Q(registrations__status__in=Registration.SEATED_STATUSES),
                ),
                registration_count=Count("registrations"),
            )
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields_ = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.status == Event.Status.CANCELLED:
            fields_ += ["status", "cancelled_reason"]  # reopening would not tell anyone
        return fields_

    @display(description=_("seats"))
    def seats(self, obj: Event) -> str:
        taken = getattr(obj, "seats_taken", 0)
        return f"{taken} / {obj.capacity}" if obj.capacity is not None else str(taken)

    @display(description=_("registrations"))
    def registrations_link(self, obj: Event) -> str:
        if obj.pk is None:
            return "—"
        url = reverse("admin:events_registration_changelist") + f"?event__id__exact={obj.pk}"
        count = getattr(obj, "registration_count", None)
        if count is None:
            count = obj.registrations.count()
        return format_html('<a href="{}">{} ({})</a>', url, gettext("Registrations"), count)

    @display(description=_("deletion"))
    def deletion_note(self, obj: Event) -> str:
        if obj.pk and obj.registrations.exists():
            return gettext(
                "People have registered for this event, so it cannot be deleted. "
                "Use the “Cancel event” action instead: the registrants are told."
            )
        return "—"

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.registrations.exists():
            return False
        return super().has_delete_permission(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Event]) -> None:
        for event in queryset:
            try:
                services.event_delete(event=event)
            except ValidationError as error:
                show_errors(request, error, prefix=f"{event}: ")

    def save_model(self, request: HttpRequest, obj: Event, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = request.user  # type: ignore[assignment]
            super().save_model(request, obj, form, change)
            return
        # A change goes through the service, under the event's lock: seats that grow go
        # to the waiting list at once (the many-to-many fields are saved by the admin).
        concrete = {f.name for f in Event._meta.concrete_fields}
        changes = {name: getattr(obj, name) for name in form.changed_data if name in concrete}
        update = services.event_update(event=obj, changes=changes)
        if update.promoted:
            messages.info(
                request,
                gettext("Moved from the waiting list: %(count)d.")
                % {"count": len(update.promoted)},
            )

    @admin.action(description=_("Cancel the selected events…"), permissions=["change"])
    def cancel_selected(
        self, request: HttpRequest, queryset: QuerySet[Event]
    ) -> HttpResponse | None:
        form = EventCancelForm(request.POST if "apply" in request.POST else None)
        form.fields["reason"].widget = UnfoldAdminTextareaWidget(attrs={"rows": 3})
        if form.is_valid():
            apply_to_each(
                request,
                queryset,
                lambda event: services.event_cancel(
                    event=event, reason=form.cleaned_data["reason"], by=request.user
                ),
                done=gettext("Events cancelled: %(count)d. The registrants are being told."),
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Cancel events"),
            "opts": self.model._meta,
            "form": form,
            "objects": queryset,
            "intro": gettext("These events will be cancelled and everyone registered told:"),
            "action": "cancel_selected",
            "button": gettext("Cancel events"),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/action_form.html", context)

    @admin.action(description=_("Download attendance (XLSX)"), permissions=["view"])
    def download_attendance(self, request: HttpRequest, queryset: QuerySet[Event]) -> HttpResponse:
        """One workbook, one sheet per selected event (see lrba.events.exports)."""
        return table_response(
            file_format="xlsx",
            filename="lankomumas",
            sheets=[attendance_sheet(event) for event in queryset.order_by("starts_at")],
        )


class RegistrationResource(ExportResource):
    human_headers = True  # export only
    event = fields.Field(attribute="event__title", column_name="event")
    status = fields.Field(attribute="status", column_name="status")
    library = fields.Field(attribute="library__name", column_name="library")

    class Meta:
        model = Registration
        fields = (
            "id",
            "event",
            "first_name",
            "last_name",
            "email",
            "institution",
            "library",
            "status",
            "language",
            "created_at",
            "promoted_at",
            "cancelled_at",
            "checked_in_at",
        )
        export_order = fields


@admin.register(Registration)
class RegistrationAdmin(AuditlogHistoryAdminMixin, ColumnsInWordsExportMixin, ModelAdmin):
    resource_classes = [RegistrationResource]
    export_form_class = ExportForm
    formats = [CSV, XLSX]
    list_display = ("full_name", "email", "event", "status", "library", "created_at", "promoted_at")
    list_filter = (("event", admin.RelatedOnlyFieldListFilter), "status", "language")
    search_fields = ("first_name", "last_name", "email", "institution")
    list_select_related = ("event", "library")
    list_per_page = 50
    actions = ["cancel_selected"]
    readonly_fields = (
        "event",
        "person",
        "library",
        "status",
        "language",
        "registered_by",
        "created_at",
        "promoted_at",
        "cancelled_at",
        "checked_in_at",
        "checked_in_by",
    )
    fields = (
        "event",
        "person",
        "library",
        "first_name",
        "last_name",
        "email",
        "institution",
        *readonly_fields[3:],
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Registrations are made on the event page (seats and the waiting list need the
        # service); staff register someone there or through "Register colleagues".
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a record: cancel instead

    @display(description=_("name"), ordering="last_name")
    def full_name(self, obj: Registration) -> str:
        return obj.full_name

    @admin.action(
        description=_("Cancel the selected registrations (the waiting list moves up)"),
        permissions=["change"],
    )
    def cancel_selected(self, request: HttpRequest, queryset: QuerySet[Registration]) -> None:
        apply_to_each(
            request,
            queryset.select_related("event"),
            lambda registration: services.registration_cancel(
                registration=registration, by=request.user
            ),
            done=gettext("Registrations cancelled: %(count)d."),
        )


# The members' shared calendar -------------------------------------------------------------


@admin.register(MemberCalendarSettings)
class MemberCalendarSettingsAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    """One row: whether the secretariat approves libraries' events first."""

    fields = ("moderated", "updated_at")
    readonly_fields = ("updated_at",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not MemberCalendarSettings.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(MemberEvent)
class MemberEventAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    """Libraries' events: they publish them on their calendar pages; here the secretariat
    corrects, approves or hides them (approval through the service, with its rules)."""

    list_display = ("title", "library", "starts_at", "kind", "status", "origin", "municipality")
    list_filter = ("status", "kind", "origin", "municipality__county")
    search_fields = ("title", "library__name", "venue", "uid")
    list_select_related = ("library", "municipality")
    date_hierarchy = "starts_at"
    list_per_page = 50
    autocomplete_fields = ("library",)
    actions = ["approve_selected"]
    readonly_fields = (
        "municipality",
        "origin",
        "uid",
        "recurrence_id",
        "source",
        "created_by",
        "created_at",
        "updated_at",
        "moderated_by",
        "moderated_at",
    )

    def save_model(self, request: HttpRequest, obj: MemberEvent, form: Any, change: bool) -> None:
        obj.municipality_id = obj.library.municipality_id
        if not change:
            obj.created_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Approve the selected library events"), permissions=["change"])
    def approve_selected(self, request: HttpRequest, queryset: QuerySet[MemberEvent]) -> None:
        apply_to_each(
            request,
            queryset,
            lambda event: member_event_moderate(event=event, approve=True, by=request.user),
            done=gettext("Library events approved: %(count)d."),
        )


@admin.register(MemberCalendarSource)
class MemberCalendarSourceAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    list_display = ("library", "url", "active", "last_read_at")
    list_filter = ("active",)
    search_fields = ("library__name", "url")
    list_select_related = ("library",)
    autocomplete_fields = ("library",)
    readonly_fields = ("created_by", "created_at", "last_read_at", "last_error")


@admin.register(MemberCalendarImport)
class MemberCalendarImportAdmin(ModelAdmin):
    """A record of what an import did: read only."""

    list_display = (
        "library",
        "file_name",
        "source",
        "status",
        "created_count",
        "updated_count",
        "rejected_count",
        "created_at",
    )
    list_filter = ("status",)
    search_fields = ("library__name", "file_name")
    list_select_related = ("library", "source")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
