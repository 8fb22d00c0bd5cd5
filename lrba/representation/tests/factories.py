"""Factories for representation (one per model)."""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from lrba.representation import models


class ConsultationFactory(DjangoModelFactory):
    """An open consultation on a draft law, answered by member libraries, due in 14 days."""

    class Meta:
        model = models.Consultation

    kind = models.Consultation.Kind.CONSULTATION
    subject = models.Consultation.Subject.DRAFT_LAW
    title = factory.Sequence(lambda n: f"Bibliotekų įstatymo pakeitimo projektas {n}")
    slug = factory.Sequence(lambda n: f"konsultacija-{n}")
    institution = "Lietuvos Respublikos kultūros ministerija"
    summary = "Prašome įvertinti projekto nuostatas dėl savivaldybių bibliotekų finansavimo."
    status = models.Consultation.Status.OPEN
    opened_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    deadline = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))


class QuestionFactory(DjangoModelFactory):
    class Meta:
        model = models.Question

    consultation = factory.SubFactory(ConsultationFactory)
    position = factory.Sequence(lambda n: n)
    kind = models.Question.Kind.TEXT
    text = factory.Sequence(lambda n: f"Klausimas {n}: jūsų pastabos?")


class ChoiceFactory(DjangoModelFactory):
    class Meta:
        model = models.Choice

    question = factory.SubFactory(QuestionFactory, kind=models.Question.Kind.SINGLE)
    position = factory.Sequence(lambda n: n)
    text = factory.Sequence(lambda n: f"Variantas {n}")


class ResponseFactory(DjangoModelFactory):
    """A member library's response (no answers: add `AnswerFactory`s)."""

    class Meta:
        model = models.Response

    consultation = factory.SubFactory(ConsultationFactory)
    library = factory.SubFactory("lrba.members.tests.factories.LibraryFactory")


class AnswerFactory(DjangoModelFactory):
    class Meta:
        model = models.Answer
        skip_postgeneration_save = True

    response = factory.SubFactory(ResponseFactory)
    question = factory.SubFactory(QuestionFactory)
    text = "Pritariame su pastabomis."

    @factory.post_generation
    def choices(self, create: bool, extracted: list | None, **kwargs: object) -> None:
        if create and extracted:
            self.choices.set(extracted)


class PositionFactory(DjangoModelFactory):
    """A draft position to the Ministry of Culture."""

    class Meta:
        model = models.Position

    title = factory.Sequence(lambda n: f"Dėl bibliotekų finansavimo tvarkos {n}")
    slug = factory.Sequence(lambda n: f"pozicija-{n}")
    addressee = "Lietuvos Respublikos kultūros ministerijai"
    addressee_name = "Lietuvos Respublikos kultūros ministerija"
    body = "Asociacija siūlo numatyti aiškų dokumentų įsigijimo lėšų paskirstymo kriterijų."
    status = models.Position.Status.DRAFT


class PositionDocumentFactory(DjangoModelFactory):
    class Meta:
        model = models.PositionDocument

    position = factory.SubFactory(PositionFactory)
    title = "Ministerijos atsakymas"
    file = factory.django.FileField(filename="atsakymas.pdf", data=b"%PDF-1.4\n%%EOF\n")


class DelegationFactory(DjangoModelFactory):
    class Meta:
        model = models.Delegation

    body_name = factory.Sequence(lambda n: f"Kultūros ministerijos darbo grupė {n}")
    body_kind = models.Delegation.BodyKind.WORKING_GROUP
    convened_by = "Lietuvos Respublikos kultūros ministerija"
    person = factory.SubFactory("lrba.members.tests.factories.PersonFactory")
    role = "narė"
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=90))


class DelegateReportFactory(DjangoModelFactory):
    class Meta:
        model = models.DelegateReport

    delegation = factory.SubFactory(DelegationFactory)
    title = "Darbo grupės posėdis"
    text = "Aptarti bibliotekų finansavimo pakeitimai."
