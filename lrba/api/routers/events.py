"""Public events: the list with the events page's filters (upcoming soonest first, or the
archive latest first) and an event with its programme, seats and whether it takes
registrations. Drafts are never shown (the events selectors decide, as for the pages)."""

import copy
import functools
from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Query, Router
from ninja.pagination import paginate

from lrba.api.auth import PUBLIC
from lrba.api.pagination import Pagination
from lrba.api.routers.directory import MAX_CACHED_QUERY, form_refusal, slug_for
from lrba.api.schemas.events import EventDetailOut, EventFilters, EventOut
from lrba.core import cache
from lrba.core.models import County
from lrba.events.cache import EVENTS
from lrba.events.forms import EventFilterForm
from lrba.events.models import Event
from lrba.events.selectors import events as selectors

router = Router(tags=["events"])


@functools.lru_cache(maxsize=4)
def _counties(versions: tuple[int, ...]) -> list[County]:
    """The county filter's choices, kept in this process per version of the geography."""
    return list(County.objects.all())


def _cached_with_live_seats(view: Callable[..., Any]) -> Callable[..., Any]:
    """A page of the list kept as the events page keeps its list: per version of the
    events and the geography and per hour (an event that has just ended leaves the
    upcoming list within the hour), per host and query string (the page links repeat
    both) and language. Seat figures change with every registration: they are read live
    for the page's events (one query), never kept. A refusal (422) is never kept; an
    over-long query string is not kept either, so junk cannot fill the cache."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, **kwargs: Any) -> Any:
        query = request.META.get("QUERY_STRING", "")
        if len(query) > MAX_CACHED_QUERY:
            page = view(request, **kwargs)
        else:
            versions = cache.versions(EVENTS, cache.GEOGRAPHY)
            hour = timezone.localtime().strftime("%Y%m%d%H")
            key = (versions, "api-event-list", hour, request.get_host(), query)
            page = cache.cached_as(key, lambda: view(request, **kwargs))
        # Copies: the kept events are shared by every request of this process.
        events = [copy.copy(event) for event in page["items"]]
        seats = selectors.seat_counts([event.pk for event in events]) if events else {}
        for event in events:
            taken, waiting = seats.get(event.pk, (0, 0))
            event.seats_taken = taken
            event.waitlist_count = waiting
            event.seats_left = None if event.capacity is None else event.capacity - taken
        return {**page, "items": events}

    return wrapped


@router.get("/", auth=PUBLIC, response=list[EventOut], url_name="event_list", summary="Events")
@_cached_with_live_seats
@paginate(Pagination)
def event_list(request: HttpRequest, filters: Query[EventFilters]) -> Any:
    """The association's published events (cancelled ones too, marked), with the events
    page's filters: upcoming ones soonest first, or with `past` the archive."""
    query = {
        "kind": filters.kind.value if filters.kind else "",
        "county": filters.county,
        "month": filters.month,
    }
    list_url = reverse("events:event_archive" if filters.past else "events:event_list")
    counties = _counties(cache.versions(cache.GEOGRAPHY))
    form = EventFilterForm(query, counties=counties, past=filters.past, list_url=list_url)
    if not form.is_valid():
        raise form_refusal(form)
    found, _notes = form.parse()
    return selectors.event_list(
        kind=found["kind"],
        county=found["county"],
        month=found["month"],
        past=filters.past,
        counted=False,  # `_cached_with_live_seats` reads the page's seat figures
    )


@router.get(
    "/{id_or_slug}",
    auth=PUBLIC,
    response=EventDetailOut,
    url_name="event_detail",
    summary="An event",
)
def event_detail(request: HttpRequest, id_or_slug: str) -> Any:
    """An event as its page shows it, by id or by the slug of its page's address: the
    programme, attachments, partner libraries, seats left and whether it takes
    registrations now."""
    slug = slug_for(Event, id_or_slug)
    detail = selectors.event_detail(slug) if slug else None
    if detail is None:
        raise Http404
    event = detail.event
    event.detail = detail  # type: ignore[attr-defined]
    return event
