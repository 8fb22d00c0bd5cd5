"""Meetings in the back office: the record, the agenda and the documents, and the proof
of convening (read only). Moves of the status (convene, open, close) are actions that
call the services; the meeting's control page (`governance:meeting_manage`) does the
same with the notices to post and the repeat meeting.

New agenda items and documents go through the services too, so a repeat meeting takes
no new item and an opened meeting's agenda stays as it was voted on.
"""

from typing import Any

from auditlog.mixins import AuditlogHistoryAdminMixin
from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin, StackedInline, TabularInline
from unfold.decorators import display

from lrba.core.admin_actions import apply_to_each
from lrba.core.audit import refusals_recorded
from lrba.governance.models import AgendaItem, Meeting, MeetingDocument, Notice
from lrba.governance.services import meetings as services

SCHEDULE = ("title", "starts_at", "place", "online_url", "notice_text")
RUNNING = ("chair", "secretary", "tellers", "current_item")
RECORD = (
    "reference",
    "status",
    "control_link",
    "repeat_of",
    "convened_at",
    "convened_by",
    "opened_at",
    "entitled_count",
    "closed_at",
    "cancelled_at",
    "cancel_reason",
)
FINISHED = (Meeting.Status.CLOSED, Meeting.Status.MINUTED, Meeting.Status.CANCELLED)


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ("body", "kind", *SCHEDULE, *RUNNING)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "kind" in self.fields:
            # A repeat meeting is made from the failed one (its control page), not here.
            self.fields["kind"].choices = [  # type: ignore[attr-defined]
                (value, label)
                for value, label in Meeting.Kind.choices
                if value != Meeting.Kind.REPEAT
            ]
        if "current_item" in self.fields and self.instance.pk:
            self.fields["current_item"].queryset = self.instance.items.all()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        meeting = self.instance
        starts_at = data.get("starts_at")
        if (
            meeting.pk
            and meeting.status == Meeting.Status.CONVENED
            and starts_at
            and "starts_at" in self.changed_data
        ):
            moved = Meeting(pk=meeting.pk, starts_at=starts_at, kind=meeting.kind)
            try:
                services.notice_period_check(moved, today=timezone.localdate(meeting.convened_at))
            except forms.ValidationError as error:
                self.add_error("starts_at", error)
        return data


AGENDA_FIELDS = (
    "position",
    "title",
    "decision_kind",
    "description",
    "draft_decision",
    "application",
    "membership",
    "discussion",
    "decision_text",
)


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = AGENDA_FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "position" in self.fields:
            self.fields["position"].required = False  # a new item goes to the end


class AgendaItemInline(StackedInline):
    model = AgendaItem
    form = AgendaItemForm
    extra = 0
    fk_name = "meeting"
    fields = (
        "position",
        "title",
        "decision_kind",
        "description",
        "draft_decision",
        "application",
        "membership",
        "carried_from",
        "discussion",
        "decision_text",
    )
    autocomplete_fields = ("application", "membership")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ("carried_from", "discussion", "decision_text")
        if obj.kind == Meeting.Kind.REPEAT or not obj.is_editable:
            # The agenda as convened (or carried from the failed meeting) stays; what
            # was said and decided is written down as the meeting goes.
            return tuple(f for f in self.fields if f not in ("discussion", "decision_text"))
        return ("carried_from", "discussion", "decision_text")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and (obj.kind == Meeting.Kind.REPEAT or not obj.is_editable):
            return False
        return super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.status in (Meeting.Status.MINUTED, Meeting.Status.CANCELLED):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and (obj.kind == Meeting.Kind.REPEAT or obj.status != "draft"):
            return False
        return super().has_delete_permission(request, obj)


class MeetingDocumentInline(TabularInline):
    model = MeetingDocument
    extra = 0
    fields = ("title", "item", "file")

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)
        if "item" in formset.form.base_fields:
            items = AgendaItem.objects.filter(meeting=obj) if obj else AgendaItem.objects.none()
            formset.form.base_fields["item"].queryset = items
        return formset

    def _editable(self, obj: Any) -> bool:
        return obj is None or obj.is_editable

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(obj) and super().has_delete_permission(request, obj)


