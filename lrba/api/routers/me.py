"""Personal endpoints (/api/v1/me/…): a person acts for themself with their own token.

Each endpoint does what the person's page does, through the same selectors, services and
access functions: registering and cancelling go through `lrba.events.services.registration`
(seats, waiting list, closed registration and duplicates are the service's answers, 422
`refused` with its message, nothing written); another person's registration or another
library's data is refused as the page refuses it.
"""

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.pagination import paginate

from lrba.api.auth import TOKEN_READ, TOKEN_WRITE
from lrba.api.errors import ApiError
from lrba.api.pagination import PagedMap, Pagination
from lrba.api.schemas.me import (
    CertificateOut,
    EventRefOut,
    InvoiceOut,
    LearningOut,
    LearningYearOut,
    LibraryRefOut,
    MeOut,
    RegistrationIn,
    RegistrationOut,
    StaffMemberOut,
    TokenInfoOut,
    TrainingRecordOut,
)
from lrba.core.db import LithuanianOrder
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
from lrba.finance.selectors import member as finance_selectors
from lrba.members import access as members_access
from lrba.members.models import Employment, Library
from lrba.members.selectors import libraries as library_selectors
from lrba.members.selectors.representatives import (
    is_library_representative,
    represented_libraries,
)
from lrba.training import selectors as training_selectors

router = Router(tags=["me"])

# The public form's fields: what an account without a person in the register sends.
FORM_FIELDS = ("first_name", "last_name", "email", "institution", "consent")


def _language() -> str:
    return (get_language() or "lt").split("-")[0]


def _library_ref(library: Any) -> LibraryRefOut:
    return LibraryRefOut(id=library.pk, name=library.name, slug=library.slug)


@router.get(
    "/",
    auth=TOKEN_READ,
    response={200: MeOut},
    url_name="me_detail",
    summary="Who the token acts for",
)
def me_detail(request: HttpRequest) -> MeOut:
    """Who the token acts for: the person, the token itself and their libraries."""
    user: Any = request.user
    token = request.api_token  # type: ignore[attr-defined]
    person = registration_selectors.person_for_user(user)
    employing = (
        Library.objects.filter(
            pk__in=Employment.objects.current().filter(person=person).values("library")
        ).order_by(LithuanianOrder("name"))
        if person is not None
        else Library.objects.none()
    )
    return MeOut(
        id=user.pk,
        full_name=getattr(user, "full_name", "") or (person.full_name if person else ""),
        email=user.email,
        token=TokenInfoOut(
            name=token.name, scope=token.scope, staff=token.staff, expires_at=token.expires_at
        ),
        represented_libraries=[
            _library_ref(library)
            for library in represented_libraries(user).order_by(LithuanianOrder("name"))
        ],
        employing_libraries=[_library_ref(library) for library in employing],
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
    summary="My registrations",
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
    summary="Register for an event",
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
    summary="Cancel a registration",
)
def my_registration_cancel(request: HttpRequest, registration_id: int) -> RegistrationOut:
    """Cancel one of my registrations, as the cancel button of "My registrations" does
    (refused after the event's cancellation deadline, 422 `refused`); a freed seat goes to
    the first on the waiting list. Someone else's registration is 404."""
    registration = event_access.access_own_registration(request.user, registration_id)
    registration = registration_cancel(registration=registration, by=request.user)
    return _registration_out(registration)


# Learning and certificates (lrba.training) ------------------------------------------------


def _hours(value: Any) -> str:
    return f"{Decimal(value or 0):.1f}"


def _my_person(user: Any) -> Any:
    """The person in the register, as "My learning" finds it (None without one)."""
    return getattr(user, "person", None)


@router.get(
    "/learning/",
    auth=TOKEN_READ,
    response={200: LearningOut},
    url_name="my_learning",
    summary="My learning and hours",
)
def my_learning(request: HttpRequest) -> LearningOut:
    """My learning as its page shows it: approved hours per year (this year's against the
    recommended target) and every training record, pending and rejected ones included."""
    this_year = timezone.localdate().year
    person = _my_person(request.user)
    target = training_selectors.yearly_target(year=this_year)
    target_hours = _hours(target.hours) if target is not None else None
    if person is None:
        return LearningOut(
            in_register=False,
            year=this_year,
            hours_this_year=_hours(0),
            target_hours=target_hours,
            years=[],
            records=[],
        )
    hours = training_selectors.hours_per_year(person=person)
    return LearningOut(
        in_register=True,
        year=this_year,
        hours_this_year=_hours(hours.get(this_year, 0)),
        target_hours=target_hours,
        years=[
            LearningYearOut(year=year, hours=_hours(value))
            for year, value in sorted(hours.items(), reverse=True)
        ],
        records=[
            TrainingRecordOut(
                id=record.pk,
                title=record.title,
                provider=record.provider,
                completed_on=record.completed_on,
                hours=_hours(record.hours),
                source=record.source,
                source_label=str(record.get_source_display()),
                status=record.status,
                status_label=str(record.get_status_display()),
                certificate_id=record.certificate_id,
            )
            for record in training_selectors.training_record_list_for_person(person=person)
        ],
    )


