"""Who may see which documents: `access_document(user, pk)` fetches and authorises.

Access levels: public → anyone; members → librarians and individual members (and the
Board, the secretariat and the auditor); board → Board members and the secretariat.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from lrba.accounts import roles
from lrba.members.representatives import is_librarian
from lrba.website.models import Document

Access = Document.Access


class SignInRequired(Exception):
    """The document is not public and nobody is signed in: send them to the sign-in page."""


def _is_member(user: Any) -> bool:
    """Members-level documents: librarians and individual members, and the association's
    own roles (Board, secretariat, auditor)."""
    return bool(
        # The role checks share one cached query; is_librarian needs its own.
        roles.is_board_member(user)
        or roles.is_secretariat(user)
        or roles.is_auditor(user)
        or is_librarian(user)
    )


def document_access_levels(user: Any) -> list[str]:
    """The access levels `user` may read, from the widest audience inwards."""
    levels = [Access.PUBLIC.value]
    if _is_member(user):
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
