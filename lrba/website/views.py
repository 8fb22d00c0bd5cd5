"""The public website: home, the about page, error pages and the benchmark floor."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from lrba.core.cache import REGISTER, cached
from lrba.members import selectors as member_selectors
from lrba.website import selectors

ABOUT_SLUG = "apie-asociacija"


@login_not_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "website/home.html", cached(REGISTER, ("home",), _home_figures))


def _home_figures() -> dict:
    counts = member_selectors.member_counts_by_county()
    return {
        "counts": counts,
        "totals": member_selectors.member_totals(),
        "chart": selectors.county_bar_chart(counts),
    }


@login_not_required
def about(request: HttpRequest) -> HttpResponse:
    text = selectors.page_in_language(ABOUT_SLUG)
    if text is None:
        raise Http404
    return render(request, "website/about.html", {"text": text, "page": text.page})


@login_not_required
def floor(request: HttpRequest) -> HttpResponse:
    """The benchmark floor: the site layout around static content of the directory's
    size, touching no database for an anonymous visitor (no session cookie, so no
    session or user is loaded). `bench/` reports each page's throughput as a share of
    this one, i.e. what a page costs beyond rendering the layout every page has."""
    context = {"items": [f"Biblioteka {n}" for n in range(1, 26)]}
    return render(request, "website/floor.html", context)


@login_not_required
def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


@login_not_required
def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