def _certificate_out(certificate: Any) -> CertificateOut:
    valid = certificate.status == certificate.Status.VALID
    return CertificateOut(
        id=certificate.pk,
        number=certificate.number,
        verification_code=certificate.verification_code,
        verification_url=absolute_url(certificate.get_verification_url()),
        full_name=certificate.full_name,
        title=certificate.programme.title,
        hours=_hours(certificate.hours),
        issued_on=certificate.issued_on,
        status=certificate.status,
        status_label=str(certificate.get_status_display()),
        # As the page: the PDF link only for a valid certificate.
        download_url=absolute_url(
            reverse("training:certificate_download", kwargs={"pk": certificate.pk})
        )
        if valid
        else None,
    )


@router.get(
    "/certificates/",
    auth=TOKEN_READ,
    response={200: list[CertificateOut]},
    url_name="my_certificate_list",
    summary="My certificates",
)
@paginate(Pagination)
def my_certificate_list(request: HttpRequest) -> Any:
    """My certificates, latest first, each with its public verification code and the
    address of its PDF (the site's own access-checked download)."""
    person = _my_person(request.user)
    if person is None:
        return []
    return PagedMap(training_selectors.certificate_list_for_person(person=person), _certificate_out)


# My library: its invoices and staff (lrba.finance, lrba.members) ------------------------


def _represented_library(request: HttpRequest, library_id: int) -> Library:
    """The library as "My library" loads it (`access_library_for_edit`: 404 when there
    is none, 403 for whoever may not act for it). A personal token acts as the person,
    not with their back-office roles, so the secretariat, whom the page also lets in, is
    refused here unless they represent the library themself."""
    slug = Library.objects.filter(pk=library_id).values_list("slug", flat=True).first()
    if slug is None:
        raise Http404
    library = members_access.access_library_for_edit(request.user, slug)
    if not is_library_representative(request.user, library):
        raise PermissionDenied(
            _("Only the library's representatives see its staff and invoices through the API.")
        )
    return library


def _money(value: Any) -> str:
    return f"{Decimal(value or 0):.2f}"


def _invoice_out(invoice: Any) -> InvoiceOut:
    credited = invoice.credited_invoice
    return InvoiceOut(
        id=invoice.pk,
        number=invoice.display_number,
        kind=invoice.kind,
        credited_invoice_number=credited.display_number if credited is not None else None,
        issue_date=invoice.issue_date,
        due_date=invoice.due_date,
        currency=invoice.currency,
        total=_money(invoice.total),
        amount_paid=_money(invoice.amount_paid),
        balance=_money(invoice.balance),
        state=invoice.state,
        state_label=invoice.state_display(),
        pdf_url=absolute_url(reverse("finance:invoice_pdf", kwargs={"pk": invoice.pk})),
        e_invoice_url=absolute_url(reverse("finance:invoice_ubl", kwargs={"pk": invoice.pk})),
    )


@router.get(
    "/libraries/{library_id}/invoices/",
    auth=TOKEN_READ,
    response={200: list[InvoiceOut]},
    url_name="library_invoice_list",
    summary="My library's invoices",
)
@paginate(Pagination)
def library_invoice_list(request: HttpRequest, library_id: int) -> Any:
    """The library's issued invoices and credit notes, newest first, as its "My library"
    page lists them (drafts never), with their PDF and e-invoice addresses."""
    library = _represented_library(request, library_id)
    invoices = finance_selectors.library_invoices(request.user, library)
    return PagedMap(invoices, _invoice_out)


@router.get(
    "/libraries/{library_id}/staff/",
    auth=TOKEN_READ,
    response={200: list[StaffMemberOut]},
    url_name="library_staff_list",
    summary="My library's staff",
)
@paginate(Pagination)
def library_staff_list(request: HttpRequest, library_id: int) -> Any:
    """The library's staff list as its representatives see it on "My library": the
    current employees, then the former ones, each in Lithuanian order of surname."""
    library = _represented_library(request, library_id)
    staff = library_selectors.library_staff(library)
    return [
        StaffMemberOut(
            employment_id=employment.pk,
            person_id=employment.person_id,
            first_name=employment.person.first_name,
            last_name=employment.person.last_name,
            position=employment.position,
            is_director=employment.is_director,
            start_date=employment.start_date,
            end_date=employment.end_date,
            current=current,
            has_account=employment.person.user_id is not None,
        )
        for current, employments in ((True, staff.current), (False, staff.ended))
        for employment in employments
    ]
