"""Reads of good practice: the public list (filters and full-text search), an article's
pictures and files, the author's and the library's articles, the review queue.

Who may read what is decided by the caller (lrba.knowledge.access): these take the
audiences a visitor may read, or the user/library whose articles are asked for.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from lrba.core.models import County
from lrba.core.search import search_entries
from lrba.core.text import sort_key
from lrba.knowledge.models import PracticeArticle, Topic
from lrba.members.models import Library

Status = PracticeArticle.Status
UNPUBLISHED = (Status.DRAFT, Status.RETURNED, Status.SUBMITTED)
# A search lists at most this many articles, best first (a few pages; nobody reads more).
SEARCH_LIMIT = 300


def _with_relations(articles: QuerySet[PracticeArticle]) -> QuerySet[PracticeArticle]:
    return articles.select_related("library", "county", "topic")


def articles_published(*, audiences: Sequence[str]) -> QuerySet[PracticeArticle]:
    """Published articles for the given audiences, newest first."""
    return _with_relations(
        PracticeArticle.objects.filter(status=Status.PUBLISHED, audience__in=list(audiences))
    ).order_by("-published_at", "-pk")


@dataclass(frozen=True)
class ArticleFilters:
    topic: Topic | None = None
    county: County | None = None
    query: str = ""

    @property
    def active(self) -> bool:
        return bool(self.topic or self.county or self.query)


def article_filters(params: Any) -> ArticleFilters:
    """The list's filters from a query string; an unknown topic or county is ignored
    (an old link still shows the list), the query is trimmed to a sane length."""
    topic_slug = str(params.get("tema", ""))[:120]
    county_code = str(params.get("apskritis", ""))[:40]
    topic = Topic.objects.filter(slug=topic_slug).first() if topic_slug else None
    county = County.objects.filter(code=county_code).first() if county_code else None
    return ArticleFilters(
        topic=topic, county=county, query=" ".join(params.get("q", "").split())[:200]
    )


def article_list(
    *, audiences: Sequence[str], filters: ArticleFilters
) -> list[PracticeArticle] | QuerySet[PracticeArticle]:
    """The public list: published articles the visitor may read, filtered by topic and
    county; with a query, those the site search finds (Lithuanian stemming, lrba.core.search),
    best first."""
    articles = articles_published(audiences=audiences)
    if filters.topic is not None:
        articles = articles.filter(topic=filters.topic)
    if filters.county is not None:
        articles = articles.filter(county=filters.county)
    if not filters.query:
        return articles
    entries = search_entries(query=filters.query, audiences=list(audiences), kinds=["practice"])
    ranked = list(entries.values_list("object_id", flat=True)[:SEARCH_LIMIT])
    found = articles.in_bulk(ranked)
    return [found[pk] for pk in ranked if pk in found]


def article_topics() -> QuerySet[Topic]:
    """Topics in use, for the list's filter."""
    return Topic.objects.filter(is_active=True).order_by("position", "name")


def article_counties() -> list[County]:
    return sorted(County.objects.all(), key=lambda county: sort_key(county.name))


def articles_of_author(user: Any) -> QuerySet[PracticeArticle]:
    """Everything `user` wrote, in every state, the latest changed first."""
    return _with_relations(PracticeArticle.objects.filter(author=user)).order_by(
        "-updated_at", "-pk"
    )


def library_articles_published(
    *, library: Library, audiences: Sequence[str]
) -> QuerySet[PracticeArticle]:
    return articles_published(audiences=audiences).filter(library=library)


def library_articles_unpublished(*, library: Library) -> QuerySet[PracticeArticle]:
    """The library's drafts, returned and submitted articles (its librarians' work)."""
    return _with_relations(
        PracticeArticle.objects.filter(library=library, status__in=UNPUBLISHED)
    ).order_by("-updated_at", "-pk")


REVIEW_FILTERS = (Status.SUBMITTED, Status.RETURNED, Status.PUBLISHED, Status.WITHDRAWN)


def articles_for_review(*, status: str = Status.SUBMITTED) -> QuerySet[PracticeArticle]:
    """The review queue: submitted articles, the longest-waiting first; other states for
    looking back (drafts are the authors' own business and not listed)."""
    articles = _with_relations(PracticeArticle.objects.filter(status=status))
    if status == Status.SUBMITTED:
        return articles.order_by("submitted_at", "pk")
    return articles.order_by("-updated_at", "-pk")


def review_counts() -> dict[str, int]:
    counts = PracticeArticle.objects.aggregate(
        **{str(value): Count("pk", filter=Q(status=value)) for value in REVIEW_FILTERS}
    )
    return {key: value or 0 for key, value in counts.items()}
