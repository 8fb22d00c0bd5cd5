"""sitemap.xml: every public page of the site, in Lithuanian and in English.

The website is the top layer, so it lists the other apps' public pages itself: the page
tree, news, projects, good-practice articles for everyone, events and the member
libraries, and the lists that lead to them. Each address appears once per language —
the plain address in Lithuanian and `?lang=en` in English (lrba.website.middleware) —
with the other as its `hreflang` alternate and the Lithuanian one as x-default.
Addresses are on the site's configured address (LRBA_SITE_URL), whatever host the
request came to.
"""

from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from lrba.events.models import Event
from lrba.knowledge.models import PracticeArticle
from lrba.members.models import Library, Membership
from lrba.website import selectors
from lrba.website.middleware import LANGUAGE_PARAMETER
from lrba.website.models import NewsItem, Page, Project


def localized(path: str) -> str:
    """`path` in the active language: `?lang=en` added for English."""
    language = (translation.get_language() or "lt").split("-")[0]
    if language == settings.LANGUAGE_CODE:
        return path
    separator = "&" if "?" in path else "?"
    return f"{path}{separator}{LANGUAGE_PARAMETER}={language}"


class SiteSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    languages = [code for code, _name in settings.LANGUAGES]

    def location(self, item: Any) -> str:
        return localized(item.get_absolute_url())

    def get_urls(self, page: int | str = 1, site: Any = None, protocol: Any = None) -> list:
        # The configured address, not the request's host (a proxy, an internal name).
        address = urlsplit(settings.LRBA_SITE_URL)
        return self._urls(page, address.scheme or "https", address.netloc)  # type: ignore[attr-defined]


class StaticSitemap(SiteSitemap):
    """The lists and fixed pages anyone may open (those whose app provides them)."""

    priority = 0.8
    changefreq = "daily"
    NAMES = (
        "website:home",
        "website:news_list",
        "website:project_list",
        "website:partner_list",
        "website:annual_reports",
        "website:document_list",
        "website:privacy",
        "members:library_list",
        "events:event_list",
        "knowledge:article_list",
        "communications:archive_list",
    )

    def items(self) -> list[str]:
        paths = []
        for name in self.NAMES:
            try:
                paths.append(reverse(name))
            except NoReverseMatch:
                continue
        return paths

    def location(self, item: Any) -> str:
        return localized(item)


class PageSitemap(SiteSitemap):
    changefreq = "monthly"

    def items(self) -> QuerySet[Page]:
        return selectors.page_list_visible()

    def lastmod(self, item: Page) -> datetime:
        return item.updated_at


class NewsSitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self) -> QuerySet[NewsItem]:
        return NewsItem.objects.filter(
            status=NewsItem.Status.PUBLISHED, publish_at__lte=timezone.now()
        ).order_by("-publish_at", "-pk")

    def lastmod(self, item: NewsItem) -> datetime:
        return item.updated_at


class ProjectSitemap(SiteSitemap):
    changefreq = "monthly"

    def items(self) -> QuerySet[Project]:
        return Project.objects.filter(is_published=True).order_by("-starts_on", "-pk")

    def lastmod(self, item: Project) -> datetime:
        return item.updated_at


class PracticeSitemap(SiteSitemap):
    """Good-practice articles for everyone (members-only ones are not public pages)."""

    changefreq = "monthly"

    def items(self) -> QuerySet[PracticeArticle]:
        return PracticeArticle.objects.filter(
            status=PracticeArticle.Status.PUBLISHED,
            audience=PracticeArticle.Audience.PUBLIC,
        ).order_by("-published_at", "-pk")

    def lastmod(self, item: PracticeArticle) -> datetime:
        return item.updated_at


class EventSitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self) -> QuerySet[Event]:
        return Event.objects.filter(status=Event.Status.PUBLISHED).order_by("-starts_at", "-pk")

    def lastmod(self, item: Event) -> datetime:
        return item.updated_at


class LibrarySitemap(SiteSitemap):
    """The libraries the public directory lists: members and their branches."""

    changefreq = "monthly"

    def items(self) -> QuerySet[Library]:
        member_ids = Membership.objects.current().filter(library__isnull=False).values("library_id")
        return Library.objects.filter(Q(pk__in=member_ids) | Q(parent_id__in=member_ids)).order_by(
            "slug"
        )

    def lastmod(self, item: Library) -> datetime:
        return item.updated_at


SITEMAPS: dict[str, type[Sitemap] | Sitemap] = {
    "static": StaticSitemap,
    "pages": PageSitemap,
    "news": NewsSitemap,
    "projects": ProjectSitemap,
    "practice": PracticeSitemap,
    "events": EventSitemap,
    "libraries": LibrarySitemap,
}
