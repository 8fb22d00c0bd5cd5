"""Factories for the training app (one per model)."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from lrba.events.tests.factories import EventFactory, RegistrationFactory
from lrba.members.tests.factories import PersonFactory
from lrba.training import models


def past_event(days_ago: int = 10, **kwargs):
    """A one-day seminar that is over."""
    starts = timezone.now() - datetime.timedelta(days=days_ago)
    return EventFactory(
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=7),
        registration_opens_at=None,
        registration_closes_at=None,
        cancellation_deadline=None,
        **kwargs,
    )


class ProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = models.Programme

    title = factory.Sequence(lambda n: f"Skaitmeninis raštingumas bibliotekoje {n}")
    code = factory.Sequence(lambda n: f"programa-{n}")
    hours = Decimal("8")
    topics = "Elektroninės paslaugos\nDuomenų apsauga"
    target_audience = "Viešųjų bibliotekų darbuotojai"


class ProgrammeRunFactory(DjangoModelFactory):
    class Meta:
        model = models.ProgrammeRun

    programme = factory.SubFactory(ProgrammeFactory)
    event = factory.LazyFunction(past_event)


def attended(run: models.ProgrammeRun, count: int = 1, **kwargs):
    """`count` registrations of people (with a Person) marked present at `run`."""
    return [
        RegistrationFactory(event=run.event, person=PersonFactory(), status="attended", **kwargs)
        for _ in range(count)
    ]


class CertificateFactory(DjangoModelFactory):
    class Meta:
        model = models.Certificate

    number = factory.Sequence(lambda n: f"TEST-2026-{n + 1:04d}")
    person = factory.SubFactory(PersonFactory)
    full_name = factory.LazyAttribute(lambda o: o.person.full_name)
    programme = factory.SubFactory(ProgrammeFactory)
    event = factory.LazyFunction(past_event)
    registration = factory.LazyAttribute(
        lambda o: RegistrationFactory(event=o.event, person=o.person, status="attended")
    )
    hours = Decimal("8")
    issued_on = factory.LazyFunction(timezone.localdate)


class TrainingRecordFactory(DjangoModelFactory):
    """Approved external training finished last week."""

    class Meta:
        model = models.TrainingRecord

    person = factory.SubFactory(PersonFactory)
    source = models.TrainingRecord.Source.EXTERNAL
    status = models.TrainingRecord.Status.APPROVED
    title = "Vaikų skaitymo skatinimas"
    provider = "Lietuvos nacionalinė Martyno Mažvydo biblioteka"
    completed_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=7))
    hours = Decimal("6")


class YearlyTargetFactory(DjangoModelFactory):
    class Meta:
        model = models.YearlyTarget

    year = factory.LazyFunction(lambda: timezone.localdate().year)
    hours = Decimal("40")
