"""The register's recurring questions, asked one way: "is this employment current?",
"is this membership current?", "is this library a member?", "who represents it?".

Each model's default manager is built from these (`Employment.objects.current()`), so a
query anywhere in the project reads the same rule; change a rule here and every page and
service follows.
"""

import datetime
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

if TYPE_CHECKING:
    from django.db.models.expressions import Combinable

    # A date, or an expression that yields one (e.g. `OuterRef("completed_on")`).
    On = datetime.date | Combinable


def _today(on: "On | None") -> "On":
    return timezone.localdate() if on is None else on


class EmploymentQuerySet(models.QuerySet):
    def current(self, on: "On | None" = None) -> "EmploymentQuerySet":
        """Employments running on `on` (today by default): started by then and not ended
        before it. `on` may be an expression, for "where did they work on that day"."""
        on = _today(on)
        return self.filter(start_date__lte=on).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=on)
        )

    def at_member_libraries(self) -> "EmploymentQuerySet":
        """Employments at a member library or at a branch of one (a branch has no legal
        personality: its staff belong to the parent's membership)."""
        from lrba.members.models import Membership

        current = Membership.objects.current()
        return self.filter(
            Exists(current.filter(library=OuterRef("library_id")))
            | Exists(current.filter(library=OuterRef("library__parent_id")))
        )


class MembershipQuerySet(models.QuerySet):
    def current(self) -> "MembershipQuerySet":
        """Memberships that hold a vote and count in the register: active or suspended
        (`Membership.MEMBER_STATUSES`)."""
        return self.filter(status__in=self.model.MEMBER_STATUSES)

    def active(self) -> "MembershipQuerySet":
        """Current memberships that are not suspended: the figures shown to the public."""
        return self.filter(status=self.model.Status.ACTIVE)


class MandateQuerySet(models.QuerySet):
    def current(self, on: "On | None" = None) -> "MandateQuerySet":
        """Unrevoked mandates for a period that run on `on` (today by default). A
        one-meeting mandate is never "current": it only lets its holder vote there."""
        on = _today(on)
        return self.filter(
            scope=self.model.Scope.PERIOD, revoked_at__isnull=True, valid_from__lte=on
        ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))


class LibraryQuerySet(models.QuerySet):
    def members(self) -> "LibraryQuerySet":
        """Libraries with a current membership of their own."""
        from lrba.members.models import Membership

        return self.filter(Exists(Membership.objects.current().filter(library=OuterRef("pk"))))

    def represented_by(self, user: Any) -> "LibraryQuerySet":
        """The libraries `user` may act for: where their person is the current director,
        or holds a current mandate for a period. Nothing for an anonymous user."""
        from lrba.members.models import Employment, Mandate

        if not getattr(user, "is_authenticated", False):
            return self.none()
        directs = Employment.objects.current().filter(
            library=OuterRef("pk"), person__user=user, is_director=True
        )
        mandated = Mandate.objects.current().filter(library=OuterRef("pk"), person__user=user)
        return self.filter(Exists(directs) | Exists(mandated))
