"""A member library's iCalendar import into the shared calendar.

- `calendar_import`: upload an .ics file, or give the address of a feed the library already
  publishes (read now and then regularly by `refresh_member_calendars`); the library's
  feeds (read now, stop reading) and its recent imports;
- `calendar_import_detail`: one import's counts, refused events with their reasons and
  notes; refreshed by htmx polling while it waits or runs (without JavaScript: reload).

For whoever publishes for the library (its representatives and the staff they authorise
for the calendar, `lrba.events.selectors.member_calendar.publishing_libraries`); any other
library is a 404.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lrba.core.pagination import paginate
from lrba.events.forms_calendar_import import CalendarFeedForm, CalendarFileForm
from lrba.events.models import MemberCalendarImport, MemberCalendarSettings, MemberCalendarSource
from lrba.events.selectors.member_calendar import publishing_libraries
from lrba.events.services.calendar_import import (
    calendar_import_file_start,
    calendar_source_add,
    calendar_source_read_start,
    calendar_source_stop,
)
from lrba.members.models import Library

IMPORTS_PER_PAGE = 20
REJECTIONS_PER_PAGE = 50
RUNNING = (MemberCalendarImport.Status.WAITING, MemberCalendarImport.Status.IMPORTING)


def _library(request: HttpRequest, library_pk: int) -> Library:
    """A current member library the user publishes for; 404 for any other."""
    return get_object_or_404(publishing_libraries(request.user), pk=library_pk)


def _refusal(form: Any, field: str, error: ValidationError | PermissionDenied) -> None:
    if isinstance(error, PermissionDenied):
        form.add_error(None, str(error))
    else:
        form.add_error(field, error)


@require_http_methods(["GET", "POST"])
def calendar_import(request: HttpRequest, library_pk: int) -> HttpResponse:
    library = _library(request, library_pk)
    file_form = CalendarFileForm()
    feed_form = CalendarFeedForm()
    if request.method == "POST":
        if request.POST.get("action") == "feed":
            feed_form = CalendarFeedForm(request.POST)
            if feed_form.is_valid():
                try:
                    _source, record = calendar_source_add(
                        library=library, url=feed_form.cleaned_data["url"], by=request.user
                    )
                except (ValidationError, PermissionDenied) as error:
                    _refusal(feed_form, "url", error)
                else:
                    messages.success(
                        request,
                        _("The feed is saved and being read; it will be read again regularly."),
                    )
                    return redirect("events:calendar_import_detail", library.pk, record.pk)
        else:
            file_form = CalendarFileForm(request.POST, request.FILES)
            if file_form.is_valid():
                try:
                    record = calendar_import_file_start(
                        library=library,
                        uploaded_file=file_form.cleaned_data["file"],
                        by=request.user,
                    )
                except (ValidationError, PermissionDenied) as error:
                    _refusal(file_form, "file", error)
                else:
                    messages.success(request, _("The file is uploaded and being imported."))
                    return redirect("events:calendar_import_detail", library.pk, record.pk)
    imports = MemberCalendarImport.objects.filter(library=library).select_related(
        "source", "created_by"
    )
    page, page_note = paginate(request.GET, imports, IMPORTS_PER_PAGE)
    return render(
        request,
        "events/calendar_import/import.html",
        {
            "library": library,
            "file_form": file_form,
            "feed_form": feed_form,
            "sources": MemberCalendarSource.objects.filter(library=library).order_by(
                "-active", "url"
            ),
            "page": page,
            "page_note": page_note,
            "moderated": MemberCalendarSettings.current().moderated,
        },
        status=400 if file_form.errors or feed_form.errors else 200,
    )


def _detail_context(request: HttpRequest, record: MemberCalendarImport) -> dict[str, Any]:
    entries = record.rejections if isinstance(record.rejections, list) else []
    notes = [entry.get("reason", "") for entry in entries if entry.get("note")]
    refused = [entry for entry in entries if not entry.get("note")]
    page, page_note = paginate(request.GET, refused, REJECTIONS_PER_PAGE)
    return {
        "library": record.library,
        "import": record,
        "running": record.status in RUNNING,
        "notes": notes,
        "page": page,
        "page_note": page_note,
    }


@require_GET
def calendar_import_detail(request: HttpRequest, library_pk: int, pk: int) -> HttpResponse:
    library = _library(request, library_pk)
    record = get_object_or_404(
        MemberCalendarImport.objects.select_related("library", "source", "created_by"),
        pk=pk,
        library=library,
    )
    context = _detail_context(request, record)
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "events/calendar_import/_progress.html", context)
    return render(request, "events/calendar_import/detail.html", context)


@require_POST
def calendar_source_read(request: HttpRequest, library_pk: int, pk: int) -> HttpResponse:
    library = _library(request, library_pk)
    source = get_object_or_404(MemberCalendarSource, pk=pk, library=library)
    try:
        record = calendar_source_read_start(source=source, by=request.user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect("events:calendar_import", library.pk)
    messages.success(request, _("The feed is being read."))
    return redirect("events:calendar_import_detail", library.pk, record.pk)


@require_POST
def calendar_source_stop_view(request: HttpRequest, library_pk: int, pk: int) -> HttpResponse:
    library = _library(request, library_pk)
    source = get_object_or_404(MemberCalendarSource, pk=pk, library=library)
    try:
        calendar_source_stop(source=source, by=request.user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(
            request, _("The feed is no longer read; the events already read from it stay.")
        )
    return redirect("events:calendar_import", library.pk)


urlpatterns: list = [
    path(
        "bibliotekos/<int:library_pk>/kalendorius/importas/",
        calendar_import,
        name="calendar_import",
    ),
    path(
        "bibliotekos/<int:library_pk>/kalendorius/importas/<int:pk>/",
        calendar_import_detail,
        name="calendar_import_detail",
    ),
    path(
        "bibliotekos/<int:library_pk>/kalendorius/saltiniai/<int:pk>/skaityti/",
        calendar_source_read,
        name="calendar_source_read",
    ),
    path(
        "bibliotekos/<int:library_pk>/kalendorius/saltiniai/<int:pk>/nebeskaityti/",
        calendar_source_stop_view,
        name="calendar_source_stop",
    ),
]
