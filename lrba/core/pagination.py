"""Pagination of public and staff lists, one way everywhere.

The page is counted and sliced in SQL (COUNT and LIMIT/OFFSET); bad input never fails the
page: a non-number is page 1, a number past the end is the last page, with a note saying
so. `components/pagination.html` draws the links from the `Page` returned here.
"""

from django.core.paginator import Page, Paginator
from django.http import QueryDict
from django.utils.translation import gettext


def paginate(query: QueryDict, items, per_page: int, param: str = "page") -> tuple[Page, str]:
    """The page of `items` the query string asks for (`param`), and a note for the
    visitor when the requested page did not exist ("" otherwise)."""
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
