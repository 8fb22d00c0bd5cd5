"""The news as RSS 2.0 and Atom feeds: the latest visible items (scheduled ones appear when
their time comes, drafts never)."""

from datetime import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext

from lrba.website import selectors_news as news
from lrba.website.models import NewsItem

FEED_ITEMS = 20


def _language() -> str:
    return (translation.get_language() or "lt").split("-")[0]


class NewsRssFeed(Feed):
    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().__call__(request, *args, **kwargs)
        response["Cache-Control"] = "public, max-age=600"
        return response

    def title(self) -> str:
        return gettext("LRBA news")

    def description(self) -> str:
        return gettext("News of the Lithuanian Regional Libraries Association")

    def link(self) -> str:
        return reverse("website:news_list")

    def feed_url(self) -> str:
        return reverse("website:news_rss")

    def items(self) -> list[NewsItem]:
        return list(news.news_published()[:FEED_ITEMS])

    def item_title(self, item: NewsItem) -> str:
        return news.in_language(item, "title", _language())

    def item_description(self, item: NewsItem) -> str:
        return news.in_language(item, "lead", _language())

    def item_link(self, item: NewsItem) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: NewsItem) -> datetime:
        return item.publish_at

    def item_updateddate(self, item: NewsItem) -> datetime:
        return max(item.updated_at, item.publish_at)


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed

    def subtitle(self) -> str:
        return self.description()

    def feed_url(self) -> str:
        return reverse("website:news_atom")
