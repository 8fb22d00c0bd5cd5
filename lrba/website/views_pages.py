"""The page tree: a published page at its path, an editor's preview, a page's pictures."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from lrba.accounts.access import staff_page
from lrba.core.images import image_response
from lrba.core.urls import absolute_url
from lrba.website import access, selectors


@login_not_required
@require_GET
def page(request: HttpRequest, path: str) -> HttpResponse:
    """A published page within its publication period, with its breadcrumbs and the
    pages under it; 404 for anything else (drafts are seen only in the preview)."""
    found = access.access_page(path)
    return render(request, "website/page.html", selectors.page_detail(found))


@staff_page
@require_GET
def page_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """Any page as it will look, drafts included, for editors (`website.view_page`)."""
    found = access.access_page_preview(request.user, pk)
    response = render(
        request,
        "website/page.html",
        {**selectors.page_detail(found, preview=True), "preview": True},
    )
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "private, no-store"
    return response


@login_not_required
@require_GET
def page_image(request: HttpRequest, page: int, pk: int, width: int) -> HttpResponseBase:
    """A picture of a visible page (public), or of any page for an editor (private)."""
    image, private = access.access_page_image(request.user, page, pk)
    return image_response(image, width, private=private)


@login_not_required
@require_GET
def annual_reports(request: HttpRequest) -> HttpResponse:
    """The financial statements and activity reports by year (Associations Law 10¹)."""
    return render(
        request, "website/annual_reports.html", {"years": selectors.annual_report_years()}
    )


@login_not_required
@require_GET
def sitemap(request: HttpRequest) -> HttpResponse:
    """sitemap.xml: the public pages in both languages (lrba.website.sitemaps)."""
    from django.contrib.sitemaps.views import sitemap as sitemap_view

    from lrba.website.sitemaps import SITEMAPS

    return sitemap_view(request, sitemaps=SITEMAPS)


# What robots should not crawl: the back office, staff, account and personal pages,
# previews and the benchmark's fixture. The public pages under /valdymas/ (the Board, the
# public decisions) stay open (RFC 9309: the longest matching rule wins).
ROBOTS_RULES = (
    ("Disallow", "/admin/"),
    ("Disallow", "/paskyra/"),
    ("Disallow", "/finansai/"),
    ("Disallow", "/valdymas/"),
    ("Allow", "/valdymas/valdyba/"),
    ("Allow", "/valdymas/viesi-nutarimai/"),
    ("Disallow", "/puslapiai/*/perziura/"),
    ("Disallow", "/bench/"),
    ("Disallow", "/paieska/"),
    ("Disallow", "/naujienlaiskiai/siuntimas/"),
    ("Disallow", "/naujienlaiskiai/atsisakyti/"),
    ("Disallow", "/anymail/"),
    ("Disallow", "/geroji-patirtis/nauja/"),
    ("Disallow", "/geroji-patirtis/mano/"),
    ("Disallow", "/geroji-patirtis/perziura/"),
    ("Disallow", "/metodine-pagalba/"),
    ("Disallow", "/naujos-bibliotekos/"),
    ("Disallow", "/mano-biblioteka/"),
    ("Disallow", "/mano-duomenys/"),
    ("Disallow", "/mano-mokymasis/"),
    ("Disallow", "/mano-registracijos/"),
    ("Disallow", "/nariai/"),
    ("Disallow", "/renginiai/registracija/"),
)


@login_not_required
@require_GET
def robots(request: HttpRequest) -> HttpResponse:
    """robots.txt: keep crawlers off the back office and personal pages; the sitemap."""
    lines = ["User-agent: *", *(f"{rule}: {path}" for rule, path in ROBOTS_RULES)]
    lines += ["", f"Sitemap: {absolute_url(reverse('website:sitemap'))}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
