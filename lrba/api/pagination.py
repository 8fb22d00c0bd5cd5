"""One pagination for every list the API returns: `?page=N&page_size=M`.

`page_size` is at most `MAX_PAGE_SIZE`: a bigger one, a page below 1 or a non-number is
refused with 422 `invalid` (the error says which), never silently changed. A page past the
end is an empty `items` with the true `count`. The answer carries `count`, `page`,
`page_size`, `pages` and the `next`/`previous` addresses (null at either end).
"""

import math
from typing import Any

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


def _page_url(request: HttpRequest, number: int) -> str:
    query = request.GET.copy()
    query["page"] = str(number)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
