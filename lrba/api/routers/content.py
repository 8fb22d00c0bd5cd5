"""Public content: published news (scheduled and draft items stay hidden until the news
selectors say otherwise) and the documents anyone may read.

These answers are for everyone: they are read as the anonymous visitor even when the
request carries a session of a signed-in member or editor, so members' documents and
news previews never leak into a public answer (or a cache keyed by it).
"""

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router
from ninja.pagination import paginate

from lrba.api.auth import PUBLIC
from lrba.api.errors import ApiError
from lrba.api.pagination import Pagination
from lrba.api.routers.directory import MAX_PK, slug_for
from lrba.api.schemas.content import (
    DocumentFilters,
    DocumentOut,
    NewsDetailOut,
    NewsFilters,
    NewsOut,
)
from lrba.website import selectors, selectors_news
from lrba.website.access import SignInRequired, access_document
from lrba.website.models import NewsItem

router = Router(tags=["content"])


@router.get("/news/", auth=PUBLIC, response=list[NewsOut], url_name="news_list", summary="News")
@paginate(Pagination)
def news_list(request: HttpRequest, filters: Query[NewsFilters]) -> Any:
    """Published news, newest first, as the news page lists them; of one year (the
    archive) or one tag (a tag's page)."""
    tag = None
    if filters.tag:
        tag = selectors_news.tag_by_slug(filters.tag)
        if tag is None:
            raise ApiError(
                422,
                "invalid",
                _("The request is not valid."),
                [{"field": "tag", "message": _("No tag has this address.")}],
            )
    return selectors_news.news_list(year=filters.year, tag=tag)


@router.get(
    "/news/{id_or_slug}",
    auth=PUBLIC,
    response=NewsDetailOut,
    url_name="news_detail",
    summary="A news item",
)
def news_detail(request: HttpRequest, id_or_slug: str) -> Any:
    """A published news item by id or by the slug of its page's address."""
    slug = slug_for(NewsItem, id_or_slug)
    item = selectors_news.news_detail(slug, preview=False) if slug else None
    if item is None:
        raise Http404
    return item


@router.get(
    "/documents/",
    auth=PUBLIC,
    response=list[DocumentOut],
    url_name="document_list",
    summary="Public documents",
)
@paginate(Pagination)
def document_list(request: HttpRequest, filters: Query[DocumentFilters]) -> Any:
    """The documents anyone may read, newest first, as the documents page lists them for
    a visitor who is not signed in; of one category."""
    category = filters.category.value if filters.category else ""
    return selectors.document_list(user=AnonymousUser(), category=category)


@router.get(
    "/documents/{id}",
    auth=PUBLIC,
    response=DocumentOut,
    url_name="document_detail",
    summary="A public document",
)
def document_detail(request: HttpRequest, id: int = Path(..., ge=1, le=MAX_PK)) -> Any:
    """A document anyone may read; the file itself is at `download_url`."""
    try:
        return access_document(AnonymousUser(), id)
    except (SignInRequired, PermissionDenied):
        # A members' or the Board's document is not there for the public.
        raise Http404 from None
