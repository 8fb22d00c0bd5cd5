"""The public event list and archive, event pages and calendar feeds.

The list's filter form and results, and an event page's description, are the same for
every visitor: they are rendered once per content version (lrba.core.cache, namespace
`events`, bumped by every write to an event, its programme or its registrations) and
per hour, so an event that has just ended leaves the upcoming list within the hour.
The registration box on an event page is personal and rendered per request.
"""

from typing import cast

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from lrba.core.cache import cached
from lrba.core.models import County
from lrba.events import ical, selectors
from lrba.events.cache import EVENTS
from lrba.events.forms import EventFilterForm
from lrba.events.models import Event
from lrba.events.views.registration import registration_box_context
from lrba.members.views.directory import _page

PER_PAGE = 20
LIST_PARAMETERS = ("kind", "county", "month", "page")


def _hour() -> str:
    return timezone.localtime().strftime("%Y%m%d%H")


def _list_regions(query: QueryDict, *, past: bool, site: str) -> dict[str, str | bool]:
    list_url = reverse("events:event_archive" if past else "events:event_list")
    counties = list(County.objects.all())
    form = EventFilterForm(query, counties=counties, past=past, list_url=list_url)
    filters, notes = form.parse()
    events = selectors.event_list(
        kind=filters["kind"], county=filters["county"], month=filters["month"], past=past
    )
    page, page_note = _page(query, events, PER_PAGE)
    if page_note:
        notes.append(page_note)
    query_string = QueryDict(mutable=True)
    query_string.update({key: value for key, value in filters.items() if value})
    feed_query = QueryDict(mutable=True)
    feed_query.update({k: v for k, v in filters.items() if v and k in ("kind", "county")})
    feed_path = reverse("events:event_feed") + (f"?{feed_query.urlencode()}" if feed_query else "")
    feed_url = site.rstrip("/") + feed_path
    is_filtered = any(filters.values())
    context = {
        "form": EventFilterForm(initial=filters, counties=counties, past=past, list_url=list_url),
        "list_url": list_url,
        "past": past,
        "filters": filters,
        "is_filtered": is_filtered,
        "notes": notes,
        "page_obj": page,
        "events": page.object_list,
        "query_string": query_string.urlencode(),
        "feed_path": feed_path,
        "feed_url": feed_url,
        "webcal_url": "webcal://" + feed_url.split("://", 1)[-1],
    }
    return {
        "filters": render_to_string("events/_event_filters.html", context),
        "results": render_to_string("events/_event_results.html", context),
    }


def _list(request: HttpRequest, *, past: bool) -> HttpResponse:
    key = tuple(str(request.GET.get(name, ""))[:40] for name in LIST_PARAMETERS)
    # The subscription address is shown for the host the visitor used.
    site = request.build_absolute_uri("/")
    regions = cached(
        EVENTS,
        ("list", past, key, site, _hour()),
        lambda: _list_regions(request.GET, past=past, site=site),
    )
    if request.htmx and not request.htmx.history_restore_request:  # type: ignore[attr-defined]
        response = HttpResponse(regions["results"])
    else:
        context = {
            "past": past,
            "filters_html": mark_safe(regions["filters"]),  # rendered by our own template
            "results_html": mark_safe(regions["results"]),
        }
        response = render(request, "events/event_list.html", context)
    patch_vary_headers(response, ("HX-Request",))
    return response


@login_not_required
def event_list(request: HttpRequest) -> HttpResponse:
    return _list(request, past=False)


@login_not_required
def event_archive(request: HttpRequest) -> HttpResponse:
    return _list(request, past=True)


def _event_page(slug: str) -> dict[str, object] | None:
    detail = selectors.event_detail(slug)
    if detail is None:
        return None
    context = {"detail": detail, "event": detail.event, "place": ical.location(detail.event)}
    return {
        "event": detail.event,
        "seats_left": detail.seats_left,
        "html": render_to_string("events/_event_detail.html", context),
    }


def event_page(slug: str) -> dict[str, object]:
    """The cached, impersonal part of an event's page; Http404 when there is no such event."""
    (page,) = cached(EVENTS, ("event", slug, _hour()), lambda: [_event_page(slug)])
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
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


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
    events = selectors.events_for_feed(kind=filters["kind"], county=filters["county"])
    name = gettext("LRBA events")
    content = cached(
        EVENTS,
        ("feed", filters["kind"], filters["county"], _hour()),
        lambda: ical.events_feed_ics(events, name),
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="lrba-renginiai.ics"'
    return response
