"""The members' shared calendar, public side: member libraries' events with filters by
county, municipality, kind, month and words; one event's page; iCalendar feeds for all
and per county; a small "coming up" box for the association's event list; and the
secretariat's moderation queue.

The list is not cached: a visitor's filter combination is rarely asked twice, so it is
built by one COUNT and one page query on the indexes (see
lrba.events.selectors.member_calendar), which bench/calendar_bench measures uncached.
"""

from collections.abc import Mapping

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from lrba.accounts.access import has_permission, permission_require, staff_page
from lrba.core.downloads import download_response
from lrba.core.models import County
from lrba.core.pagination import paginate
from lrba.core.regions import regions_response, wants_fragment
from lrba.events import ical
from lrba.events.forms_member import MemberEventFilterForm, ModerationForm, places
from lrba.events.models import MemberEvent
from lrba.events.selectors import member_calendar as selectors
from lrba.events.services.member_events import MODERATE_PERMISSION, member_event_moderate

READ_PERMISSION = "events.view_memberevent"

PER_PAGE = 20
REGIONS = {
    "filters": "events/member/_filters.html",
    "results": "events/member/_results.html",
}


def _list_context(request: HttpRequest) -> dict[str, object]:
    list_url = reverse("events:member_event_list")
    known = places()
    form = MemberEventFilterForm(request.GET, places=known, list_url=list_url)
    filters, notes = form.parse()
    events = selectors.member_event_list(
        municipality_ids=form.municipality_ids(filters),
        kind=filters["kind"],
        month=filters["month"],
        query=filters["q"],
    )
    listed = selectors.CappedList(events)
    page, page_note = paginate(request.GET, listed, PER_PAGE)
    for event in page.object_list:
        event.local_starts = timezone.localtime(event.starts_at)
        event.local_ends = timezone.localtime(event.ends_at)
        event.multi_day = event.local_ends.date() != event.local_starts.date()
    if page_note:
        notes.append(page_note)
    query_string = QueryDict(mutable=True)
    query_string.update({key: value for key, value in filters.items() if value})
    site = request.build_absolute_uri("/").rstrip("/")
    if filters["county"]:
        feed_path = reverse("events:member_county_feed", args=[filters["county"]])
    else:
        feed_path = reverse("events:member_feed")
    return {
        "form": MemberEventFilterForm(initial=filters, places=known, list_url=list_url),
        "list_url": list_url,
        "filters": filters,
        "is_filtered": any(filters.values()),
        "notes": notes,
        "page_obj": page,
        "capped": listed.capped,
        "events": list(page.object_list),
        "query_string": query_string.urlencode(),
        "feed_path": feed_path,
        "feed_url": site + feed_path,
        "webcal_url": "webcal://" + (site + feed_path).split("://", 1)[-1],
        "county_feeds": [
            (name, reverse("events:member_county_feed", args=[code]))
            for code, name in known.counties
        ],
    }


@login_not_required
@require_GET
def member_event_list(request: HttpRequest) -> HttpResponse:
    context = _list_context(request)
    # htmx: a county change swaps the filters and results (the municipalities follow the
    # county); any other filter, or a page link, only the results.
    both = wants_fragment(request) and request.headers.get("HX-Target") == "member-calendar"
    names = ["results"] if wants_fragment(request) and not both else list(REGIONS)
    regions = {name: render_to_string(REGIONS[name], context) for name in names}
    if both:
        response = HttpResponse(
            render_to_string("events/member/_regions.html", {**context, **_html(regions)})
        )
        patch_vary_headers(response, ("HX-Request", "HX-Target"))
        return response
    response = regions_response(
        request, regions, template="events/member/list.html", fragment="results", context=context
    )
    patch_vary_headers(response, ("HX-Request", "HX-Target"))
    return response


def _html(regions: Mapping[str, str]) -> dict[str, object]:
    return {f"{name}_html": mark_safe(html) for name, html in regions.items()}


@login_not_required
@require_GET
def member_event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.member_event_detail(pk)
    if event is None:
        raise Http404(gettext("No library event has this address."))
    return render(request, "events/member/detail.html", {"event": event})


@login_not_required
@require_GET
def member_event_upcoming(request: HttpRequest) -> HttpResponse:
    """The "coming up in member libraries" box of the association's event list (loaded
    by htmx; without JavaScript the list links to the calendar instead)."""
    return render(
        request, "events/member/_upcoming.html", {"events": selectors.upcoming_member_events()}
    )


def _feed(events: object, name: str, filename: str) -> HttpResponse:
    content = ical.member_events_feed_ics(events, name)  # type: ignore[arg-type]
    return download_response(
        content, filename=filename, content_type="text/calendar; charset=utf-8", inline=True
    )


@login_not_required
@require_GET
def member_feed(request: HttpRequest) -> HttpResponse:
    return _feed(
        selectors.member_events_for_feed(),
        gettext("Events in member libraries"),
        "lrba-bibliotekose.ics",
    )


@login_not_required
@require_GET
def member_county_feed(request: HttpRequest, county: str) -> HttpResponse:
    found = County.objects.filter(code=county).first()
    if found is None:
        raise Http404(gettext("There is no such county."))
    ids = list(found.municipalities.values_list("pk", flat=True))
    name = gettext("Events in member libraries: %(county)s") % {"county": found.name}
    return _feed(selectors.member_events_for_feed(municipality_ids=ids), name, f"lrba-{county}.ics")


@staff_page
@require_GET
def member_event_moderation(request: HttpRequest) -> HttpResponse:
    """The events waiting for approval: the secretariat approves or refuses them, the
    auditor reads the queue."""
    permission_require(
        request.user,
        READ_PERMISSION,
        gettext("Only the secretariat and the auditor see the events waiting for approval."),
    )
    page, note = paginate(request.GET, selectors.pending_member_events(), PER_PAGE)
    return render(
        request,
        "events/member/moderation.html",
        {
            "page_obj": page,
            "events": list(page.object_list),
            "notes": [note] if note else [],
            "may_moderate": has_permission(request.user, MODERATE_PERMISSION),
        },
    )


@staff_page
@require_POST
def member_event_moderate_view(request: HttpRequest, pk: int) -> HttpResponse:
    permission_require(
        request.user,
        MODERATE_PERMISSION,
        gettext("Only the secretariat approves libraries' events."),
    )
    event = get_object_or_404(MemberEvent, pk=pk)
    form = ModerationForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    approve = request.POST.get("decision") == "approve"
    try:
        member_event_moderate(
            event=event,
            approve=approve,
            note=note,
            by=request.user,
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, f"{event.title}: {message}")
    else:
        if approve:
            messages.success(request, gettext("Approved: %(title)s") % {"title": event.title})
        else:
            messages.success(request, gettext("Not approved: %(title)s") % {"title": event.title})
    return redirect("events:member_event_moderation")


urlpatterns = [
    path("bibliotekose/", member_event_list, name="member_event_list"),
    path("bibliotekose/kalendorius.ics", member_feed, name="member_feed"),
    path("bibliotekose/artimiausi/", member_event_upcoming, name="member_event_upcoming"),
    path("bibliotekose/tvarkymas/", member_event_moderation, name="member_event_moderation"),
    path(
        "bibliotekose/tvarkymas/<int:pk>/",
        member_event_moderate_view,
        name="member_event_moderate",
    ),
    path("bibliotekose/<int:pk>/", member_event_detail, name="member_event_detail"),
    path("bibliotekose/<slug:county>.ics", member_county_feed, name="member_county_feed"),
]
