"""The demo year of events is consistent: nobody registered before registration opened
(so no event is full before it opens), and no address says its year twice."""

import re

import pytest
from django.db.models import Count, F, Q
from django.utils import timezone

from lrba.events.demo import event_slug
from lrba.events.models import Event, Registration

pytestmark = pytest.mark.django_db


def test_no_demo_event_is_full_before_its_registration_opens(demo_loaded):
    now = timezone.now()
    not_open = Event.objects.filter(registration_opens_at__gt=now).annotate(
        seated=Count("registrations", filter=Q(registrations__status__in=["confirmed"])),
        waiting=Count("registrations", filter=Q(registrations__status="waitlisted")),
    )
    assert not_open.exists()  # the demo has events further ahead than the window
    for event in not_open:
        assert (event.seated, event.waiting) == (0, 0), event.slug
        assert event.capacity is None or event.seated < event.capacity, event.slug


def test_no_demo_registration_is_dated_before_the_registration_opened_or_in_the_future(
    demo_loaded,
):
    now = timezone.now()
    registrations = Registration.objects.filter(event__registration_opens_at__isnull=False)
    assert not registrations.filter(created_at__lt=F("event__registration_opens_at")).exists()
    assert not registrations.filter(created_at__gt=now).exists()
    assert not registrations.filter(cancelled_at__gt=now).exists()


def test_no_demo_event_address_has_its_year_twice(demo_loaded):
    doubled = re.compile(r"(?:^|-)(\d{4})-\1(?:-|$)")
    slugs = list(Event.objects.values_list("slug", flat=True))
    assert slugs
    assert [slug for slug in slugs if doubled.search(slug)] == []


@pytest.mark.parametrize(
    ("day", "title", "slug"),
    [
        ("2026-12-03", "Metų apžvalga: pasiekimai 2026", "metu-apzvalga-pasiekimai-2026-12"),
        ("2026-11-12", "Planavimas 2027 metams", "planavimas-2027-metams-2026-11"),
        ("2026-05-07", "Projektų rengimas", "projektu-rengimas-2026-05"),
    ],
)
def test_an_event_slug_says_the_year_once(day, title, slug):
    assert event_slug(day, title) == slug
