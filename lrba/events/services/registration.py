"""Registration for events: seats, the waiting list, cancellation and promotion.

Every write that moves a seat first locks the event row (`_lock_event`), then counts:
two people registering for the last seat at the same moment are served one after the
other, so the second lands on the waiting list instead of overbooking the event. On
SQLite the IMMEDIATE transaction mode (settings) already serialises writers; on
PostgreSQL the row lock does. E-mails go out after commit, never from inside.
"""

from dataclasses import dataclass
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lrba.accounts.access import has_permission
from lrba.events import tasks
from lrba.events.models import Event, Registration
from lrba.events.selectors import registrations as registration_selectors
from lrba.members.models import Library, Person


def _lock_event(event: Event) -> Event:
    """The event re-read under a row lock (SELECT … FOR UPDATE): call at the start of
    every transaction that changes who holds a seat."""
    return Event.objects.select_for_update().get(pk=event.pk)


def _may_override_deadlines(user: Any) -> bool:
    # Whoever may change registrations (the secretariat) cancels after the deadline too.
    return has_permission(user, "events.change_registration")


def _local(moment: Any) -> str:
    return date_format(timezone.localtime(moment), "Y-m-d H:i")


def registration_check_open(*, event: Event, now: Any = None) -> None:
    """Raise ValidationError unless `event` takes registrations at `now`."""
    closure = registration_selectors.registration_closure(event=event, now=now)
    if closure is not None:
        raise closure


def _seats_taken(event: Event, library: Library | None = None) -> int:
    registrations = Registration.objects.filter(
        event=event, status__in=Registration.SEATED_STATUSES
    )
    if library is not None:
        registrations = registrations.filter(library=library)
    return registrations.count()


def _has_seat_for(event: Event, library: Library | None) -> bool:
    """Whether one more person (of `library`) fits. Call while holding the event lock."""
    if event.capacity is not None and _seats_taken(event) >= event.capacity:
        return False
    return not (
        library is not None
        and event.per_library_limit is not None
        and _seats_taken(event, library) >= event.per_library_limit
    )


@transaction.atomic
def registration_create(
    *,
    event: Event,
    first_name: str,
    last_name: str,
    email: str,
    institution: str = "",
    person: Person | None = None,
    library: Library | None = None,
    registered_by: Any = None,
    language: str,
) -> Registration:
    """Register one participant: a seat if one is free (and their library is under its
    limit), else a place on the waiting list. Raises ValidationError, writing nothing,
    when the event does not take this registration."""
    event = _lock_event(event)
    refusal = registration_selectors.registration_refusal(event=event, person=person)
    if refusal is not None:
        raise refusal
    email = email.strip()
    duplicate = Q(email__iexact=email)
    if person is not None:
        duplicate |= Q(person=person)
    if Registration.objects.filter(
        duplicate, event=event, status__in=Registration.OPEN_STATUSES
    ).exists():
        raise ValidationError(
            _("%(name)s is already registered for this event.")
            % {"name": f"{first_name} {last_name}".strip() or email},
            code="duplicate",
        )
    if person is not None and library is None:
        employment = registration_selectors.current_employment(person)
        library = employment.library if employment else None
    if library is not None and not institution:
        institution = library.name
    seated = _has_seat_for(event, library)
    registration = Registration(
        event=event,
        person=person,
        library=library,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=email,
        institution=institution.strip(),
        status=Registration.Status.CONFIRMED if seated else Registration.Status.WAITLISTED,
        language=language if language in ("lt", "en") else "lt",
        registered_by=registered_by if getattr(registered_by, "pk", None) else None,
    )
    # The checks above cover the constraints (under the lock); skip the repeated queries.
    registration.full_clean(validate_constraints=False, validate_unique=False)
    registration.save()
    transaction.on_commit(
        lambda: tasks.send_registration_confirmation.enqueue(registration_id=registration.pk)
    )
    return registration


