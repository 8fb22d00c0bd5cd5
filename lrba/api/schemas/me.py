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
    hours: str = Field(description='Approved academic hours that year, e.g. "12.0".')


class TrainingRecordOut(Schema):
    id: int
    title: str
    provider: str
    completed_on: date
    hours: str
    source: str = Field(description="certificate (association training) or external")
    source_label: str
    status: str = Field(description="pending, approved or rejected; only approved hours count")
    status_label: str
    certificate_id: int | None


class LearningOut(Schema):
    in_register: bool = Field(
        description="False for an account without a person in the register: nothing to count."
    )
    year: int = Field(description="This year.")
    hours_this_year: str
    target_hours: str | None = Field(description="The recommended hours for this year, if set.")
    years: list[LearningYearOut] = Field(description="Approved hours per year, latest first.")
    records: list[TrainingRecordOut] = Field(description="Every training record, latest first.")


class CertificateOut(Schema):
    id: int
    number: str
    verification_code: str
    verification_url: str
    full_name: str
    title: str = Field(description="The programme or event the certificate is for.")
    hours: str
    issued_on: date
    status: str = Field(description="valid or revoked")
    status_label: str
    download_url: str | None = Field(
        description="The PDF, through the site's access-checked view; null once revoked."
    )


class InvoiceOut(Schema):
    id: int
    number: str
    kind: str = Field(description="invoice or credit_note")
    credited_invoice_number: str | None
    issue_date: date | None
    due_date: date | None
    currency: str
    total: str = Field(description="Money as a string with two decimals.")
    amount_paid: str
    balance: str
    state: str = Field(description="The status as the page shows it; open past due is overdue.")
    state_label: str
    pdf_url: str
    e_invoice_url: str


class StaffMemberOut(Schema):
    employment_id: int
    person_id: int
    first_name: str
    last_name: str
    position: str
    is_director: bool
    start_date: date
    end_date: date | None
    current: bool = Field(description="False for former employees.")
    has_account: bool
