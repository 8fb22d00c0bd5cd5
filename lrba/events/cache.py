"""The cache namespaces of the public event pages (see lrba.core.cache).

Registrations bump nothing: the seat figures a page shows are read live (one small query)
and put in its cache key, so a registration or a check-in never waits on a counter row,
and a page is rendered again only when its figures really changed.
"""

from lrba.core.cache import GEOGRAPHY, versions
from lrba.events.models import Event
from lrba.events.selectors import seat_counts

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
    """(the page's counters…, seats taken, waiting) of the event with `slug` and one of
    `statuses`; None when there is none. Three simple queries: cheaper to build and run
    than one with a correlated subquery per counter."""
    event_id = (
        Event.objects.filter(slug=slug, status__in=statuses).values_list("pk", flat=True).first()
    )
    if event_id is None:
        return None
    taken, waiting = seat_counts([event_id]).get(event_id, (0, 0))
    return (*versions(EVENT_PAGES, GEOGRAPHY, event_namespace(event_id)), taken, waiting)
