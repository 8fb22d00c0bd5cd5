"""Reads of the events app: the public event list and archive, an event's page, the
registration behind a personal link, and what a person or library has registered.

Seat and waiting-list counts come from one aggregate per query (`Count(filter=…)`), never
from a loop, so the list runs the same number of queries for 2 events as for 200.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lrba.core.db import LithuanianOrder
from lrba.events.models import Event, Registration, Session
from lrba.members.models import Employment, Library, Person
from lrba.members.representatives import person_is_member

SEATED = Q(registrations__status__in=Registration.SEATED_STATUSES)
WAITING = Q(registrations__status=Registration.Status.WAITLISTED)


def with_counts(events: QuerySet[Event]) -> QuerySet[Event]:
    """Annotate `seats_taken` (confirmed + attended), `waitlist_count` and `seats_left`
    (None for no limit; may be below zero if the secretariat reduced the seats)."""
    return events.annotate(
        seats_taken=Count("registrations", filter=SEATED),
        waitlist_count=Count("registrations", filter=WAITING),
    ).annotate(seats_left=F("capacity") - F("seats_taken"))


def month_bounds(month: str) -> tuple[datetime.datetime, datetime.datetime] | None:
    """The start of month `YYYY-MM` and of the next one (Vilnius time); None if invalid."""
    try:
        first = datetime.datetime.strptime(month, "%Y-%m")
    except (TypeError, ValueError):
        return None
    if not 2000 <= first.year <= 2100:
        return None
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return timezone.make_aware(first), timezone.make_aware(following)


def event_list(
    *, kind: str = "", county: str = "", month: str = "", past: bool = False, counted: bool = True
) -> QuerySet[Event]:
    """Published events (cancelled ones too, marked as such): upcoming ones (not yet
    ended) soonest first, or the archive (ended) latest first. `county` is a county code,
    `month` is `YYYY-MM`; an empty or invalid filter filters nothing. With `counted`
    False the seat figures are left out (`seat_counts` reads them for one page)."""
    now = timezone.now()
    events = Event.objects.filter(status__in=[Event.Status.PUBLISHED, Event.Status.CANCELLED])
    if past:
        events = events.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    else:
        events = events.filter(ends_at__gte=now).order_by("starts_at", "pk")
    if kind:
        events = events.filter(kind=kind)
    if county:
        events = events.filter(municipality__county__code=county)
    bounds = month_bounds(month) if month else None
    if bounds:
        events = events.filter(starts_at__gte=bounds[0], starts_at__lt=bounds[1])
    events = events.select_related("municipality__county", "organiser")
    return with_counts(events) if counted else events


def events_for_feed(*, kind: str = "", county: str = "", days_back: int = 90) -> QuerySet[Event]:
    """The events of a calendar feed: upcoming ones and those of the last `days_back` days."""
    since = timezone.now() - datetime.timedelta(days=days_back)
    events = Event.objects.filter(
        status__in=[Event.Status.PUBLISHED, Event.Status.CANCELLED], ends_at__gte=since
    )
    if kind:
        events = events.filter(kind=kind)
    if county:
        events = events.filter(municipality__county__code=county)
    return events.select_related("municipality").order_by("starts_at", "pk")


@dataclass(frozen=True)
class EventDetail:
    event: Event
    sessions: list[Session]
    attachments: list
    partners: list[Library]

    @property
    def seats_left(self) -> int | None:
        left = self.event.seats_left  # type: ignore[attr-defined]
        return None if left is None else max(left, 0)


def event_detail(slug: str) -> EventDetail | None:
    """A published (or cancelled) event with its programme, attachments, partners and
    counts; None when there is no such public event."""
    event = (
        with_counts(
            Event.objects.filter(
                slug=slug, status__in=[Event.Status.PUBLISHED, Event.Status.CANCELLED]
            )
        )
        .select_related("municipality__county", "organiser")
        .prefetch_related(
            Prefetch("sessions", queryset=Session.objects.order_by("starts_at", "pk")),
            "attachments",
            Prefetch(
                "partner_libraries", queryset=Library.objects.order_by(LithuanianOrder("name"))
            ),
        )
        .first()
    )
    if event is None:
        return None
    return EventDetail(
        event=event,
        sessions=list(event.sessions.all()),
        attachments=list(event.attachments.all()),
        partners=list(event.partner_libraries.all()),
    )


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
    member (`lrba.members.representatives.person_is_member`) and nobody else.
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


def seat_counts(event_ids: list[int]) -> dict[int, tuple[int, int]]:
    """(seats taken, on the waiting list) of each of `event_ids`, in one query; events
    without registrations are left out (they have (0, 0))."""
    rows = (
        Registration.objects.filter(event_id__in=event_ids)
        .values("event_id")
        .annotate(
            taken=Count("pk", filter=Q(status__in=Registration.SEATED_STATUSES)),
            waiting=Count("pk", filter=Q(status=Registration.Status.WAITLISTED)),
        )
        .values_list("event_id", "taken", "waiting")
        .order_by()
    )
    return {event_id: (taken, waiting) for event_id, taken, waiting in rows}


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
