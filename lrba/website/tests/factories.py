"""Factories for the website's content (one per model)."""

import datetime
import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from factory.django import DjangoModelFactory
from PIL import Image

from lrba.core.images import image_renditions_make
from lrba.website import models


def _renditions_drawn(image, create: bool, extracted, **kwargs) -> None:
    """As the background task does after an upload (image_renditions_schedule)."""
    if create:
        image_renditions_make(image)


def png_file(
    name: str = "paveikslas.png", size: tuple[int, int] = (1200, 800)
) -> SimpleUploadedFile:
    """A real PNG picture of `size` pixels, as an upload."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (40, 110, 160)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


class PageFactory(DjangoModelFactory):
    """A published top-level page; `path` follows the slug (and the parent's path)."""

    class Meta:
        model = models.Page

    parent = None
    slug = factory.Sequence(lambda n: f"puslapis-{n}")
    path = factory.LazyAttribute(lambda o: f"{o.parent.path}/{o.slug}" if o.parent else o.slug)
    title = factory.Sequence(lambda n: f"Puslapis {n}")
    body = "<p>Asociacijos puslapio tekstas.</p>"
    status = models.Page.Status.PUBLISHED


class PageImageFactory(DjangoModelFactory):
    class Meta:
        skip_postgeneration_save = True
        model = models.PageImage

    page = factory.SubFactory(PageFactory)
    image = factory.LazyFunction(png_file)
    alt_text = "Bibliotekos skaitykla"
    draw_renditions = factory.PostGeneration(_renditions_drawn)


class MenuItemFactory(DjangoModelFactory):
    class Meta:
        model = models.MenuItem

    menu = models.MenuItem.Menu.HEADER
    label = factory.Sequence(lambda n: f"Nuoroda {n}")
    link = factory.Sequence(lambda n: f"/nuoroda-{n}/")
    position = factory.Sequence(lambda n: 1000 + n)


class TagFactory(DjangoModelFactory):
    class Meta:
        model = models.Tag
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"žymė {n}")
    slug = factory.Sequence(lambda n: f"zyme-{n}")


class PartnerFactory(DjangoModelFactory):
    class Meta:
        model = models.Partner

    name = factory.Sequence(lambda n: f"Partnerė organizacija {n}")
    kind = models.Partner.Kind.NGO
    website = factory.Sequence(lambda n: f"https://partneris{n}.example.lt/")


class ProjectFactory(DjangoModelFactory):
    """A published, running project."""

    class Meta:
        model = models.Project

    title = factory.Sequence(lambda n: f"Bibliotekų modernizavimo projektas {n}")
    slug = factory.Sequence(lambda n: f"projektas-{n}")
    summary = "Regionų bibliotekos kartu diegia naujas paslaugas."
    description = "<p>Projekto aprašymas.</p>"
    programme = "Kultūros rėmimo fondas"
    funder = "Lietuvos kultūros taryba"
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=90))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=270))
    status = models.Project.Status.RUNNING
    is_published = True


class ProjectImageFactory(DjangoModelFactory):
    class Meta:
        skip_postgeneration_save = True
        model = models.ProjectImage

    project = factory.SubFactory(ProjectFactory)
    image = factory.LazyFunction(png_file)
    alt_text = "Projekto dalyviai bibliotekoje"
    draw_renditions = factory.PostGeneration(_renditions_drawn)


class NewsItemFactory(DjangoModelFactory):
    """A news item published an hour ago."""

    class Meta:
        model = models.NewsItem

    title = factory.Sequence(lambda n: f"Naujiena apie bibliotekas {n}")
    slug = factory.Sequence(lambda n: f"naujiena-{n}")
    lead = "Regionų bibliotekose – naujos paslaugos skaitytojams."
    body = "<p>Naujienos tekstas.</p>"
    status = models.NewsItem.Status.PUBLISHED
    publish_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))


class NewsImageFactory(DjangoModelFactory):
    class Meta:
        skip_postgeneration_save = True
        model = models.NewsImage

    news_item = factory.SubFactory(NewsItemFactory)
    image = factory.LazyFunction(png_file)
    alt_text = "Skaitytojai bibliotekos renginyje"
    draw_renditions = factory.PostGeneration(_renditions_drawn)


class DocumentFactory(DjangoModelFactory):
    class Meta:
        model = models.Document

    title = factory.Sequence(lambda n: f"Dokumentas {n}")
    category = models.Document.Category.REPORT
    access = models.Document.Access.PUBLIC
    file = factory.LazyFunction(
        lambda: SimpleUploadedFile("dokumentas.pdf", b"%PDF-1.4\n%test\n", "application/pdf")
    )


class AnnualReportFactory(DjangoModelFactory):
    class Meta:
        model = models.AnnualReport

    year = factory.LazyFunction(lambda: timezone.localdate().year - 1)
    kind = models.AnnualReport.Kind.FINANCIAL_STATEMENTS
    document = factory.SubFactory(DocumentFactory)
    without_personal_data = True
