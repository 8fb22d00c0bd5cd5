"""Fetch-and-authorise helpers for the library representative's pages.

Each `access_*` returns the object or raises: Http404 when it does not exist,
PermissionDenied (the 403 page, in the user's language) when the user may not change it.
A library is editable by its representatives
(lrba.members.selectors.representatives.represented_libraries) and by the secretariat.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from lrba.accounts.access import permission_require
from lrba.accounts.roles import is_auditor, is_board_member, is_secretariat
from lrba.members.models import Employment, Invitation, Library
from lrba.members.selectors.representatives import is_library_representative, user_is_member


def may_read_members_only(user: Any) -> bool:
    """Members-only content (documents, the member list): whoever belongs to a member now
    (`user_is_member`, the rule members-only events follow too), and the association's
    own roles (Board, secretariat, auditor), who read it to do their work."""
    return bool(
        # The role checks share one cached query; user_is_member needs its own.
        is_board_member(user) or is_secretariat(user) or is_auditor(user) or user_is_member(user)
    )


def access_member_list(user: Any) -> None:
    """Raise PermissionDenied unless `user` may read the full member list."""
    if not may_read_members_only(user):
        raise PermissionDenied(_("The member list is for members of the association."))


# The yearly register report and its export (the back office's page, the staff API): read
# by whoever may view memberships (the secretariat and the auditor), as the menu shows it.
REGISTER_REPORT_PERMISSION = "members.view_membership"


def access_register_report(user: Any) -> None:
    """Raise PermissionDenied unless `user` may read the register report and its export."""
    permission_require(
        user,
        REGISTER_REPORT_PERMISSION,
        _("Only the secretariat and the auditor see the register report."),
    )


def may_edit_library(user: Any, library: Library) -> bool:
    return is_secretariat(user) or is_library_representative(user, library)


def _refuse() -> PermissionDenied:
    return PermissionDenied(
        _("Only the library's representatives may change its profile and staff list.")
    )


def access_library_for_edit(user: Any, slug: str) -> Library:
    library = get_object_or_404(Library.objects.select_related("municipality"), slug=slug)
    if not may_edit_library(user, library):
        raise _refuse()
    return library


def access_employment_for_edit(user: Any, pk: int) -> Employment:
    employment = get_object_or_404(Employment.objects.select_related("library", "person"), pk=pk)
    if not may_edit_library(user, employment.library):
        raise _refuse()
    return employment


def access_invitation_for_revoke(user: Any, pk: int) -> Invitation:
    """Representatives revoke their library's staff invitations; the secretariat any."""
    invitation = get_object_or_404(Invitation.objects.select_related("library"), pk=pk)
    if is_secretariat(user):
        return invitation
    if invitation.role == Invitation.Role.STAFF and is_library_representative(
        user, invitation.library
    ):
        return invitation
    raise _refuse()
