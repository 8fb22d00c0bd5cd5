"""News and projects in the site search (lrba.core.search).

A published news item is indexed with its publication time: the search hides it until
then, so a scheduled item is found from the moment it appears on the site. Drafts and
unpublished projects are not searchable (None).
"""

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from lrba.core.search import SearchDocument, SearchSource
from lrba.website.models import NewsItem, Project


def news_document(item: NewsItem) -> SearchDocument | None:
    if item.status != NewsItem.Status.PUBLISHED:
        return None
    # Tags and the linked library's name are searched too ("Biržų", "skaitymo skatinimas").
    names = [tag.name for tag in item.tags.all()] + [tag.name_en for tag in item.tags.all()]
    if item.library is not None:
        names.append(item.library.name)
    body = " ".join(
        part for part in (strip_tags(item.body), strip_tags(item.body_en), *names) if part
    )
    return SearchDocument(
        title=item.title,
        title_en=item.title_en,
        url=item.get_absolute_url(),
        summary=item.lead,
        summary_en=item.lead_en,
        body=body,
        published_at=item.publish_at,
        date=timezone.localdate(item.publish_at),
    )


def news_queryset() -> QuerySet[NewsItem]:
    return NewsItem.objects.select_related("library").prefetch_related("tags")


def project_document(project: Project) -> SearchDocument | None:
    if not project.is_published:
        return None
    libraries = [library.name for library in project.partner_libraries.all()]
    body = " ".join(
        part
        for part in (
            strip_tags(project.description),
            strip_tags(project.results),
            strip_tags(project.description_en),
            project.programme,
            project.funder,
            *libraries,
        )
        if part
    )
    return SearchDocument(
        title=project.title,
        title_en=project.title_en,
        url=project.get_absolute_url(),
        summary=project.summary,
        summary_en=project.summary_en,
        body=body,
        date=project.starts_on,
    )


def project_queryset() -> QuerySet[Project]:
    return Project.objects.prefetch_related("partner_libraries")


SOURCES = (
    SearchSource(
        kind="news",
        label=_("News"),
        model=NewsItem,
        document=news_document,
        queryset=news_queryset,
        order=20,
    ),
    SearchSource(
        kind="project",
        label=_("Projects"),
        model=Project,
        document=project_document,
        queryset=project_queryset,
        order=30,
    ),
)
