"""Who may see which documents: `access_document(user, pk)` fetches and authorises.

Access levels: public → anyone; members → whoever belongs to a member of the association
(`lrba.members.selectors.representatives.user_is_member`: individual members and the staff of member
libraries), and the Board, the secretariat and the auditor; board → Board members and the
secretariat.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from lrba.accounts import roles
from lrba.members.access import may_read_members_only
from lrba.website.models import Document

Access = Document.Access


class SignInRequired(Exception):
    """The document is not public and nobody is signed in: send them to the sign-in page."""


def document_access_levels(user: Any) -> list[str]:
    """The access levels `user` may read, from the widest audience inwards."""
    levels = [Access.PUBLIC.value]
    if may_read_members_only(user):
        levels.append(Access.MEMBERS.value)
    if roles.is_board_member(user) or roles.is_secretariat(user):
        levels.append(Access.BOARD.value)
    return levels


def access_document(user: Any, pk: int) -> Document:
    """The document `pk` if `user` may read it.

    Raises Http404 when there is no such document, SignInRequired for an anonymous
    visitor asking for a non-public one and PermissionDenied for a signed-in user
    without the right.
    """
    document = get_object_or_404(Document, pk=pk)
    if document.access in document_access_levels(user):
        return document
    if not getattr(user, "is_authenticated", False):
        raise SignInRequired
    raise PermissionDenied


def access_board_page(user: Any) -> None:
    """Board members and the secretariat; everyone else is refused (403)."""
    if not (roles.is_board_member(user) or roles.is_secretariat(user)):
        raise PermissionDenied
