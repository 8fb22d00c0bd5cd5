"""The cache namespaces of the public event pages (see lrba.core.cache).

Registrations bump nothing: the seat figures a page shows are read live (one small query)
and put in its cache key, so a registration or a check-in never waits on a counter row,
and a page is rendered again only when its figures really changed.
"""

from collections.abc import Sequence

from django.db import connection

from lrba.core.cache import GEOGRAPHY, object_versions
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


def event_page_state(slug: str, statuses: Sequence[str]) -> tuple[int, ...] | None:
    """(the page's counters…, seats taken, waiting) of the event with `slug` and one of
    `statuses`, in one query; None when there is none."""
    registrations = connection.ops.quote_name(Registration._meta.db_table)
    seated = ", ".join(["%s"] * len(Registration.SEATED_STATUSES))
    count = f"(SELECT COUNT(*) FROM {registrations} r WHERE r.event_id = o.id AND r.status"
    found = object_versions(
        Event,
        where=f"o.slug = %s AND o.status IN ({', '.join(['%s'] * len(statuses))})",
        params=[slug, *statuses],
        prefix=EVENT_PREFIX,
        shared=(EVENT_PAGES, GEOGRAPHY),
        columns=f", {count} IN ({seated})), {count} = %s)",
        column_params=[*Registration.SEATED_STATUSES, Registration.Status.WAITLISTED],
    )
    if found is None:
        return None
    _event_id, counters, (taken, waiting) = found
    return (*counters, taken, waiting)