def registration_create_for_person(
    *, event: Event, person: Person, user: Any, language: str
) -> Registration:
    """A signed-in person in the register registers themself (the event page's one click,
    the API's POST /me/registrations/): their names and e-mail come from the register."""
    return registration_create(
        event=event,
        first_name=person.first_name,
        last_name=person.last_name,
        email=person.email or getattr(user, "email", ""),
        person=person,
        registered_by=user,
        language=language,
    )


def registration_create_from_form(
    *, event: Event, details: dict[str, Any], user: Any, language: str
) -> Registration:
    """A visitor without a person in the register registers with the public form's
    cleaned details (`lrba.events.forms.PublicRegistrationForm`)."""
    return registration_create(
        event=event,
        first_name=details["first_name"],
        last_name=details["last_name"],
        email=details["email"],
        institution=details.get("institution", ""),
        registered_by=user if getattr(user, "is_authenticated", False) else None,
        language=language,
    )


@dataclass(frozen=True)
class ColleagueResult:
    person: Person
    registration: Registration | None
    error: str = ""

    @property
    def outcome(self) -> str:
        """`confirmed`, `waitlisted` or `refused`."""
        return self.registration.status if self.registration else "refused"


@transaction.atomic
def registrations_create_for_colleagues(
    *, event: Event, library: Library, people: list[Person], registered_by: Any
) -> list[ColleagueResult]:
    """A library representative registers several colleagues at once.

    The caller checks that `registered_by` may act for `library`. Each person is
    registered in a savepoint of their own and in the order given: one refusal (already
    registered, not an employee) does not undo the others; the result says, per person,
    what happened. Everyone counts against `library`'s seat limit.
    """
    employees = set(
        registration_selectors.colleague_person_ids(
            library=library, person_ids=[p.pk for p in people]
        )
    )
    language = getattr(registered_by, "language", "") or "lt"
    results = []
    for person in people:
        if person.pk not in employees:
            results.append(
                ColleagueResult(
                    person,
                    None,
                    _("%(name)s does not work in this library now.") % {"name": person.full_name},
                )
            )
            continue
        if not person.email:
            results.append(
                ColleagueResult(
                    person,
                    None,
                    _("%(name)s has no e-mail address in the register.")
                    % {"name": person.full_name},
                )
            )
            continue
        person_language = getattr(person.user, "language", "") if person.user_id else ""
        try:
            registration = registration_create(
                event=event,
                first_name=person.first_name,
                last_name=person.last_name,
                email=person.email,
                person=person,
                library=library,
                registered_by=registered_by,
                language=person_language or language,
            )
        except ValidationError as error:
            results.append(ColleagueResult(person, None, " ".join(error.messages)))
        else:
            results.append(ColleagueResult(person, registration))
    return results


def _promote_waiting(event: Event) -> list[Registration]:
    """Give free seats to the waiting list, first come first served; a waiting person
    whose library is at its limit is skipped (keeps their place), the next one is
    considered. Call while holding the event lock."""
    promoted: list[Registration] = []
    waiting = Registration.objects.filter(
        event=event, status=Registration.Status.WAITLISTED
    ).order_by("created_at", "pk")
    for registration in waiting.select_related("library"):
        if event.capacity is not None and _seats_taken(event) >= event.capacity:
            break
        if not _has_seat_for(event, registration.library):
            continue
        registration.status = Registration.Status.CONFIRMED
        registration.promoted_at = timezone.now()
        registration.save(update_fields=["status", "promoted_at"])
        promoted.append(registration)
    for registration in promoted:
        transaction.on_commit(
            partial(tasks.send_promotion_notice.enqueue, registration_id=registration.pk)
        )
    return promoted


def _more_seats(before: int | None, after: int | None) -> bool:
    """Whether a seat limit grew (None is no limit, the most there can be)."""
    if before is None:
        return False
    return after is None or after > before


@dataclass(frozen=True)
class EventUpdate:
    event: Event
    # Waiting registrations that got a seat because the limits grew.
    promoted: list[Registration]


