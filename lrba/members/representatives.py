"""Who acts for a library and who belongs to the association: the roles that follow from
the register (employment, mandates, membership) rather than from a Django group.

The group roles (secretariat, Board, auditor) live in `lrba.accounts.roles`; these live
here because they are facts of the member register, and `accounts` must not depend on
`members`.
"""

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from lrba.members.models import Employment, Library, Mandate, Membership, Person


def represented_libraries(user: Any) -> QuerySet[Library]:
    """The libraries `user` may act for: where their person is the current director, or
    holds a current, unrevoked mandate for a period (a one-meeting mandate only lets them
    vote at that meeting). One query; an empty queryset for anonymous users."""
    if not getattr(user, "is_authenticated", False):
        return Library.objects.none()
    today = timezone.localdate()
    directs = Employment.objects.filter(
        library=OuterRef("pk"), person__user=user, is_director=True, start_date__lte=today
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
    mandated = Mandate.objects.filter(
        library=OuterRef("pk"),
        person__user=user,
        scope=Mandate.Scope.PERIOD,
        revoked_at__isnull=True,
        valid_from__lte=today,
    ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
    return Library.objects.filter(Exists(directs) | Exists(mandated))


def is_library_representative(user: Any, library: Library) -> bool:
    return represented_libraries(user).filter(pk=library.pk).exists()


def is_librarian(user: Any) -> bool:
    """A person who works in a library now, or an individual member of the association."""
    if not getattr(user, "is_authenticated", False):
        return False
    today = timezone.localdate()
    works = Employment.objects.filter(person=OuterRef("pk"), start_date__lte=today).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today)
    )
    member = Membership.objects.filter(person=OuterRef("pk"), status__in=Membership.MEMBER_STATUSES)
    return Person.objects.filter(Q(Exists(works)) | Q(Exists(member)), user=user).exists()
