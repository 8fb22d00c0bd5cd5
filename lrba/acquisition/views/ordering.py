"""Ordering for a library: the rounds it orders in (`acquisition:round_list`), its order in
a round (`acquisition:order`: search the round's offers, add and change lines, the running
total against the budget, the tier the round reached), and its holdings uploads
(`acquisition:holdings`). Who may order besides the library's representatives is kept on
"My library" (`members:staff_authorisations`, scope ordering).

Every write is a plain form POST answered with a redirect and a message, so the pages work
without JavaScript; with htmx the order's forms swap in only the order region
(`_my_order.html`), with the outcome written in it. A refusal (a bad quantity, a closed
round, beyond the budget) says why and changes nothing (services/ordering.py).

Nobody reaches a library they do not order for: `access_order_library` answers 404.
"""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lrba.acquisition.access import (
    access_order_library,
    access_round,
    orderable_libraries,
)
from lrba.acquisition.forms_ordering import (
    HoldingsUploadForm,
    OrderLineForm,
    OrderSearchForm,
)
from lrba.acquisition.models import (
    HoldingsImport,
    Offer,
    OrderLine,
    Round,
)
from lrba.acquisition.selectors import orders as selectors
from lrba.acquisition.selectors.catalogue import catalogue_results, catalogue_search
from lrba.acquisition.selectors.overlap import overlap_for
from lrba.acquisition.selectors.rounds import round_progress
from lrba.acquisition.services.holdings import holdings_import_start
from lrba.acquisition.services.ordering import order_line_remove, order_line_set, round_refusal
from lrba.core.formatting import format_money
from lrba.core.pagination import paginate
from lrba.core.regions import wants_fragment
from lrba.members.models import Library
from lrba.members.selectors.authorisations import may_manage_authorisations

PER_PAGE = 20
# The order page's search keeps these parameters across a line added without JavaScript.
SEARCH_PARAMS = ("q", "author", "page")


# The rounds -----------------------------------------------------------------------------------


@require_GET
def round_list(request: HttpRequest) -> HttpResponse:
    """The open and closed rounds where a library the user orders for has a budget."""
    if not getattr(request.user, "is_authenticated", False):
        raise PermissionDenied(_("Sign in to order for your library."))
    if not orderable_libraries(request.user).exists():
        raise PermissionDenied(_("The buying rounds are for those who order for a member library."))
    budgets = list(selectors.order_budgets(request.user))
    rounds: dict[int, dict[str, Any]] = {}
    for budget in budgets:
        entry = rounds.setdefault(
            budget.round_id, {"round": budget.round, "budgets": [], "open": False}
        )
        budget.remaining = budget.amount - budget.committed  # type: ignore[attr-defined]
        entry["budgets"].append(budget)
        entry["open"] = budget.round.status == Round.Status.OPEN
    listed = list(rounds.values())
    return render(
        request,
        "acquisition/ordering/round_list.html",
        {
            "open_rounds": [entry for entry in listed if entry["open"]],
            "closed_rounds": [entry for entry in listed if not entry["open"]],
        },
    )


# A library's order in a round -----------------------------------------------------------------


def _order_url(round_: Round, library: Library, query: dict[str, str] | None = None) -> str:
    url = reverse("acquisition:order", args=[round_.pk, library.pk])
    kept = {name: value for name, value in (query or {}).items() if value}
    return f"{url}?{urlencode(kept)}" if kept else url


def _order_context(round_: Round, library: Library) -> dict[str, Any]:
    """The order region's context: the lines, the running total, the round's tier."""
    lines = list(selectors.order_lines(round_, library))
    return {
        "round": round_,
        "library": library,
        "lines": lines,
        "summary": selectors.order_summary(round_, library, lines),
        "progress": round_progress(round_),
        "takes_orders": round_.takes_orders(),
        "refusal": round_refusal(round_),
    }


def _order_region(
    request: HttpRequest, round_: Round, library: Library, outcome: dict[str, str]
) -> HttpResponse:
    """The order region for htmx, with what became of the write in it (status 200 even
    for a refusal: htmx swaps only successful responses, and the refusal is the news)."""
    context = {**_order_context(round_, library), "outcome": outcome}
    return render(request, "acquisition/ordering/_my_order.html", context)


def _access(request: HttpRequest, pk: int, library_pk: int) -> tuple[Round, Library]:
    library = access_order_library(request.user, library_pk)
    return access_round(request.user, pk), library


@require_GET
def order(request: HttpRequest, pk: int, library_pk: int) -> HttpResponse:
    """The library's order in the round; while the round takes orders, a search of the
    offers of the round's suppliers (those that can be ordered), with the holdings
    overlap seen from the library."""
    round_, library = _access(request, pk, library_pk)
    context = _order_context(round_, library)
    form = OrderSearchForm(request.GET)
    search = form.search()
    context.update(
        {
            "form": form,
            "search": {name: request.GET.get(name, "") for name in SEARCH_PARAMS},
            "suppliers": list(round_.suppliers.order_by("name")),
            "may_manage": may_manage_authorisations(request.user, library),
        }
    )
    if context["takes_orders"] and context["summary"].budget is not None:
        titles_found = catalogue_search(
            query=search["query"],
            author=search["author"],
            suppliers=round_.suppliers.all(),
            available_only=True,
        )
        page, page_note = paginate(request.GET, titles_found, PER_PAGE)
        titles = list(page.object_list)
        results = catalogue_results(titles, overlap_for([title.isbn for title in titles], library))
        in_order = selectors.ordered_quantities(round_, library)
        for result in results:
            for offer in result.offers:
                offer.ordered_line = in_order.get(offer.pk)  # type: ignore[attr-defined]
        context.update(
            {
                "page_obj": page,
                "notes": [page_note] if page_note else [],
                "results": results,
                "query_string": urlencode(
                    {
                        name: value
                        for name, value in (("q", search["query"]), ("author", search["author"]))
                        if value
                    }
                ),
                "is_filtered": any(search.values()),
            }
        )
        if wants_fragment(request) and request.headers.get("HX-Target") == "order-results":
            return render(request, "acquisition/ordering/_search_results.html", context)
    return render(request, "acquisition/ordering/order.html", context)


