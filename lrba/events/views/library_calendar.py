"""A member library's own calendar: its events in the shared calendar (every status),
publishing a new one, changing and withdrawing one. For whoever publishes for the library
(its representatives and the staff they authorise for the calendar); any other library
is a 404, as if it had no calendar here."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from lrba.core.pagination import paginate
from lrba.events.forms_member import MemberEventForm
from lrba.events.models import MemberCalendarSettings, MemberEvent
from lrba.events.selectors import member_calendar as selectors
from lrba.events.services.member_events import (
    EDITABLE_FIELDS,
    member_event_publish,
    member_event_update,
    member_event_withdraw,
)
from lrba.members.models import Library

PER_PAGE = 30


def access_calendar_library(user: Any, library_pk: int) -> Library:
    """A current member library `user` publishes for; 404 for any other."""
    return get_object_or_404(selectors.publishing_libraries(user), pk=library_pk)


def library_calendar(request: HttpRequest, library_pk: int) -> HttpResponse:
    library = access_calendar_library(request.user, library_pk)
    past = request.GET.get("praeje") == "1"
    page, note = paginate(
        request.GET, selectors.library_member_events(library, past=past), PER_PAGE
    )
    return render(
        request,
        "events/member/library_calendar.html",
        {
            "library": library,
            "past": past,
            "page_obj": page,
            "events": list(page.object_list),
            "notes": [note] if note else [],
            "query_string": "praeje=1" if past else "",
            "moderated": MemberCalendarSettings.current().moderated,
        },
    )


def _save(request: HttpRequest, form: MemberEventForm, save: Any) -> MemberEvent | None:
    """Run `save(**fields)`; on a refusal put its messages on the form and return None."""
    try:
        return save(**{name: form.cleaned_data[name] for name in EDITABLE_FIELDS})
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
    except PermissionDenied as error:
        form.add_error(None, str(error))
    return None


def _saved_message(request: HttpRequest, event: MemberEvent) -> None:
    if event.status == MemberEvent.Status.PENDING:
        messages.success(
            request,
            gettext("Saved. The event appears in the calendar once the secretariat approves it."),
        )
    else:
        messages.success(request, gettext("Saved. The event is in the shared calendar."))


def member_event_create(request: HttpRequest, library_pk: int) -> HttpResponse:
    library = access_calendar_library(request.user, library_pk)
    form = MemberEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        event = _save(
            request,
            form,
            lambda **fields: member_event_publish(library=library, by=request.user, **fields),
        )
        if event is not None:
            _saved_message(request, event)
            return redirect("events:library_calendar", library_pk=library.pk)
    return render(
        request,
        "events/member/form.html",
        {"library": library, "form": form, "event": None},
        status=400 if request.method == "POST" else 200,
    )


def member_event_edit(request: HttpRequest, library_pk: int, pk: int) -> HttpResponse:
    library = access_calendar_library(request.user, library_pk)
    event = get_object_or_404(MemberEvent, pk=pk, library=library)
    form = MemberEventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        saved = _save(
            request,
            form,
            lambda **fields: member_event_update(event=event, by=request.user, **fields),
        )
        if saved is not None:
            _saved_message(request, saved)
            return redirect("events:library_calendar", library_pk=library.pk)
    return render(
        request,
        "events/member/form.html",
        {"library": library, "form": form, "event": event},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def member_event_withdraw_view(request: HttpRequest, library_pk: int, pk: int) -> HttpResponse:
    library = access_calendar_library(request.user, library_pk)
    event = get_object_or_404(MemberEvent, pk=pk, library=library)
    try:
        member_event_withdraw(event=event, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, gettext("Withdrawn from the calendar: %(title)s") % {"title": event.title}
        )
    return redirect("events:library_calendar", library_pk=library.pk)


urlpatterns = [
    path(
        "bibliotekos/<int:library_pk>/kalendorius/",
        library_calendar,
        name="library_calendar",
    ),
    path(
        "bibliotekos/<int:library_pk>/kalendorius/naujas/",
        member_event_create,
        name="member_event_create",
    ),
    path(
        "bibliotekos/<int:library_pk>/kalendorius/<int:pk>/",
        member_event_edit,
        name="member_event_edit",
    ),
    path(
        "bibliotekos/<int:library_pk>/kalendorius/<int:pk>/atsaukti/",
        member_event_withdraw_view,
        name="member_event_withdraw",
    ),
]
