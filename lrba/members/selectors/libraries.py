"""Reads of the member register: the public library directory, a library's page, the
member counts on the home page and the members-only member list.

Who is listed in the public directory: every library with a current membership (active
or suspended, `Membership.MEMBER_STATUSES`) *and every branch of such a library*. A branch
is not a member on its own (it has no legal personality, so no vote); it is listed because
people look for their local branch by village name. Its card says whose branch it is, and
its membership status is the parent's.

Every selector here runs a fixed number of queries, whatever the size of the register:
counts and statuses come from subqueries, never from a loop.
"""

import functools
from dataclasses import dataclass
from datetime import date

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from lrba.core.db import CodePointOrder, LithuanianOrder
from lrba.core.models import County, Municipality
from lrba.core.text import fold
from lrba.members.models import Employment, Invitation, Library, Membership, Person
from lrba.members.selectors import search

# Longer queries are cut by the filter form; more words than this are ignored, so one
# request cannot ask the database for hundreds of LIKE conditions.
MAX_QUERY_WORDS = 8


def _with_membership(libraries: QuerySet[Library]) -> QuerySet[Library]:
    """Annotate `membership_status` and `joined_on`: the library's own current
    membership, or for a branch its parent's."""
    own = Membership.objects.current().filter(library=OuterRef("pk"))
    parents = Membership.objects.current().filter(library=OuterRef("parent_id"))
    return libraries.annotate(
        membership_status=Coalesce(
            Subquery(own.values("status")[:1]), Subquery(parents.values("status")[:1])
        ),
        joined_on=Coalesce(
            Subquery(own.values("joined_on")[:1]), Subquery(parents.values("joined_on")[:1])
        ),
    )


def search_words(query: str) -> list[str]:
    """The folded words of a search query (at most MAX_QUERY_WORDS)."""
    return fold(query).split()[:MAX_QUERY_WORDS]


def library_directory(
    *,
    query: str = "",
    county: str = "",
    municipality: str = "",
    kind: str = "",
) -> QuerySet[Library]:
    """Member libraries and their branches, in Lithuanian alphabetical order.

    `query` matches name, short name, town and municipality name, ignoring case and
    diacritics; every word must match somewhere. `county` and `municipality` are the
    geography slugs (`siauliu`, `siauliu-miesto`), `kind` a `Library.Kind` value. Empty
    arguments do not filter. Values are expected to be validated by the caller
    (`DirectoryFilterForm`); an unknown one simply finds nothing.
    """
    libraries = _listed_libraries().all()  # a clone: the shared base is never evaluated
    if county:
        libraries = libraries.filter(municipality__county__code=county)
    if municipality:
        libraries = libraries.filter(municipality__code=municipality)
    if kind:
        libraries = libraries.filter(kind=kind)
    # `search_text`: the folded name, short name, town and municipality, kept by save().
    return search.containing_words(libraries, search_words(query))


@functools.cache
def _listed_libraries() -> QuerySet[Library]:
    """The directory before its filters, built once per process: it holds no date or
    other per-request value, and building it (three subqueries) costs more than running a
    narrow search. Never evaluate it: clone it (`.all()`, `.filter()`)."""
    # The member libraries' ids are looked up once per query (`IN`), not once per row
    # (`EXISTS`): the count of a broad search visits every library.
    member_ids = Membership.objects.current().filter(library__isnull=False).values("library_id")
    # A card shows the status only: two subqueries rather than the four of
    # `_with_membership`.
    own = Membership.objects.current().filter(library=OuterRef("pk"))
    parents = Membership.objects.current().filter(library=OuterRef("parent_id"))
    status = Coalesce(Subquery(own.values("status")[:1]), Subquery(parents.values("status")[:1]))
    return (
        Library.objects.filter(Q(pk__in=member_ids) | Q(parent_id__in=member_ids))
        .annotate(membership_status=status)
        .select_related("municipality__county", "parent")
        # What a directory card shows: the page reads 25 rows, not their long texts.
        .only(
            "name",
            "short_name",
            "slug",
            "kind",
            "city",
            "municipality__name",
            "municipality__code",
            "municipality__county__name",
            "municipality__county__code",
            "parent__name",
            "parent__name_genitive",
            "parent__slug",
        )
        .order_by(CodePointOrder("sort_name"), "pk")
    )


@dataclass(frozen=True)
class LibraryDetail:
    library: Library
    branches: list[Library]
    membership_status: str | None
    joined_on: date | None
    responsible_library_name: str
    # The slug of the responsible county library's page, when it is in the register.
    responsible_library_slug: str | None

    @property
    def is_member(self) -> bool:
        return self.membership_status is not None

    @property
    def membership_status_label(self) -> str:
        if self.membership_status is None:
            return ""
        return str(Membership.Status(self.membership_status).label)


