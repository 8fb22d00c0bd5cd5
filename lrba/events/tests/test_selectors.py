import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lrba.events.models import Event
from lrba.events.selectors import events as event_selectors
from lrba.events.selectors import registrations as registration_selectors
from lrba.events.tests.factories import EventFactory, RegistrationFactory, SessionFactory
from lrba.members.tests.factories import LibraryFactory, municipality

pytestmark = pytest.mark.django_db


def past_event(days_ago: int, **kwargs):
    starts = timezone.now() - datetime.timedelta(days=days_ago)
    return EventFactory(
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        registration_opens_at=None,
        registration_closes_at=None,
        cancellation_deadline=None,
        **kwargs,
    )


def test_event_list_shows_upcoming_published_events_soonest_first():
    later = EventFactory(starts_at=timezone.now() + datetime.timedelta(days=40))
    sooner = EventFactory(starts_at=timezone.now() + datetime.timedelta(days=5))
    EventFactory(status=Event.Status.DRAFT)
    past_event(3)
    assert list(event_selectors.event_list()) == [sooner, later]


def test_the_archive_shows_ended_events_latest_first():
    older, newer = past_event(30), past_event(3)
    EventFactory()
    assert list(event_selectors.event_list(past=True)) == [newer, older]


def test_event_list_filters_by_kind_county_and_month():
    webinar = EventFactory(kind=Event.Kind.WEBINAR)
    kaunas = EventFactory(municipality=municipality("kauno-miesto"))
    assert list(event_selectors.event_list(kind="webinar")) == [webinar]
    county = kaunas.municipality.county.code
    assert list(event_selectors.event_list(county=county)) == [kaunas]
    month = webinar.starts_at.astimezone(timezone.get_current_timezone()).strftime("%Y-%m")
    assert list(event_selectors.event_list(month=month)) == [webinar, kaunas]
    assert list(event_selectors.event_list(month="2001-01")) == []
    assert len(event_selectors.event_list(month="not-a-month")) == 2


def test_event_list_counts_seats_and_the_waiting_list():
    event = EventFactory(capacity=2)
    RegistrationFactory.create_batch(2, event=event)
    RegistrationFactory(event=event, status="waitlisted")
    RegistrationFactory(event=event, status="cancelled")
    (listed,) = event_selectors.event_list()
    assert (listed.seats_taken, listed.waitlist_count, listed.seats_left) == (2, 1, 0)


def test_event_list_runs_the_same_queries_for_2_and_20_events():
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            for event in event_selectors.event_list():
                str(event.municipality.county), str(event.organiser), event.seats_taken
        return len(captured)

    library = LibraryFactory()
    for _ in range(2):
        RegistrationFactory(event=EventFactory(organiser=library))
    few = queries()
    for _ in range(18):
        RegistrationFactory(event=EventFactory(organiser=library))
    assert queries() == few == 1


def test_event_detail_has_programme_partners_and_counts():
    partner = LibraryFactory(name="Žagarės biblioteka")
    event = EventFactory.create(
        partner_libraries=[partner, LibraryFactory(name="Akmenės biblioteka")]
    )
    SessionFactory(
        event=event, title="Antras", starts_at=event.starts_at + datetime.timedelta(hours=1)
    )
    SessionFactory(event=event, title="Pirmas")
    RegistrationFactory(event=event)
    detail = event_selectors.event_detail(event.slug)
    assert detail is not None
    assert [s.title for s in detail.sessions] == ["Pirmas", "Antras"]
    assert [p.name for p in detail.partners] == ["Akmenės biblioteka", "Žagarės biblioteka"]
    assert detail.seats_left == 49
    assert event_selectors.event_detail("nera") is None
    assert event_selectors.event_detail(EventFactory(status="draft").slug) is None


def test_registration_for_token_and_waitlist_position():
    event = EventFactory(capacity=0)
    first = RegistrationFactory(event=event, status="waitlisted")
    second = RegistrationFactory(event=event, status="waitlisted")
    assert registration_selectors.registration_for_token(second.token) == second
    assert registration_selectors.registration_for_token("x" * 100) is None
    assert registration_selectors.waitlist_position(first) == 1
    assert registration_selectors.waitlist_position(second) == 2
