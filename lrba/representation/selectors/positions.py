"""Reads of positions: the public register (as the user may see it), the secretariat's
list, and the documents of a position a user may open."""

from typing import Any

from django.db.models import F, Q, QuerySet
from django.db.models.functions import ExtractYear

from lrba.core.db import Folded
from lrba.core.text import fold
from lrba.representation.access import may_read_positions, positions_visible_to
from lrba.representation.models import Position, PositionDocument


def position_register(
    user: Any, *, year: int | None = None, outcome: str = "", institution: str = ""
) -> QuerySet[Position]:
    """The positions `user` may see, newest sent first (adopted, not yet sent ones at
    the top), narrowed by the year (sent, or adopted when not sent), the outcome and
    words of the institution's name (with or without Lithuanian letters)."""
    positions = positions_visible_to(user)
    if year:
        positions = positions.filter(
            Q(sent_on__year=year) | Q(sent_on__isnull=True, adopted_on__year=year)
        )
    if outcome:
        positions = positions.filter(outcome="" if outcome == "pending" else outcome)
    words = fold(institution).split()[:5]
    if words:
        positions = positions.annotate(
            addressee_name_folded=Folded("addressee_name"), addressee_folded=Folded("addressee")
        )
        for word in words:
            positions = positions.filter(
                Q(addressee_name_folded__contains=word) | Q(addressee_folded__contains=word)
            )
    return positions.order_by(
        F("sent_on").desc(nulls_first=True), F("adopted_on").desc(nulls_last=True), "-pk"
    )


def position_register_years(user: Any) -> list[int]:
    """The years the register's filter offers: those with a sent or adopted position."""
    positions = positions_visible_to(user)
    years = set(
        positions.exclude(sent_on=None)
        .annotate(y=ExtractYear("sent_on"))
        .values_list("y", flat=True)
        .distinct()
    )
    years |= set(
        positions.filter(sent_on=None)
        .exclude(adopted_on=None)
        .annotate(y=ExtractYear("adopted_on"))
        .values_list("y", flat=True)
        .distinct()
    )
    return sorted(years, reverse=True)


def position_list_staff(*, status: str = "", text: str = "") -> QuerySet[Position]:
    """Every position for the secretariat, drafts first, then by the latest change."""
    positions = Position.objects.select_related("consultation")
    if status in Position.Status.values:
        positions = positions.filter(status=status)
    for word in text.split()[:5]:
        positions = positions.filter(
            Q(title__icontains=word) | Q(addressee_name__icontains=word) | Q(number__icontains=word)
        )
    return positions.order_by("-updated_at", "-pk")


def position_documents_for(user: Any, position: Position) -> QuerySet[PositionDocument]:
    """The documents of `position` `user` may open: the public ones, or all of them for
    the secretariat and the auditor. (Call after `access_position`.)"""
    documents = position.documents.all()
    if not may_read_positions(user):
        documents = documents.filter(public=True)
    return documents.order_by("uploaded_at", "pk")
