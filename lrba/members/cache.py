"""The cache namespaces of the register's public pages (see lrba.core.cache).

Every key of the register's pages also holds `REGISTER` (bulk changes bump only that)
and, where counties or municipalities are shown, `GEOGRAPHY`.
"""

from lrba.core.cache import GEOGRAPHY, REGISTER, object_namespace, version_of
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
    """The counters a library page's cache key holds, read in the query that finds the
    library; None when no library has this slug."""
    return (
        Library.objects.filter(slug=slug)
        .annotate(
            v_register=version_of(REGISTER),
            v_geography=version_of(GEOGRAPHY),
            v_page=version_of(object_namespace(LIBRARY_PREFIX)),
        )
        .values_list("pk", "v_register", "v_geography", "v_page")
        .first()
    )
