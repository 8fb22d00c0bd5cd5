"""Reads about the members' shared calendar: the public list of member libraries' events
(and its feeds), one event, a library's own calendar, the moderation queue, and which
libraries a user may publish for.

The public list filters by municipality ids, not by a join to the county: the county is
turned into its municipalities' ids first (lrba.events.forms_member.places), so the
list's query uses the (municipality, status, starts_at) index, or (status, starts_at)
without a place; it counts at most COUNT_CAP events.
"""

import datetime
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from lrba.core.db import Folded
from lrba.core.text import fold
from lrba.events.models import MemberEvent
from lrba.events.selectors.events import month_bounds
from lrba.members.models import Library, Membership, StaffAuthorisation
from lrba.members.selectors.authorisations import acting_libraries

PUBLIC_STATUSES = (MemberEvent.Status.PUBLISHED, MemberEvent.Status.CANCELLED)
# The list counts at most this many events ("more than 1,000"): the count stops there
# instead of reading every upcoming event of the calendar.
COUNT_CAP = 1000
# Longer free-text queries are cut: the filter is a LIKE per field.
MAX_QUERY_LENGTH = 80


def current_member_libraries() -> QuerySet[Library]:
    """Libraries with a current membership, and branches of such libraries."""
    current = Membership.objects.current()
    return Library.objects.filter(
        Exists(current.filter(library=OuterRef("pk")))
        | Exists(current.filter(library=OuterRef("parent_id")))
    )


def is_member_library(library: Library) -> bool:
    return current_member_libraries().filter(pk=library.pk).exists()


def publishing_libraries(user: Any) -> QuerySet[Library]:
    """The current member libraries `user` publishes calendar events for: those they
    represent and those whose representative authorised them for the calendar."""
    return current_member_libraries().filter(
        pk__in=acting_libraries(user, StaffAuthorisation.Scope.CALENDAR).values("pk")
    )


def may_publish_for(user: Any, library: Library) -> bool:
    return publishing_libraries(user).filter(pk=library.pk).exists()


def member_event_list(
    *,
    municipality_ids: list[int] | None = None,
    kind: str = "",
    month: str = "",
    query: str = "",
    now: datetime.datetime | None = None,
) -> QuerySet[MemberEvent]:
    """Published member events that have not ended, soonest first (a cancelled one
    leaves the list; its page and the feeds say it is cancelled). One status, so the
    (status, starts_at) index gives them in order. `municipality_ids` None filters
    nothing (a county gives its municipalities' ids); `month` is `YYYY-MM`; `query`
    looks in the title, venue and library's name, whatever the case and diacritics."""
    now = now or timezone.now()
    events = MemberEvent.objects.filter(status=MemberEvent.Status.PUBLISHED, ends_at__gte=now)
    if municipality_ids is not None:
        events = events.filter(municipality_id__in=municipality_ids)
    if kind:
        events = events.filter(kind=kind)
    bounds = month_bounds(month) if month else None
    if bounds:
        events = events.filter(starts_at__gte=bounds[0], starts_at__lt=bounds[1])
    query = query.strip()[:MAX_QUERY_LENGTH]
    if query:
        # Case- and diacritic-insensitive on both databases: "siauliu" finds "Šiaulių".
        # Only the rows the other filters left are folded.
        word = fold(query)
        events = events.annotate(
            title_folded=Folded("title"),
            venue_folded=Folded("venue"),
            library_folded=Folded("library__name"),
        ).filter(
            Q(title_folded__contains=word)
            | Q(venue_folded__contains=word)
            | Q(library_folded__contains=word)
        )
    return events.select_related("library", "municipality__county").order_by("starts_at", "pk")


class CappedList:
    """A queryset for the paginator whose count stops at `cap` (`capped` then True): a
    COUNT over a LIMIT, so a list of ten thousand events counts a thousand rows."""

    def __init__(self, events: QuerySet[MemberEvent], cap: int = COUNT_CAP) -> None:
        self.events = events
        self.cap = cap
        self.capped = False
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            found = self.events.order_by()[: self.cap + 1].count()
            self.capped = found > self.cap
            self._count = min(found, self.cap)
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: Any) -> Any:
        return self.events[index]


def upcoming_member_events(limit: int = 5) -> list[MemberEvent]:
    """The next few published member events (for the association's event list)."""
    return list(
        MemberEvent.objects.filter(status=MemberEvent.Status.PUBLISHED, ends_at__gte=timezone.now())
        .select_related("library", "municipality")
        .order_by("starts_at", "pk")[:limit]
    )


def member_event_detail(pk: int) -> MemberEvent | None:
    """A published or cancelled member event; None for any other."""
    return (
        MemberEvent.objects.filter(pk=pk, status__in=PUBLIC_STATUSES)
        .select_related("library", "municipality__county")
        .first()
    )


def member_events_for_feed(
    *, municipality_ids: list[int] | None = None, days_back: int = 90
) -> QuerySet[MemberEvent]:
    """A feed's events: published or cancelled, upcoming and of the last `days_back` days."""
    since = timezone.now() - datetime.timedelta(days=days_back)
    events = MemberEvent.objects.filter(status__in=PUBLIC_STATUSES, ends_at__gte=since)
    if municipality_ids is not None:
        events = events.filter(municipality_id__in=municipality_ids)
    return events.select_related("library", "municipality").order_by("starts_at", "pk")


def library_member_events(library: Library, *, past: bool = False) -> QuerySet[MemberEvent]:
    """The library's own events in every status: upcoming soonest first, or past ones
    latest first."""
    events = MemberEvent.objects.filter(library=library).select_related("municipality")
    now = timezone.now()
    if past:
        return events.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    return events.filter(ends_at__gte=now).order_by("starts_at", "pk")


def pending_member_events() -> QuerySet[MemberEvent]:
    """Events waiting for the secretariat's approval, soonest first."""
    return (
        MemberEvent.objects.filter(status=MemberEvent.Status.PENDING)
        .select_related("library", "municipality__county", "created_by")
        .order_by("starts_at", "pk")
    )
