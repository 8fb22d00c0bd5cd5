"""Staff endpoints (/api/v1/staff/…): read with a *staff* token (two-factor as the
back office demands), under exactly the permission and object rules of the staff pages,
through their access functions and selectors."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from lrba.api.auth import STAFF_READ
from lrba.api.errors import ApiError
from lrba.api.pagination import PagedMap, Pagination
from lrba.api.schemas.staff import EventRegistrationOut, RegisterMemberOut, RegisterSummaryOut
from lrba.events import access as event_access
from lrba.events.models import Event, Registration
from lrba.events.selectors import attendance as attendance_selectors
from lrba.members import access as members_access
from lrba.members.selectors import register as register_selectors

router = Router(tags=["staff"])


class RegisterFilter(Schema):
    year: int | None = Field(None, description="The report's year; this year when left out.")


def _report(request: HttpRequest, filters: RegisterFilter) -> Any:
    """The register report of the year asked for, after the page's own permission check;
    a year out of range is 422 with the page's message."""
    members_access.access_register_report(request.user)
    try:
        year = register_selectors.parse_report_year(filters.year, default=timezone.localdate().year)
    except ValueError as error:
        raise ApiError(
            422, "invalid", str(error), [{"field": "year", "message": str(error)}]
        ) from None
    return register_selectors.register_report(year=year)


@router.get(
    "/members/register/",
    auth=STAFF_READ,
    response={200: list[RegisterMemberOut]},
    url_name="member_register",
    summary="The member register",
)
@paginate(Pagination)
def member_register(request: HttpRequest, filters: Query[RegisterFilter]) -> Any:
    """The register report export's rows: the legal persons that were members on
    31 December of the year, in Lithuanian order, as the back office's register report
    exports them (permission: view memberships)."""
    report = _report(request, filters)
    return [
        RegisterMemberOut(
            name=member.name,
            legal_form=member.legal_form,
            legal_entity_code=member.legal_entity_code,
            municipality=member.municipality,
            is_ngo=member.is_ngo,
        )
        for member in report.legal_person_members
    ]


@router.get(
    "/members/register/summary",
    auth=STAFF_READ,
    response={200: RegisterSummaryOut},
    url_name="member_register_summary",
    summary="The member register's summary",
)
def member_register_summary(
    request: HttpRequest, filters: Query[RegisterFilter]
) -> RegisterSummaryOut:
    """The register report export's summary sheet and the page's warnings (the NGO test,
    the minimum of three members)."""
    report = _report(request, filters)
    return RegisterSummaryOut(
        year=report.year,
        as_of=report.as_of,
        rows=[[str(label), str(value)] for label, value in register_selectors.summary_rows(report)],
        warnings=register_selectors.register_report_warnings(report),
    )


class RegistrationFilter(Schema):
    status: Registration.Status | None = Field(
        None, description="Only registrations in this status."
    )


@router.get(
    "/events/{event_id}/registrations/",
    auth=STAFF_READ,
    response={200: list[EventRegistrationOut]},
    url_name="event_registration_list",
    summary="An event's registrations",
)
@paginate(Pagination)
def event_registration_list(
    request: HttpRequest, event_id: int, filters: Query[RegistrationFilter]
) -> Any:
    """Every registration of an event, whatever its status, in Lithuanian alphabetical
    order, as the event's attendance export lists them; the same check as the staff
    pages of an event's participants (permission: view registrations)."""
    slug = Event.objects.filter(pk=event_id).values_list("slug", flat=True).first() or ""
    event = event_access.access_event_for_desk(request.user, slug)
    registrations = attendance_selectors.attendance_list(event)
    if filters.status:
        registrations = registrations.filter(status=filters.status)
    return PagedMap(registrations, _registration_row)


def _registration_row(registration: Any) -> EventRegistrationOut:
    return EventRegistrationOut(
        id=registration.pk,
        first_name=registration.first_name,
        last_name=registration.last_name,
        email=registration.email,
        institution=registration.institution,
        library_id=registration.library_id,
        library_name=registration.library.name if registration.library else "",
        person_id=registration.person_id,
        status=registration.status,
        status_label=str(registration.get_status_display()),
        created_at=registration.created_at,
        promoted_at=registration.promoted_at,
        cancelled_at=registration.cancelled_at,
        checked_in_at=registration.checked_in_at,
    )
