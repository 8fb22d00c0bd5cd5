"""Pages of the tree in the site search (lrba.core.search).

A page is found while a visitor may open it: published, under published ancestors and
not past its `published_until`. One published for later is indexed with that time (the
search hides it until then). The search cannot see a period end pass by itself: a page
whose period has ended stays in the index until it (or its section) is saved again or
`manage.py search_reindex --kind page` runs (docs/deploy.md's nightly jobs).
"""

from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from lrba.core.search import SearchDocument, SearchSource
from lrba.website.access import page_ancestors
from lrba.website.models import Page


def _shown(page: Page, now: datetime) -> bool:
    return page.status == Page.Status.PUBLISHED and (
        page.published_until is None or now < page.published_until
    )


def page_document(page: Page) -> SearchDocument | None:
    now = timezone.now()
    ancestors = page_ancestors(page)
    if not _shown(page, now) or not all(_shown(ancestor, now) for ancestor in ancestors):
        return None
    starts = [p.published_from for p in (*ancestors, page) if p.published_from is not None]
    body = " ".join(part for part in (strip_tags(page.body), strip_tags(page.body_en)) if part)
    return SearchDocument(
        title=page.title,
        title_en=page.title_en,
        url=page.get_absolute_url(),
        summary=page.summary,
        summary_en=page.summary_en,
        body=body,
        published_at=max(starts) if starts else None,
        date=timezone.localdate(page.updated_at),
    )


def page_queryset() -> QuerySet[Page]:
    return Page.objects.all()


SOURCES = (
    SearchSource(
        kind="page",
        label=_("Pages"),
        model=Page,
        document=page_document,
        queryset=page_queryset,
        order=20,
    ),
)
