"""Reads about events: the public list and archive, the calendar feed, an event's page
and its seat counts.

Seat and waiting-list counts come from one aggregate per query (`Count(filter=…)`), never
from a loop, so the list runs the same number of queries for 2 events as for 200.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone

from lrba.core.db import LithuanianOrder
from lrba.events.models import Event, Registration, Session
from lrba.members.models import Library

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
