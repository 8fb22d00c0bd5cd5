"""Registering for an event (one click for a signed-in librarian, a form for the public),
the personal registration page behind the e-mailed link, and a representative's
registration of colleagues."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from lrba.accounts.access import staff_page
from lrba.core.downloads import download_response
from lrba.events import access, ical
from lrba.events.forms import ColleaguesForm, PublicRegistrationForm
from lrba.events.models import Event, Registration
from lrba.events.selectors import registrations as registration_selectors
from lrba.events.services.registration import (
    registration_cancel,
    registration_check_open,
    registration_create_for_person,
    registration_create_from_form,
    registrations_create_for_colleagues,
)


def _language() -> str:
    return (get_language() or "lt").split("-")[0]


def registration_box_context(
    request: HttpRequest, event: Event, *, seats_left: int | None, form: Any = None
) -> dict[str, Any]:
    """What the registration box of an event page shows to this visitor."""
    user = request.user
    person = registration_selectors.person_for_user(user)
    # The same answer `registration_create` enforces (registration_refusal).
    refusal = registration_selectors.registration_refusal(event=event, person=person)
    members_only = refusal is not None and refusal.code == "members_only"
    closed_reason = " ".join(refusal.messages) if refusal is not None and not members_only else ""
    registration = registration_selectors.open_registration_for(event=event, person=person)
    may_register = person is not None and registration is None and refusal is None
    show_form = person is None and refusal is None
    if show_form and form is None:
        initial = {}
        if user.is_authenticated:
            names = (getattr(user, "full_name", "") or "").split(" ", 1)
            initial = {
                "email": getattr(user, "email", ""),
                "first_name": names[0],
                "last_name": names[1] if len(names) > 1 else "",
            }
        form = PublicRegistrationForm(initial=initial)
    represented = (
        list(access.libraries_for_colleague_registration(user))
        if user.is_authenticated and not closed_reason
        else []
    )
    return {
        "closed_reason": closed_reason,
        # Seats left say nothing once the event has begun (the box says it started).
        "seats_left": None if event.starts_at <= timezone.now() else seats_left,
        "person": person,
        "registration": registration,
        "waitlist_position": registration_selectors.waitlist_position(registration)
        if registration
        else None,
        "join_url": ical.join_url(registration) if registration else "",
        "may_register": may_register,
        "members_only_refused": person is not None and registration is None and members_only,
        "form": form if show_form else None,
        "represented_libraries": represented,
    }


@login_not_required
@ratelimit(
    key="ip", rate=lambda group, request: settings.LRBA_APPLICATION_RATE, method="POST", block=False
)
@require_http_methods(["GET", "HEAD", "POST"])
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The event's page; a POST registers the visitor (signed in: one click; anonymous:
    the public form)."""
    from lrba.events.views.public import event_page, render_event_page

    if request.method != "POST":
        return render_event_page(request, slug)
    if getattr(request, "limited", False):
        # Each registration sends an e-mail: a flood from one address stops here.
        return render(request, "429.html", status=429)
    event: Event = event_page(slug)["event"]  # type: ignore[assignment]
    person = registration_selectors.person_for_user(request.user)
    if person is not None:
        try:
            registration = registration_create_for_person(
                event=event, person=person, user=request.user, language=_language()
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(event.get_absolute_url())
        return _registered(request, registration)
    refusal = registration_selectors.registration_refusal(event=event, person=None)
    if refusal is not None and refusal.code == "members_only":
        # Only a person known to the register may take a members' seat: no form to fill.
        messages.error(request, " ".join(refusal.messages))
        return redirect(event.get_absolute_url())
    form = PublicRegistrationForm(request.POST)
    if not form.is_valid():
        if form.is_spam:
            # Bots get an answer that looks like success and learn nothing; nothing stored.
            messages.success(request, gettext("Thank you. Check your e-mail."))
            return redirect(event.get_absolute_url())
        return render_event_page(request, slug, form=form, status=400)
    try:
        registration = registration_create_from_form(
            event=event, details=form.cleaned_data, user=request.user, language=_language()
        )
    except ValidationError as error:
        form.add_error(None, error)
        return render_event_page(request, slug, form=form, status=400)
    return _registered(request, registration)


def _registered(request: HttpRequest, registration: Registration) -> HttpResponse:
    if registration.status == Registration.Status.WAITLISTED:
        messages.warning(
            request,
            gettext(
                "The event is full: you are on the waiting list. We have sent you an e-mail "
                "with your personal link."
            ),
        )
    else:
        messages.success(
            request,
            gettext("You are registered. We have sent you an e-mail with your personal link."),
        )
    return redirect(registration.get_absolute_url())


def _registration_or_404(token: str) -> Registration:
    registration = registration_selectors.registration_for_token(token)
    if registration is None:
        raise Http404(gettext("This registration link is not valid."))
    return registration


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def registration_detail(request: HttpRequest, token: str) -> HttpResponse:
    """The personal registration page: knowing the e-mailed token is the access. A POST
    (after the confirmation step) cancels the registration."""
    registration = _registration_or_404(token)
    error = ""
    confirming = False
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            confirming = True  # without JavaScript: show the confirmation step
        else:
            try:
                registration_cancel(registration=registration, by=request.user)
            except ValidationError as refusal:
                error = " ".join(refusal.messages)
            else:
                messages.success(request, gettext("Your registration is cancelled."))
                return redirect(registration.get_absolute_url())
    context = {
        "registration": registration,
        "event": registration.event,
        "place": ical.location(registration.event),
        "join_url": ical.join_url(registration),
        "waitlist_position": registration_selectors.waitlist_position(registration),
        "error": error,
        "confirming": confirming,
        "may_cancel": registration.status
        in (Registration.Status.CONFIRMED, Registration.Status.WAITLISTED)
        and registration.event.status != Event.Status.CANCELLED,
    }
    return render(request, "events/registration_detail.html", context, status=400 if error else 200)


@login_not_required
def registration_ics(request: HttpRequest, token: str) -> HttpResponse:
    registration = _registration_or_404(token)
    return download_response(
        ical.registration_ics(registration),
        filename=f"{registration.event.slug}.ics",
        content_type="text/calendar; charset=utf-8",
    )


@staff_page  # the secretariat registers any library's staff
@require_http_methods(["GET", "HEAD", "POST"])
def colleagues_register(request: HttpRequest, slug: str) -> HttpResponse:
    """A library representative registers colleagues: checkboxes of the library's current
    staff with their registration state; the result is shown per person."""
    from lrba.events.views.public import event_page

    event: Event = event_page(slug)["event"]  # type: ignore[assignment]
    libraries = list(access.libraries_for_colleague_registration(request.user))
    library_slug = str(request.GET.get("library") or request.POST.get("library") or "")
    if not library_slug:
        if not libraries:
            raise Http404(gettext("You do not represent a library."))
        library_slug = libraries[0].slug
    library = access.access_library_for_colleague_registration(request.user, library_slug)
    rows = registration_selectors.colleagues_for_event(event=event, library=library)
    available = [row.employment.person for row in rows if row.registration is None]
    form = ColleaguesForm(request.POST or None, people=available)
    results = None
    closed_reason = ""
    try:
        registration_check_open(event=event)
    except ValidationError as error:
        closed_reason = " ".join(error.messages)
    if request.method == "POST" and form.is_valid():
        chosen = set(form.cleaned_data["people"])
        people = [person for person in available if person.pk in chosen]
        results = registrations_create_for_colleagues(
            event=event, library=library, people=people, registered_by=request.user
        )
        rows = registration_selectors.colleagues_for_event(event=event, library=library)
        available = [row.employment.person for row in rows if row.registration is None]
        form = ColleaguesForm(people=available)
    context = {
        "event": event,
        "library": library,
        "libraries": libraries,
        "rows": rows,
        "form": form,
        "results": results,
        "closed_reason": closed_reason,
        "available_ids": {person.pk for person in available},
    }
    return render(request, "events/colleagues_register.html", context)
