"""The home page, news, projects and partners of the public website.

The pages every visitor sees alike are cached per content version (lrba.core.cache): the
news counters, and the publication time of the newest visible item, so a scheduled item
shows the moment its time comes. Staff previews are never cached.
"""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, pgettext_lazy
from django.views.decorators.http import require_GET

from lrba.accounts.access import staff_page
from lrba.core import cache
from lrba.core.downloads import content_disposition, file_download
from lrba.core.images import image_response
from lrba.core.pagination import paginate
from lrba.events.cache import EVENTS
from lrba.events.selectors import events as event_selectors
from lrba.members.cache import FIGURES
from lrba.members.selectors import libraries as member_selectors
from lrba.website import selectors
from lrba.website import selectors_news as news
from lrba.website.cache_news import NEWS, PARTNERS
from lrba.website.models import Project

NEWS_PER_PAGE = 12
HOME_NEWS = 4
HOME_EVENTS = 4
# The largest page number a visitor may ask for that still keys its own cache entry.
MAX_PAGE_PARAMETER = 6


def _hour() -> str:
    # The home page's upcoming events change with the clock too (one that ended leaves).
    return timezone.localtime().strftime("%Y%m%d%H")


# Home -----------------------------------------------------------------------------


def _home_figures() -> str:
    counts = member_selectors.member_counts_by_county()
    context = {
        "counts": counts,
        "totals": member_selectors.member_totals(),
        "chart": selectors.county_bar_chart(counts),
    }
    return render_to_string("website/_home_figures.html", context)


def _home_now() -> str:
    context = {
        "latest_news": news.news_latest(HOME_NEWS),
        "next_events": list(event_selectors.event_list(counted=False)[:HOME_EVENTS]),
    }
    return render_to_string("website/_home_now.html", context)


def news_state(version: int) -> str:
    """The visible news's state now (see selectors_news.news_visible_state), from the
    schedule read once per version of the news: no query on a warm page."""
    schedule = cache.cached_as((version, "news-schedule"), news.news_schedule)
    return schedule.state()


@login_not_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """What the association is doing now: its latest news and next events beside the
    members' figures. Each part is cached per version of what it shows, so a news item
    leaves the figures in place and a new member the news."""
    versions = cache.versions(cache.REGISTER, FIGURES, cache.GEOGRAPHY, NEWS, EVENTS)
    figures_versions, (news_version, events_version) = versions[:3], versions[3:]
    now_key = (news_version, events_version, news_state(news_version), _hour())
    parts = cache.cached_many(
        {"figures": (figures_versions, "home-figures"), "now": (now_key, "home-now")},
        lambda name: _home_figures() if name == "figures" else _home_now(),
    )
    context = {
        "figures_html": mark_safe(parts["figures"]),  # our own templates
        "now_html": mark_safe(parts["now"]),
    }
    return render(request, "website/home.html", context)


# News -----------------------------------------------------------------------------


def _news_list_context(
    query: QueryDict, *, years: list[int], year: int | None = None, tag: object = None
) -> dict[str, object]:
    items = news.news_list(year=year, tag=tag)  # type: ignore[arg-type]
    page, note = paginate(query, items, NEWS_PER_PAGE)
    return {
        "page_obj": page,
        "items": list(page.object_list),
        "notes": [note] if note else [],
        "years": years,
        "year": year,
        "tag": tag,
    }


def _news_list_page(
    request: HttpRequest, *, kind: str, year: int | None = None, tag_slug: str = ""
) -> HttpResponse:
    version = cache.content_version(NEWS)
    page_parameter = str(request.GET.get("page", ""))[:MAX_PAGE_PARAMETER]
    state = news_state(version)
    key = (version, state, "news", kind, year, tag_slug, page_parameter)

    def compute() -> dict[str, object] | None:
        tag = None
        if tag_slug:
            tag = news.tag_by_slug(tag_slug)
            if tag is None:
                return None
        # The archive's years are the same on every list page.
        years = cache.cached_as((version, state, "news-years"), news.news_years)
        context = _news_list_context(request.GET, years=years, year=year, tag=tag)
        if year is not None and not context["items"]:
            return None  # a year without news has no archive page
        return {
            "tag": tag,
            "html": render_to_string("website/_news_list_content.html", context),
        }

    page = cache.cached_as(key, compute)
    if page is None:
        raise Http404(gettext("There is no news here."))
    context = {
        "content_html": mark_safe(page["html"]),
        "tag": page["tag"],
        "year": year,
    }
    return render(request, "website/news_list.html", context)


@login_not_required
@require_GET
def news_list(request: HttpRequest) -> HttpResponse:
    return _news_list_page(request, kind="all")


@login_not_required
@require_GET
def news_year(request: HttpRequest, year: int) -> HttpResponse:
    if not 2000 <= year <= 2100:
        raise Http404(gettext("There is no news here."))
    return _news_list_page(request, kind="year", year=year)


@login_not_required
@require_GET
def news_tag(request: HttpRequest, slug: str) -> HttpResponse:
    return _news_list_page(request, kind="tag", tag_slug=slug)


