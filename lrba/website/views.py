"""The public website: home, the about page, documents, the Board page, error pages and
the benchmark floor."""

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_GET

from lrba.accounts.access import staff_page
from lrba.core.downloads import file_download
from lrba.website import selectors
from lrba.website.access import (
    SignInRequired,
    access_board_page,
    access_document,
    access_page,
)
from lrba.website.models import Document

ABOUT_SLUG = "apie-asociacija"


@login_not_required
@require_GET
def about(request: HttpRequest) -> HttpResponse:
    """The about page: the tree's page "apie-asociacija" (at the address it always had,
    before the tree's catch-all)."""
    page = access_page(ABOUT_SLUG)
    return render(request, "website/page.html", selectors.page_detail(page))


@login_not_required
@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    """The privacy notice (GDPR Art. 13 and 14): who processes which personal data, why,
    on what basis and for how long, and what people may ask. Each activity comes from the
    records of processing activities kept in the back office, so the two never disagree."""
    return render(
        request, "website/privacy.html", {"activities": selectors.processing_activity_list()}
    )


@login_not_required
def floor(request: HttpRequest) -> HttpResponse:
    """The benchmark floor: the site layout around static content of the directory's
    size, touching no database for an anonymous visitor (no session cookie, so no
    session or user is loaded). `bench/` reports each page's throughput as a share of
    this one, i.e. what a page costs beyond rendering the layout every page has."""
    context = {"items": [f"Biblioteka {n}" for n in range(1, 26)]}
    return render(request, "website/floor.html", context)


@staff_page  # the Board, the secretariat and the auditor see more
@login_not_required
@require_GET
def document_list(request: HttpRequest) -> HttpResponse:
    """Documents the visitor may read: public ones for everyone, more once signed in."""
    category = request.GET.get("category", "")
    if category not in Document.Category.values:
        category = ""
    documents = selectors.document_list(user=request.user, category=category)
    return render(
        request,
        "website/document_list.html",
        {"documents": documents, "category": category, "categories": CATEGORY_TABS},
    )


# The tabs above the document list name what each holds, in the plural ("Protokolai"), where
# a document's own category is singular ("protokolas").
CATEGORY_TABS = [
    (Document.Category.STATUTES, pgettext_lazy("document tab", "Statutes")),
    (Document.Category.MINUTES, pgettext_lazy("document tab", "Minutes")),
    (Document.Category.DECISION, pgettext_lazy("document tab", "Decisions")),
    (Document.Category.REPORT, pgettext_lazy("document tab", "Reports")),
    (Document.Category.OTHER, pgettext_lazy("document tab", "Other")),
]


@staff_page  # the Board, the secretariat and the auditor open more
@login_not_required
@require_GET
def document_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The file itself, after the access check: public to the URL, not to the file."""
    try:
        document = access_document(request.user, pk)
    except SignInRequired:
        return redirect_to_login(request.get_full_path())
    # Members' and Board files must not linger in shared caches.
    return file_download(document.file, private=document.access != Document.Access.PUBLIC)


@staff_page
@require_GET
def board(request: HttpRequest) -> HttpResponse:
    """The Board's page: its documents and the way to its meetings, written procedures and
    decisions (Board and secretariat only)."""
    access_board_page(request.user)
    return render(
        request,
        "website/board.html",
        {
            "documents": selectors.document_list(user=request.user, access=Document.Access.BOARD),
        },
    )


@login_not_required
def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


@login_not_required
def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
