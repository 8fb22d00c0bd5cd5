"""Reads about registrations: the one behind a personal link, who may register (one
answer for the page and the service), a library's colleagues and "My registrations"."""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lrba.core.db import LithuanianOrder
from lrba.events.models import Event, Registration
from lrba.members.models import Employment, Library, Person
from lrba.members.selectors.representatives import person_is_member


def registration_for_token(token: str) -> Registration | None:
    if not token or len(token) > 64:
        return None
    return Registration.objects.select_related("event__municipality").filter(token=token).first()


def waitlist_position(registration: Registration) -> int | None:
    """1 for the first in line; None when the registration is not waiting."""
    if registration.status != Registration.Status.WAITLISTED:
        return None
    ahead = Registration.objects.filter(
        event_id=registration.event_id, status=Registration.Status.WAITLISTED
    ).filter(
        Q(created_at__lt=registration.created_at)
        | Q(created_at=registration.created_at, pk__lt=registration.pk)
    )
    return ahead.count() + 1


def event_for_registration(pk: int) -> Event | None:
    """The event a person asks to register for by its number (the API): one whose page is
    public (published or cancelled; the service then says why a cancelled one is refused),
    None for a draft or no such event, so a draft's number tells nothing."""
    return (
        Event.objects.filter(pk=pk, status__in=[Event.Status.PUBLISHED, Event.Status.CANCELLED])
        .select_related("municipality")
        .first()
    )


def open_registration_for(*, event: Event, person: Person | None) -> Registration | None:
    if person is None:
        return None
    return (
        Registration.objects.filter(
            event=event, person=person, status__in=Registration.OPEN_STATUSES
        )
        .order_by("-created_at")
        .first()
    )


def person_for_user(user: Any) -> Person | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Person.objects.filter(user=user).first()


def current_employment(person: Person) -> Employment | None:
    """The person's current job (the earliest-started one if several): which library a
    registration counts against."""
    return (
        Employment.objects.current()
        .filter(person=person)
        .select_related("library")
        .order_by("start_date", "pk")
        .first()
    )


def _local(moment: Any) -> str:
    return date_format(timezone.localtime(moment), "Y-m-d H:i")


def registration_closure(*, event: Event, now: Any = None) -> ValidationError | None:
    """Why `event` takes no registrations at `now` (an error to show or raise), or None
    when it is open."""
    now = now or timezone.now()
    if event.status == Event.Status.CANCELLED:
        return ValidationError(_("This event has been cancelled."), code="cancelled")
    if event.status != Event.Status.PUBLISHED:
        return ValidationError(_("This event is not open for registration."), code="unpublished")
    if now >= event.starts_at:
        return ValidationError(_("This event has already started."), code="started")
    if event.registration_opens_at and now < event.registration_opens_at:
        return ValidationError(
            _("Registration opens on %(when)s.") % {"when": _local(event.registration_opens_at)},
            code="not_open",
        )
    if event.registration_closes_at and now > event.registration_closes_at:
        return ValidationError(
            _("Registration closed on %(when)s.") % {"when": _local(event.registration_closes_at)},
            code="closed",
        )
    return None


def registration_refusal(
    *, event: Event, person: Person | None, now: Any = None
) -> ValidationError | None:
    """Why `person` may not register for `event` now, or None when they may; `person` is
    None for a visitor without a person in the register (the public form).

    The one answer to "who may register": the event page shows it and
    `registration_create` enforces it. A members-only event takes whoever belongs to a
    member (`lrba.members.selectors.representatives.person_is_member`) and nobody else.
    """
    closure = registration_closure(event=event, now=now)
    if closure is not None:
        return closure
    if event.audience == Event.Audience.MEMBERS and not person_is_member(person):
        return ValidationError(
            _(
                "Only members of the association and staff of member libraries may "
                "register for this event."
            ),
            code="members_only",
        )
    return None


@dataclass(frozen=True)
class ColleagueRow:
    employment: Employment
    registration: Registration | None


def colleagues_for_event(*, event: Event, library: Library) -> list[ColleagueRow]:
    """A library's current employees (Lithuanian order), each with their open registration
    for `event`, if any. Two queries."""
    employments = list(
        Employment.objects.current()
        .filter(library=library)
        .select_related("person")
        .order_by(LithuanianOrder("person__last_name"), LithuanianOrder("person__first_name"))
    )
    registrations = {
        r.person_id: r
        for r in Registration.objects.filter(
            event=event,
            person_id__in=[e.person_id for e in employments],
            status__in=Registration.OPEN_STATUSES,
        )
    }
    seen: set[int] = set()
    rows = []
    for employment in employments:
        if employment.person_id in seen:  # two jobs in the same library
            continue
        seen.add(employment.person_id)
        rows.append(ColleagueRow(employment, registrations.get(employment.person_id)))
    return rows


def colleague_person_ids(*, library: Library, person_ids: list[int]) -> list[int]:
    """Which of `person_ids` work in `library` now."""
    return list(
        Employment.objects.current()
        .filter(library=library, person_id__in=person_ids)
        .values_list("person_id", flat=True)
        .distinct()
    )


def registrations_of_user_filter(user: Any) -> Q:
    """Registrations that are `user`'s own: those of their Person in the register, and
    those they made through the public form while signed in without one."""
    mine = Q(person__isnull=True, registered_by=user)
    person = person_for_user(user)
    if person is not None:
        mine |= Q(person=person)
    return mine


@dataclass
class MyRegistrations:
    upcoming: list[Registration]
    past: list[Registration]


def registrations_of_user(user: Any, *, now: Any = None) -> MyRegistrations:
    """A signed-in person's registrations in every status, split by whether the event has
    ended: the upcoming ones soonest first, the past ones latest first."""
    now = now or timezone.now()
    registrations = Registration.objects.filter(registrations_of_user_filter(user)).select_related(
        "event__municipality"
    )
    return MyRegistrations(
        upcoming=list(
            registrations.filter(event__ends_at__gte=now).order_by("event__starts_at", "pk")
        ),
        past=list(
            registrations.filter(event__ends_at__lt=now).order_by("-event__starts_at", "-pk")
        ),
    )
