"""A signed-in person's own registrations ("My registrations"): every status, upcoming and
past, with the calendar file and a cancel button. A registrant without an account has the
same on the personal page behind the e-mailed link (`registration.registration_detail`)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from lrba.events import access, ical
from lrba.events.models import Event, Registration
from lrba.events.selectors import registrations as registration_selectors
from lrba.events.services.registration import registration_cancel


@require_GET
def my_registrations(request: HttpRequest) -> HttpResponse:
    mine = registration_selectors.registrations_of_user(request.user)
    for registration in mine.upcoming:
        # Read by the template; the join link only while the registrant holds a seat.
        registration.join_url = ical.join_url(registration)  # type: ignore[attr-defined]
        registration.may_cancel = (  # type: ignore[attr-defined]
            registration.status in (Registration.Status.CONFIRMED, Registration.Status.WAITLISTED)
            and registration.event.status != Event.Status.CANCELLED
        )
    return render(
        request,
        "events/my_registrations.html",
        {"upcoming": mine.upcoming, "past": mine.past},
    )


@require_POST
def my_registration_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    registration = access.access_own_registration(request.user, pk)
    try:
        registration_cancel(registration=registration, by=request.user)
    except ValidationError as refusal:
        for message in refusal.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            gettext("Your registration for %(event)s is cancelled.")
            % {"event": registration.event.title},
        )
    return redirect("events:my_registrations")
