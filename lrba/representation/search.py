"""Positions in the site search (lrba.core.search): the positions the register shows —
adopted, sent or answered — found by everyone when public, by members when members-only
(as `lrba.representation.access.positions_visible_to` decides); a draft is never found.
"""

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lrba.core.models import Audience
from lrba.core.search import SearchDocument, SearchSource
from lrba.representation.access import PUBLISHED_STATUSES
from lrba.representation.models import Position


def position_document(position: Position) -> SearchDocument | None:
    if position.status not in PUBLISHED_STATUSES:
        return None
    body = " ".join(
        part
        for part in (
            position.addressee_name,
            position.addressee,
            position.number,
            position.body,
            position.reply_summary,
        )
        if part
    )
    on = position.sent_on or position.adopted_on
    return SearchDocument(
        title=position.title,
        url=_position_url(position),
        summary=position.summary,
        body=body,
        audience=Audience.PUBLIC
        if position.visibility == Position.Visibility.PUBLIC
        else Audience.MEMBERS,
        date=on,
    )


def _position_url(position: Position) -> str:
    from django.urls import reverse

    return reverse("representation:position_detail", args=[position.slug])


def position_queryset() -> QuerySet[Position]:
    return Position.objects.filter(status__in=PUBLISHED_STATUSES)


SOURCES = (
    SearchSource(
        kind="position",
        label=_("Positions"),
        model=Position,
        document=position_document,
        queryset=position_queryset,
        order=80,
    ),
)
