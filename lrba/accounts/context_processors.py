"""What the site header needs to know about the signed-in user.

Every flag is lazy: it runs its query only when a template asks, and the header asks only
for signed-in users, so anonymous pages (and the benchmark floor) stay query-free.
"""

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from lrba.accounts import roles


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "is_board_member": SimpleLazyObject(lambda: roles.is_board_member(user)),
        "works_in_back_office": SimpleLazyObject(lambda: roles.works_in_back_office(user)),
    }
