"""Reads for news, projects and partners.

A news item is visible to the public when it is published and its publication time has
come (`publish_at <= now`): drafts and scheduled items stay hidden until then. Staff who may
view news items in the back office (website.view_newsitem) see any item as a preview.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import pgettext_lazy

from lrba.accounts.access import has_permission
from lrba.core.db import LithuanianOrder
from lrba.events.models import Event
from lrba.members.models import Library
from lrba.website.access import document_access_levels
from lrba.website.models import Document, NewsImage, NewsItem, Partner, Project, ProjectImage, Tag

NEWS_PREVIEW_PERMISSION = "website.view_newsitem"
# The events the public sees (lrba.events.selectors.events.event_list shows the same).
_PUBLIC_EVENT_STATUSES = (Event.Status.PUBLISHED, Event.Status.CANCELLED)
PROJECT_PREVIEW_PERMISSION = "website.view_project"


def _visible(now: datetime.datetime | None = None) -> Q:
    return Q(status=NewsItem.Status.PUBLISHED, publish_at__lte=now or timezone.now())


def news_published(*, now: datetime.datetime | None = None) -> QuerySet[NewsItem]:
    """The news items the public sees now, newest first."""
    return NewsItem.objects.filter(_visible(now)).order_by("-publish_at", "-pk")


def news_visible_state(*, now: datetime.datetime | None = None) -> str:
    """The publication time of the newest visible item: a cache key part that changes the
    moment a scheduled item comes out (every other change bumps the NEWS counter)."""
    latest = NewsItem.objects.filter(_visible(now)).aggregate(latest=Max("publish_at"))["latest"]
    return latest.isoformat() if latest else ""


# How many scheduled items `news_schedule` lists; with more, the last ones are read live.
SCHEDULE_LIMIT = 100


@dataclass(frozen=True)
class NewsSchedule:
    """What `news_visible_state` needs, read once per version of the news: the newest
    visible item's time then, and the times of the items scheduled after it."""

    latest: datetime.datetime | None
    upcoming: tuple[datetime.datetime, ...]

    def state(self, now: datetime.datetime | None = None) -> str:
        """`news_visible_state(now)` without a query (unless over SCHEDULE_LIMIT items
        were scheduled and all of them are due)."""
        now = now or timezone.now()
        due = [moment for moment in self.upcoming if moment <= now]
        if due and len(due) == SCHEDULE_LIMIT:
            return news_visible_state(now=now)
        latest = due[-1] if due else self.latest
        return latest.isoformat() if latest else ""


def news_schedule() -> NewsSchedule:
    now = timezone.now()
    published = NewsItem.objects.filter(status=NewsItem.Status.PUBLISHED)
    upcoming = published.filter(publish_at__gt=now).order_by("publish_at")
    return NewsSchedule(
        latest=published.filter(publish_at__lte=now).aggregate(latest=Max("publish_at"))["latest"],
        upcoming=tuple(upcoming.values_list("publish_at", flat=True)[:SCHEDULE_LIMIT]),
    )


def _first_image() -> Prefetch:
    return Prefetch("images", queryset=NewsImage.objects.order_by("position", "pk"))


def news_list(*, year: int | None = None, tag: Tag | None = None) -> QuerySet[NewsItem]:
    """Visible items for the list, of one year or one tag, with their pictures and tags."""
    items = news_published()
    if year is not None:
        start = timezone.make_aware(datetime.datetime(year, 1, 1))
        items = items.filter(publish_at__gte=start, publish_at__lt=start.replace(year=year + 1))
    if tag is not None:
        items = items.filter(tags=tag)
    return items.only(
        "title", "title_en", "slug", "lead", "lead_en", "publish_at"
    ).prefetch_related(_first_image(), Prefetch("tags", queryset=Tag.objects.order_by("name")))


def news_years() -> list[int]:
    """The years that have visible news, latest first (the yearly archive's links)."""
    dates = news_published().dates("publish_at", "year", order="DESC")
    return [day.year for day in dates]


def news_latest(limit: int) -> list[NewsItem]:
    """The newest visible items with their pictures (the home page)."""
    return list(news_list()[:limit])


def tag_by_slug(slug: str) -> Tag | None:
    return Tag.objects.filter(slug=slug).first()


def news_may_preview(user: Any) -> bool:
    return has_permission(user, NEWS_PREVIEW_PERMISSION)


def news_detail(slug: str, *, preview: bool = False) -> NewsItem | None:
    """The item with `slug` if visible now, any item with `preview`; with its pictures,
    tags, library, event and project (the last only if published or previewed)."""
    items = NewsItem.objects.filter(slug=slug)
    if not preview:
        items = items.filter(_visible())
    item = (
        items.select_related("library", "event", "project")
        .prefetch_related(_first_image(), Prefetch("tags", queryset=Tag.objects.order_by("name")))
        .first()
    )
    if item is None:
        return None
    if item.project is not None and not (item.project.is_published or preview):
        item.project = None
    if item.event is not None and not (item.event.status in _PUBLIC_EVENT_STATUSES or preview):
        item.event = None
    return item


