"""The public event list and archive, event pages and calendar feeds.

The list's filter form and results, and an event page's description, are the same for
every visitor: they are rendered once per content version (lrba.core.cache and
lrba.events.cache: the list's counter `events`, one counter per event page, bumped by
writes to the event, its programme, attachments and partners) and per hour, so an event
that has just ended leaves the upcoming list within the hour. Seat figures are read live
and are part of the cache key, so registrations bump no counter. The registration box on
an event page is personal and rendered per request.
"""

from typing import cast

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from lrba.accounts.access import staff_page
from lrba.core import cache
from lrba.core.downloads import download_response, file_download
from lrba.core.models import County
from lrba.core.pagination import paginate
from lrba.core.regions import page_regions, query_key, regions_response
from lrba.events import ical
from lrba.events.access import access_event_attachment
from lrba.events.cache import EVENTS, event_page_state
from lrba.events.forms import EventFilterForm
from lrba.events.models import Event
from lrba.events.selectors import events as event_selectors
from lrba.events.views.registration import registration_box_context

PER_PAGE = 20
LIST_PARAMETERS = ("kind", "county", "month", "page")
LIST_REGIONS = {"filters": "events/_event_filters.html", "results": "events/_event_results.html"}


def _hour() -> str:
    return timezone.localtime().strftime("%Y%m%d%H")


def _list_context(query: QueryDict, *, past: bool, site: str) -> dict[str, object]:
    """What the list's filter form and results show for `query`, but the seat figures
    (see `_list`)."""
    list_url = reverse("events:event_archive" if past else "events:event_list")
    counties = list(County.objects.all())
    form = EventFilterForm(query, counties=counties, past=past, list_url=list_url)
    filters, notes = form.parse()
    events = event_selectors.event_list(
        kind=filters["kind"],
        county=filters["county"],
        month=filters["month"],
        past=past,
        counted=False,  # `_list` adds the page's seat figures (those of its cache key)
    )
    page, page_note = paginate(query, events, PER_PAGE)
    if page_note:
        notes.append(page_note)
    query_string = QueryDict(mutable=True)
    query_string.update({key: value for key, value in filters.items() if value})
    feed_query = QueryDict(mutable=True)
    feed_query.update({k: v for k, v in filters.items() if v and k in ("kind", "county")})
    feed_path = reverse("events:event_feed") + (f"?{feed_query.urlencode()}" if feed_query else "")
    feed_url = site.rstrip("/") + feed_path
    return {
        "form": SimpleLazyObject(
            lambda: EventFilterForm(
                initial=filters, counties=counties, past=past, list_url=list_url
            )
        ),
        "list_url": list_url,
        "past": past,
        "filters": filters,
        "is_filtered": any(filters.values()),
        "notes": notes,
        "page_obj": page,
        "events": list(page.object_list),
        "query_string": query_string.urlencode(),
        "feed_path": feed_path,
        "feed_url": feed_url,
        "webcal_url": "webcal://" + feed_url.split("://", 1)[-1],
    }


def _with_seats(event: Event, taken: int, waiting: int) -> Event:
    event.seats_taken = taken  # type: ignore[attr-defined]
    event.waitlist_count = waiting  # type: ignore[attr-defined]
    event.seats_left = None if event.capacity is None else event.capacity - taken  # type: ignore[attr-defined]
    return event


