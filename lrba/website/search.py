"""The website's part of the site search (lrba.core.search): its documents here, each
found only by those who may read it (the document's access level is its audience); the
pages' and the news' and projects' sources live beside their own code
(`search_pages`, `search_news`).
"""

from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from lrba.core.search import SearchDocument, SearchSource
from lrba.website import search_news, search_pages
from lrba.website.models import Document


def document_document(document: Document) -> SearchDocument:
    with translation.override("lt"):
        category = str(document.get_category_display())
    return SearchDocument(
        title=document.title,
        url=document.get_absolute_url(),
        summary=document.description,
        body=category,
        # Document.Access and core's Audience have the same values.
        audience=document.access,
        date=document.published_on,
    )


def document_queryset() -> QuerySet[Document]:
    return Document.objects.all()


DOCUMENT_SOURCES = (
    SearchSource(
        kind="document",
        label=_("Documents"),
        model=Document,
        document=document_document,
        queryset=document_queryset,
        order=60,
    ),
)

SOURCES = DOCUMENT_SOURCES + search_pages.SOURCES + search_news.SOURCES
