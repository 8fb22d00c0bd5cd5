"""One pagination for every list the API returns: `?page=N&page_size=M`.

`page_size` is at most `MAX_PAGE_SIZE`: a bigger one, a page below 1 or a non-number is
refused with 422 `invalid` (the error says which), never silently changed. A page past the
end is an empty `items` with the true `count`. The answer carries `count`, `page`,
`page_size`, `pages` and the `next`/`previous` addresses (null at either end).
"""

import math
from collections.abc import Callable, Sequence
from typing import Any, overload

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


class Pagination(PaginationBase):
    class Input(Schema):
        page: int = Field(1, ge=1, le=1_000_000, description="Page number, from 1.")
        page_size: int = Field(
            DEFAULT_PAGE_SIZE,
            ge=1,
            le=MAX_PAGE_SIZE,
            description=f"Items per page, at most {MAX_PAGE_SIZE}.",
        )

    class Output(Schema):
        count: int
        page: int
        page_size: int
        pages: int
        next: str | None
        previous: str | None
        items: list[Any]

    def paginate_queryset(
        self, queryset: Any, pagination: Input, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        size = pagination.page_size
        number = pagination.page
        offset = (number - 1) * size
        items = list(queryset[offset : offset + size])
        count = self._items_count(queryset)
        pages = max(1, math.ceil(count / size))
        return {
            "count": count,
            "page": number,
            "page_size": size,
            "pages": pages,
            "next": _page_url(request, number + 1) if number < pages else None,
            "previous": _page_url(request, min(number - 1, pages)) if number > 1 else None,
            "items": items,
        }


class PagedMap(Sequence[Any]):
    """`items` (a queryset or a list) turned into answer rows by `build` only for the page
    asked: `Pagination` counts it and slices it, so a queryset keeps its COUNT and LIMIT in
    SQL and no row outside the page is built."""

    def __init__(self, items: Any, build: Callable[[Any], Any]) -> None:
        self.items = items
        self.build = build

    def __len__(self) -> int:
        count = getattr(self.items, "count", None)
        return count() if isinstance(self.items, QuerySet) and count else len(self.items)

    @overload
    def __getitem__(self, index: int) -> Any: ...
    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...
    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return [self.build(item) for item in self.items[index]]
        return self.build(self.items[index])


def _page_url(request: HttpRequest, number: int) -> str:
    query = request.GET.copy()
    query["page"] = str(number)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
