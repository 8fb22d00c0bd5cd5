"""Factories for the events app (one per model)."""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from lrba.events import models
from lrba.members.tests.factories import municipality


def _in_days(days: int, hour: int = 10) -> datetime.datetime:
    """A time `days` from today at `hour` o'clock in Vilnius."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class EventFactory(DjangoModelFactory):
    """A published public seminar a month from now, 50 seats, registration open now."""

    class Meta:
        model = models.Event
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Regionų bibliotekų seminaras {n}")
    slug = factory.Sequence(lambda n: f"seminaras-{n}")
    kind = models.Event.Kind.SEMINAR
    audience = models.Event.Audience.PUBLIC
    status = models.Event.Status.PUBLISHED
    summary = "Apie skaitmenines paslaugas regionuose."
    venue_name = "Šiaulių apskrities Povilo Višinskio viešoji biblioteka"
    address = "Aušros al. 62, Šiauliai"
    municipality = factory.LazyFunction(municipality)
    starts_at = factory.LazyFunction(lambda: _in_days(30))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=6))
    capacity = 50
    registration_opens_at = factory.LazyFunction(
        lambda: timezone.now() - datetime.timedelta(days=1)
    )
    registration_closes_at = factory.LazyAttribute(
        lambda o: o.starts_at - datetime.timedelta(days=1)
    )
    cancellation_deadline = factory.LazyAttribute(
        lambda o: o.starts_at - datetime.timedelta(days=2)
    )

    @factory.post_generation
    def partner_libraries(self, create: bool, extracted: list | None, **kwargs: object) -> None:
        if create and extracted:
            self.partner_libraries.add(*extracted)


class SessionFactory(DjangoModelFactory):
    class Meta:
        model = models.Session

    event = factory.SubFactory(EventFactory)
    starts_at = factory.LazyAttribute(lambda o: o.event.starts_at)
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=1))
    title = factory.Sequence(lambda n: f"Pranešimas {n}")
    speakers = "Dr. Aušra Žemaitienė"


class AttachmentFactory(DjangoModelFactory):
    class Meta:
        model = models.Attachment

    event = factory.SubFactory(EventFactory)
    title = "Programa"
    file = factory.django.FileField(filename="programa.pdf", data=b"%PDF-1.4 test")


class RegistrationFactory(DjangoModelFactory):
    """A confirmed registration of a member of the public (no Person)."""

    class Meta:
        model = models.Registration

    event = factory.SubFactory(EventFactory)
    first_name = factory.Faker("first_name", locale="lt_LT")
    last_name = factory.Faker("last_name", locale="lt_LT")
    email = factory.Sequence(lambda n: f"dalyvis{n}@example.lt")
    status = models.Registration.Status.CONFIRMED
    language = "lt"


class MemberEventFactory(DjangoModelFactory):
    """A published reading at a member library in Šiauliai, a fortnight from now."""

    class Meta:
        model = models.MemberEvent

    library = factory.SubFactory("lrba.members.tests.factories.LibraryFactory")
    title = factory.Sequence(lambda n: f"Susitikimas su rašytoju {n}")
    kind = models.MemberEvent.Kind.READING
    description = "Pokalbis apie naują knygą."
    starts_at = factory.LazyFunction(lambda: _in_days(14, hour=17))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    venue = "Skaitykla"
    municipality = factory.LazyAttribute(lambda o: o.library.municipality)
    status = models.MemberEvent.Status.PUBLISHED


class MemberCalendarSourceFactory(DjangoModelFactory):
    class Meta:
        model = models.MemberCalendarSource

    library = factory.SubFactory("lrba.members.tests.factories.LibraryFactory")
    url = factory.Sequence(lambda n: f"http://127.0.0.1:8000/kalendorius-{n}.ics")
