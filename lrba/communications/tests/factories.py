"""Factories for the communications app (one per model), and a helper that makes a
person who receives newsletters."""

from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from lrba.accounts.tests.factories import ConsentRecordFactory
from lrba.communications.models import Delivery, Message, Suppression
from lrba.members import models as members
from lrba.members.tests.factories import EmploymentFactory, PersonFactory


class MessageFactory(DjangoModelFactory):
    """A draft newsletter to all members, in Lithuanian and English."""

    class Meta:
        model = Message

    kind = Message.Kind.NEWSLETTER
    subject = factory.Sequence(lambda n: f"Naujienlaiškis Nr. {n}")
    subject_en = factory.Sequence(lambda n: f"Newsletter No. {n}")
    body = "<p>Regionų bibliotekose – <strong>naujos</strong> paslaugos.</p>"
    body_en = "<p>New services in the <strong>regional</strong> libraries.</p>"
    segment = Message.Segment.ALL_MEMBERS


class AnnouncementFactory(MessageFactory):
    kind = Message.Kind.ANNOUNCEMENT
    subject = factory.Sequence(lambda n: f"Pranešimas Nr. {n}")
    subject_en = ""
    body = "<p>Sekretoriatas nedirbs penktadienį.</p>"
    body_en = ""


class SentMessageFactory(MessageFactory):
    status = Message.Status.SENT
    started_at = factory.LazyFunction(timezone.now)
    finished_at = factory.SelfAttribute("started_at")


class DeliveryFactory(DjangoModelFactory):
    class Meta:
        model = Delivery

    message = factory.SubFactory(SentMessageFactory)
    email = factory.Sequence(lambda n: f"gavejas{n}@example.lt")
    status = Delivery.Status.SENT


class SuppressionFactory(DjangoModelFactory):
    class Meta:
        model = Suppression

    email = factory.Sequence(lambda n: f"grizta{n}@example.lt")
    reason = Suppression.Reason.BOUNCED


def subscriber(library: members.Library | None = None, **person: Any) -> members.Person:
    """A person working at `library` (when given) whose newsletter consent is in force."""
    someone = PersonFactory(**person)
    if library is not None:
        EmploymentFactory(person=someone, library=library)
    ConsentRecordFactory(person=someone)
    return someone
