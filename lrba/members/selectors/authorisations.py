"""Who acts for a library in one kind of work: its representatives (director, mandate for
a period) and the employees they authorise for that work (`StaffAuthorisation`, while the
authorisation stands and the person still works there). Acquisition (ordering),
representation (answering consultations) and the shared calendar (publishing events) all
ask here, each with its own scope."""

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from lrba.members.models import Employment, Library, Person, StaffAuthorisation
from lrba.members.selectors.representatives import represented_libraries

Scope = StaffAuthorisation.Scope


def authorised_libraries(user: Any, scope: str) -> QuerySet[Library]:
    """Libraries whose representative authorised `user`'s person for `scope`, while the
    authorisation stands and the person still works there."""
    if not getattr(user, "is_authenticated", False):
        return Library.objects.none()
    authorised = StaffAuthorisation.objects.filter(
        library=OuterRef("pk"), person__user=user, scope=scope, revoked_at__isnull=True
    )
    employed = Employment.objects.current().filter(library=OuterRef("pk"), person__user=user)
    return Library.objects.filter(Exists(authorised) & Exists(employed))


def acting_libraries(user: Any, scope: str) -> QuerySet[Library]:
    """The libraries `user` acts for in `scope`: those they represent and those whose
    representative authorised them for it. One query when evaluated."""
    if not getattr(user, "is_authenticated", False):
        return Library.objects.none()
    represented = represented_libraries(user).values("pk")
    authorised = authorised_libraries(user, scope).values("pk")
    return Library.objects.filter(Q(pk__in=represented) | Q(pk__in=authorised))


def may_act_for(user: Any, library: Library, scope: str) -> bool:
    return acting_libraries(user, scope).filter(pk=library.pk).exists()


def may_manage_authorisations(user: Any, library: Library) -> bool:
    """Only a library's representatives authorise its employees."""
    return represented_libraries(user).filter(pk=library.pk).exists()


def current_authorisations(
    library: Library, scope: str | None = None
) -> QuerySet[StaffAuthorisation]:
    authorisations = StaffAuthorisation.objects.filter(library=library, revoked_at__isnull=True)
    if scope:
        authorisations = authorisations.filter(scope=scope)
    return authorisations.select_related("person", "granted_by").order_by(
        "scope", "person__last_name", "person__first_name", "pk"
    )


def authorisable_people(library: Library, scope: str) -> QuerySet[Person]:
    """The library's current employees who are not its director and not authorised for
    `scope` now: the people a representative may authorise for it."""
    employed = Employment.objects.current().filter(library=library, is_director=False)
    authorised = StaffAuthorisation.objects.filter(
        library=library, scope=scope, revoked_at__isnull=True
    )
    return (
        Person.objects.filter(pk__in=employed.values("person"))
        .exclude(pk__in=authorised.values("person"))
        .order_by("last_name", "first_name", "pk")
    )
