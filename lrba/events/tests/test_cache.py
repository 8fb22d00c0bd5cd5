"""The cached event pages: narrow counters, live seat figures, never a stale page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lrba.core.cache import content_version
from lrba.events.cache import EVENTS, event_namespace
from lrba.events.models import Registration
from lrba.events.services.attendance import registration_check_in
from lrba.events.services.registration import registration_create
from lrba.events.tests.factories import EventFactory, RegistrationFactory, SessionFactory
from lrba.events.views import public

pytestmark = pytest.mark.django_db


@pytest.fixture
def renders(monkeypatch):
    """The slugs of the event pages rendered afresh (cache misses), in order."""
    rendered: list[str] = []
    original = public._event_page

    def counting(slug, *args):
        rendered.append(slug)
        return original(slug, *args)

    monkeypatch.setattr(public, "_event_page", counting)
    return rendered


def _register(event, n: int) -> Registration:
    return registration_create(
        event=event,
        first_name="Ona",
        last_name=f"Dalyvė {n}",
        email=f"ona{n}@example.lt",
        language="lt",
    )


def test_a_registration_for_one_event_leaves_another_events_cached_page_alone(client, renders):
    first, second = EventFactory(capacity=10), EventFactory(capacity=10)
    client.get(first.get_absolute_url())
    client.get(second.get_absolute_url())

    _register(first, 1)
    client.get(second.get_absolute_url())

    assert renders == [first.slug, second.slug]


def test_a_registration_bumps_no_counter(client):
    event = EventFactory(capacity=10)
    before = (content_version(EVENTS), content_version(event_namespace(event.pk)))

    _register(event, 1)

    assert (content_version(EVENTS), content_version(event_namespace(event.pk))) == before


def test_the_seat_figures_are_never_stale(client):
    event = EventFactory(capacity=2)
    assert public.event_page(event.slug)["seats_left"] == 2
    assert "0 of 2" in client.get(event.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").text

    registration = _register(event, 1)
    assert public.event_page(event.slug)["seats_left"] == 1
    assert "1 of 2" in client.get(event.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").text

    registration.status = Registration.Status.CANCELLED
    registration.save()  # back to the figures of a page cached before: rendered for them
    assert public.event_page(event.slug)["seats_left"] == 2
    assert "0 of 2" in client.get(event.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").text


def test_the_list_shows_a_new_registration_at_once(client):
    event = EventFactory(capacity=2, title="Skaitmeninės paslaugos")
    assert "2 seats left" in client.get("/renginiai/", HTTP_ACCEPT_LANGUAGE="en").text

    _register(event, 1)
    assert "1 seat left" in client.get("/renginiai/", HTTP_ACCEPT_LANGUAGE="en").text
    _register(event, 2)
    assert "badge--full" in client.get("/renginiai/", HTTP_ACCEPT_LANGUAGE="en").text


def test_a_check_in_does_not_render_the_page_again(client, renders, staff_user):
    event = EventFactory(capacity=10)
    registration = RegistrationFactory(event=event)
    client.get(event.get_absolute_url())

    registration_check_in(registration=registration, event=event, by=staff_user)
    client.get(event.get_absolute_url())

    assert renders == [event.slug]  # attended still takes a seat: the figures are the same


def test_a_programme_change_shows_on_that_events_page_only(client, renders):
    event, other = EventFactory(), EventFactory()
    client.get(event.get_absolute_url())
    client.get(other.get_absolute_url())
    list_version = content_version(EVENTS)

    SessionFactory(event=event, title="Naujas pranešimas")

    assert "Naujas pranešimas" in client.get(event.get_absolute_url()).text
    client.get(other.get_absolute_url())
    assert renders == [event.slug, other.slug, event.slug]
    assert content_version(EVENTS) == list_version  # the list shows no programme


def test_an_edited_title_shows_in_the_list_and_on_the_page_at_once(client):
    event = EventFactory(title="Senas pavadinimas")
    client.get("/renginiai/")
    client.get(event.get_absolute_url())

    event.title = "Naujas pavadinimas"
    event.save()

    assert "Naujas pavadinimas" in client.get("/renginiai/").text
    assert "Naujas pavadinimas" in client.get(event.get_absolute_url()).text


def test_a_cached_event_page_costs_one_query(client):
    event = EventFactory()
    RegistrationFactory(event=event)
    client.get(event.get_absolute_url())

    with CaptureQueriesContext(connection) as queries:
        client.get(event.get_absolute_url())

    # The event's id, its counters and seat figures; the rest would be the visitor's own
    # registration box (an anonymous visitor has none).
    assert len(queries) == 1
