"""What the content endpoints answer: published news and public documents."""

from datetime import date, datetime
from typing import Any

from django.utils import translation
from django.utils.text import capfirst
from ninja import Field, Schema

from lrba.api.schemas.directory import absolute
from lrba.core.sanitize import sanitize_html
from lrba.website.models import Document, NewsItem
from lrba.website.selectors_news import in_language


def _language() -> str:
    return (translation.get_language() or "lt").split("-")[0]


class NewsFilters(Schema):
    """The news list's archive by year and its tag pages."""

    year: int | None = Field(None, ge=2000, le=2100, description="Items published that year.")
    tag: str = Field(
        "",
        max_length=60,
        pattern=r"^[-a-zA-Z0-9_]*$",
        description="A tag's slug: items with that tag.",
    )


class TagOut(Schema):
    slug: str
    name: str = Field(description="In the request's language when written in it.")

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return in_language(obj, "name", _language())


class NewsOut(Schema):
    id: int
    slug: str
    title: str = Field(description="In English when asked for and written, else Lithuanian.")
    lead: str
    publish_at: datetime
    tags: list[TagOut]
    url: str = Field(description="The item's page on the site.")

    @staticmethod
    def resolve_title(obj: NewsItem) -> str:
        return in_language(obj, "title", _language())

    @staticmethod
    def resolve_lead(obj: NewsItem) -> str:
        return in_language(obj, "lead", _language())

    @staticmethod
    def resolve_url(obj: NewsItem, context: Any) -> str:
        return absolute(context, obj.get_absolute_url())


class LinkOut(Schema):
    title: str
    url: str


class NewsDetailOut(NewsOut):
    body_html: str = Field(description="The text, as sanitised HTML.")
    library: LinkOut | None = Field(description="The library the item is about.")
    event: LinkOut | None = Field(description="The event the item is about (if public).")
    project: LinkOut | None = Field(description="The project the item is about (if public).")

    @staticmethod
    def resolve_body_html(obj: NewsItem) -> str:
        return sanitize_html(in_language(obj, "body", _language()))

    @staticmethod
    def resolve_library(obj: NewsItem, context: Any) -> dict[str, str] | None:
        library = obj.library
        if library is None:
            return None
        return {"title": library.name, "url": absolute(context, library.get_absolute_url())}

    @staticmethod
    def resolve_event(obj: NewsItem, context: Any) -> dict[str, str] | None:
        event = obj.event
        if event is None:
            return None
        return {"title": event.title, "url": absolute(context, event.get_absolute_url())}

    @staticmethod
    def resolve_project(obj: NewsItem, context: Any) -> dict[str, str] | None:
        project = obj.project
        if project is None:
            return None
        title = in_language(project, "title", _language())
        return {"title": title, "url": absolute(context, project.get_absolute_url())}


class DocumentFilters(Schema):
    """The documents page's category tabs."""

    category: Document.Category | None = Field(None, description="A category of document.")


class DocumentOut(Schema):
    id: int
    title: str
    description: str
    category: str
    category_label: str = Field(description="The category in the request's language.")
    published_on: date
    download_url: str = Field(description="The site's download address (access-checked).")

    @staticmethod
    def resolve_category_label(obj: Document) -> str:
        return str(capfirst(Document.Category(obj.category).label))

    @staticmethod
    def resolve_download_url(obj: Document, context: Any) -> str:
        return absolute(context, obj.get_absolute_url())
