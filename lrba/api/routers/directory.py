"""The public library directory: the list with the directory page's filters and order, and
one library as its page shows it (members and, like the page, other libraries too).

The filters are read by the page's own form (`DirectoryFilterForm`): where the page drops
an unknown county or municipality with a note, the API refuses it (422) so that a program
learns its mistake; the rows and their order come from the page's selector.
"""

import functools
import re
from collections.abc import Callable
from typing import Any

from django.db.models import Model
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import paginate

from lrba.api.auth import PUBLIC
from lrba.api.errors import ApiError
from lrba.api.pagination import Pagination
from lrba.api.schemas.directory import LibraryDetailOut, LibraryFilters, LibraryOut
from lrba.core import cache
from lrba.core.models import Municipality
from lrba.members.cache import DIRECTORY
from lrba.members.forms_directory import DirectoryFilterForm
from lrba.members.models import Library
from lrba.members.selectors import libraries as selectors

router = Router(tags=["directory"])
# The longest query string whose list page is kept in the cache.
MAX_CACHED_QUERY = 300


# The largest primary key the databases store (a bigger number would fail in the query).
MAX_PK = 2**63 - 1
# What a slug of the site's addresses may hold (Django's SlugField, not Unicode).
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,200}")


def pk_of(id_or_slug: str) -> int | None:
    """The primary key `id_or_slug` names, or None when it is a slug (or no key at all)."""
    if id_or_slug.isascii() and id_or_slug.isdigit() and len(id_or_slug) <= 19:
        number = int(id_or_slug)
        return number if 0 < number <= MAX_PK else None
    return None


def slug_for(model: type[Model], id_or_slug: str) -> str | None:
    """The slug an endpoint's `{id_or_slug}` names: the slug of the object with that id
    for a number, the text itself for a slug; None for anything else (never queried, so
    no text the database refuses reaches it)."""
    pk = pk_of(id_or_slug)
    if pk is not None:
        return model._default_manager.filter(pk=pk).values_list("slug", flat=True).first()
    return id_or_slug if SLUG.fullmatch(id_or_slug) else None


@functools.lru_cache(maxsize=4)
def _municipalities(versions: tuple[int, ...]) -> list[Municipality]:
    """The filters' municipalities, kept in this process per version of the geography
    (as the directory page keeps them): they change once in years."""
    return selectors.geography()


def form_refusal(form: Any) -> ApiError:
    """422 `invalid` naming each query parameter the page's form did not accept."""
    details = [
        {"field": field, "message": str(message)}
        for field, messages in form.errors.items()
        for message in messages
    ]
    return ApiError(422, "invalid", _("The request is not valid."), details)


def _cached_by_directory_version(view: Callable[..., Any]) -> Callable[..., Any]:
    """A page of the list, kept per version of the directory (the key the directory page
    uses: the register, the directory and the geography), per host and query string (the
    page links repeat both) and language: a warm list costs one query, as the page does.
    A refusal (422) raises, so it is never kept; an over-long query string is not kept
    either, so junk cannot fill the cache."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, **kwargs: Any) -> Any:
        query = request.META.get("QUERY_STRING", "")
        if len(query) > MAX_CACHED_QUERY:
            return view(request, **kwargs)
        versions = cache.versions(cache.REGISTER, DIRECTORY, cache.GEOGRAPHY)
        key = (versions, "api-library-list", request.get_host(), query)
        return cache.cached_as(key, lambda: view(request, **kwargs))

    return wrapped


@router.get(
    "/",
    auth=PUBLIC,
    response=list[LibraryOut],
    url_name="library_list",
    summary="Member libraries",
)
@_cached_by_directory_version
@paginate(Pagination)
def library_list(request: HttpRequest, filters: Query[LibraryFilters]) -> Any:
    """Member libraries and their branches in Lithuanian alphabetical order, as the public
    directory lists them, with its search and filters."""
    query = {
        "q": filters.q,
        "county": filters.county,
        "municipality": filters.municipality,
        "kind": filters.kind.value if filters.kind else "",
    }
    form = DirectoryFilterForm(
        query, municipalities=_municipalities(cache.versions(cache.GEOGRAPHY))
    )
    if not form.is_valid():
        raise form_refusal(form)
    found, _notes = form.parse()
    return selectors.library_directory(
        query=found["q"],
        county=found["county"],
        municipality=found["municipality"],
        kind=found["kind"],
    )


@router.get(
    "/{id_or_slug}",
    auth=PUBLIC,
    response=LibraryDetailOut,
    url_name="library_detail",
    summary="A library",
)
def library_detail(request: HttpRequest, id_or_slug: str) -> Any:
    """A library as its public page shows it, by id or by the slug of its page's address."""
    slug = slug_for(Library, id_or_slug)
    detail = selectors.library_detail(slug) if slug else None
    if detail is None:
        raise Http404
    library = detail.library
    library.detail = detail  # type: ignore[attr-defined]
    return library
