"""What the site header needs to know about the signed-in user's library.

Lazy, like `lrba.accounts.context_processors.navigation`: the query runs only when a
template asks, and the header asks only for signed-in users.
"""

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from lrba.members.access import may_read_members_only
from lrba.members.selectors.representatives import represented_libraries


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "has_library": SimpleLazyObject(lambda: represented_libraries(user).exists()),
        "may_read_members_only": SimpleLazyObject(lambda: may_read_members_only(user)),
    }