def news_image(slug: str, pk: int, *, preview: bool = False) -> NewsImage | None:
    """A picture of a visible item (of any item with `preview`)."""
    images = NewsImage.objects.filter(pk=pk, news_item__slug=slug)
    if not preview:
        images = images.filter(news_item__status=NewsItem.Status.PUBLISHED).filter(
            news_item__publish_at__lte=timezone.now()
        )
    return images.first()


# Projects -------------------------------------------------------------------------


def project_may_preview(user: Any) -> bool:
    return has_permission(user, PROJECT_PREVIEW_PERMISSION)


def project_list(*, status: str = "") -> QuerySet[Project]:
    """Published projects, the running ones first, then the latest; of one `status`."""
    projects = Project.objects.filter(is_published=True)
    if status:
        projects = projects.filter(status=status)
    return projects.prefetch_related(
        Prefetch("images", queryset=ProjectImage.objects.order_by("position", "pk"))
    ).order_by("-starts_on", "-pk")


def project_status_counts() -> dict[str, int]:
    """How many published projects have each status (the list's tabs)."""
    rows = Project.objects.filter(is_published=True).values("status").annotate(n=Count("pk"))
    return {row["status"]: row["n"] for row in rows}


@dataclass(frozen=True)
class ProjectDetail:
    project: Project
    libraries: list[Library]
    partners: list[Partner]
    documents: list[Document]
    images: list[ProjectImage]
    news: list[NewsItem]


def project_detail(slug: str, *, user: Any, preview: bool = False) -> ProjectDetail | None:
    """A published project (any with `preview`) with what its page shows: the documents
    only those `user` may read, the news only published ones."""
    projects = Project.objects.filter(slug=slug)
    if not preview:
        projects = projects.filter(is_published=True)
    project = projects.first()
    if project is None:
        return None
    return ProjectDetail(
        project=project,
        libraries=list(project.partner_libraries.order_by(LithuanianOrder("name"))),
        partners=list(project.partners.filter(is_active=True).order_by("position", "name")),
        documents=list(
            project.documents.filter(access__in=document_access_levels(user)).order_by(
                "-published_on", "-pk"
            )
        ),
        images=list(project.images.order_by("position", "pk")),
        news=list(
            news_published().filter(project=project).only("title", "slug", "publish_at")[:20]
        ),
    )


def project_image(slug: str, pk: int, *, preview: bool = False) -> ProjectImage | None:
    images = ProjectImage.objects.filter(pk=pk, project__slug=slug)
    if not preview:
        images = images.filter(project__is_published=True)
    return images.first()


def library_projects(library: Library) -> list[Project]:
    """The published projects `library` takes part in, the latest first."""
    return list(
        Project.objects.filter(is_published=True, partner_libraries=library)
        .only(
            "title", "title_en", "slug", "summary", "summary_en", "status", "starts_on", "ends_on"
        )
        .order_by("-starts_on", "-pk")
    )


# Partners -------------------------------------------------------------------------


@dataclass(frozen=True)
class PartnerGroup:
    kind: str
    label: str
    partners: list[Partner]


# The headings of the partners page name each group in the plural, where a partner's own
# kind is singular ("state or municipal body").
PARTNER_GROUP_LABELS = {
    Partner.Kind.PUBLIC_BODY: pgettext_lazy("partner group", "State and municipal bodies"),
    Partner.Kind.LIBRARY: pgettext_lazy("partner group", "Libraries and library associations"),
    Partner.Kind.NGO: pgettext_lazy("partner group", "Non-governmental organisations"),
    Partner.Kind.BUSINESS: pgettext_lazy("partner group", "Companies"),
    Partner.Kind.INTERNATIONAL: pgettext_lazy("partner group", "International organisations"),
    Partner.Kind.OTHER: pgettext_lazy("partner group", "Other partners"),
}


def partner_groups() -> list[PartnerGroup]:
    """The partners shown on the site, grouped by kind in the order of the kinds."""
    partners = list(Partner.objects.filter(is_active=True).order_by("position", "name"))
    groups = []
    for kind, label in Partner.Kind.choices:
        members = [partner for partner in partners if partner.kind == kind]
        if members:
            heading = PARTNER_GROUP_LABELS.get(kind, label)  # type: ignore[call-overload]
            groups.append(PartnerGroup(kind=kind, label=capfirst(str(heading)), partners=members))
    return groups


def partner_with_logo(pk: int) -> Partner | None:
    return Partner.objects.filter(pk=pk, is_active=True).exclude(logo="").first()


def in_language(obj: Any, field: str, language: str) -> str:
    """`obj.<field>_en` in English when written, else the Lithuanian `obj.<field>`."""
    if language == "en":
        english = getattr(obj, f"{field}_en", "")
        if english:
            return english
    return getattr(obj, field)
