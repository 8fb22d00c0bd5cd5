"""Polls in the back office: read only. A poll is created and run on its own pages
(`governance:poll_create`, `governance:poll_manage`), through the services, and its
result is computed when it closes — never typed in here. Secret ballots are not shown
in the back office at all: their receipts are published on the poll's receipts page once
it closes (docs/governance-secret-ballots.md)."""

from typing import Any

from auditlog.mixins import AuditlogHistoryAdminMixin
from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin, TabularInline
from unfold.decorators import display

from lrba.governance.models import Candidate, Poll, PollParticipation, Vote
from lrba.governance.selectors.voting import result_sentence


class ReadOnlyAdmin(ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class CandidateInline(TabularInline):
    model = Candidate
    fields = ("position", "person", "proposed_by")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Poll)
class PollAdmin(AuditlogHistoryAdminMixin, ReadOnlyAdmin):
    list_display = ("title", "meeting", "kind", "secrecy", "status", "adopted", "control_link")
    list_filter = ("status", "secrecy", "kind")
    search_fields = ("title", "item__title", "item__meeting__reference")
    list_select_related = ("item__meeting",)
    fields = (
        "item",
        "title",
        "kind",
        "secrecy",
        "allows_advance",
        "allows_electronic",
        "allows_in_room",
        "seats",
        "choices_per_voter",
        "status",
        "opened_at",
        "closed_at",
        "closed_by",
        "adopted",
        "result_text",
        "control_link",
    )
    readonly_fields = fields
    inlines = (CandidateInline,)

    @admin.display(boolean=True, description=_("adopted"))
    def adopted(self, obj: Poll) -> bool | None:
        return obj.adopted

    @display(description=_("meeting"))
    def meeting(self, poll: Poll) -> str:
        return poll.item.meeting.reference

    @display(description=_("result"))
    def result_text(self, poll: Poll) -> str:
        return result_sentence(poll) or "—"

    @display(description=_("control page"))
    def control_link(self, poll: Poll) -> str:
        url = reverse("governance:poll_manage", args=[poll.pk])
        return format_html('<a href="{}">{}</a>', url, _("Open"))


@admin.register(Vote)
class VoteAdmin(AuditlogHistoryAdminMixin, ReadOnlyAdmin):
    """Open polls' votes: who voted for which member, how, and what."""

    list_display = ("poll", "membership", "board_seat", "choice", "channel", "cast_by", "cast_at")
    list_filter = ("channel", "choice")
    search_fields = ("poll__title", "membership__library__name", "cast_by__email")
    list_select_related = ("poll", "membership__library", "membership__person", "cast_by")


@admin.register(PollParticipation)
class PollParticipationAdmin(ReadOnlyAdmin):
    """Who took part in a secret poll (not what they chose: that is nowhere near)."""

    list_display = ("poll", "membership", "board_seat", "channel")
    list_filter = ("channel",)
    search_fields = ("poll__title", "membership__library__name")
    list_select_related = ("poll", "membership__library", "membership__person")
