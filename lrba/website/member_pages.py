"""The website's sections on the members' pages (see lrba.core.plugins)."""

from typing import Any

from django.http import HttpRequest

from lrba.core import cache
from lrba.website import selectors_news
from lrba.website.cache_news import PROJECTS


def library_page_sections(request: HttpRequest, library: Any) -> list[tuple[str, dict[str, Any]]]:
    """A library's public page lists the published projects it takes part in. The list is
    the same for everyone and cached per version of the projects (one query when warm)."""
    projects = cache.cached(
        PROJECTS, ("library-projects", library.pk), lambda: selectors_news.library_projects(library)
    )
    if not projects:
        return []
    return [("website/_library_projects.html", {"projects": projects})]
