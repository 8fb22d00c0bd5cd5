"""What the directory endpoints answer: member libraries as the public directory lists
them, and one library as its public page shows it."""

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.text import capfirst
from ninja import Field, Schema

from lrba.core.sanitize import sanitize_html
from lrba.members.models import Library, Membership


def absolute(context: Any, path: str) -> str:
    """`path` as a full address of the host the caller used."""
    return context["request"].build_absolute_uri(path)


def kind_label(kind: str) -> str:
    """A library kind's name in the request's language, as the directory writes it."""
    return str(capfirst(Library.Kind(kind).label)) if kind in Library.Kind.values else kind


def membership_label(status: str | None) -> str:
    return str(capfirst(Membership.Status(status).label)) if status else ""


class PlaceOut(Schema):
    code: str = Field(description="The geography slug the filters take.")
    name: str


class LibraryFilters(Schema):
    """The directory page's filters, under the same names."""

    q: str = Field(
        "",
        max_length=100,
        description="Words to find in the name, short name, town or municipality "
        "(case and diacritics ignored; every word must match).",
    )
    county: str = Field("", description="A county's code, e.g. `siauliu`.")
    municipality: str = Field("", description="A municipality's code, e.g. `siauliu-miesto`.")
    kind: Library.Kind | None = Field(None, description="A kind of library.")


class ParentOut(Schema):
    name: str
    slug: str


class LibraryOut(Schema):
    id: int
    slug: str
    name: str
    short_name: str
    kind: str
    kind_label: str = Field(description="The kind in the request's language.")
    city: str
    municipality: PlaceOut
    county: PlaceOut
    parent: ParentOut | None = Field(description="For a branch: the library it belongs to.")
    membership_status: str | None = Field(
        description="The current membership (for a branch its parent's)."
    )
    membership_status_label: str
    url: str = Field(description="The library's page on the site.")

    @staticmethod
    def resolve_kind_label(obj: Library) -> str:
        return kind_label(obj.kind)

    @staticmethod
    def resolve_county(obj: Library) -> Any:
        return obj.municipality.county

    @staticmethod
    def resolve_membership_status_label(obj: Library) -> str:
        return membership_label(getattr(obj, "membership_status", None))

    @staticmethod
    def resolve_url(obj: Library, context: Any) -> str:
        return absolute(context, obj.get_absolute_url())


class BranchOut(Schema):
    id: int
    slug: str
    name: str
    city: str


class LibraryDetailOut(LibraryOut):
    name_genitive: str
    legal_entity_code: str
    street_address: str
    postal_code: str
    email: str
    phone: str
    website: str
    description_html: str = Field(description="The public profile, as sanitised HTML.")
    is_member: bool
    joined_on: date | None = Field(description="When the library (or its parent) joined.")
    responsible_library_name: str = Field(description="The responsible county library.")
    responsible_library_url: str | None
    branches: list[BranchOut]

    # The router hands over the library with the page's `LibraryDetail` as `detail`.
    @staticmethod
    def resolve_description_html(obj: Library) -> str:
        return sanitize_html(obj.description)

    @staticmethod
    def resolve_membership_status(obj: Library) -> str | None:
        return obj.detail.membership_status  # type: ignore[attr-defined]

    @staticmethod
    def resolve_membership_status_label(obj: Library) -> str:
        return membership_label(obj.detail.membership_status)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_is_member(obj: Library) -> bool:
        return obj.detail.is_member  # type: ignore[attr-defined]

    @staticmethod
    def resolve_joined_on(obj: Library) -> date | None:
        return obj.detail.joined_on  # type: ignore[attr-defined]

    @staticmethod
    def resolve_responsible_library_name(obj: Library) -> str:
        return obj.detail.responsible_library_name  # type: ignore[attr-defined]

    @staticmethod
    def resolve_responsible_library_url(obj: Library, context: Any) -> str | None:
        slug = obj.detail.responsible_library_slug  # type: ignore[attr-defined]
        return absolute(context, reverse("members:library_detail", args=[slug])) if slug else None

    @staticmethod
    def resolve_branches(obj: Library) -> list[Library]:
        return obj.detail.branches  # type: ignore[attr-defined]
