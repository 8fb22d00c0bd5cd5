"""iCalendar (RFC 5545) for events: one event as an .ics file and subscribable feeds.

Times are written in UTC (`…Z`): every calendar program shows them in its own time
zone, and no VTIMEZONE block is needed. The feed names Europe/Vilnius as its zone
(X-WR-TIMEZONE) for programs that display the calendar's own zone.

An online event's join link is written only into a registrant's own file while they hold
a seat (`registration_ics`): the public file and feed never carry it. A waiting
registrant's file is TENTATIVE and says so in its title; every file of an event shares
one UID, so the file sent on promotion replaces the tentative entry.
"""

import datetime
from collections.abc import Iterable
from datetime import UTC

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as VEvent

from lrba.core.urls import absolute_url
from lrba.events.models import Event, MemberEvent, Registration

PRODID = "-//LRBA//Renginiai//LT"


def _calendar() -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    return calendar


def location(event: Event) -> str:
    """The venue, or "" for an online event (its join link is not a public place)."""
    parts = [event.venue_name, event.address]
    place = ", ".join(part for part in parts if part)
    if not place and event.municipality is not None:
        place = event.municipality.name
    return place


def join_url(registration: Registration) -> str:
    """The online event's join link, for a registrant who holds a seat; "" otherwise."""
    if (
        registration.status in Registration.SEATED_STATUSES
        and registration.event.status != Event.Status.CANCELLED
    ):
        return registration.event.online_url
    return ""


def _vevent(event: Event, *, registration: Registration | None = None) -> VEvent:
    url = absolute_url(event.get_absolute_url())
    vevent = VEvent()
    vevent.add("uid", f"event-{event.pk}@lrba")
    vevent.add("dtstamp", timezone.now().astimezone(UTC))
    vevent.add("dtstart", event.starts_at.astimezone(UTC))
    vevent.add("dtend", event.ends_at.astimezone(UTC))
    vevent.add("last-modified", event.updated_at.astimezone(UTC))
    waiting = registration is not None and registration.status == Registration.Status.WAITLISTED
    summary = event.title
    if waiting:
        # Outside the f-string: makemessages (xgettext) does not see a call inside one.
        note = _("(on the waiting list)")
        summary = f"{summary} {note}"
    vevent.add("summary", summary)
    place = location(event)
    if place:
        vevent.add("location", place)
    description = [event.summary] if event.summary else []
    online = join_url(registration) if registration is not None else ""
    if online:
        description.append(_("Online: %(url)s") % {"url": online})
    description.append(url)
    vevent.add("description", "\n\n".join(description))
    vevent.add("url", url)
    vevent.add("categories", [event.get_kind_display()])
    if event.status == Event.Status.CANCELLED or (
        registration is not None and registration.status == Registration.Status.CANCELLED
    ):
        vevent.add("status", "CANCELLED")
    elif waiting:
        vevent.add("status", "TENTATIVE")
    else:
        vevent.add("status", "CONFIRMED")
    return vevent


def event_ics(event: Event) -> bytes:
    calendar = _calendar()
    calendar.add_component(_vevent(event))
    return calendar.to_ical()


def registration_ics(registration: Registration) -> bytes:
    """The registrant's own file, in their language: tentative while waiting, with the
    join link once seated."""
    calendar = _calendar()
    with translation.override(registration.language):
        calendar.add_component(_vevent(registration.event, registration=registration))
    return calendar.to_ical()


def _feed_calendar(name: str) -> Calendar:
    """An empty subscribable calendar named `name`."""
    calendar = _calendar()
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Vilnius")
    # Calendar programs poll a subscription; ask for every few hours at most.
    calendar.add("refresh-interval;value=duration", "PT6H")
    calendar.add("x-published-ttl", "PT6H")
    return calendar


def events_feed_ics(events: Iterable[Event], name: str) -> bytes:
    calendar = _feed_calendar(name)
    for event in events:
        calendar.add_component(_vevent(event))
    return calendar.to_ical()


# The members' shared calendar: member libraries' own events.


def _member_vevent(event: MemberEvent) -> VEvent:
    url = absolute_url(reverse("events:member_event_detail", args=[event.pk]))
    vevent = VEvent()
    vevent.add("uid", f"member-event-{event.pk}@lrba")
    vevent.add("dtstamp", timezone.now().astimezone(UTC))
    if event.all_day:
        # DTEND of a date is exclusive: the day after the last one. An imported all-day
        # event ends at midnight after its last day already; a typed one ends some time
        # on its last day.
        start = timezone.localtime(event.starts_at).date()
        local_end = timezone.localtime(event.ends_at)
        end = local_end.date()
        if local_end.time() != datetime.time(0, 0):
            end += datetime.timedelta(days=1)
        vevent.add("dtstart", start)
        vevent.add("dtend", max(end, start + datetime.timedelta(days=1)))
    else:
        vevent.add("dtstart", event.starts_at.astimezone(UTC))
        vevent.add("dtend", event.ends_at.astimezone(UTC))
    vevent.add("last-modified", event.updated_at.astimezone(UTC))
    vevent.add("summary", event.title)
    place = ", ".join(part for part in (event.library.name, event.venue) if part)
    vevent.add("location", place)
    description = [event.description] if event.description else []
    if event.url:
        description.append(event.url)
    description.append(url)
    vevent.add("description", "\n\n".join(description))
    vevent.add("url", url)
    vevent.add("categories", [event.get_kind_display()])
    cancelled = event.status == MemberEvent.Status.CANCELLED
    vevent.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return vevent


def member_events_feed_ics(events: Iterable[MemberEvent], name: str) -> bytes:
    """A subscribable calendar of member libraries' events (`select_related("library")`)."""
    calendar = _feed_calendar(name)
    for event in events:
        calendar.add_component(_member_vevent(event))
    return calendar.to_ical()
