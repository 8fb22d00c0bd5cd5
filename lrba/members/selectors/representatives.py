"""Who acts for a library and who belongs to the association: the roles that follow from
the register (employment, mandates, membership) rather than from a Django group.

The group roles (secretariat, Board, auditor) live in `lrba.accounts.roles`; these live
here because they are facts of the member register, and `accounts` must not depend on
`members`.

Who is "a member" for members-only content (documents, events, anything later) is
answered here and only here: the charter's members are member libraries (legal persons)
and individual members (natural persons). A person counts as belonging to a member when
they are an individual member with a current membership, or work now at a member library
or at a branch of one. Staff of a library that is not a member do not count.
"""

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from lrba.members.models import Employment, Library, Membership, Person


def represented_libraries(user: Any) -> QuerySet[Library]:
    """The libraries `user` may act for: where their person is the current director, or
    holds a current, unrevoked mandate for a period (a one-meeting mandate only lets them
    vote at that meeting). One query; an empty queryset for anonymous users."""
    return Library.objects.represented_by(user)


def is_library_representative(user: Any, library: Library) -> bool:
    return represented_libraries(user).filter(pk=library.pk).exists()


def _member_people() -> QuerySet[Person]:
    individual = Membership.objects.current().filter(person=OuterRef("pk"))
    staff = Employment.objects.current().at_member_libraries().filter(person=OuterRef("pk"))
    return Person.objects.filter(Q(Exists(individual)) | Q(Exists(staff)))


def person_is_member(person: Person | None) -> bool:
    """Whether `person` belongs to a member of the association now: an individual member,
    or on the staff of a member library or of a branch of one. One query."""
    if person is None:
        return False
    return _member_people().filter(pk=person.pk).exists()


def user_is_member(user: Any) -> bool:
    """`person_is_member` for the signed-in user's person; False for anonymous users and
    for accounts without a person in the register. One query."""
    if not getattr(user, "is_authenticated", False):
        return False
    return _member_people().filter(user=user).exists()
