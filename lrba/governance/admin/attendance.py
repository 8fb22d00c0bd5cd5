"""Attendance and voting-rights transfers in the back office.

Attendance is read here, written at the door desk (`governance:attendance_desk`), where
one member, one vote is enforced; the only action marks participants as left. A
voting-rights transfer (CK 2.89) is recorded through `transfer_record` (the ten-year
limit and overlapping transfers are refused on the form), both parties are told by
e-mail, and it is announced at the next General Meeting.
"""

from typing import Any

from auditlog.mixins import AuditlogHistoryAdminMixin
from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin
from unfold.decorators import display

from lrba.core.admin_actions import apply_to_each
from lrba.core.audit import refusals_recorded
from lrba.governance.models import Attendance, VotingRightsTransfer
from lrba.governance.services import attendance as services


@admin.register(Attendance)
class AttendanceAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    list_display = (
        "meeting",
        "person",
        "membership",
        "capacity",
        "channel",
        "registered_at",
        "left_at",
    )
    list_filter = ("capacity", "channel", "meeting__body", "meeting")
    search_fields = (
        "person__first_name",
        "person__last_name",
        "membership__library__name",
        "membership__person__last_name",
        "meeting__reference",
    )
    list_select_related = ("meeting", "person", "membership__library", "membership__person")
    date_hierarchy = "registered_at"
    fields = (
        "meeting",
        "desk_link",
        "membership",
        "board_seat",
        "person",
        "capacity",
        "mandate",
        "transfer",
        "channel",
        "registered_at",
        "registered_by",
        "left_at",
    )
    readonly_fields = fields
    actions = ["leave_selected"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # registered at the desk, where one member, one vote holds

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # evidence for the minutes; a desk mistake is undone at the desk

    @display(description=_("door desk"))
    def desk_link(self, obj: Attendance) -> str:
        if obj.pk is None:
            return "—"
        url = reverse("governance:attendance_desk", args=[obj.meeting_id])
        return format_html('<a href="{}">{}</a>', url, gettext("Registration of participants"))

    @admin.action(description=_("Mark the selected participants as left"), permissions=["change"])
    def leave_selected(self, request: HttpRequest, queryset: QuerySet[Attendance]) -> None:
        def apply(attendance: Attendance) -> None:
            with refusals_recorded(
                user=request.user, target=attendance, attempt="attendance_leave"
            ):
                services.attendance_leave(attendance=attendance, left_by=request.user)

        apply_to_each(
            request, queryset, apply, done=gettext("Participants marked as left: %(count)d.")
        )


class VotingRightsTransferForm(forms.ModelForm):
    class Meta:
        model = VotingRightsTransfer
        fields = (
            "transferor",
            "transferee",
            "basis",
            "valid_from",
            "valid_until",
            "notified_on",
            "document",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.instance.pk is None and not self.errors:
            # The service's own checks, so a refusal shows on the form.
            fields = {name: data.get(name) for name in self.Meta.fields if name != "document"}
            try:
                services.transfer_check(VotingRightsTransfer(**fields))
            except forms.ValidationError as error:
                self.add_error(None, error)
        return data


@admin.register(VotingRightsTransfer)
class VotingRightsTransferAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    form = VotingRightsTransferForm
    list_display = (
        "transferor",
        "transferee",
        "valid_from",
        "valid_until",
        "notified_on",
        "parties_notified_at",
        "announced_at",
        "revoked_at",
    )
    list_filter = ("valid_until", "announced_at")
    search_fields = (
        "transferor__library__name",
        "transferor__person__last_name",
        "transferee__first_name",
        "transferee__last_name",
        "basis",
    )
    list_select_related = (
        "transferor__library",
        "transferor__person",
        "transferee",
        "announced_at",
    )
    autocomplete_fields = ("transferor", "transferee")
    actions = ["announce_selected", "notify_selected", "revoke_selected"]
    RECORD = ("parties_notified_at", "announced_at", "revoked_at", "created_at")

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = VotingRightsTransferForm.Meta.fields
        return fields if obj is None else (*fields, *self.RECORD)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ()
        # An agreement as recorded stays; only its scanned copy may be added later.
        return tuple(f for f in self.get_fields(request, obj) if f != "document")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # revoke it instead: the record stays as evidence

    def save_model(
        self, request: HttpRequest, obj: VotingRightsTransfer, form: Any, change: bool
    ) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        created = services.transfer_record(
            transferor=obj.transferor,
            transferee=obj.transferee,
            basis=obj.basis,
            valid_from=obj.valid_from,
            valid_until=obj.valid_until,
            notified_on=obj.notified_on,
            document=obj.document,
            recorded_by=request.user,
        )
        obj.pk = created.pk
        obj._state.adding, obj._state.db = False, created._state.db

    def _each(
        self, request: HttpRequest, queryset: QuerySet, attempt: str, write: Any, done: str
    ) -> None:
        def apply(transfer: VotingRightsTransfer) -> None:
            with refusals_recorded(user=request.user, target=transfer, attempt=attempt):
                write(transfer)

        apply_to_each(request, queryset, apply, done=done)

    @admin.action(
        description=_("Announce the selected transfers at the next General Meeting"),
        permissions=["change"],
    )
    def announce_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._each(
            request,
            queryset,
            "transfer_announce",
            lambda transfer: services.transfer_announce(
                transfer=transfer, announced_by=request.user
            ),
            gettext("Transfers to announce at the next General Meeting: %(count)d."),
        )

    @admin.action(
        description=_("Tell both parties of the selected transfers again"),
        permissions=["change"],
    )
    def notify_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._each(
            request,
            queryset,
            "transfer_notify",
            lambda transfer: services.transfer_parties_notify_again(
                transfer=transfer, notified_by=request.user
            ),
            gettext("Transfers whose parties are being told: %(count)d."),
        )

    @admin.action(description=_("Revoke the selected transfers"), permissions=["change"])
    def revoke_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._each(
            request,
            queryset,
            "transfer_revoke",
            lambda transfer: services.transfer_revoke(transfer=transfer, revoked_by=request.user),
            gettext("Transfers revoked: %(count)d."),
        )
