"""Schemas of the staff endpoints (/api/v1/staff/…), read with a staff token under the
same permissions as the back-office pages."""

from datetime import date, datetime

from ninja import Field, Schema


class RegisterMemberOut(Schema):
    """One row of the register report's export: a legal person that was a member at the
    end of the year."""

    name: str
    legal_form: str
    legal_entity_code: str
    municipality: str
    is_ngo: bool


class EventRegistrationOut(Schema):
    id: int
    first_name: str
    last_name: str
    email: str
    institution: str
    library_id: int | None
    library_name: str
    person_id: int | None
    status: str = Field(description="confirmed, waitlisted, attended or cancelled")
    status_label: str
    created_at: datetime
    promoted_at: datetime | None
    cancelled_at: datetime | None
    checked_in_at: datetime | None


class RegisterSummaryOut(Schema):
    year: int
    as_of: date
    rows: list[list[str]] = Field(description="The export's summary sheet: (label, value) pairs.")
    warnings: list[str]
