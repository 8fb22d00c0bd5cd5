"""On the day: marking who arrived at the registration desk, and undoing a mistake.

Both writes lock the registration row, so two staff phones tapping the same person (or
one tapping twice) leave one check-in with one time and one name on it.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lrba.core.audit import acting_as
from lrba.events.models import Event, Registration


@dataclass(frozen=True)
class CheckIn:
    registration: Registration
    # False when the person had already been checked in: nothing was changed.
    is_new: bool


def _locked(registration: Registration) -> Registration:
    # of=("self",): lock the registration only, not the event joined for the messages.
    return (
        Registration.objects.select_for_update(of=("self",))
        .select_related("event")
        .get(pk=registration.pk)
    )


def _refuse_other_event(registration: Registration, event: Event) -> None:
    if registration.event_id != event.pk:
        raise ValidationError(
            _("This registration is for another event: %(event)s. Nothing was changed.")
            % {"event": registration.event.title},
            code="other_event",
        )


@transaction.atomic
def registration_check_in(*, registration: Registration, event: Event, by: Any) -> CheckIn:
    """Mark `registration` as attended at `event`, now, by the staff member `by`.

    Refuses (ValidationError, nothing changed) a registration of another event, of a
    cancelled event, and one that is cancelled or waitlisted. Checking in someone already
    checked in changes nothing and returns `is_new=False`, so a double tap is harmless.
    """
    registration = _locked(registration)
    _refuse_other_event(registration, event)
    if registration.event.status == Event.Status.CANCELLED:
        raise ValidationError(_("This event was cancelled."), code="event_cancelled")
    if registration.status == Registration.Status.ATTENDED:
        return CheckIn(registration=registration, is_new=False)
    if registration.status != Registration.Status.CONFIRMED:
        raise ValidationError(
            _("%(name)s's registration is not confirmed (%(status)s): check in refused.")
            % {"name": registration.full_name, "status": registration.get_status_display()},
            code="not_confirmed",
        )
    registration.status = Registration.Status.ATTENDED
    registration.checked_in_at = timezone.now()
    registration.checked_in_by = by
    registration.full_clean()
    with acting_as(by):
        registration.save(update_fields=["status", "checked_in_at", "checked_in_by"])
    return CheckIn(registration=registration, is_new=True)


@transaction.atomic
def registration_undo_check_in(
    *, registration: Registration, event: Event, by: Any
) -> Registration:
    """Put a check-in made by mistake back: the registration is confirmed again."""
    registration = _locked(registration)
    _refuse_other_event(registration, event)
    if registration.status != Registration.Status.ATTENDED:
        raise ValidationError(
            _("%(name)s has not been checked in: nothing to undo.")
            % {"name": registration.full_name},
            code="not_checked_in",
        )
    registration.status = Registration.Status.CONFIRMED
    registration.checked_in_at = None
    registration.checked_in_by = None
    registration.full_clean()
    with acting_as(by):
        registration.save(update_fields=["status", "checked_in_at", "checked_in_by"])
    return registration


def checked_in_message(check_in: CheckIn) -> str:
    """What the desk sees after a tap: arrived now, or when they had arrived."""
    registration = check_in.registration
    if check_in.is_new:
        return _("%(name)s: arrived.") % {"name": registration.full_name}
    if registration.checked_in_at is None:  # marked attended in the back office
        return _("%(name)s was already checked in.") % {"name": registration.full_name}
    when = timezone.localtime(registration.checked_in_at)
    return _("%(name)s was already checked in at %(time)s.") % {
        "name": registration.full_name,
        "time": date_format(when, "H:i"),
    }
