"""The cache namespaces of the register's public pages (see lrba.core.cache).

Every key of the register's pages also holds `REGISTER` (bulk changes bump only that)
and, where counties or municipalities are shown, `GEOGRAPHY`.
"""

from lrba.core.cache import GEOGRAPHY, REGISTER, object_versions
from lrba.members.models import Library

# The directory's listing: libraries and their memberships.
DIRECTORY = "directory"
# The home page's member figures: memberships, employments (people count in a county).
FIGURES = "member-figures"


LIBRARY_PREFIX = "library"
# What every library page shows besides the library and its family.
SHARED = (REGISTER, GEOGRAPHY)


def library_namespace(library_id: int) -> str:
    """One library's page: the library, its parent, its branches, their memberships."""
    return f"{LIBRARY_PREFIX}-{library_id}"


def library_page_versions(slug: str) -> tuple[int, ...] | None:
    """The counters a library page's cache key holds, read in the query that finds the
    library; None when no library has this slug."""
    found = object_versions(
        Library, where="o.slug = %s", params=[slug], prefix=LIBRARY_PREFIX, shared=SHARED
    )
    return None if found is None else found[1]
