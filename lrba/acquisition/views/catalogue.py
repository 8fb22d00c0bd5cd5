"""The suppliers' catalogue for librarians: search (`acquisition:catalogue`) and one
title's page (`acquisition:title_detail`), with its offers and, for a librarian who
orders for a library, how many other libraries around hold or are ordering it.

Not cached: every search as you type is a new query, and the overlap is the viewer's
library's (bench/acquisition/search_bench measures it so).
"""

from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import path
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from lrba.accounts.access import staff_page
from lrba.acquisition.access import catalogue_require, orderable_libraries
from lrba.acquisition.forms_catalogue import CatalogueFilterForm
from lrba.acquisition.isbn import isbn_display
from lrba.acquisition.models import Supplier
from lrba.acquisition.selectors.catalogue import (
    catalogue_results,
    catalogue_search,
    title_with_offers,
)
from lrba.acquisition.selectors.overlap import Overlap, overlap_for
from lrba.core.db import CodePointOrder
from lrba.core.pagination import paginate
from lrba.core.regions import wants_fragment
from lrba.core.text import sort_key
from lrba.members.models import Library

PER_PAGE = 20


def _libraries(user: Any) -> list[Library]:
    """The libraries the user orders for, in Lithuanian order (the first is the default
    for the overlap). One query."""
    return list(
        orderable_libraries(user)
        .select_related("municipality")
        .order_by(CodePointOrder("sort_name"), "pk")
    )


@staff_page  # acquisition staff search the catalogue by their role too
@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    catalogue_require(request.user)
    fragment = wants_fragment(request)
    suppliers: list[Supplier] = []
    # Search as you type swaps in the results only: the suppliers are needed to draw
    # the filter or to read a chosen one, not for every keystroke.
    if not fragment or request.GET.get("supplier"):
        suppliers = sorted(
            Supplier.objects.filter(is_active=True).only("pk", "name"),
            key=lambda supplier: sort_key(supplier.name),
        )
    form = CatalogueFilterForm(request.GET, suppliers=suppliers, libraries=_libraries(request.user))
    filters, notes = form.parse()
    page, page_note = paginate(request.GET, catalogue_search(**filters.search), PER_PAGE)
    if page_note:
        notes.append(page_note)
    titles = list(page.object_list)
    overlap = None
    if filters.library is not None:
        overlap = overlap_for([title.isbn for title in titles], filters.library)
    query_string = QueryDict(mutable=True)
    query_string.update(filters.query_string)
    context = {
        "form": form,
        "notes": notes,
        "page_obj": page,
        "results": catalogue_results(titles, overlap),
        "overlap_library": filters.library,
        "is_filtered": filters.is_filtered,
        "query_string": query_string.urlencode(),
    }
    template = (
        "acquisition/catalogue/_results_region.html"
        if fragment
        else "acquisition/catalogue/catalogue.html"
    )
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


@staff_page  # acquisition staff read every title too
@require_GET
def title_detail(request: HttpRequest, pk: int) -> HttpResponse:
    catalogue_require(request.user)
    title = title_with_offers(pk)
    libraries = _libraries(request.user)
    chosen = str(request.GET.get("library", ""))
    library = next((lib for lib in libraries if str(lib.pk) == chosen), None) or next(
        iter(libraries), None
    )
    overlap = (
        overlap_for([title.isbn], library).get(title.isbn, Overlap())
        if library and title.isbn
        else None
    )
    context = {
        "title": title,
        "isbn": isbn_display(title.isbn),
        "offers": list(title.offers.all()),
        "overlap": overlap,
        "overlap_library": library,
        "libraries": libraries,
    }
    return render(request, "acquisition/catalogue/title_detail.html", context)


urlpatterns = [
    path("katalogas/", catalogue, name="catalogue"),
    path("katalogas/<int:pk>/", title_detail, name="title_detail"),
]