def library_detail(slug: str) -> LibraryDetail | None:
    """Everything the public page of one library shows, in four small queries (simple
    queries: cheaper to build and run than one with correlated subqueries); None when no
    library has this slug. Non-members are shown too (without a membership status)."""
    library = (
        Library.objects.select_related("municipality__county", "parent").filter(slug=slug).first()
    )
    if library is None:
        return None
    # Its own current membership, or for a branch its parent's.
    rows = (
        Membership.objects.current()
        .filter(library_id__in=[library.pk, library.parent_id])
        .order_by("pk")
        .values_list("library_id", "status", "joined_on")
    )
    found = {library_id: (status, joined_on) for library_id, status, joined_on in rows}
    status, joined_on = found.get(library.pk) or found.get(library.parent_id) or (None, None)
    county = library.municipality.county
    responsible_slug = (
        Library.objects.filter(name=county.responsible_library_name)
        .order_by("pk")
        .values_list("slug", flat=True)
        .first()
    )
    branches = list(library.branches.order_by(CodePointOrder("sort_name"), "pk"))
    return LibraryDetail(
        library=library,
        branches=branches,
        membership_status=status,
        joined_on=joined_on,
        responsible_library_name=county.responsible_library_name,
        responsible_library_slug=responsible_slug,
    )


@dataclass(frozen=True)
class CountyCount:
    county: County
    libraries: int
    people: int


def _count(queryset: QuerySet, field: str = "pk") -> Coalesce:
    """A correlated COUNT(DISTINCT field) subquery (Django cannot aggregate in one)."""
    counted = (
        queryset.order_by()
        .annotate(_group=Value(1, output_field=IntegerField()))
        .values("_group")
        .annotate(n=Count(field, distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def member_counts_by_county() -> list[CountyCount]:
    """Member libraries and individual members per county, in one query, counted as
    `member_totals` counts them (current memberships, suspended ones included).

    An individual member is counted in the county of the library they currently work
    at (people with no current employment are in no county; see `member_totals`).
    """
    current = Membership.objects.current()
    libraries = current.filter(library__municipality__county=OuterRef("pk"))
    working_in_county = Employment.objects.current().filter(
        person=OuterRef("person"), library__municipality__county=OuterRef(OuterRef("pk"))
    )
    people = current.filter(Exists(working_in_county))
    counties = County.objects.annotate(
        n_libraries=_count(libraries), n_people=_count(people, "person")
    ).order_by(LithuanianOrder("name"))
    return [CountyCount(county=c, libraries=c.n_libraries, people=c.n_people) for c in counties]


@dataclass(frozen=True)
class MemberTotals:
    libraries: int
    branches: int
    people: int


def member_totals() -> MemberTotals:
    """The association's members, as every page counts them: libraries and individual
    persons with a current membership (active or suspended: a suspended member keeps its
    place in the register, see `register.py`), and the branches of those libraries, which
    are not members of their own but are listed in the directory (one query).

    The home page, the directory and the member list show these figures; the register
    report counts the same memberships at a year end."""
    totals = Membership.objects.current().aggregate(
        libraries=Count("library", distinct=True),
        people=Count("person", distinct=True),
        # A branch joins through its parent's membership: counted once however many.
        branches=Count("library__branches", distinct=True),
    )
    return MemberTotals(
        libraries=totals["libraries"], branches=totals["branches"], people=totals["people"]
    )


@dataclass(frozen=True)
class MemberList:
    libraries: QuerySet[Library]
    people: QuerySet[Person]


def member_list() -> MemberList:
    """All current members (active and suspended), for signed-in members only.

    Libraries carry their legal-entity code and municipality; people only their names
    (contact details stay private). Both lists are lazy, for the caller to paginate.
    """
    libraries = _with_membership(
        Library.objects.members()
        .select_related("municipality")
        .only("name", "slug", "legal_entity_code", "kind", "municipality__name")
        .order_by(LithuanianOrder("name"), "pk")
    )
    members = Membership.objects.current()
    people = (
        Person.objects.filter(Exists(members.filter(person=OuterRef("pk"))))
        .annotate(
            membership_status=Subquery(members.filter(person=OuterRef("pk")).values("status")[:1])
        )
        .only("first_name", "last_name")
        .order_by(LithuanianOrder("last_name"), LithuanianOrder("first_name"), "pk")
    )
    return MemberList(libraries=libraries, people=people)


def geography() -> list[Municipality]:
    """All municipalities with their counties, in Lithuanian order (one query): the
    choices of the directory's county and municipality filters."""
    return list(Municipality.objects.select_related("county").order_by(LithuanianOrder("name")))


# "My library" ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LibraryStaff:
    current: list[Employment]
    ended: list[Employment]
    open_invitations: list[Invitation]


def library_staff(library: Library) -> LibraryStaff:
    """A library's staff list for its representatives: current and ended employments
    (people in Lithuanian order) and invitations still waiting. Two queries."""
    today = timezone.localdate()
    employments = list(
        Employment.objects.filter(library=library)
        .select_related("person")
        .order_by(LithuanianOrder("person__last_name"), LithuanianOrder("person__first_name"))
    )
    invitations = list(
        Invitation.objects.filter(
            library=library, accepted_at=None, revoked_at=None, expires_at__gt=timezone.now()
        ).order_by("-created_at")
    )
    return LibraryStaff(
        current=[e for e in employments if e.end_date is None or e.end_date >= today],
        ended=[e for e in employments if e.end_date is not None and e.end_date < today],
        open_invitations=invitations,
    )