def _news_item_page(slug: str, *, preview: bool) -> dict[str, object] | None:
    item = news.news_detail(slug, preview=preview)
    if item is None:
        return None
    now = timezone.now()
    context = {
        "item": item,
        "images": list(item.images.all()),
        "tags": list(item.tags.all()),
        "is_preview": item.status != item.Status.PUBLISHED or item.publish_at > now,
    }
    return {"item": item, "html": render_to_string("website/_news_detail.html", context)}


@staff_page  # editors see drafts and scheduled items as a preview
@login_not_required
@require_GET
def news_detail(request: HttpRequest, slug: str) -> HttpResponse:
    if news.news_may_preview(request.user):
        page = _news_item_page(slug, preview=True)
    else:
        version = cache.content_version(NEWS)
        key = (version, news_state(version), "news-item", slug)
        page = cache.cached_as(key, lambda: _news_item_page(slug, preview=False))
    if page is None:
        raise Http404(gettext("No news item has this address."))
    return render(
        request,
        "website/news_detail.html",
        {"item": page["item"], "content_html": mark_safe(page["html"])},
    )


@staff_page
@login_not_required
@require_GET
def news_image(request: HttpRequest, slug: str, pk: int, width: int) -> HttpResponseBase:
    """A picture of a visible news item (editors: of any item, kept out of shared caches)."""
    preview = news.news_may_preview(request.user)
    image = news.news_image(slug, pk)
    private = False
    if image is None and preview:
        image, private = news.news_image(slug, pk, preview=True), True
    if image is None:
        raise Http404(gettext("No picture has this address."))
    return image_response(image, width, private=private)


# Projects -------------------------------------------------------------------------

# The tabs above the list name what each holds, in the plural ("Running" projects), where a
# project's own status is singular.
PROJECT_STATUS_TABS = [
    ("", pgettext_lazy("project tab", "All")),
    (Project.Status.RUNNING, pgettext_lazy("project tab", "Running")),
    (Project.Status.PLANNED, pgettext_lazy("project tab", "Planned")),
    (Project.Status.COMPLETED, pgettext_lazy("project tab", "Completed")),
]


@login_not_required
@require_GET
def project_list(request: HttpRequest) -> HttpResponse:
    """Published projects, all or of one status; an unknown status is ignored, with a note."""
    status = str(request.GET.get("status", ""))
    notes = []
    if status and status not in Project.Status.values:
        notes.append(
            gettext("The status “%(value)s” is unknown and was ignored.") % {"value": status[:40]}
        )
        status = ""
    page, note = paginate(request.GET, news.project_list(status=status), NEWS_PER_PAGE)
    if note:
        notes.append(note)
    counts = news.project_status_counts()
    tabs = [
        {
            "value": value,
            "label": label,
            "count": counts.get(value, 0) if value else sum(counts.values()),
        }
        for value, label in PROJECT_STATUS_TABS
    ]
    context = {
        "page_obj": page,
        "projects": list(page.object_list),
        "status": status,
        "tabs": tabs,
        "notes": notes,
        "query_string": f"status={status}" if status else "",
    }
    return render(request, "website/project_list.html", context)


@staff_page  # editors preview unpublished projects
@login_not_required
@require_GET
def project_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A project's page. Not cached: the documents listed depend on who is reading."""
    preview = news.project_may_preview(request.user)
    detail = news.project_detail(slug, user=request.user, preview=preview)
    if detail is None:
        raise Http404(gettext("No project has this address."))
    return render(
        request,
        "website/project_detail.html",
        {
            "detail": detail,
            "project": detail.project,
            "is_preview": not detail.project.is_published,
        },
    )


@staff_page
@login_not_required
@require_GET
def project_image(request: HttpRequest, slug: str, pk: int, width: int) -> HttpResponseBase:
    preview = news.project_may_preview(request.user)
    image = news.project_image(slug, pk)
    private = False
    if image is None and preview:
        image, private = news.project_image(slug, pk, preview=True), True
    if image is None:
        raise Http404(gettext("No picture has this address."))
    return image_response(image, width, private=private)


# Partners -------------------------------------------------------------------------


@login_not_required
@require_GET
def partner_list(request: HttpRequest) -> HttpResponse:
    content = cache.cached(
        PARTNERS,
        ("partners",),
        lambda: render_to_string(
            "website/_partner_list_content.html", {"groups": news.partner_groups()}
        ),
    )
    return render(request, "website/partner_list.html", {"content_html": mark_safe(content)})


@login_not_required
@require_GET
def partner_logo(request: HttpRequest, pk: int) -> HttpResponseBase:
    """A partner's logo, for partners shown on the site."""
    partner = news.partner_with_logo(pk)
    if partner is None:
        raise Http404(gettext("No logo has this address."))
    response = file_download(partner.logo, private=False)
    name = partner.logo.name.rsplit("/", 1)[-1]
    response["Content-Disposition"] = content_disposition(name, inline=True)
    response["Cache-Control"] = "public, max-age=86400"
    return response
