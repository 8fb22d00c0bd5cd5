"""Factories for good practice, the help desk and onboarding (one per model)."""

import datetime
import secrets

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from factory.django import DjangoModelFactory

from lrba.knowledge import models
from lrba.members.tests.factories import LibraryFactory, PersonFactory, UserFactory
from lrba.website.tests.factories import _renditions_drawn, png_file


class TopicFactory(DjangoModelFactory):
    class Meta:
        model = models.Topic
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Vaikų skaitymas {n}")
    slug = factory.Sequence(lambda n: f"vaiku-skaitymas-{n}")


class TopicConsultantFactory(DjangoModelFactory):
    class Meta:
        model = models.TopicConsultant

    topic = factory.SubFactory(TopicFactory)
    person = factory.SubFactory(PersonFactory)


class PracticeArticleFactory(DjangoModelFactory):
    """A published public article of a library (the county follows the library's)."""

    class Meta:
        model = models.PracticeArticle

    title = factory.Sequence(lambda n: f"Skaitymo skatinimas bibliotekose {n}")
    slug = factory.Sequence(lambda n: f"gera-patirtis-{n}")
    summary = "Kaip kaimo bibliotekos pritraukia jaunus skaitytojus."
    body = "<p>Mūsų bibliotekų patirtis rodo, kad skaitymo klubai veikia.</p>"
    library = factory.SubFactory(LibraryFactory)
    county = factory.LazyAttribute(lambda o: o.library.municipality.county)
    topic = factory.SubFactory(TopicFactory)
    author_name = "Rasa Petrauskienė"
    status = models.PracticeArticle.Status.PUBLISHED
    audience = models.PracticeArticle.Audience.PUBLIC
    submitted_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=3))
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))


class PracticeImageFactory(DjangoModelFactory):
    class Meta:
        skip_postgeneration_save = True
        model = models.PracticeImage

    article = factory.SubFactory(PracticeArticleFactory)
    image = factory.LazyFunction(png_file)
    alt_text = "Vaikai skaito bibliotekoje"
    draw_renditions = factory.PostGeneration(_renditions_drawn)


class PracticeAttachmentFactory(DjangoModelFactory):
    class Meta:
        model = models.PracticeAttachment

    article = factory.SubFactory(PracticeArticleFactory)
    title = "Užsiėmimo planas"
    file = factory.LazyFunction(
        lambda: SimpleUploadedFile("planas.pdf", b"%PDF-1.4\n%test\n", "application/pdf")
    )


class HelpRequestFactory(DjangoModelFactory):
    """A new request of a library, asked by one of its users, due in ten days."""

    class Meta:
        model = models.HelpRequest

    number = factory.Sequence(lambda n: f"MP-2026-{n + 1:04d}")
    library = factory.SubFactory(LibraryFactory)
    asked_by = factory.SubFactory(UserFactory)
    topic = factory.SubFactory(TopicFactory)
    subject = "Kaip suorganizuoti skaitymo iššūkį vasarą?"
    description = "Norėtume vasarą surengti skaitymo iššūkį vaikams. Nuo ko pradėti?"
    reply_token = factory.LazyFunction(lambda: secrets.token_urlsafe(24))
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=10))


class HelpMessageFactory(DjangoModelFactory):
    class Meta:
        model = models.HelpMessage

    request = factory.SubFactory(HelpRequestFactory)
    author = factory.SubFactory(UserFactory)
    author_name = "Rasa Petrauskienė"
    body = "Pradėkite nuo taisyklių ir prizų."


class HelpAttachmentFactory(DjangoModelFactory):
    class Meta:
        model = models.HelpAttachment

    message = factory.SubFactory(HelpMessageFactory)
    file = factory.LazyFunction(
        lambda: SimpleUploadedFile("klausimas.pdf", b"%PDF-1.4\n%test\n", "application/pdf")
    )
    original_name = "klausimas.pdf"


class OnboardingTemplateFactory(DjangoModelFactory):
    class Meta:
        model = models.OnboardingTemplate

    name = factory.Sequence(lambda n: f"Naujos bibliotekos žingsniai {n}")


class OnboardingTemplateStepFactory(DjangoModelFactory):
    class Meta:
        model = models.OnboardingTemplateStep

    template = factory.SubFactory(OnboardingTemplateFactory)
    title = factory.Sequence(lambda n: f"Žingsnis {n}")
    position = factory.Sequence(lambda n: n)


class OnboardingFactory(DjangoModelFactory):
    class Meta:
        model = models.Onboarding

    library = factory.SubFactory(LibraryFactory)
    template = factory.SubFactory(OnboardingTemplateFactory)


class OnboardingStepFactory(DjangoModelFactory):
    class Meta:
        model = models.OnboardingStep

    onboarding = factory.SubFactory(OnboardingFactory)
    title = factory.Sequence(lambda n: f"Žingsnis {n}")
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    position = factory.Sequence(lambda n: n)
