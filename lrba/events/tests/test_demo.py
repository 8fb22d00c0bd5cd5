import io

import pytest
from django.core.management import call_command
from django.db.models import Count, Q
from django.utils import timezone

from lrba.events.models import Event, Feedback, Registration, Session

pytestmark = pytest.mark.django_db

MODELS = [Event, Session, Event.partner_libraries.through, Registration, Feedback]


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_a_year_of_events_of_every_kind_is_loaded(demo_loaded):
    assert 35 <= Event.objects.count() <= 45
    assert set(Event.objects.values_list("kind", flat=True)) == set(Event.Kind.values)
    assert Event.objects.filter(municipality__isnull=True).exclude(online_url="").exists()
    assert Session.objects.exclude(speakers="").count() == Session.objects.count()


def test_a_second_run_creates_no_event_rows(demo_loaded):
    before = counts()
    call_command("demo_data", "--people", "600", stdout=io.StringIO())
    assert counts() == before


def test_seats_are_never_overbooked_and_only_full_events_have_a_waiting_list(demo_loaded):
    events = Event.objects.annotate(
        seated=Count(
            "registrations", filter=Q(registrations__status__in=["confirmed", "attended"])
        ),
        waiting=Count("registrations", filter=Q(registrations__status="waitlisted")),
    )
    for event in events:
        if event.capacity is not None:
            assert event.seated <= event.capacity
        if event.waiting:
            assert event.seated == event.capacity
    assert any(event.waiting for event in events)


def test_only_events_that_are_over_have_attendance_and_feedback(demo_loaded):
    attended = Registration.objects.filter(status=Registration.Status.ATTENDED)
    assert attended.exists()
    assert not attended.filter(event__status=Event.Status.CANCELLED).exists()
    assert not attended.filter(event__ends_at__gt=timezone.now()).exists()
    assert Feedback.objects.exclude(registration__status=Registration.Status.ATTENDED).count() == 0
    assert 0.3 < Feedback.objects.count() / attended.count() < 0.5


def test_one_event_is_cancelled_with_a_reason(demo_loaded):
    cancelled = Event.objects.get(status=Event.Status.CANCELLED)
    assert cancelled.cancelled_reason


def test_members_of_the_public_registered_for_public_events_only(demo_loaded):
    public = Registration.objects.filter(person__isnull=True)
    assert public.exists()
    assert not public.filter(event__audience=Event.Audience.MEMBERS).exists()
