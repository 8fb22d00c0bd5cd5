"""Member libraries in the site search (lrba.core.search): every library the public
directory lists — a library with a current membership, and each branch of one — with its
public profile, town, municipality and county. Anyone may find them.

A library enters or leaves the directory when a membership changes, not when the library
is saved, so a membership's save or deletion reindexes its library and that library's
branches too.
"""

from typing import Any

from django.db.models import Q, QuerySet
from django.db.models.signals import post_delete, post_save
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from lrba.core.models import Audience
from lrba.core.search import SearchDocument, SearchSource, search_index_update
from lrba.members.models import Library, Membership


def _listed() -> QuerySet[Library]:
    """The libraries the public directory lists (see lrba.members.selectors.libraries)."""
    member_ids = Membership.objects.current().filter(library__isnull=False).values("library_id")
    return Library.objects.filter(Q(pk__in=member_ids) | Q(parent_id__in=member_ids))


def _place(library: Library) -> str:
    """ "Municipal public library, Šiauliai" in the active language."""
    place = library.city or library.municipality.name
    return f"{library.get_kind_display().capitalize()}, {place}"


def library_document(library: Library) -> SearchDocument | None:
    if not _listed().filter(pk=library.pk).exists():
        return None
    municipality = library.municipality
    with translation.override("lt"):
        summary = _place(library)
    with translation.override("en"):
        summary_en = _place(library)
    body = " ".join(
        part
        for part in (
            library.short_name,
            library.city,
            library.street_address,
            municipality.name,
            municipality.county.name,
            library.parent.name if library.parent_id and library.parent else "",
            library.description,
        )
        if part
    )
    return SearchDocument(
        title=library.name,
        url=library.get_absolute_url(),
        summary=summary,
        summary_en=summary_en,
        body=body,
        audience=Audience.PUBLIC,
    )


def library_queryset() -> QuerySet[Library]:
    return _listed().select_related("municipality__county", "parent")


def _membership_changed(sender: Any, instance: Membership, **kwargs: Any) -> None:
    if kwargs.get("raw") or instance.library_id is None:
        return
    libraries = Library.objects.filter(Q(pk=instance.library_id) | Q(parent_id=instance.library_id))
    for library in libraries.select_related("municipality__county", "parent"):
        search_index_update(library)


post_save.connect(_membership_changed, sender=Membership, dispatch_uid="search-membership-save")
post_delete.connect(_membership_changed, sender=Membership, dispatch_uid="search-membership-delete")

SOURCES = (
    SearchSource(
        kind="library",
        label=_("Libraries"),
        model=Library,
        document=library_document,
        queryset=library_queryset,
        order=70,
    ),
)