class NoticeInline(TabularInline):
    """The proof of convening, as it was recorded: nobody edits it here."""

    model = Notice
    extra = 0
    verbose_name_plural = _("proof of convening")
    fields = ("person", "membership", "board_seat", "email", "channel", "status", "sent_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Meeting)
class MeetingAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    form = MeetingForm
    list_display = ("reference", "title", "body", "kind", "starts_at", "status", "control_link")
    list_filter = ("body", "kind", "status")
    search_fields = ("reference", "title", "place")
    date_hierarchy = "starts_at"
    autocomplete_fields = ("chair", "secretary")
    filter_horizontal = ("tellers",)
    inlines = [AgendaItemInline, MeetingDocumentInline, NoticeInline]
    actions = ["convene_selected", "open_selected", "close_selected"]

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ((None, {"fields": ("body", "kind", *SCHEDULE)}),)
        return (
            (None, {"fields": ("body", "kind", *SCHEDULE)}),
            (_("The meeting"), {"fields": RUNNING}),
            (_("Record"), {"fields": RECORD}),
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ()
        fixed = ("body", "kind", *RECORD)
        if obj.status in FINISHED:
            return (*fixed, *SCHEDULE, *RUNNING)
        if obj.status == Meeting.Status.OPEN:
            return (*fixed, *SCHEDULE)
        return fixed

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A convened meeting has notices (evidence): cancel it instead.
        if obj is not None and obj.status != Meeting.Status.DRAFT:
            return False
        return super().has_delete_permission(request, obj)

    @display(description=_("control page"))
    def control_link(self, obj: Meeting) -> str:
        if obj.pk is None:
            return "—"
        url = reverse("governance:meeting_manage", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("Control page"))

    def save_model(self, request: HttpRequest, obj: Meeting, form: Any, change: bool) -> None:
        if not change:
            created = services.meeting_create(
                body=obj.body,
                kind=obj.kind,
                title=obj.title,
                starts_at=obj.starts_at,
                place=obj.place,
                online_url=obj.online_url,
                notice_text=obj.notice_text,
                created_by=request.user,
            )
            # The form saves the many-to-many fields and the inlines on this instance.
            obj.pk, obj.reference = created.pk, created.reference
            obj._state.adding, obj._state.db = False, created._state.db
            return
        concrete = {f.name for f in Meeting._meta.concrete_fields}
        changes = {
            name: getattr(obj, name)
            for name in form.changed_data
            if name in concrete and name in services.SCHEDULE_FIELDS | services.RUNNING_FIELDS
        }
        if changes:
            services.meeting_update(meeting=obj, changes=changes, updated_by=request.user)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        meeting = form.instance
        if formset.model is AgendaItem:
            items = formset.save(commit=False)
            for item in formset.deleted_objects:
                item.delete()
            for item in items:
                if item.pk is None:
                    services.agenda_item_add(
                        meeting=meeting,
                        title=item.title,
                        decision_kind=item.decision_kind,
                        draft_decision=item.draft_decision,
                        description=item.description,
                        position=item.position,
                        added_by=request.user,
                    )
                else:
                    item.save()
            return
        if formset.model is MeetingDocument:
            documents = formset.save(commit=False)
            for document in formset.deleted_objects:
                document.delete()
            for document in documents:
                if document.pk is None:
                    services.meeting_document_add(
                        meeting=meeting,
                        title=document.title,
                        file=document.file,
                        item=document.item,
                        added_by=request.user,
                    )
                else:
                    document.save()
            return
        super().save_formset(request, form, formset, change)

    def _each(
        self, request: HttpRequest, queryset: QuerySet[Meeting], attempt: str, write: Any, done: str
    ) -> None:
        def apply(meeting: Meeting) -> None:
            with refusals_recorded(user=request.user, target=meeting, attempt=attempt):
                write(meeting)

        apply_to_each(request, queryset, apply, done=done)

    @admin.action(
        description=_("Convene the selected meetings (send the notices)"), permissions=["change"]
    )
    def convene_selected(self, request: HttpRequest, queryset: QuerySet[Meeting]) -> None:
        self._each(
            request,
            queryset,
            "meeting_convene",
            lambda meeting: services.meeting_convene(meeting=meeting, convened_by=request.user),
            gettext("Meetings convened: %(count)d. The notices are being sent."),
        )

    @admin.action(description=_("Open the selected meetings"), permissions=["change"])
    def open_selected(self, request: HttpRequest, queryset: QuerySet[Meeting]) -> None:
        self._each(
            request,
            queryset,
            "meeting_open",
            lambda meeting: services.meeting_open(meeting=meeting, opened_by=request.user),
            gettext("Meetings opened: %(count)d."),
        )

    @admin.action(description=_("Close the selected meetings"), permissions=["change"])
    def close_selected(self, request: HttpRequest, queryset: QuerySet[Meeting]) -> None:
        self._each(
            request,
            queryset,
            "meeting_close",
            lambda meeting: services.meeting_close(meeting=meeting, closed_by=request.user),
            gettext("Meetings closed: %(count)d."),
        )