def _list(request: HttpRequest, *, past: bool) -> HttpResponse:
    # The subscription address is shown for the host the visitor used.
    site = request.build_absolute_uri("/")
    parameters = query_key(request.GET, LIST_PARAMETERS, 40)
    # Which events a page lists changes with the events only (and the hour: an event that
    # has just ended leaves the upcoming list); their seat figures change with every
    # registration, so they are read live and are part of the regions' key.
    versions = cache.versions(EVENTS, cache.GEOGRAPHY)
    listing = (versions, "list", past, parameters, site, _hour())
    computed: dict[str, dict[str, object]] = {}

    def context() -> dict[str, object]:
        if "context" not in computed:
            computed["context"] = _list_context(request.GET, past=past, site=site)
        return computed["context"]

    def listed_ids() -> list[int]:
        return [event.pk for event in context()["events"]]  # type: ignore[attr-defined]

    event_ids = cache.cached_as((listing, "ids"), listed_ids)
    seats = event_selectors.seat_counts(event_ids) if event_ids and not past else {}

    def context_with_seats() -> dict[str, object]:
        events = context()["events"]
        # The figures of the key; an event listed since the ids were cached (the list
        # changed in between) gets its own, read now.
        unknown = [event.pk for event in events if event.pk not in event_ids]  # type: ignore[attr-defined]
        read_now = event_selectors.seat_counts(unknown) if unknown and not past else {}
        for event in events:  # type: ignore[attr-defined]
            _with_seats(event, *(seats.get(event.pk) or read_now.get(event.pk) or (0, 0)))
        return context()

    regions = page_regions(
        request,
        key=(listing, sorted(seats.items())),
        context=context_with_seats,
        templates=LIST_REGIONS,
        fragment="results",
    )
    return regions_response(
        request,
        regions,
        template="events/event_list.html",
        fragment="results",
        context={"past": past},
    )


@login_not_required
def event_list(request: HttpRequest) -> HttpResponse:
    return _list(request, past=False)


@login_not_required
def event_archive(request: HttpRequest) -> HttpResponse:
    return _list(request, past=True)


PUBLIC_STATUSES = [Event.Status.PUBLISHED, Event.Status.CANCELLED]


def _event_page(slug: str, taken: int, waiting: int) -> dict[str, object] | None:
    detail = event_selectors.event_detail(slug)
    if detail is None:
        return None
    # Rendered with the figures of the cache key, not re-read: the two could differ.
    _with_seats(detail.event, taken, waiting)
    context = {"detail": detail, "event": detail.event, "place": ical.location(detail.event)}
    return {
        "event": detail.event,
        "seats_left": detail.seats_left,
        "html": render_to_string("events/_event_detail.html", context),
    }


def event_page(slug: str) -> dict[str, object]:
    """The cached, impersonal part of an event's page; Http404 when there is no such event."""
    state = event_page_state(slug, PUBLIC_STATUSES)
    page = None
    if state is not None:
        *versions, taken, waiting = state
        key = (versions, "event", slug, taken, waiting, _hour())
        page = cache.cached_as(key, lambda: _event_page(slug, taken, waiting))
    if page is None:
        raise Http404(gettext("No event has this address."))
    return page


def render_event_page(
    request: HttpRequest, slug: str, *, form: object = None, status: int = 200
) -> HttpResponse:
    page = event_page(slug)
    event = cast(Event, page["event"])
    seats_left = cast(int | None, page["seats_left"])
    context = {
        "event": event,
        "content_html": mark_safe(page["html"]),  # rendered by our own template
        **registration_box_context(request, event, seats_left=seats_left, form=form),
    }
    return render(request, "events/event_detail.html", context, status=status)


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    return download_response(
        content, filename=filename, content_type="text/calendar; charset=utf-8"
    )


@login_not_required
def event_ics(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_page(slug)["event"]
    return _ics_response(ical.event_ics(event), f"{slug}.ics")  # type: ignore[arg-type]


@login_not_required
def event_feed(request: HttpRequest) -> HttpResponse:
    """A subscribable calendar of upcoming events (and the last 90 days), with the list's
    kind and county filters; unknown filter values are ignored, as on the list."""
    counties = list(County.objects.all())
    form = EventFilterForm(request.GET, counties=counties, past=False, list_url="")
    filters, _notes = form.parse()
    events = event_selectors.events_for_feed(kind=filters["kind"], county=filters["county"])
    name = gettext("LRBA events")
    content = cache.cached(
        (EVENTS, cache.GEOGRAPHY),
        ("feed", filters["kind"], filters["county"], _hour()),
        lambda: ical.events_feed_ics(events, name),
    )
    return download_response(
        content,
        filename="lrba-renginiai.ics",
        content_type="text/calendar; charset=utf-8",
        inline=True,
    )


@staff_page  # the back office's roles open a draft's files
@login_not_required
@require_GET
def attachment_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    """An event's attachment, after the access check (a draft's files stay hidden)."""
    attachment = access_event_attachment(request.user, pk)
    return file_download(attachment.file, private=attachment.event.status == Event.Status.DRAFT)
