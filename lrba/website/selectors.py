"""Reads for the public website."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import translation

from lrba.accounts.models import ProcessingActivity
from lrba.core.charts import HorizontalBarChart, horizontal_bar_chart
from lrba.members.selectors.libraries import CountyCount
from lrba.website.access import document_access_levels
from lrba.website.models import Document, Page


@dataclass(frozen=True)
class PageText:
    """A page in the visitor's language: English when asked for and written, else
    the Lithuanian original."""

    page: Page
    title: str
    body: str
    language: str
    updated_at: datetime


def page_in_language(slug: str, language: str | None = None) -> PageText | None:
    page = Page.objects.filter(slug=slug).first()
    if page is None:
        return None
    language = (language or translation.get_language() or "lt").split("-")[0]
    english = language == "en" and bool(page.body_en.strip())
    return PageText(
        page=page,
        title=page.title_en if language == "en" and page.title_en else page.title,
        body=page.body_en if english else page.body,
        language="en" if english else "lt",
        updated_at=page.updated_at,
    )


def processing_activity_list() -> QuerySet[ProcessingActivity]:
    """The records of processing activities, as the privacy notice lists them."""
    return ProcessingActivity.objects.order_by("name")


def county_bar_chart(counts: list[CountyCount]) -> HorizontalBarChart:
    """The home page's chart: member libraries per county."""
    return horizontal_bar_chart([(count.county.name, count.libraries) for count in counts])


def document_list(*, user: Any, category: str = "", access: str = "") -> QuerySet[Document]:
    """The documents `user` may read, newest first, optionally of one category/level."""
    documents = Document.objects.filter(access__in=document_access_levels(user))
    if category:
        documents = documents.filter(category=category)
    if access:
        documents = documents.filter(access=access)
    return documents.order_by("-published_on", "-pk")
