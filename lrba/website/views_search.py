"""The site search page (/paieska/): one search over every kind the apps make searchable
(lrba.core.search), showing each visitor only what they may see.

Not cached: what a visitor may see depends on who they are, and every search as you type
is a new query anyway (bench/search measures it so).
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_GET

from lrba.core.models import SearchEntry
from lrba.core.pagination import paginate
from lrba.core.regions import wants_fragment
from lrba.core.search import MAX_QUERY_CHARS, search_counts, search_entries, search_kinds
from lrba.website.access import document_access_levels

PER_PAGE = 20


@dataclass(frozen=True)
class SearchResult:
    """One result as the visitor reads it: in English when they read English and the
    entry has it, else as written."""

    title: str
    summary: str
    url: str
    kind_label: str
    audience: str
    date: date | None


class CountedEntries:
    """Ranked entries whose number is known already (the sum of the kinds' counts), so
    the paginator runs no COUNT of its own: on a common word that is a second pass over
    thousands of matches."""

    def __init__(self, entries: Any, count: int) -> None:
        self.entries, self.total = entries, count

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index: Any) -> Any:
        return self.entries[index]


@dataclass(frozen=True)
class SearchFilters:
    query: str
    kinds: list[str]
    notes: list[str]


def _filters(data: QueryDict, known: dict[str, Any]) -> SearchFilters:
    """The query and the chosen kinds; what cannot be used is cut or dropped with a note."""
    notes = []
    query = " ".join(str(data.get("q", "")).split())
    if len(query) > MAX_QUERY_CHARS:
        query = query[:MAX_QUERY_CHARS].rstrip()
        notes.append(
            gettext("The search text was cut to %(limit)s characters.") % {"limit": MAX_QUERY_CHARS}
        )
    asked = data.getlist("kind")
    kinds = [kind for kind in known if kind in asked]
    if len(set(asked)) > len(kinds):
        notes.append(gettext("Unknown kinds of results were ignored."))
    return SearchFilters(query=query, kinds=kinds, notes=notes)


def _result(entry: SearchEntry, labels: dict[str, Any], english: bool) -> SearchResult:
    return SearchResult(
        title=(english and entry.title_en) or entry.title,
        summary=(english and entry.summary_en) or entry.summary,
        url=entry.url,
        kind_label=capfirst(str(labels.get(entry.kind, entry.kind))),
        audience=entry.audience,
        date=entry.date,
    )


@login_not_required
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    labels = dict(search_kinds())
    filters = _filters(request.GET, labels)
    audiences = document_access_levels(request.user)
    counts = search_counts(query=filters.query, audiences=audiences) if filters.query else {}
    found = sum(n for kind, n in counts.items() if not filters.kinds or kind in filters.kinds)
    entries = search_entries(query=filters.query, audiences=audiences, kinds=filters.kinds)
    page, page_note = paginate(request.GET, CountedEntries(entries, found), PER_PAGE)
    english = (get_language() or "").startswith("en")
    query_string = QueryDict(mutable=True)
    if filters.query:
        query_string["q"] = filters.query
    query_string.setlist("kind", filters.kinds)
    context = {
        "query": filters.query,
        "notes": [*filters.notes, *([page_note] if page_note else [])],
        "kinds": [
            {"value": kind, "label": capfirst(str(label)), "count": counts.get(kind, 0)}
            for kind, label in labels.items()
        ],
        "chosen_kinds": filters.kinds,
        "page_obj": page,
        "results": [_result(entry, labels, english) for entry in page.object_list],
        "query_string": query_string.urlencode(),
        "max_length": MAX_QUERY_CHARS,
    }
    fragment = wants_fragment(request)
    template = "website/_search_results.html" if fragment else "website/search.html"
    response = render(request, template, {**context, "fragment": fragment})
    patch_vary_headers(response, ("HX-Request",))
    return response
