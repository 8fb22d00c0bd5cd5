"""Fetch-and-authorise helpers of good practice (the help desk's are in access_help.py).

Who is who:
- a *librarian* of a library: a user whose person works there now, the library being a
  member or a branch of one (`Employment.objects.current().at_member_libraries()`); they
  write articles for their library and read its unpublished ones;
- the *author* edits their own article while it is a draft or returned for changes; so
  does the secretariat (a draft it started from a help request, a typo before publishing);
- the *secretariat* (knowledge.change_practicearticle) reviews, publishes, returns and
  withdraws; the *auditor* (knowledge.view_practicearticle) reads everything, changes
  nothing;
- everyone reads published public articles; members (`may_read_members_only`) read
  members-only ones too.

Read and write apart: `access_article` to read, `access_rw_article` to edit,
`access_rw_article_review` to decide. A reader who may not see an article gets Http404,
so a guessed address tells nothing.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from lrba.accounts.access import has_permission, permission_require
from lrba.knowledge.models import PracticeArticle, PracticeAttachment, PracticeImage
from lrba.members.access import may_read_members_only
from lrba.members.models import Employment, Library

ARTICLE_READ_PERMISSION = "knowledge.view_practicearticle"
ARTICLE_WRITE_PERMISSION = "knowledge.change_practicearticle"
EDITABLE_STATUSES = (PracticeArticle.Status.DRAFT, PracticeArticle.Status.RETURNED)


def librarian_libraries(user: Any) -> QuerySet[Library]:
    """The member libraries (and branches of members) where `user`'s person works now: the
    libraries they may write good practice for. Empty for anonymous users. One query when
    evaluated."""
    if not getattr(user, "is_authenticated", False):
        return Library.objects.none()
    working = Employment.objects.current().at_member_libraries().filter(person__user=user)
    return Library.objects.filter(pk__in=working.values("library_id")).select_related(
        "municipality__county"
    )


def is_librarian_of(user: Any, library_id: int) -> bool:
    return librarian_libraries(user).filter(pk=library_id).exists()


def may_review_articles(user: Any) -> bool:
    """The review pages, to read (the secretariat and the auditor)."""
    return has_permission(user, ARTICLE_READ_PERMISSION)


def may_decide_articles(user: Any) -> bool:
    """Publishing, returning and withdrawing (the secretariat)."""
    return has_permission(user, ARTICLE_WRITE_PERMISSION)


def readable_audiences(user: Any) -> list[str]:
    """The audiences of published articles `user` may read."""
    if may_read_members_only(user):
        return [PracticeArticle.Audience.PUBLIC, PracticeArticle.Audience.MEMBERS]
    return [PracticeArticle.Audience.PUBLIC]


def may_read_article(user: Any, article: PracticeArticle) -> bool:
    if article.status == PracticeArticle.Status.PUBLISHED and (
        article.audience in readable_audiences(user)
    ):
        return True
    if may_review_articles(user):
        return True
    # The library's own librarians follow its unpublished and withdrawn articles.
    return is_librarian_of(user, article.library_id)


def may_edit_article(user: Any, article: PracticeArticle) -> bool:
    """While the article is a draft or returned: its author, if they still work at the
    member library it belongs to, and the secretariat."""
    if article.status not in EDITABLE_STATUSES:
        return False
    if may_decide_articles(user):
        return True
    return (
        article.author_id is not None
        and article.author_id == getattr(user, "pk", None)
        and is_librarian_of(user, article.library_id)
    )


def _article(slug: str) -> PracticeArticle:
    return get_object_or_404(
        PracticeArticle.objects.select_related("library", "county", "topic", "author"), slug=slug
    )


def article_is_members_only(slug: str) -> bool:
    """Whether `slug` names a published members-only article: an anonymous visitor is
    asked to sign in rather than told it does not exist."""
    return PracticeArticle.objects.filter(
        slug=slug,
        status=PracticeArticle.Status.PUBLISHED,
        audience=PracticeArticle.Audience.MEMBERS,
    ).exists()


def access_article(user: Any, slug: str) -> PracticeArticle:
    """An article `user` may read; Http404 otherwise."""
    article = _article(slug)
    if not may_read_article(user, article):
        raise Http404
    return article


def access_article_create(user: Any) -> QuerySet[Library]:
    """The libraries `user` may write for; PermissionDenied when there are none."""
    libraries = librarian_libraries(user)
    if not libraries.exists():
        raise PermissionDenied(
            _("Good practice is written by the librarians of the association's member libraries.")
        )
    return libraries


def access_rw_article(user: Any, slug: str) -> PracticeArticle:
    """An article its author may change (text, images, attachments) or submit.

    Http404 for those who may not read it; PermissionDenied for a reader who may not
    change it (a colleague, an article under review or published)."""
    article = access_article(user, slug)
    if not may_edit_article(user, article):
        raise PermissionDenied(
            _(
                "Only its author and the secretariat change an article, while it is a draft "
                "or returned for changes."
            )
        )
    return article


def access_article_review(user: Any, slug: str) -> PracticeArticle:
    """An article's review page, to read: the secretariat and the auditor."""
    permission_require(
        user, ARTICLE_READ_PERMISSION, _("Only the secretariat reviews good practice.")
    )
    return _article(slug)


def access_rw_article_review(user: Any, slug: str) -> PracticeArticle:
    """An article the secretariat publishes, returns or withdraws."""
    permission_require(
        user, ARTICLE_WRITE_PERMISSION, _("Only the secretariat publishes good practice.")
    )
    return _article(slug)


def access_article_reviews(user: Any) -> None:
    """The list of articles waiting for review."""
    permission_require(
        user, ARTICLE_READ_PERMISSION, _("Only the secretariat reviews good practice.")
    )


def access_article_image(user: Any, slug: str, pk: int) -> tuple[PracticeArticle, PracticeImage]:
    article = access_article(user, slug)
    return article, get_object_or_404(PracticeImage, article=article, pk=pk)


def access_article_attachment(
    user: Any, slug: str, pk: int
) -> tuple[PracticeArticle, PracticeAttachment]:
    article = access_article(user, slug)
    return article, get_object_or_404(PracticeAttachment, article=article, pk=pk)


def article_is_public(article: PracticeArticle) -> bool:
    """Whether anyone may read the article now: its files may be kept by shared caches."""
    return (
        article.status == PracticeArticle.Status.PUBLISHED
        and article.audience == PracticeArticle.Audience.PUBLIC
    )
