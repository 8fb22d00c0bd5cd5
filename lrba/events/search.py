"""Events in the site search (lrba.core.search): the events whose page anyone may open —
published ones and cancelled ones (their page says so), as `events:event_detail` shows
them. Members-only events are public pages too (only registering is for members), so
every listed event is found by everyone; a draft is never found.
"""

from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lrba.core.models import Audience
from lrba.core.search import SearchDocument, SearchSource
from lrba.events.models import Event

VISIBLE = (Event.Status.PUBLISHED, Event.Status.CANCELLED)


def _summary(event: Event) -> str:
    """The event's own summary, with "Cancelled" in front when it was, in the active
    language."""
    if event.status == Event.Status.CANCELLED:
        return " ".join(part for part in (gettext("Cancelled."), event.summary) if part)
    return event.summary


def event_document(event: Event) -> SearchDocument | None:
    if event.status not in VISIBLE:
        return None
    with translation.override("lt"):
        summary = _summary(event)
        kind = event.get_kind_display()
    with translation.override("en"):
        summary_en = _summary(event) if event.status == Event.Status.CANCELLED else ""
    municipality = event.municipality
    body = " ".join(
        part
        for part in (
            kind,
            event.description,
            event.venue_name,
            event.address,
            municipality.name if municipality else "",
            municipality.county.name if municipality else "",
        )
        if part
    )
    return SearchDocument(
        title=event.title,
        url=event.get_absolute_url(),
        summary=summary,
        summary_en=summary_en,
        body=body,
        audience=Audience.PUBLIC,
        date=timezone.localdate(event.starts_at),
    )


def event_queryset() -> QuerySet[Event]:
    return Event.objects.filter(status__in=VISIBLE).select_related("municipality__county")


SOURCES = (
    SearchSource(
        kind="event",
        label=_("Events"),
        model=Event,
        document=event_document,
        queryset=event_queryset,
        order=50,
    ),
)
