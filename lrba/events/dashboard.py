"""The events' panels on the back office's home (lrba.core.dashboard): this week's events
and how full they are, and past events whose attendance nobody has recorded."""

import datetime

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from lrba.core.dashboard import Panel, PanelSource, changelist_url, listing_panel
from lrba.events.models import Event, Registration
from lrba.events.selectors.events import with_counts
from lrba.events.selectors.member_calendar import pending_member_events

# The events listed as "this week": those starting from today on, for seven days.
WEEK_DAYS = 7


def week_bounds(now: datetime.datetime) -> tuple[datetime.datetime, datetime.datetime]:
    """From the start of today (Vilnius time) to the same time seven days later."""
    start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return start, start + datetime.timedelta(days=WEEK_DAYS)


def event_list_this_week(*, now: datetime.datetime) -> QuerySet[Event]:
    """Published events starting this week, with `seats_taken` and `waitlist_count`."""
    start, end = week_bounds(now)
    return with_counts(
        Event.objects.filter(
            status=Event.Status.PUBLISHED, starts_at__gte=start, starts_at__lt=end
        ).order_by("starts_at", "pk")
    )


def event_list_attendance_due(*, now: datetime.datetime) -> QuerySet[Event]:
    """Published events that have ended with people confirmed but nobody marked as
    attended: the attendance (and so any certificates) is still to be recorded."""
    return (
        Event.objects.filter(status=Event.Status.PUBLISHED, ends_at__lt=now)
        .annotate(
            confirmed=Count(
                "registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)
            ),
            attended=Count(
                "registrations", filter=Q(registrations__status=Registration.Status.ATTENDED)
            ),
        )
        .filter(confirmed__gt=0, attended=0)
        .order_by("-ends_at", "-pk")
    )


def fill_note(event: Event) -> str:
    """ "35 / 40 confirmed, 3 waiting" (the seats taken count those already checked in)."""
    taken = event.seats_taken  # type: ignore[attr-defined]
    if event.capacity is None:
        note = gettext("%(taken)d confirmed, no limit") % {"taken": taken}
    else:
        note = gettext("%(taken)d / %(capacity)d confirmed") % {
            "taken": taken,
            "capacity": event.capacity,
        }
    waiting = event.waitlist_count  # type: ignore[attr-defined]
    if waiting:
        note += ", " + ngettext(
            "%(count)d on the waiting list", "%(count)d on the waiting list", waiting
        ) % {"count": waiting}
    return note


def _starts(event: Event) -> str:
    return date_format(timezone.localtime(event.starts_at), "SHORT_DATETIME_FORMAT")


def _attendance_note(event: Event) -> str:
    return gettext("ended %(date)s, %(count)d confirmed") % {
        "date": date_format(timezone.localtime(event.ends_at), "SHORT_DATE_FORMAT"),
        "count": event.confirmed,  # type: ignore[attr-defined]
    }


def week_panel(*, now: datetime.datetime) -> Panel:
    start, end = week_bounds(now)
    return listing_panel(
        event_list_this_week(now=now),
        text=lambda event: event.title,
        note=lambda event: f"{_starts(event)} · {fill_note(event)}",
        title=gettext("Events this week"),
        icon="event",
        link=changelist_url(
            Event,
            status__exact=Event.Status.PUBLISHED,
            starts_at__gte=start,
            starts_at__lt=end,
        ),
        link_text=gettext("All events this week"),
        empty=gettext("No event starts this week."),
    )


def attendance_panel(*, now: datetime.datetime) -> Panel:
    return listing_panel(
        event_list_attendance_due(now=now),
        text=lambda event: event.title,
        note=_attendance_note,
        rows_overdue=True,
        title=gettext("Attendance to record"),
        icon="fact_check",
        link=changelist_url(Event, attention="attendance"),
        link_text=gettext("All events without attendance"),
        empty=gettext("Attendance is recorded for every past event."),
    )


def member_events_panel(*, now: datetime.datetime) -> Panel:
    """Libraries' events waiting for the secretariat's approval (a moderated calendar)."""
    return listing_panel(
        pending_member_events(),
        text=lambda event: event.title,
        note=lambda event: f"{_starts(event)} · {event.library.name}",
        title=gettext("Library events waiting for approval"),
        icon="event_note",
        link=reverse("events:member_event_moderation"),
        link_text=gettext("Approve or refuse them"),
        empty=gettext("No library event is waiting for approval."),
    )


PANELS = (
    PanelSource(permission="events.view_event", build=week_panel, order=40),
    PanelSource(permission="events.view_registration", build=attendance_panel, order=50),
    PanelSource(permission="events.view_memberevent", build=member_events_panel, order=55),
)
