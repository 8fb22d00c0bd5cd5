"""Cached, htmx-aware page regions: a list page (the directory, the events) is a layout
around regions — typically the filter form and the results — that are the same for every
visitor with the same query, and htmx swaps in only the results as the visitor types or
picks a filter.

    regions = page_regions(
        request, key=(versions, "directory", params), fragment="results",
        context=lambda: {...},                      # queries run only on a cache miss
        templates={"filters": "…/_filters.html", "results": "…/_results.html"},
    )
    return regions_response(request, regions, template="…/list.html", fragment="results")

Each region is cached on its own (`lrba.core.cache.cached_many`: one round trip for all),
so an htmx request renders and caches only the fragment it swaps in; the context is
computed at most once per request. `key` must hold the content versions and every live
figure the regions show.
"""

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe

from lrba.core.cache import cached_many


def query_key(query: QueryDict, names: Iterable[str], limit: int) -> tuple[str, ...]:
    """The raw values of the query parameters `names`, cut at `limit` characters: a cache
    key part, so garbage in a parameter costs one cache entry, not a query per request."""
    return tuple(str(query.get(name, ""))[:limit] for name in names)


def wants_fragment(request: HttpRequest) -> bool:
    """An htmx request swaps in one region; a history restore (the browser's Back after
    its cache expired) needs the whole page."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request  # type: ignore[union-attr]


def page_regions(
    request: HttpRequest,
    *,
    key: tuple,
    context: Callable[[], Mapping[str, Any]],
    templates: Mapping[str, str],
    fragment: str,
) -> dict[str, str]:
    """The rendered regions this request needs (only `fragment` for htmx), each cached
    under `key`."""
    names = [fragment] if wants_fragment(request) else list(templates)
    computed: dict[str, Any] = {}

    def render_region(name: str) -> str:
        if "context" not in computed:
            computed["context"] = context()
        return render_to_string(templates[name], computed["context"])

    return cached_many({name: (key, "region", name) for name in names}, render_region)


def regions_response(
    request: HttpRequest,
    regions: Mapping[str, str],
    *,
    template: str,
    fragment: str,
    context: Mapping[str, Any] | None = None,
) -> HttpResponse:
    """The fragment alone for htmx, else the whole page with each region as
    `<name>_html` in `template`'s context. Varies on HX-Request, so no cache in between
    hands a fragment to a full-page request."""
    if wants_fragment(request):
        response = HttpResponse(regions[fragment])
    else:
        page_context = dict(context or {})
        for name, html in regions.items():
            page_context[f"{name}_html"] = mark_safe(html)  # rendered by our own templates
        response = render(request, template, page_context)
    patch_vary_headers(response, ("HX-Request",))
    return response
