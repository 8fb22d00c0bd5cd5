"""Good practice on the members' pages (lrba.core.plugins, `member_pages_module`), and the
help desk's and onboarding's sections from `member_pages_help`.

- a member library's public page lists its published articles the visitor may read;
- "My library" lists the library's drafts, returned and submitted articles (its
  representatives and the secretariat open that page), then the help desk's sections;
- "My account" links to "My articles" for librarians and authors.
"""

from importlib import import_module
from typing import Any

from django.http import HttpRequest

from lrba.knowledge.access import librarian_libraries, readable_audiences
from lrba.knowledge.models import PracticeArticle
from lrba.knowledge.selectors.practice import (
    articles_of_author,
    library_articles_published,
    library_articles_unpublished,
)
from lrba.members.models import Library

Status = PracticeArticle.Status
# The public page shows the latest few; the full list is the good-practice list.
LIBRARY_PAGE_ARTICLES = 6


def library_page_sections(request: HttpRequest, library: Library) -> list[tuple[str, dict]]:
    """The library's published good practice the visitor may read (nothing when none)."""
    articles = list(
        library_articles_published(library=library, audiences=readable_audiences(request.user))[
            : LIBRARY_PAGE_ARTICLES + 1
        ]
    )
    if not articles:
        return []
    return [
        (
            "knowledge/article_library_section.html",
            {
                "library": library,
                "articles": articles[:LIBRARY_PAGE_ARTICLES],
                "more": len(articles) > LIBRARY_PAGE_ARTICLES,
            },
        )
    ]


def _help_sections(request: HttpRequest, library: Library) -> list[tuple[str, dict]]:
    try:
        module: Any = import_module("lrba.knowledge.member_pages_help")
    except ModuleNotFoundError:
        return []
    return list(module.my_library_sections(request, library))


def my_library_sections(request: HttpRequest, library: Library) -> list[tuple[str, dict]]:
    """The library's articles in the making, with a way to write one for its librarians;
    then the help desk's and onboarding's sections."""
    sections = [
        (
            "knowledge/article_my_library_section.html",
            {
                "library": library,
                "articles": list(library_articles_unpublished(library=library)[:20]),
                "may_write": librarian_libraries(request.user).filter(pk=library.pk).exists(),
            },
        )
    ]
    return sections + _help_sections(request, library)


def my_account_sections(request: HttpRequest) -> list[tuple[str, dict]]:
    """A way to "My articles" for whoever writes good practice or has written some."""
    may_write = librarian_libraries(request.user).exists()
    written = articles_of_author(request.user)
    if not may_write and not written.exists():
        return []
    return [
        (
            "knowledge/article_account_section.html",
            {"may_write": may_write, "waiting": written.filter(status=Status.RETURNED).count()},
        )
    ]
