"""The registration desk on the day, and the papers and lists staff take to it.

Staff work the desk on phones: the page searches as you type (htmx), marks a person in
one tap and swaps only that row; without JavaScript the same forms post and come back to
the same search. A participant's QR code opens `checkin_scan`: the desk's page for
staff, the participant's own registration page for anyone else.
"""

from collections.abc import Sequence
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lrba.accounts.access import staff_page
from lrba.core.downloads import download_response
from lrba.core.pdf import render_pdf
from lrba.core.tables import table_response
from lrba.events import exports
from lrba.events.access import access_event_for_desk, access_rw_event_for_desk, may_work_event_desk
from lrba.events.models import Event, Registration
from lrba.events.selectors.attendance import (
    checkin_arrived,
    checkin_counts,
    checkin_expected,
    participant_list,
)
from lrba.events.services.attendance import (
    checked_in_message,
    registration_check_in,
    registration_undo_check_in,
)

# The event whose desk a staff member opened last: a scanned code of another event's
# participant is then refused instead of checked in at the wrong door.
DESK_SESSION_KEY = "events_checkin_event"
SEARCH_MAX_LENGTH = 100


def _query(request: HttpRequest) -> str:
    source = request.POST if request.method == "POST" else request.GET
    return source.get("q", "").strip()[:SEARCH_MAX_LENGTH]


def _desk_url(event: Event, query: str) -> str:
    url = reverse("events:checkin", kwargs={"slug": event.slug})
    return f"{url}?{urlencode({'q': query})}" if query else url


@staff_page
@require_GET
def checkin(request: HttpRequest, slug: str) -> HttpResponse:
    event = access_rw_event_for_desk(request.user, slug)
    request.session[DESK_SESSION_KEY] = event.pk
    query = _query(request)
    context = {
        "event": event,
        "query": query,
        "counts": checkin_counts(event),
        "expected": checkin_expected(event, query=query),
        "arrived": checkin_arrived(event, query=query),
    }
    if request.htmx and request.htmx.target == "checkin-results":  # type: ignore[attr-defined]
        return render(request, "events/_checkin_results.html", context)
    return render(request, "events/checkin.html", context)


def _after_desk_write(
    request: HttpRequest, event: Event, registration: Registration, *, message: str, ok: bool
) -> HttpResponse:
    if request.htmx:  # type: ignore[attr-defined]
        # The row changes in place (the list does not jump under the finger); the counters
        # travel along as an out-of-band swap.
        context = {
            "event": event,
            "registration": registration,
            "query": _query(request),
            "row_message": message,
            "row_ok": ok,
            "counts": checkin_counts(event),
            "counts_oob": True,
        }
        return render(request, "events/_checkin_row_response.html", context)
    (messages.success if ok else messages.error)(request, message)
    return HttpResponseRedirect(_desk_url(event, _query(request)))


@staff_page
@require_POST
def checkin_mark(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = access_rw_event_for_desk(request.user, slug)
    registration = get_object_or_404(Registration.objects.select_related("event"), pk=pk)
    try:
        result = registration_check_in(registration=registration, event=event, by=request.user)
    except ValidationError as error:
        return _after_desk_write(request, event, registration, message=error.messages[0], ok=False)
    message = checked_in_message(result)
    return _after_desk_write(request, event, result.registration, message=message, ok=True)


@staff_page
@require_POST
def checkin_undo(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = access_rw_event_for_desk(request.user, slug)
    registration = get_object_or_404(Registration.objects.select_related("event"), pk=pk)
    try:
        registration = registration_undo_check_in(
            registration=registration, event=event, by=request.user
        )
    except ValidationError as error:
        return _after_desk_write(request, event, registration, message=error.messages[0], ok=False)
    message = _("%(name)s: check-in undone.") % {"name": registration.full_name}
    return _after_desk_write(request, event, registration, message=message, ok=True)


@staff_page
@login_not_required  # the code is printed for the participant too; see below
@require_http_methods(["GET", "POST"])
def checkin_scan(request: HttpRequest, token: str) -> HttpResponse:
    """What a registration's QR code opens.

    Desk staff see the participant and one big "Arrived" button; anyone else (the
    participant scanning their own code, or someone not signed in) goes to the personal
    registration page, which the same token opens anyway.
    """
    registration = get_object_or_404(
        Registration.objects.select_related("event", "library"), token=token
    )
    if not may_work_event_desk(request.user):
        return redirect(registration)
    desk_event_pk = request.session.get(DESK_SESSION_KEY, registration.event_id)
    desk_event = Event.objects.filter(pk=desk_event_pk).first() or registration.event
    if request.method == "POST":
        try:
            result = registration_check_in(
                registration=registration, event=desk_event, by=request.user
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, checked_in_message(result))
        return redirect("events:checkin_scan", token=token)
    context = {
        "registration": registration,
        "event": registration.event,
        "desk_event": desk_event,
        "other_event": desk_event.pk != registration.event_id,
    }
    return render(request, "events/checkin_scan.html", context)


# Papers and lists ---------------------------------------------------------------------


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    return download_response(pdf, filename=filename, content_type="application/pdf", inline=True)


def _chunks(items: Sequence, size: int) -> list[list]:
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


BADGES_PER_ROW = 2
BADGE_ROWS_PER_PAGE = 4


@staff_page
@require_GET
def participant_sheet(request: HttpRequest, slug: str) -> HttpResponse:
    """The signature sheet: everyone holding a seat, alphabetically by last name."""
    event = access_event_for_desk(request.user, slug)
    context = {"event": event, "participants": participant_list(event)}
    pdf = render_pdf("events/pdf/participant_sheet.html", context)
    return _pdf_response(pdf, f"{event.slug}-dalyviai.pdf")


@staff_page
@require_GET
def badges(request: HttpRequest, slug: str) -> HttpResponse:
    """Name badges, eight to an A4 page (two across, four down), to cut out."""
    event = access_event_for_desk(request.user, slug)
    rows = _chunks(participant_list(event), BADGES_PER_ROW)
    pages = _chunks(rows, BADGE_ROWS_PER_PAGE)
    pdf = render_pdf("events/pdf/badges.html", {"event": event, "pages": pages})
    return _pdf_response(pdf, f"{event.slug}-korteles.pdf")


@staff_page
@require_GET
def attendance_export(request: HttpRequest, slug: str, file_format: str) -> HttpResponse:
    event = access_event_for_desk(request.user, slug)
    return table_response(
        file_format=file_format,
        filename=f"{event.slug}-lankomumas",
        sheets=[exports.attendance_sheet(event)],
    )
