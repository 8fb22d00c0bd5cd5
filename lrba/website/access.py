"""Who may see which documents and pages: `access_document(user, pk)`,
`access_page(path)` and the others fetch and authorise.

Pages: a published page within its publication period is public (and its pictures);
editors with `website.view_page` preview any page at its own address.

Access levels: public → anyone; members → whoever belongs to a member of the association
(`lrba.members.selectors.representatives.user_is_member`: individual members and the staff of member
libraries), and the Board, the secretariat and the auditor; board → Board members and the
secretariat.
"""

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from lrba.accounts import roles
from lrba.accounts.access import has_permission, permission_require
from lrba.members.access import may_read_members_only
from lrba.website.models import Document, Page, PageImage

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


# Pages of the tree ----------------------------------------------------------------------


def page_is_visible(page: Page, *, now: datetime | None = None) -> bool:
    """Published, and its publication period (if any) includes `now`."""
    now = now or timezone.now()
    return (
        page.status == Page.Status.PUBLISHED
        and (page.published_from is None or page.published_from <= now)
        and (page.published_until is None or now < page.published_until)
    )


def may_preview_pages(user: Any) -> bool:
    """Editors (`website.view_page`) see any page, drafts and expired ones included."""
    return has_permission(user, "website.view_page")


def access_page(path: str) -> Page:
    """The visible page at `path` (its ancestors must be visible too: hiding a section
    hides what is under it). Http404 otherwise, for everyone: previews have their own
    address."""
    page = Page.objects.filter(path=path.strip("/")).select_related("parent").first()
    if page is None or not page_is_visible(page):
        raise Http404
    ancestor = page.parent
    while ancestor is not None:
        if not page_is_visible(ancestor):
            raise Http404
        ancestor = ancestor.parent
    return page


def access_page_preview(user: Any, pk: int) -> Page:
    """Any page `pk`, draft or not, for an editor; PermissionDenied for anyone else."""
    permission_require(user, "website.view_page")
    return get_object_or_404(Page, pk=pk)


def access_page_image(user: Any, page_pk: int, pk: int) -> tuple[PageImage, bool]:
    """The image `pk` of page `page_pk` and whether it is private: a visible page's
    images are public; an editor also gets those of drafts (privately, for the preview).
    Http404 for anyone else, so a draft's pictures tell nobody it exists."""
    image = get_object_or_404(PageImage.objects.select_related("page"), pk=pk, page_id=page_pk)
    page = image.page
    if page_is_visible(page) and all(page_is_visible(a) for a in page_ancestors(page)):
        return image, False
    if may_preview_pages(user):
        return image, True
    raise Http404


def page_ancestors(page: Page) -> list[Page]:
    """The pages above `page`, from the top down (one query)."""
    parts = page.path.split("/")
    paths = ["/".join(parts[:depth]) for depth in range(1, len(parts))]
    if not paths:
        return []
    return sorted(Page.objects.filter(path__in=paths), key=lambda p: p.path.count("/"))
