"""The public library directory, a library's page and the members-only member list."""

import functools

from django.contrib.auth.decorators import login_not_required, login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from lrba.accounts.access import staff_page
from lrba.core import cache, plugins
from lrba.core.models import Municipality
from lrba.core.pagination import paginate
from lrba.core.regions import page_regions, query_key, regions_response
from lrba.members import access
from lrba.members.cache import DIRECTORY, library_page_versions
from lrba.members.forms_directory import (
    MAX_QUERY_LENGTH,
    DirectoryFilterForm,
    DirectorySearchForm,
)
from lrba.members.models import Library
from lrba.members.selectors import libraries as selectors

PER_PAGE = 25
MEMBER_LIST_PER_PAGE = 50


# The query parameters the directory reads (their raw values, cut short, key the cache).
DIRECTORY_PARAMETERS = ("q", "county", "municipality", "kind", "page")
DIRECTORY_REGIONS = {
    "filters": "members/_library_filters.html",
    "results": "members/_library_results.html",
}


def _directory_context(
    query: QueryDict, municipalities: list[Municipality], versions: tuple[int, ...]
) -> dict[str, object]:
    """What the directory's filter form and results show for `query`."""
    filters, notes = DirectoryFilterForm(query, municipalities=municipalities).parse()

    def filter_choices() -> str:
        # The county, municipality and kind widgets (some 80 options) are the same for
        # every search with these filters: rendered once per version and filter values.
        def render() -> str:
            form = DirectoryFilterForm(initial=filters, municipalities=municipalities)
            return render_to_string("members/_library_filter_choices.html", {"form": form})

        choices = (filters["county"], filters["municipality"], filters["kind"])
        return cache.cached_as((versions, "directory-choices", choices), render)

    libraries = selectors.library_directory(
        query=filters["q"],
        county=filters["county"],
        municipality=filters["municipality"],
        kind=filters["kind"],
    )
    page, page_note = paginate(query, libraries, PER_PAGE)
    if page_note:
        notes.append(page_note)
    cards = list(page.object_list)
    # get_kind_display() builds the choices' dict and translates on every call.
    kinds = {value: capfirst(label) for value, label in Library.Kind.choices}
    for library in cards:
        library.kind_label = kinds.get(library.kind, library.kind)
    query_string = QueryDict(mutable=True)
    query_string.update({key: value for key, value in filters.items() if value})
    return {
        # The form shown back is unbound: it holds the cleaned values, not the raw input.
        # Both are used only if the filters region is rendered (not for an htmx search).
        "search_form": SimpleLazyObject(lambda: DirectorySearchForm(initial=filters)),
        "filter_choices": lambda: mark_safe(filter_choices()),  # our own template
        "filters": filters,
        "is_filtered": any(filters.values()),
        "notes": notes,
        "page_obj": page,
        "libraries": cards,
        "query_string": query_string.urlencode(),
    }


@functools.lru_cache(maxsize=4)
def _geography(versions: tuple[int, ...]) -> list[Municipality]:
    """The filters' municipalities, kept in this process per content version: read from a
    shared cache, 60 pickled rows cost more to load than the query."""
    return selectors.geography()


@login_not_required
def library_list(request: HttpRequest) -> HttpResponse:
    # The directory shows libraries, memberships and the geography, nothing else.
    versions = cache.versions(cache.REGISTER, DIRECTORY, cache.GEOGRAPHY)
    parameters = query_key(request.GET, DIRECTORY_PARAMETERS, 2 * MAX_QUERY_LENGTH)

    def context() -> dict[str, object]:
        return _directory_context(request.GET, _geography(versions), versions)

    regions = page_regions(
        request,
        key=(versions, "directory", parameters),
        context=context,
        templates=DIRECTORY_REGIONS,
        fragment="results",
    )
    # The figures under the heading (the home page's own), only for a whole page; its
    # libraries and branches change with the directory's versions.
    totals = SimpleLazyObject(
        lambda: cache.cached_as((versions, "directory-totals"), selectors.member_totals)
    )
    return regions_response(
        request,
        regions,
        template="members/library_list.html",
        fragment="results",
        context={"totals": totals},
    )


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
    versions = library_page_versions(slug)
    page = versions and cache.cached_as((versions, "library", slug), lambda: _library_page(slug))
    if not page:
        raise Http404(gettext("No library has this address."))
    library = page["library"]
    context = {
        "library": library,
        "content_html": mark_safe(page["html"]),
        # Other apps' sections (its projects, its good practice), outside the cached part:
        # each app keeps its own cheap, versioned rendering (see lrba.core.plugins).
        "sections": [
            render_to_string(template, section_context, request=request)
            for template, section_context in plugins.library_page_sections(request, library)
        ],
    }
    return render(request, "members/library_detail.html", context)


@staff_page  # the Board, the secretariat and the auditor read it by their role
@login_required
@require_GET
def member_list(request: HttpRequest) -> HttpResponse:
    """The full member list: the law lets members see it (Facts §1.3), the public not."""
    access.access_member_list(request.user)
    members = selectors.member_list()
    libraries, libraries_note = paginate(request.GET, members.libraries, MEMBER_LIST_PER_PAGE)
    people, people_note = paginate(request.GET, members.people, MEMBER_LIST_PER_PAGE, "people_page")
    context = {
        "libraries": libraries,
        "people": people,
        "notes": [note for note in (libraries_note, people_note) if note],
        # Each table's page links keep the other table on its current page.
        "people_query": f"people_page={people.number}" if people.number > 1 else "",
        "libraries_query": f"page={libraries.number}" if libraries.number > 1 else "",
    }
    return render(request, "members/member_list.html", context)
