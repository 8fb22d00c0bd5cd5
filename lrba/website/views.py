"""The public website: home, the about page, error pages and the benchmark floor."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from lrba.members import selectors as member_selectors
from lrba.website import selectors

ABOUT_SLUG = "apie-asociacija"


@login_not_required
def home(request: HttpRequest) -> HttpResponse:
    counts = member_selectors.member_counts_by_county()
    context = {
        "counts": counts,
        "totals": member_selectors.member_totals(),
        "chart": selectors.county_bar_chart(counts),
    }
    return render(request, "website/home.html", context)


@login_not_required
def about(request: HttpRequest) -> HttpResponse:
    text = selectors.page_in_language(ABOUT_SLUG)
    if text is None:
        raise Http404
    return render(request, "website/about.html", {"text": text, "page": text.page})


@login_not_required
def floor(request: HttpRequest) -> HttpResponse:
    """A page of similar size to the directory that touches no database: no session,
    no user, no messages. It exists for `bench/`, which compares the directory's
    throughput with this floor; keep its template standalone (not extending base.html,
    whose `user` would load the session)."""
    context = {"items": [f"Biblioteka {n}" for n in range(1, 26)]}
    return render(request, "website/floor.html", context)


@login_not_required
def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


@login_not_required
def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
