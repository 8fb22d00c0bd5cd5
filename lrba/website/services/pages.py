"""Writes to the page tree: a page's place (parent and address) and its full path.

A page's `path` is its ancestors' slugs and its own ("apie-asociacija/istatai"): the
address it answers at. Moving a page or changing its address moves every page under it
too, in the same transaction; a page can never be put under itself or its own
descendants (the tree would become a loop with no address). The pages' rows involved are
locked first, so two editors moving pages at the same time cannot build a loop between
them.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from lrba.core.audit import acting_as
from lrba.core.search import search_index_update
from lrba.website.menus import pages_changed
from lrba.website.models import Page

# The tree's catch-all view and the one older address that shows a page of the tree.
PAGE_VIEWS = frozenset({"pages:page", "website:about"})


def page_path_for(*, parent: Page | None, slug: str) -> str:
    return f"{parent.path}/{slug}" if parent is not None else slug


def page_place_check(*, page: Page, parent: Page | None, slug: str) -> str:
    """The path `page` would have under `parent` with `slug`, or ValidationError: a loop
    (under itself or a page under it), or an address another part of the site answers
    (a top page called "naujienos" would never be shown)."""
    if parent is not None and page.pk is not None:
        if parent.pk == page.pk:
            raise ValidationError(
                {"parent": _("A page cannot be its own parent.")}, code="page_cycle"
            )
        ancestor_paths = _ancestor_paths(parent.path)
        if Page.objects.filter(pk=page.pk, path__in=[*ancestor_paths, parent.path]).exists():
            raise ValidationError(
                {"parent": _("A page cannot be moved under a page that is under it.")},
                code="page_cycle",
            )
    path = page_path_for(parent=parent, slug=slug)
    try:
        match = resolve(f"/{path}/")
    except Resolver404:
        match = None
    if match is not None and match.view_name not in PAGE_VIEWS:
        raise ValidationError(
            {"slug": _("Another part of the site already answers at /%(path)s/.") % {"path": path}},
            code="page_address_taken",
        )
    taken = Page.objects.filter(path=path)
    if page.pk is not None:
        taken = taken.exclude(pk=page.pk)
    if taken.exists():
        raise ValidationError(
            {"slug": _("Another page already has the address /%(path)s/.") % {"path": path}},
            code="page_address_taken",
        )
    return path


def _ancestor_paths(path: str) -> list[str]:
    parts = path.split("/")
    return ["/".join(parts[:depth]) for depth in range(1, len(parts))]


@transaction.atomic
def page_save(*, page: Page, by: Any = None) -> Page:
    """Save `page` (new or changed) with the path its parent and slug give it, and move
    the pages under it along when that path changed. Raises ValidationError for a loop,
    a taken address or invalid fields; nothing is saved then."""
    old_path = ""
    if page.pk is not None:
        # Lock the page and, through its old path, everything under it.
        old_path = (
            Page.objects.select_for_update().filter(pk=page.pk).values_list("path", flat=True)
        ).first() or ""
    if page.parent_id is not None:
        parent = Page.objects.select_for_update().get(pk=page.parent_id)
        # The parent's ancestors are locked too: nobody moves them under `page` meanwhile.
        list(Page.objects.select_for_update().filter(path__in=_ancestor_paths(parent.path)))
        page.parent = parent
    page.path = page_place_check(page=page, parent=page.parent, slug=page.slug)
    if by is not None and getattr(by, "is_authenticated", False):
        page.updated_by = by
    page.full_clean()
    with acting_as(by):
        page.save()
        moved = bool(old_path) and old_path != page.path
        if moved:
            descendants = Page.objects.select_for_update().filter(path__startswith=old_path + "/")
            for descendant in descendants.order_by("path"):
                descendant.path = page.path + descendant.path[len(old_path) :]
                # One by one, not .update(): each keeps its change history and search entry.
                descendant.save(update_fields=["path", "updated_at"])
    pages_changed()
    if not moved:
        # A section published or hidden changes what is found under it (the pages moved
        # above were saved, which reindexed them).
        for descendant in Page.objects.filter(path__startswith=page.path + "/"):
            search_index_update(descendant)
    return page


@transaction.atomic
def page_delete(*, page: Page, by: Any = None) -> None:
    """Delete `page`; refused while pages are under it (move or delete those first)."""
    if Page.objects.filter(parent=page).exists():
        raise ValidationError(
            _("Pages are under this page: move or delete them first."), code="page_has_children"
        )
    with acting_as(by):
        page.delete()
    pages_changed()
