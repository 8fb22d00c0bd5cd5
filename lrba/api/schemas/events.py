"""What the events endpoints answer: the public event list and an event's page."""

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.utils.text import capfirst
from ninja import Field, Schema
from pydantic import field_validator

from lrba.api.schemas.directory import PlaceOut, absolute
from lrba.events.models import Event
from lrba.events.selectors.registrations import registration_closure


def _label(choices: Any, value: str) -> str:
    return str(capfirst(choices(value).label)) if value in choices.values else value


class EventFilters(Schema):
    """The events page's filters, under the same names."""

    kind: Event.Kind | None = Field(None, description="A kind of event.")
    county: str = Field("", description="A county's code, e.g. `siauliu`.")
    month: str = Field(
        "",
        description="`YYYY-MM`, one of the 12 months the page offers (from this month on; "
        "for the archive, back from this month).",
    )
    past: bool = Field(False, description="The archive: ended events, latest first.")

    @field_validator("kind", mode="before")
    @classmethod
    def _blank_kind_is_none(cls, value: object) -> object:
        """An empty `kind=` is "any kind", as the page's form sends it."""
        return value or None


class OrganiserOut(Schema):
    name: str
    slug: str


class EventOut(Schema):
    id: int
    slug: str
    title: str
    kind: str
    kind_label: str = Field(description="The kind in the request's language.")
    audience: str = Field(description="`public`, or `members` for members only.")
    audience_label: str
    status: str = Field(description="`published`, or `cancelled` (still listed, marked).")
    status_label: str
    summary: str
    starts_at: datetime
    ends_at: datetime
    venue_name: str
    address: str
    is_online: bool
    municipality: PlaceOut | None
    county: PlaceOut | None
    organiser: OrganiserOut | None
    capacity: int | None = Field(description="Seats; null for no limit.")
    seats_left: int | None = Field(description="Seats still free; null for no limit.")
    waitlist_count: int
    url: str = Field(description="The event's page on the site.")

    @staticmethod
    def resolve_kind_label(obj: Event) -> str:
        return _label(Event.Kind, obj.kind)

    @staticmethod
    def resolve_audience_label(obj: Event) -> str:
        return _label(Event.Audience, obj.audience)

    @staticmethod
    def resolve_status_label(obj: Event) -> str:
        return _label(Event.Status, obj.status)

    @staticmethod
    def resolve_county(obj: Event) -> Any:
        return obj.municipality.county if obj.municipality else None

    @staticmethod
    def resolve_seats_left(obj: Event) -> int | None:
        left = obj.seats_left  # type: ignore[attr-defined]
        return None if left is None else max(left, 0)

    @staticmethod
    def resolve_url(obj: Event, context: Any) -> str:
        return absolute(context, obj.get_absolute_url())


class SessionOut(Schema):
    starts_at: datetime
    ends_at: datetime | None
    title: str
    speakers: str
    description: str


class AttachmentOut(Schema):
    title: str
    download_url: str = Field(description="The site's download address (access-checked).")

    @staticmethod
    def resolve_download_url(obj: Any, context: Any) -> str:
        return absolute(context, obj.get_absolute_url())


class PartnerOut(Schema):
    name: str
    slug: str


class EventDetailOut(EventOut):
    description: str
    online_url: str
    per_library_limit: int | None
    price_non_members: Decimal | None = Field(description="In euro; null when free.")
    registration_opens_at: datetime | None
    registration_closes_at: datetime | None
    cancellation_deadline: datetime | None
    cancelled_reason: str
    registration_open: bool = Field(
        description="Whether the event takes registrations now (members-only events take "
        "only members and staff of member libraries)."
    )
    registration_closed_reason: str = Field(
        description="Why it takes none, in the request's language; empty when open."
    )
    sessions: list[SessionOut] = Field(description="The programme.")
    attachments: list[AttachmentOut]
    partners: list[PartnerOut] = Field(description="Partner libraries.")

    # The router hands over the event with the page's `EventDetail` as `detail`.
    @staticmethod
    def resolve_seats_left(obj: Event) -> int | None:
        return obj.detail.seats_left  # type: ignore[attr-defined]

    @staticmethod
    def resolve_registration_open(obj: Event) -> bool:
        return registration_closure(event=obj) is None

    @staticmethod
    def resolve_registration_closed_reason(obj: Event) -> str:
        closure = registration_closure(event=obj)
        return " ".join(closure.messages) if closure is not None else ""

    @staticmethod
    def resolve_sessions(obj: Event) -> list[Any]:
        return obj.detail.sessions  # type: ignore[attr-defined]

    @staticmethod
    def resolve_attachments(obj: Event) -> list[Any]:
        return obj.detail.attachments  # type: ignore[attr-defined]

    @staticmethod
    def resolve_partners(obj: Event) -> list[Any]:
        return obj.detail.partners  # type: ignore[attr-defined]
