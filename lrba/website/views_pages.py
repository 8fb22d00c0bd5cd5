"""The page tree: a published page at its path, an editor's preview, a page's pictures."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_GET

from lrba.accounts.access import staff_page
from lrba.core.images import image_response
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
