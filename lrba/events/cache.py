"""The cache namespaces of the public event pages (see lrba.core.cache).

Registrations bump nothing: the seat figures a page shows are read live (one small query)
and put in its cache key, so a registration or a check-in never waits on a counter row,
and a page is rendered again only when its figures really changed.
"""

from django.db.models import Count, Q

from lrba.core.cache import GEOGRAPHY, object_namespace, version_of
from lrba.events.models import Event, Registration

# The event list: the listed events' own fields (title, dates, place, status) and the
# names of their organisers. Keys also hold lrba.core.cache.GEOGRAPHY (municipalities).
EVENTS = "events"
# Every event page at once: bulk loads that send no signals bump this.
EVENT_PAGES = "event-pages"
EVENT_PREFIX = "event"


def event_namespace(event_id: int) -> str:
    """One event's page: the event, its programme, attachments and partners."""
    return f"{EVENT_PREFIX}-{event_id}"


def event_page_state(slug: str, statuses: list[str]) -> tuple[int, ...] | None:
    """(pk, the page's counters…, seats taken, waiting) of the event with `slug` and one
    of `statuses`, in one query; None when there is none."""
    return (
        Event.objects.filter(slug=slug, status__in=statuses)
        .annotate(
            v_pages=version_of(EVENT_PAGES),
            v_geography=version_of(GEOGRAPHY),
            v_event=version_of(object_namespace(EVENT_PREFIX)),
            taken=Count(
                "registrations",
                filter=Q(registrations__status__in=Registration.SEATED_STATUSES),
            ),
            waiting=Count(
                "registrations", filter=Q(registrations__status=Registration.Status.WAITLISTED)
            ),
        )
        .values_list("pk", "v_pages", "v_geography", "v_event", "taken", "waiting")
        .first()
    )
