"""iCalendar (RFC 5545) for events: one event as an .ics file and subscribable feeds.

Times are written in UTC (`…Z`): every calendar program shows them in its own time
zone, and no VTIMEZONE block is needed. The feed names Europe/Vilnius as its zone
(X-WR-TIMEZONE) for programs that display the calendar's own zone.
"""

from collections.abc import Iterable
from datetime import UTC

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as VEvent

from lrba.core.urls import absolute_url
from lrba.events.models import Event

PRODID = "-//LRBA//Renginiai//LT"


def _calendar() -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    return calendar


def location(event: Event) -> str:
    parts = [event.venue_name, event.address]
    place = ", ".join(part for part in parts if part)
    if not place and event.municipality is not None:
        place = event.municipality.name
    return place or event.online_url


def _vevent(event: Event) -> VEvent:
    url = absolute_url(event.get_absolute_url())
    vevent = VEvent()
    vevent.add("uid", f"event-{event.pk}@lrba")
    vevent.add("dtstamp", timezone.now().astimezone(UTC))
    vevent.add("dtstart", event.starts_at.astimezone(UTC))
    vevent.add("dtend", event.ends_at.astimezone(UTC))
    vevent.add("last-modified", event.updated_at.astimezone(UTC))
    vevent.add("summary", event.title)
    place = location(event)
    if place:
        vevent.add("location", place)
    description = [event.summary] if event.summary else []
    if event.online_url:
        description.append(_("Online: %(url)s") % {"url": event.online_url})
    description.append(url)
    vevent.add("description", "\n\n".join(description))
    vevent.add("url", url)
    vevent.add("categories", [event.get_kind_display()])
    if event.status == Event.Status.CANCELLED:
        vevent.add("status", "CANCELLED")
    else:
        vevent.add("status", "CONFIRMED")
    return vevent


def event_ics(event: Event) -> bytes:
    calendar = _calendar()
    calendar.add_component(_vevent(event))
    return calendar.to_ical()


def events_feed_ics(events: Iterable[Event], name: str) -> bytes:
    calendar = _calendar()
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Vilnius")
    # Calendar programs poll a subscription; ask for every few hours at most.
    calendar.add("refresh-interval;value=duration", "PT6H")
    calendar.add("x-published-ttl", "PT6H")
    for event in events:
        calendar.add_component(_vevent(event))
    return calendar.to_ical()
