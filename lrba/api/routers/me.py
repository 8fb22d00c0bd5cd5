"""Personal endpoints (/api/v1/me/…): a person acts for themself with their own token.

Each endpoint does what the person's page does, through the same selectors, services and
access functions: registering and cancelling go through `lrba.events.services.registration`
(seats, waiting list, closed registration and duplicates are the service's answers, 422
`refused` with its message, nothing written); another person's registration or another
library's data is refused as the page refuses it.
"""

from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.pagination import paginate

from lrba.api.auth import TOKEN_READ, TOKEN_WRITE
from lrba.api.errors import ApiError
from lrba.api.pagination import Pagination
from lrba.api.schemas.me import (
    EventRefOut,
    LibraryRefOut,
    MeOut,
    RegistrationIn,
    RegistrationOut,
    TokenInfoOut,
)
from lrba.core.urls import absolute_url
from lrba.events import access as event_access
from lrba.events import ical
from lrba.events.forms import PublicRegistrationForm
from lrba.events.models import Event, Registration
from lrba.events.selectors import registrations as registration_selectors
from lrba.events.services.registration import (
    registration_cancel,
    registration_create_for_person,
    registration_create_from_form,
)

router = Router(tags=["me"])

# The public form's fields: what an account without a person in the register sends.
FORM_FIELDS = ("first_name", "last_name", "email", "institution", "consent")


def _language() -> str:
    return (get_language() or "lt").split("-")[0]


def _library_ref(library: Any) -> LibraryRefOut:
    return LibraryRefOut(id=library.pk, name=library.name, slug=library.slug)


@router.get("/", auth=TOKEN_READ, response={200: MeOut}, url_name="me_detail")
def me_detail(request: HttpRequest) -> MeOut:
    """Who the token acts for: the person, the token itself and their libraries."""
    from lrba.members.models import Employment

    user: Any = request.user
    token = request.api_token  # type: ignore[attr-defined]
    person = registration_selectors.person_for_user(user)
    employing = []
    if person is not None:
        seen: set[int] = set()
        for employment in (
            Employment.objects.current()
            .filter(person=person)
            .select_related("library")
            .order_by("start_date", "pk")
        ):
            if employment.library_id not in seen:
                seen.add(employment.library_id)
                employing.append(_library_ref(employment.library))
    return MeOut(
        id=user.pk,
        full_name=getattr(user, "full_name", "") or (person.full_name if person else ""),
        email=user.email,
        token=TokenInfoOut(
            name=token.name, scope=token.scope, staff=token.staff, expires_at=token.expires_at
        ),
        represented_libraries=[
            _library_ref(library)
            for library in event_access.libraries_for_colleague_registration(user)
        ],
        employing_libraries=employing,
    )


def _registration_out(registration: Registration) -> RegistrationOut:
    event = registration.event
    return RegistrationOut(
        id=registration.pk,
        event=EventRefOut(
            id=event.pk,
            title=event.title,
            slug=event.slug,
            status=event.status,
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            url=absolute_url(event.get_absolute_url()),
        ),
        status=registration.status,
        status_label=str(registration.get_status_display()),
        waitlist_position=registration_selectors.waitlist_position(registration),
        first_name=registration.first_name,
        last_name=registration.last_name,
        email=registration.email,
        institution=registration.institution,
        library_id=registration.library_id,
        created_at=registration.created_at,
        cancelled_at=registration.cancelled_at,
        # As "My registrations" offers the button.
        may_cancel=registration.status
        in (Registration.Status.CONFIRMED, Registration.Status.WAITLISTED)
        and event.status != Event.Status.CANCELLED,
        join_url=ical.join_url(registration),
    )


@router.get(
    "/registrations/",
    auth=TOKEN_READ,
    response={200: list[RegistrationOut]},
    url_name="my_registration_list",
)
@paginate(Pagination)
def my_registration_list(request: HttpRequest) -> list[RegistrationOut]:
    """My registrations in every status, as "My registrations" lists them: the upcoming
    ones soonest first, then the past ones latest first."""
    mine = registration_selectors.registrations_of_user(request.user)
    return [_registration_out(registration) for registration in mine.upcoming + mine.past]


def _form_details(payload: RegistrationIn) -> dict[str, Any]:
    """The public form's cleaned details, validated by the page's own form; 422 `invalid`
    naming each field it refuses."""
    data = {name: getattr(payload, name) for name in FORM_FIELDS}
    form = PublicRegistrationForm(
        {
            name: ("on" if value else "") if name == "consent" else (value or "")
            for name, value in data.items()
        }
    )
    if not form.is_valid():
        raise ApiError(
            422,
            "invalid",
            _("The request is not valid."),
            [
                {"field": "" if field == "__all__" else field, "message": str(message)}
                for field, messages in form.errors.items()
                for message in messages
            ],
        )
    return form.cleaned_data


@router.post(
    "/registrations/",
    auth=TOKEN_WRITE,
    response={201: RegistrationOut},
    url_name="my_registration_create",
)
def my_registration_create(
    request: HttpRequest, payload: RegistrationIn
) -> Status[RegistrationOut]:
    """Register for an event, exactly as on its page: a seat if one is free, else the
    waiting list (`status`); refused (422 `refused`, nothing written) when registration is
    closed, the event is for members only, or I am already registered."""
    event = registration_selectors.event_for_registration(payload.event)
    if event is None:
        raise Http404
    person = registration_selectors.person_for_user(request.user)
    if person is not None:
        given = [name for name in FORM_FIELDS if getattr(payload, name) is not None]
        if given:
            raise ApiError(
                422,
                "invalid",
                _("The request is not valid."),
                [
                    {
                        "field": name,
                        "message": _(
                            "Your details come from the member register: leave this field out."
                        ),
                    }
                    for name in given
                ],
            )
        registration = registration_create_for_person(
            event=event, person=person, user=request.user, language=_language()
        )
    else:
        registration = registration_create_from_form(
            event=event, details=_form_details(payload), user=request.user, language=_language()
        )
    return Status(201, _registration_out(registration))


@router.delete(
    "/registrations/{registration_id}",
    auth=TOKEN_WRITE,
    response={200: RegistrationOut},
    url_name="my_registration_cancel",
)
def my_registration_cancel(request: HttpRequest, registration_id: int) -> RegistrationOut:
    """Cancel one of my registrations, as the cancel button of "My registrations" does
    (refused after the event's cancellation deadline, 422 `refused`); a freed seat goes to
    the first on the waiting list. Someone else's registration is 404."""
    registration = event_access.access_own_registration(request.user, registration_id)
    registration = registration_cancel(registration=registration, by=request.user)
    return _registration_out(registration)
