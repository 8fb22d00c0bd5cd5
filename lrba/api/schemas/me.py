"""Schemas of the personal endpoints (/api/v1/me/…): what a person's own token reads and
writes. Dates are ISO 8601, money strings with two decimals, labels translated as the
request's language asks."""

from datetime import date, datetime

from ninja import Field, Schema

from lrba.api.schemas.common import StrictIn


class LibraryRefOut(Schema):
    id: int
    name: str
    slug: str


class TokenInfoOut(Schema):
    name: str
    scope: str = Field(description="read or write")
    staff: bool
    expires_at: datetime


class MeOut(Schema):
    id: int
    full_name: str
    email: str
    token: TokenInfoOut
    represented_libraries: list[LibraryRefOut] = Field(
        description="Libraries the person represents (their staff and invoices are readable)."
    )
    employing_libraries: list[LibraryRefOut] = Field(
        description="Libraries the person works for now."
    )


class EventRefOut(Schema):
    id: int
    title: str
    slug: str
    status: str
    starts_at: datetime
    ends_at: datetime
    url: str


class RegistrationOut(Schema):
    id: int
    event: EventRefOut
    status: str = Field(description="confirmed, waitlisted, attended or cancelled")
    status_label: str
    waitlist_position: int | None = Field(
        description="1 for the first in line; null if not waiting."
    )
    first_name: str
    last_name: str
    email: str
    institution: str
    library_id: int | None
    created_at: datetime
    cancelled_at: datetime | None
    may_cancel: bool
    join_url: str = Field(description="The online event's link while the registrant holds a seat.")


class RegistrationIn(StrictIn):
    """Register for an event as on its page. A person in the register registers with one
    click (only `event`); an account without a person in the register fills in the
    page's public form: names, e-mail, institution and consent."""

    event: int = Field(description="The event's id (GET /api/v1/events/).")
    first_name: str | None = Field(None, description="Only without a person in the register.")
    last_name: str | None = Field(None, description="Only without a person in the register.")
    email: str | None = Field(None, description="Only without a person in the register.")
    institution: str | None = Field(None, description="Only without a person in the register.")
    consent: bool | None = Field(
        None,
        description=(
            "Only without a person in the register: agreement that the association processes "
            "these details to organise the event (required there, as on the page)."
        ),
    )


class LearningYearOut(Schema):
    year: int
    hours: str = Field(description="Hours, as a decimal string.")


class TrainingRecordOut(Schema):
    id: int
    title: str
    provider: str
    date: date | None
    hours: str
    source: str
    certificate_code: str | None


class LearningOut(Schema):
    total_hours: str
    years: list[LearningYearOut]
    records: list[TrainingRecordOut]
