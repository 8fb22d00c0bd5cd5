import datetime

import icalendar
import pytest
from django.utils import timezone

from lrba.events import ical
from lrba.events.models import Event
from lrba.events.tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_event_ics_is_one_vevent_with_place_and_link():
    event = EventFactory(title="Seminaras", online_url="https://meet.example.lt/x")
    calendar = icalendar.Calendar.from_ical(ical.event_ics(event))
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["summary"]) == "Seminaras"
    assert vevent.decoded("dtstart") == event.starts_at
    assert "Aušros al. 62" in str(vevent["location"])
    assert str(vevent["url"]).endswith(f"/renginiai/{event.slug}/")
    assert str(vevent["status"]) == "CONFIRMED"


def test_a_cancelled_event_is_cancelled_in_the_calendar():
    event = EventFactory(status=Event.Status.CANCELLED)
    (vevent,) = icalendar.Calendar.from_ical(ical.event_ics(event)).walk("VEVENT")
    assert str(vevent["status"]) == "CANCELLED"


def test_the_feed_has_a_name_a_time_zone_and_the_events(client):
    EventFactory(kind="webinar", title="Vebinaras")
    EventFactory(kind="seminar")
    old = timezone.now() - datetime.timedelta(days=200)
    EventFactory(
        kind="webinar",
        starts_at=old,
        ends_at=old,
        registration_opens_at=None,
        registration_closes_at=None,
        cancellation_deadline=None,
    )
    response = client.get("/renginiai/kalendorius.ics?kind=webinar&county=nera")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["x-wr-timezone"]) == "Europe/Vilnius"
    assert str(calendar["x-wr-calname"])
    assert [str(v["summary"]) for v in calendar.walk("VEVENT")] == ["Vebinaras"]


def test_one_event_s_ics_is_downloadable(client):
    event = EventFactory()
    response = client.get(f"/renginiai/{event.slug}/kalendorius.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert client.get("/renginiai/nera/kalendorius.ics").status_code == 404
