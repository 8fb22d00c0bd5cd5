"""Reads for the public website."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone, translation

from lrba.accounts.models import ProcessingActivity
from lrba.core.association import association
from lrba.core.charts import HorizontalBarChart, horizontal_bar_chart
from lrba.members.selectors.libraries import CountyCount
from lrba.website.access import document_access_levels, page_ancestors, page_is_visible
from lrba.website.models import AnnualReport, Document, Page, PageImage


@dataclass(frozen=True)
class PageText:
    """A page in the visitor's language: English when asked for and written, else
    the Lithuanian original."""

    page: Page
    title: str
    body: str
    language: str
    updated_at: datetime


def current_language() -> str:
    return (translation.get_language() or "lt").split("-")[0]


def page_text(page: Page, language: str | None = None) -> PageText:
    """`page` in `language` (the active one by default)."""
    language = (language or current_language()).split("-")[0]
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


# The page tree ---------------------------------------------------------------------------


def page_visible_q(now: datetime | None = None) -> Q:
    """Pages published and within their publication period at `now`."""
    now = now or timezone.now()
    return (
        Q(status=Page.Status.PUBLISHED)
        & (Q(published_from__isnull=True) | Q(published_from__lte=now))
        & (Q(published_until__isnull=True) | Q(published_until__gt=now))
    )


def page_list_visible() -> QuerySet[Page]:
    """Pages a visitor may open: visible, under visible ancestors (the sitemap, search)."""
    now = timezone.now()
    pages = list(Page.objects.filter(page_visible_q(now)).order_by("path"))
    visible = {page.path for page in pages}
    shown = [
        page.pk
        for page in pages
        if all(
            "/".join(page.path.split("/")[:depth]) in visible
            for depth in range(1, page.path.count("/") + 1)
        )
    ]
    return Page.objects.filter(pk__in=shown).order_by("path")


@dataclass(frozen=True)
class Crumb:
    title: str
    url: str


def page_title(page: Page, language: str | None = None) -> str:
    language = (language or current_language()).split("-")[0]
    return page.title_en if language == "en" and page.title_en else page.title


def page_summary(page: Page, language: str | None = None) -> str:
    language = (language or current_language()).split("-")[0]
    return page.summary_en if language == "en" and page.summary_en else page.summary


def page_detail(page: Page, *, preview: bool = False) -> dict[str, Any]:
    """What the page template shows: the text in the reader's language, the breadcrumbs,
    the pages under it (all of them in a preview, else the visible ones), its pictures,
    and for the contacts page the association's requisites."""
    language = current_language()
    children = page.children.order_by("position", "title")
    if not preview:
        children = children.filter(page_visible_q())
    ancestors = page_ancestors(page)
    images = list(PageImage.objects.filter(page=page).order_by("position", "pk"))
    return {
        "page": page,
        "text": page_text(page, language),
        "summary": page_summary(page, language),
        "breadcrumbs": [
            Crumb(title=page_title(ancestor, language), url=ancestor.get_absolute_url())
            for ancestor in ancestors
        ],
        "children": [
            {
                "page": child,
                "title": page_title(child, language),
                "summary": page_summary(child, language),
                "url": child.get_absolute_url(),
            }
            for child in children
        ],
        "images": images,
        "requisites": association() if page.kind == Page.Kind.CONTACTS else None,
        "page_is_visible": page_is_visible(page) and all(map(page_is_visible, ancestors)),
    }


# Annual reports --------------------------------------------------------------------------


# The General Meeting approves a year's statements within 4 months of its end (Associations
# Law 8(1)(5)) and they are filed within 30 days of approval (CK 2.66(4)): by 30 May of the
# next year at the latest, every year's reports must be there.
DUE_MONTH, DUE_DAY = 5, 30
YEARS_PUBLISHED = 3


def annual_report_due_on(year: int) -> date:
    """The last day by which `year`'s reports must be approved, filed and published."""
    return date(year + 1, DUE_MONTH, DUE_DAY)


def annual_report_required_years(today: date) -> list[int]:
    """The financial years whose reports the site must show on `today`, newest first:
    the last three whose due date has passed."""
    latest = today.year - 1 if today > annual_report_due_on(today.year - 1) else today.year - 2
    return [latest - offset for offset in range(YEARS_PUBLISHED)]


@dataclass(frozen=True)
class ReportYear:
    year: int
    reports: list[AnnualReport]


def annual_report_years() -> list[ReportYear]:
    """The published annual reports (public document, checked for personal data), by
    year, newest first; in each year the financial statements before the activity report."""
    reports = (
        AnnualReport.objects.filter(
            without_personal_data=True, document__access=Document.Access.PUBLIC
        )
        .select_related("document")
        .order_by("-year", "kind")
    )
    years: dict[int, list[AnnualReport]] = {}
    for report in reports:
        years.setdefault(report.year, []).append(report)
    order = AnnualReport.Kind.values
    return [
        ReportYear(year=year, reports=sorted(found, key=lambda r: order.index(r.kind)))
        for year, found in years.items()
    ]


def annual_reports_missing(today: date) -> list[tuple[int, list[str]]]:
    """The required years (lrba.website.services.reports) lacking a published report of
    some kind: [(year, [missing kinds' values])], newest first."""
    required = annual_report_required_years(today)
    present = set(
        AnnualReport.objects.filter(
            year__in=required,
            without_personal_data=True,
            document__access=Document.Access.PUBLIC,
        ).values_list("year", "kind")
    )
    missing = []
    for year in required:
        kinds = [kind for kind in AnnualReport.Kind.values if (year, kind) not in present]
        if kinds:
            missing.append((year, kinds))
    return missing
