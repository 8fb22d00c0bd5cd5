"""Cache invalidation (a cross-cutting concern, hence signals): a write to the register's
public content makes stale exactly the cached renderings that show it. See lrba.core.cache
and lrba.members.cache.

What shows what:
- the directory lists libraries (with their municipality) and their membership status;
- a library's page shows the library, its parent, its branches and the membership status
  (own or the parent's), its municipality and county;
- the home page's figures count active members per county.
A person's own details are on none of them: editing a person bumps nothing.

It also defines the signals the members app sends for apps above it, which it must not
import: `library_admitted` is sent inside the admission's transaction, after the library's
membership is saved, with `membership` and `decided_by`; a receiver's writes (the
knowledge app starts the library's onboarding checklist) commit or roll back with the
admission. Receivers must not send e-mail themselves (enqueue after commit instead).
"""

from typing import Any

from django.db.backends.signals import connection_created
from django.db.models.signals import post_delete, post_migrate, post_save, pre_save
from django.dispatch import Signal

from lrba.core.cache import GEOGRAPHY, content_changed
from lrba.core.models import County, Municipality
from lrba.members.cache import DIRECTORY, FIGURES, library_namespace
from lrba.members.models import Employment, Library, Membership
from lrba.members.selectors.search import ensure_sqlite_index, note_sqlite_index

library_admitted = Signal()


def _library_pages(*library_ids: int | None) -> list[str]:
    """The pages of these libraries and of their branches (a branch shows its parent's
    name and membership)."""
    ids = {pk for pk in library_ids if pk is not None}
    branch_ids = Library.objects.filter(parent_id__in=ids).values_list("pk", flat=True)
    return [library_namespace(pk) for pk in ids.union(branch_ids)]


def _remember_parent(sender: Any, instance: Library, **kwargs: Any) -> None:
    # A branch moved to another library leaves its former parent's page too.
    if instance.pk is not None and not kwargs.get("raw"):
        instance._parent_before = (  # type: ignore[attr-defined]
            Library.objects.filter(pk=instance.pk).values_list("parent_id", flat=True).first()
        )


def _library_changed(sender: Any, instance: Library, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # loading fixtures
        return
    parents = (instance.parent_id, getattr(instance, "_parent_before", None))
    namespaces = [DIRECTORY, FIGURES, *_library_pages(instance.pk, *parents)]
    if instance.kind == Library.Kind.COUNTY_PUBLIC:
        # Every library page of the county links to its county library (found by name).
        namespaces.append(GEOGRAPHY)
    content_changed(*namespaces)


def _membership_changed(sender: Any, instance: Membership, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    if instance.library_id is None:  # a person's membership only counts in the figures
        content_changed(FIGURES)
    else:
        content_changed(DIRECTORY, FIGURES, *_library_pages(instance.library_id))


def _employment_changed(sender: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    content_changed(FIGURES)


def _geography_changed(sender: Any, instance: County | Municipality, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    if isinstance(instance, Municipality) and kwargs["signal"] is post_save:
        # A library is found by its municipality's name too.
        libraries = list(Library.objects.filter(municipality=instance))
        for library in libraries:
            library.derive_search_fields(instance.name)
        Library.objects.bulk_update(libraries, ["search_text"], batch_size=1000)
    content_changed(GEOGRAPHY, DIRECTORY, FIGURES)


pre_save.connect(_remember_parent, sender=Library, dispatch_uid="register-library-parent")
for signal in (post_save, post_delete):
    suffix = "" if signal is post_save else "-del"
    signal.connect(_library_changed, sender=Library, dispatch_uid=f"register-library{suffix}")
    signal.connect(
        _membership_changed, sender=Membership, dispatch_uid=f"register-membership{suffix}"
    )
    signal.connect(
        _employment_changed, sender=Employment, dispatch_uid=f"register-employment{suffix}"
    )
    for model in (County, Municipality):
        signal.connect(
            _geography_changed, sender=model, dispatch_uid=f"register-{model.__name__}{suffix}"
        )

# Not about the cache, but kept with the other receivers: the directory's search index on
# SQLite is created (and repaired) after every migrate.
post_migrate.connect(ensure_sqlite_index, dispatch_uid="members-library-search-index")
connection_created.connect(note_sqlite_index, dispatch_uid="members-library-search-noted")