@transaction.atomic
def event_update(*, event: Event, changes: dict[str, Any]) -> EventUpdate:
    """Change an event's fields (`changes`: field name → new value) and, when the seats
    grow (capacity or the per-library limit raised or lifted), move the waiting list up.

    Takes the event's row lock (SELECT … FOR UPDATE) before reading the old limits, so a
    change of capacity and a registration for the last seat are served one after the
    other: nobody is seated twice and nobody waits while a seat stands free.
    """
    locked = _lock_event(event)
    before = (locked.capacity, locked.per_library_limit)
    for name, value in changes.items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.save()
    grew = _more_seats(before[0], locked.capacity) or _more_seats(
        before[1], locked.per_library_limit
    )
    promoted: list[Registration] = []
    if grew and locked.status == Event.Status.PUBLISHED and timezone.now() < locked.ends_at:
        promoted = _promote_waiting(locked)
    return EventUpdate(event=locked, promoted=promoted)


@transaction.atomic
def waitlist_promote(*, event: Event) -> list[Registration]:
    """Fill free seats from the waiting list (after the secretariat adds seats)."""
    event = _lock_event(event)
    if event.status != Event.Status.PUBLISHED or timezone.now() >= event.ends_at:
        return []
    return _promote_waiting(event)


@transaction.atomic
def registration_cancel(*, registration: Registration, by: Any = None) -> Registration:
    """Cancel a registration (by its holder through the personal link, or by staff).

    Refused after the event's cancellation deadline unless `by` is staff. A freed seat
    goes at once to the first waiting person who fits, in the same transaction.
    """
    event = _lock_event(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == Registration.Status.CANCELLED:
        raise ValidationError(_("This registration is already cancelled."), code="cancelled")
    if registration.status == Registration.Status.ATTENDED:
        raise ValidationError(
            _("This participant has already attended; the registration cannot be cancelled."),
            code="attended",
        )
    now = timezone.now()
    if not _may_override_deadlines(by):
        if event.cancellation_deadline and now > event.cancellation_deadline:
            raise ValidationError(
                _(
                    "Registrations could be cancelled until %(when)s. Please write to the "
                    "organisers."
                )
                % {"when": _local(event.cancellation_deadline)},
                code="deadline",
            )
        if now >= event.starts_at:
            raise ValidationError(_("This event has already started."), code="started")
    was_seated = registration.status in Registration.SEATED_STATUSES
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = now
    registration.save(update_fields=["status", "cancelled_at"])
    if was_seated and event.status == Event.Status.PUBLISHED:
        _promote_waiting(event)
    transaction.on_commit(
        lambda: tasks.send_cancellation_notice.enqueue(registration_id=registration.pk)
    )
    return registration


@transaction.atomic
def event_cancel(*, event: Event, reason: str, by: Any = None) -> Event:
    """Call the event off: it stays on the site marked cancelled, and everyone registered
    (confirmed or waiting) is told why. Registrations keep their status as a record."""
    event = _lock_event(event)
    if event.status == Event.Status.CANCELLED:
        raise ValidationError(_("This event is already cancelled."), code="cancelled")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the event is cancelled.")}, code="required")
    event.status = Event.Status.CANCELLED
    event.cancelled_reason = reason
    event.save(update_fields=["status", "cancelled_reason", "updated_at"])
    ids = list(
        Registration.objects.filter(event=event, status__in=Registration.OPEN_STATUSES)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)
    )
    for pk in ids:
        transaction.on_commit(
            partial(tasks.send_event_cancelled_notice.enqueue, registration_id=pk)
        )
    return event


def event_check_deletable(*, event: Event) -> None:
    """An event anyone registered for is never deleted (the registrations are a record):
    it is cancelled instead."""
    if event.pk and Registration.objects.filter(event=event).exists():
        raise ValidationError(
            _("People have registered for this event, so it cannot be deleted. Cancel it instead."),
            code="has_registrations",
        )


@transaction.atomic
def event_delete(*, event: Event) -> None:
    event = _lock_event(event)
    event_check_deletable(event=event)
    event.delete()
