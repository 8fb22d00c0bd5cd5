"""What every staff page shares: the mark that demands two-factor, and permission checks.

Staff pages decide by role and permission, never by `is_staff` (which only opens the
Django admin and is derived from the roles, see `roles.user_staff_derive`). Each app's
`access.py` comes in two forms, after healthchecks' `_get_project_for_user` /
`_get_rw_project_for_user`: `access_<thing>` needs a *view* permission (the auditor reads
lists and exports), `access_rw_<thing>` needs a *change* permission (the auditor, who
holds only view permissions, never gets it). Every view that writes uses the rw form.

This module sits at the bottom of the layers: it imports nothing from the apps above.
"""

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied

View = TypeVar("View", bound=Callable[..., Any])

# The attribute `staff_page` sets; read by `accounts.middleware.RequireTwoFactorMiddleware`
# (as Django's LoginRequiredMiddleware reads `login_required`).
STAFF_PAGE_ATTRIBUTE = "staff_page"


def staff_page(view: View) -> View:
    """Mark a view as a staff page: users whose roles demand two-factor authentication
    (`roles.requires_two_factor`) are sent to set it up before it runs.

    Every view that grants access *because of* a staff role (secretariat, Board, auditor)
    carries this mark, wherever its URL lives — also the pages where staff see more than
    others (a library's page the secretariat may edit). Order does not matter among
    decorators that use `functools.wraps`, which copies the attribute outwards.
    """
    setattr(view, STAFF_PAGE_ATTRIBUTE, True)
    return view


def is_staff_page(view: Any) -> bool:
    return bool(getattr(view, STAFF_PAGE_ATTRIBUTE, False))


def has_permission(user: Any, permission: str) -> bool:
    """`user.has_perm(permission)` that answers False for anonymous users and None."""
    return bool(getattr(user, "is_authenticated", False) and user.has_perm(permission))


def permission_require(user: Any, permission: str, message: str = "") -> None:
    """Raise PermissionDenied (the 403 page) unless `user` holds `permission`."""
    if not has_permission(user, permission):
        raise PermissionDenied(message)
