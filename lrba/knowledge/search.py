"""Good practice in the site search (lrba.core.search): published articles, public or for
members, each under its own audience so the search shows a members-only article to members
only. A draft, a returned, submitted or withdrawn article is not searchable (None)."""

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from lrba.core.models import Audience
from lrba.core.search import SearchDocument, SearchSource
from lrba.knowledge.models import PracticeArticle

SEARCHABLE_AUDIENCES: dict[str, str] = {
    PracticeArticle.Audience.PUBLIC: Audience.PUBLIC,
    PracticeArticle.Audience.MEMBERS: Audience.MEMBERS,
}


def article_document(article: PracticeArticle) -> SearchDocument | None:
    if article.status != PracticeArticle.Status.PUBLISHED or article.published_at is None:
        return None
    audience = SEARCHABLE_AUDIENCES.get(article.audience)
    if audience is None:
        return None
    # The library's and the topic's names are searched too ("Kretingos", "vaikų skaitymas").
    body = " ".join(
        (strip_tags(article.body), article.library.name, article.topic.name, article.author_name)
    )
    return SearchDocument(
        title=article.title,
        url=article.get_absolute_url(),
        summary=article.summary,
        body=body,
        audience=audience,
        published_at=article.published_at,
        date=timezone.localdate(article.published_at),
    )


def article_queryset() -> QuerySet[PracticeArticle]:
    return PracticeArticle.objects.select_related("library", "topic")


SOURCES = (
    SearchSource(
        kind="practice",
        label=_("Good practice"),
        model=PracticeArticle,
        document=article_document,
        queryset=article_queryset,
        order=40,
    ),
)