def _back(request: HttpRequest) -> dict[str, str]:
    return {name: str(request.POST.get(name, ""))[:200] for name in SEARCH_PARAMS}


@require_POST
def order_line_set_view(request: HttpRequest, pk: int, library_pk: int) -> HttpResponse:
    """Order copies of an offer (a new line, or the line's copies changed)."""
    round_, library = _access(request, pk, library_pk)
    form = OrderLineForm(request.POST)
    outcome: dict[str, str]
    offer = None
    if form.is_valid():
        offer = Offer.objects.select_related("title").filter(pk=form.cleaned_data["offer"]).first()
    if offer is None:
        outcome = {"level": "error", "text": _("Choose a title from the search results.")}
    else:
        try:
            line = order_line_set(
                round=round_,
                library=library,
                offer=offer,
                quantity=form.cleaned_data.get("quantity"),
                user=request.user,
            )
        except ValidationError as error:
            outcome = {"level": "error", "text": " ".join(error.messages)}
        else:
            left = selectors.order_summary(
                round_, library, list(selectors.order_lines(round_, library))
            ).remaining
            outcome = {
                "level": "success",
                "text": ngettext(
                    "“%(title)s”: %(copies)s copy in the order; %(left)s of the budget left.",
                    "“%(title)s”: %(copies)s copies in the order; %(left)s of the budget left.",
                    line.quantity,
                )
                % {"title": offer.title, "copies": line.quantity, "left": format_money(left)},
            }
    return _answer(request, round_, library, outcome)


@require_POST
def order_line_remove_view(
    request: HttpRequest, pk: int, library_pk: int, line_pk: int
) -> HttpResponse:
    round_, library = _access(request, pk, library_pk)
    line = get_object_or_404(
        OrderLine.objects.select_related("offer__title"), pk=line_pk, round=round_, library=library
    )
    try:
        order_line_remove(round=round_, library=library, line=line, user=request.user)
    except ValidationError as error:
        outcome = {"level": "error", "text": " ".join(error.messages)}
    else:
        outcome = {
            "level": "success",
            "text": _("“%(title)s” is removed from the order.") % {"title": line.offer.title},
        }
    return _answer(request, round_, library, outcome)


def _answer(
    request: HttpRequest, round_: Round, library: Library, outcome: dict[str, str]
) -> HttpResponse:
    if wants_fragment(request):
        return _order_region(request, round_, library, outcome)
    if outcome["level"] == "success":
        messages.success(request, outcome["text"])
    else:
        messages.error(request, outcome["text"])
    return redirect(f"{_order_url(round_, library, _back(request))}#my-order")


# Holdings --------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def holdings(request: HttpRequest, library_pk: int) -> HttpResponse:
    """The library's holdings (counted by source), its uploads and a new upload."""
    library = access_order_library(request.user, library_pk)
    form = HoldingsUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            upload = holdings_import_start(
                library=library,
                uploaded_file=form.cleaned_data["file"],
                replace=form.cleaned_data["mode"] == "replace",
                user=request.user,
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(
                request,
                _("%(name)s is uploaded; its ISBNs are being read.")
                % {"name": upload.original_name},
            )
            return redirect("acquisition:holdings_import", library_pk=library.pk, pk=upload.pk)
    page, page_note = paginate(request.GET, selectors.holdings_imports(library), 10)
    return render(
        request,
        "acquisition/ordering/holdings.html",
        {
            "library": library,
            "counts": selectors.holdings_counts(library),
            "form": form,
            "page_obj": page,
            "notes": [page_note] if page_note else [],
            "may_manage": may_manage_authorisations(request.user, library),
        },
        status=400 if form.is_bound else 200,
    )


@require_GET
def holdings_import(request: HttpRequest, library_pk: int, pk: int) -> HttpResponse:
    """One upload's status (refreshed by htmx while it is read) and rejected records."""
    library = access_order_library(request.user, library_pk)
    upload = get_object_or_404(
        HoldingsImport.objects.select_related("created_by"), pk=pk, library=library
    )
    context = {
        "library": library,
        "upload": upload,
        "running": upload.status in (HoldingsImport.Status.QUEUED, HoldingsImport.Status.RUNNING),
        "counts": selectors.holdings_counts(library),
    }
    if wants_fragment(request):
        return render(request, "acquisition/ordering/_holdings_import.html", context)
    return render(request, "acquisition/ordering/holdings_import.html", context)


urlpatterns = [
    path("etapai/", round_list, name="round_list"),
    path("etapai/<int:pk>/bibliotekos/<int:library_pk>/", order, name="order"),
    path(
        "etapai/<int:pk>/bibliotekos/<int:library_pk>/eilutes/",
        order_line_set_view,
        name="order_line_set",
    ),
    path(
        "etapai/<int:pk>/bibliotekos/<int:library_pk>/eilutes/<int:line_pk>/salinti/",
        order_line_remove_view,
        name="order_line_remove",
    ),
    path("bibliotekos/<int:library_pk>/fondas/", holdings, name="holdings"),
    path("bibliotekos/<int:library_pk>/fondas/<int:pk>/", holdings_import, name="holdings_import"),
]
