"""Writes to the members' shared calendar: a library publishes, changes and withdraws its
own events; the secretariat approves or refuses them when the calendar is moderated
(`MemberCalendarSettings.current().moderated`) and may hide a published one.

Who may publish for a library is checked here too (`by` None is the system, e.g. a feed
read by cron): the library must be a current member and `by` must act for it in the
calendar scope (`lrba.events.selectors.member_calendar.publishing_libraries`). Refusals
are `ValidationError`s (an end before the start names the `ends_at` field) or
`PermissionDenied`; nothing is saved then.

The iCalendar import (lrba.events.services.calendar_import) goes through these too:
`origin`, `uid`, `recurrence_id`, `source` and `cancelled` are for it.
"""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lrba.accounts.access import has_permission
from lrba.events.models import MemberCalendarSettings, MemberEvent
from lrba.events.selectors.member_calendar import is_member_library, may_publish_for
from lrba.members.models import Library

MODERATE_PERMISSION = "events.change_memberevent"
# What a library may set on its event (the rest is the calendar's own bookkeeping).
EDITABLE_FIELDS = (
    "title",
    "kind",
    "description",
    "starts_at",
    "ends_at",
    "all_day",
    "venue",
    "url",
)
IMPORT_FIELDS = ("origin", "uid", "recurrence_id", "source")


def _check_library(library: Library, by: Any) -> None:
    if not is_member_library(library):
        raise ValidationError(
            _("Only member libraries publish events in the shared calendar."),
            code="not_member",
        )
    if by is not None and not may_publish_for(by, library):
        raise PermissionDenied(_("You do not publish events for this library."))


def _apply(event: MemberEvent, fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(EDITABLE_FIELDS) - set(IMPORT_FIELDS) - {"cancelled"}
    if unknown:
        raise TypeError(f"unknown member event fields: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        if name != "cancelled":
            setattr(event, name, value)
    if event.all_day and event.starts_at and event.ends_at is None:
        event.ends_at = event.starts_at + datetime.timedelta(days=1)
    if event.starts_at and not event.ends_at:
        event.ends_at = event.starts_at + datetime.timedelta(hours=1)
    event.municipality_id = event.library.municipality_id
    event.full_clean(exclude=["library", "municipality", "created_by", "moderated_by", "source"])


def _initial_status(cancelled: bool) -> str:
    if cancelled:
        return MemberEvent.Status.CANCELLED
    if MemberCalendarSettings.current().moderated:
        return MemberEvent.Status.PENDING
    return MemberEvent.Status.PUBLISHED


def member_event_publish(*, library: Library, by: Any, **fields: Any) -> MemberEvent:
    """A new event of `library` in the shared calendar: published at once, or waiting for
    approval when the calendar is moderated (cancelled when imported as such)."""
    _check_library(library, by)
    if library.municipality_id is None:
        raise ValidationError(
            _("The library has no municipality in the register; ask the secretariat."),
            code="no_municipality",
        )
    cancelled = bool(fields.get("cancelled"))
    event = MemberEvent(library=library, created_by=by if by is not None else None)
    _apply(event, fields)
    event.status = _initial_status(cancelled)
    with transaction.atomic():
        event.save()
    return event


def member_event_update(*, event: MemberEvent, by: Any, **fields: Any) -> MemberEvent:
    """Change a library's event. A refused one goes back for approval (or is published
    when the calendar is not moderated); a withdrawn one cannot be changed."""
    _check_library(event.library, by)
    with transaction.atomic():
        locked = MemberEvent.objects.select_for_update().select_related("library").get(pk=event.pk)
        if locked.status == MemberEvent.Status.WITHDRAWN:
            raise ValidationError(
                _("This event was withdrawn; publish it again as a new one."), code="withdrawn"
            )
        cancelled = fields.pop("cancelled", None)
        _apply(locked, fields)
        if cancelled:
            locked.status = MemberEvent.Status.CANCELLED
        elif locked.status == MemberEvent.Status.REJECTED or (
            cancelled is False and locked.status == MemberEvent.Status.CANCELLED
        ):
            locked.status = _initial_status(False)
            locked.moderation_note = ""
        locked.save()
    return locked


def member_event_withdraw(*, event: MemberEvent, by: Any) -> MemberEvent:
    """Take the library's event out of the calendar (it stays in the library's list)."""
    _check_library(event.library, by)
    with transaction.atomic():
        locked = MemberEvent.objects.select_for_update().get(pk=event.pk)
        if locked.status == MemberEvent.Status.WITHDRAWN:
            raise ValidationError(_("This event is already withdrawn."), code="withdrawn")
        locked.status = MemberEvent.Status.WITHDRAWN
        locked.save(update_fields=["status", "updated_at"])
    return locked


def member_event_moderate(
    *, event: MemberEvent, approve: bool, note: str = "", by: Any
) -> MemberEvent:
    """The secretariat approves a waiting (or refused) event, or refuses a waiting one or
    hides a published one, saying why (`note`, shown to the library)."""
    if not has_permission(by, MODERATE_PERMISSION):
        raise PermissionDenied(_("Only the secretariat approves libraries' events."))
    note = note.strip()
    if not approve and not note:
        raise ValidationError(
            {"note": _("Say why the event is not approved; the library sees it.")},
            code="note_required",
        )
    with transaction.atomic():
        locked = MemberEvent.objects.select_for_update().get(pk=event.pk)
        allowed = (
            (MemberEvent.Status.PENDING, MemberEvent.Status.REJECTED)
            if approve
            else (MemberEvent.Status.PENDING, MemberEvent.Status.PUBLISHED)
        )
        if locked.status not in allowed:
            raise ValidationError(
                _("This event is %(status)s now; it was not changed.")
                % {"status": locked.get_status_display()},
                code="status",
            )
        locked.status = MemberEvent.Status.PUBLISHED if approve else MemberEvent.Status.REJECTED
        locked.moderation_note = "" if approve else note
        locked.moderated_by = by
        locked.moderated_at = timezone.now()
        locked.save()
    return locked
