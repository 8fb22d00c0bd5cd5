"""The cache namespaces of the register's public pages (see lrba.core.cache).

Every key of the register's pages also holds `REGISTER` (bulk changes bump only that)
and, where counties or municipalities are shown, `GEOGRAPHY`.
"""

from lrba.core.cache import GEOGRAPHY, REGISTER, versions
from lrba.members.models import Library

# The directory's listing: libraries and their memberships.
DIRECTORY = "directory"
# The home page's member figures: memberships, employments (people count in a county).
FIGURES = "member-figures"


LIBRARY_PREFIX = "library"


def library_namespace(library_id: int) -> str:
    """One library's page: the library, its parent, its branches, their memberships."""
    return f"{LIBRARY_PREFIX}-{library_id}"


def library_page_versions(slug: str) -> tuple[int, ...] | None:
    """The counters a library page's cache key holds; None when no library has this
    slug. Two simple queries: cheaper than one with a correlated subquery per counter."""
    library_id = Library.objects.filter(slug=slug).values_list("pk", flat=True).first()
    if library_id is None:
        return None
    return versions(REGISTER, GEOGRAPHY, library_namespace(library_id))
