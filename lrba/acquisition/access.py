"""Who may do what in acquisition (roles and objects, read apart from write).

- The secretariat keeps suppliers, imports catalogues and runs rounds
  (`acquisition.change_round`, `acquisition.add_catalogueimport`); the auditor reads
  (`acquisition.view_round`).
- A library orders through its representatives (its director or a person with a current
  mandate for a period) and the employees they authorise to order (`members.StaffAuthorisation`,
  while the person still works there). Nobody orders for a library they do not act for: its
  order is a 404 to them.
- The catalogue is for librarians: anyone on the staff of a member library, an
  individual member, or acquisition staff may search it.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from lrba.accounts.access import has_permission, permission_require
from lrba.acquisition.models import Round
from lrba.members.models import Library, StaffAuthorisation
from lrba.members.selectors.authorisations import acting_libraries
from lrba.members.selectors.representatives import user_is_member

READ_PERMISSION = "acquisition.view_round"
WRITE_PERMISSION = "acquisition.change_round"
IMPORT_PERMISSION = "acquisition.add_catalogueimport"
SUPPLIER_WRITE_PERMISSION = "acquisition.change_supplier"


def may_read_acquisition(user: Any) -> bool:
    return has_permission(user, READ_PERMISSION)


def acquisition_read_require(user: Any) -> None:
    permission_require(
        user, READ_PERMISSION, _("Only the secretariat and the auditor see the buying rounds.")
    )


def acquisition_write_require(user: Any, permission: str = WRITE_PERMISSION) -> None:
    permission_require(user, permission, _("Only the secretariat runs the buying rounds."))


def orderable_libraries(user: Any) -> QuerySet[Library]:
    """The libraries `user` may order for: those they represent and those whose
    representative authorised them to order. One query when evaluated."""
    return acting_libraries(user, StaffAuthorisation.Scope.ORDERING)


def may_order_for(user: Any, library: Library) -> bool:
    return orderable_libraries(user).filter(pk=library.pk).exists()


def access_order_library(user: Any, library_pk: int) -> Library:
    """A library `user` may order for: 404 for any other (its orders are not theirs to
    learn about); PermissionDenied for a visitor who is not signed in."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied(_("Sign in to order for your library."))
    return get_object_or_404(orderable_libraries(user), pk=library_pk)


def may_search_catalogue(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    # Librarians are by far the most who search: ask the one-query question first.
    return (
        user_is_member(user)
        or may_read_acquisition(user)
        or has_permission(user, IMPORT_PERMISSION)
        or orderable_libraries(user).exists()
    )


def catalogue_require(user: Any) -> None:
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied(_("Sign in to search the suppliers' catalogue."))
    if not may_search_catalogue(user):
        raise PermissionDenied(_("The suppliers' catalogue is for the member libraries' staff."))


def rounds_visible_to(user: Any) -> QuerySet[Round]:
    """Every round for acquisition staff; open and closed rounds (never drafts) for
    people who order for a library."""
    if may_read_acquisition(user):
        return Round.objects.all()
    if not orderable_libraries(user).exists():
        return Round.objects.none()
    return Round.objects.exclude(status=Round.Status.DRAFT)


def access_round(user: Any, pk: int) -> Round:
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied(_("Sign in to see the buying rounds."))
    return get_object_or_404(rounds_visible_to(user), pk=pk)
