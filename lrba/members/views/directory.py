"""The public library directory, a library's page and the members-only member list."""

from typing import cast

from django import forms
from django.contrib.auth.decorators import login_not_required, login_required
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse_lazy
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lrba.core.cache import REGISTER, cached
from lrba.core.models import Municipality
from lrba.core.text import sort_key
from lrba.members import selectors
from lrba.members.models import Library

PER_PAGE = 25
MEMBER_LIST_PER_PAGE = 50
MAX_QUERY_LENGTH = 100


def _live(element_id: str, trigger: str) -> dict[str, object]:
    """Widget attributes that refresh the results with htmx as the visitor types or picks;
    without JavaScript the form's submit button does the same with a full page."""
    return {
        "id": element_id,
        "hx-get": reverse_lazy("members:library_list"),
        "hx-trigger": trigger,
        "hx-target": "#library-results",
        "hx-push-url": "true",
        "hx-include": "closest form",
    }


class DirectoryFilterForm(forms.Form):
    """The directory's search box and filters, read from the query string.

    Bad input never fails the page: an over-long query is cut, an unknown county,
    municipality or kind is dropped; `parse()` returns a note for each so the page can
    say what it ignored.
    """

    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(
            attrs={
                **_live("library-search", "input changed delay:300ms, search"),
                "type": "search",
                "maxlength": MAX_QUERY_LENGTH,
                "autocomplete": "off",
                "aria-describedby": "library-search-help",
            }
        ),
    )
    county = forms.ChoiceField(
        label=_("County"),
        required=False,
        widget=forms.Select(attrs=_live("filter-county", "change")),
    )
    municipality = forms.ChoiceField(
        label=_("Municipality"),
        required=False,
        widget=forms.Select(attrs=_live("filter-municipality", "change")),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, widget=forms.Select(attrs=_live("filter-kind", "change"))
    )

    def __init__(self, *args, municipalities: list[Municipality], **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        counties = sorted(
            {m.county for m in municipalities}, key=lambda county: sort_key(county.name)
        )
        self._choice_field("county").choices = [("", _("All counties"))] + [
            (county.code, county.name) for county in counties
        ]
        # Municipalities grouped by county, so the long list is easy to scan.
        self._choice_field("municipality").choices = [("", _("All municipalities"))] + [
            (county.name, [(m.code, m.name) for m in municipalities if m.county_id == county.pk])
            for county in counties
        ]
        self._choice_field("kind").choices = [("", _("All kinds"))] + [
            (value, capfirst(label)) for value, label in Library.Kind.choices
        ]

    def _choice_field(self, name: str) -> forms.ChoiceField:
        return cast(forms.ChoiceField, self.fields[name])

    def parse(self) -> tuple[dict[str, str], list[str]]:
        """The usable filters and the notes about what was cut or ignored."""
        self.is_valid()
        notes: list[str] = []
        query = " ".join(str(self.data.get("q", "")).split())
        if len(query) > MAX_QUERY_LENGTH:
            query = query[:MAX_QUERY_LENGTH].rstrip()
            notes.append(
                gettext("The search text was cut to %(limit)s characters.")
                % {"limit": MAX_QUERY_LENGTH}
            )
        filters = {"q": query}
        unknown = {
            "county": gettext("The county “%(value)s” is unknown and was ignored."),
            "municipality": gettext("The municipality “%(value)s” is unknown and was ignored."),
            "kind": gettext("The kind of library “%(value)s” is unknown and was ignored."),
        }
        for name, message in unknown.items():
            if name in self.errors:
                filters[name] = ""
                notes.append(message % {"value": str(self.data.get(name, ""))[:40]})
            else:
                filters[name] = self.cleaned_data.get(name, "")
        return filters, notes


def _page(query: QueryDict, items, per_page: int, param: str = "page") -> tuple[Page, str]:  # type: ignore[no-untyped-def]
    """The requested page: page 1 for a non-number, the last page past the end (with a
    note saying so)."""
    requested = str(query.get(param, ""))
    page = Paginator(items, per_page).get_page(requested)
    page.elided_range = list(  # type: ignore[attr-defined]
        page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    )
    note = ""
    if requested.isdigit() and int(requested) > page.number and page.paginator.count:
        note = gettext("There is no page %(number)s; showing the last page.") % {
            "number": requested[:10]
        }
    return page, note


# The query parameters the directory reads; the cache key is made of their raw values
# (cut short), so garbage in a parameter costs one cache entry, not a query per request.
DIRECTORY_PARAMETERS = ("q", "county", "municipality", "kind", "page")


def _directory_regions(query: QueryDict) -> dict[str, str | bool]:
    """The filter form and the results region of the directory, rendered for `query`."""
    municipalities = selectors.geography()
    form = DirectoryFilterForm(query, municipalities=municipalities)
    filters, notes = form.parse()
    libraries = selectors.library_directory(
        query=filters["q"],
        county=filters["county"],
        municipality=filters["municipality"],
        kind=filters["kind"],
    )
    page, page_note = _page(query, libraries, PER_PAGE)
    if page_note:
        notes.append(page_note)
    # The form shown back is unbound: it holds the cleaned values, not the raw input.
    query_string = QueryDict(mutable=True)
    query_string.update({key: value for key, value in filters.items() if value})
    is_filtered = any(filters.values())
    context = {
        "form": DirectoryFilterForm(initial=filters, municipalities=municipalities),
        "filters": filters,
        "is_filtered": is_filtered,
        "notes": notes,
        "page_obj": page,
        "libraries": page.object_list,
        "query_string": query_string.urlencode(),
    }
    return {
        "filters": render_to_string("members/_library_filters.html", context),
        "results": render_to_string("members/_library_results.html", context),
        "is_filtered": is_filtered,
    }


@login_not_required
def library_list(request: HttpRequest) -> HttpResponse:
    key = tuple(
        str(request.GET.get(name, ""))[: 2 * MAX_QUERY_LENGTH] for name in DIRECTORY_PARAMETERS
    )
    regions = cached(REGISTER, ("directory", key), lambda: _directory_regions(request.GET))
    # htmx swaps in only the results; a history restore (the browser's Back after its
    # cache expired) needs the whole page.
    if request.htmx and not request.htmx.history_restore_request:  # type: ignore[attr-defined]
        response = HttpResponse(regions["results"])
    else:
        context = {
            "filters_html": mark_safe(regions["filters"]),  # rendered by our own template
            "results_html": mark_safe(regions["results"]),
        }
        response = render(request, "members/library_list.html", context)
    patch_vary_headers(response, ("HX-Request",))
    return response


def _library_page(slug: str) -> dict[str, object] | None:
    detail = selectors.library_detail(slug)
    if detail is None:
        return None
    context = {"detail": detail, "library": detail.library}
    return {
        "library": detail.library,
        "html": render_to_string("members/_library_detail.html", context),
    }


@login_not_required
def library_detail(request: HttpRequest, slug: str) -> HttpResponse:
    # Cached as a one-item list so that "no such library" is cached too.
    (page,) = cached(REGISTER, ("library", slug), lambda: [_library_page(slug)])
    if page is None:
        raise Http404(gettext("No library has this address."))
    context = {"library": page["library"], "content_html": mark_safe(page["html"])}
    return render(request, "members/library_detail.html", context)


@login_required
def member_list(request: HttpRequest) -> HttpResponse:
    """The full member list: the law lets members see it (Facts §1.3), the public not."""
    members = selectors.member_list()
    libraries, libraries_note = _page(request.GET, members.libraries, MEMBER_LIST_PER_PAGE)
    people, people_note = _page(request.GET, members.people, MEMBER_LIST_PER_PAGE, "people_page")
    context = {
        "libraries": libraries,
        "people": people,
        "notes": [note for note in (libraries_note, people_note) if note],
        # Each table's page links keep the other table on its current page.
        "people_query": f"people_page={people.number}" if people.number > 1 else "",
        "libraries_query": f"page={libraries.number}" if libraries.number > 1 else "",
    }
    return render(request, "members/member_list.html", context)
