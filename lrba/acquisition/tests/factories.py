"""Factories for acquisition (one per model) and a round ready for orders."""

import datetime as dt
from decimal import Decimal
from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from lrba.acquisition import models
from lrba.members.tests.factories import (  # noqa: F401  (representative, authorised_employee: used by acquisition tests)
    EmploymentFactory,
    LibraryFactory,
    PersonFactory,
    UserFactory,
    authorised_employee,
    representative,
)


def isbn13(n: int) -> str:
    """A valid ISBN-13 in the Lithuanian range 978-609-…, distinct for each n."""
    body = f"978609{n % 1_000_000:06d}"
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


class SupplierFactory(DjangoModelFactory):
    class Meta:
        model = models.Supplier
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"tiekejas-{n}")
    name = factory.Sequence(lambda n: f"UAB „Knygų tiekėjas {n}“")
    legal_entity_code = "110053842"
    email = factory.Sequence(lambda n: f"uzsakymai{n}@tiekejas.example.lt")


class ColumnMappingFactory(DjangoModelFactory):
    class Meta:
        model = models.ColumnMapping

    supplier = factory.SubFactory(SupplierFactory)
    name = "Kainoraštis"
    columns = factory.LazyFunction(
        lambda: {"isbn": "ISBN", "title": "Pavadinimas", "authors": "Autorius", "price": "Kaina"}
    )


class TitleFactory(DjangoModelFactory):
    class Meta:
        model = models.Title
        django_get_or_create = ("isbn",)

    isbn = factory.Sequence(isbn13)
    title = factory.Sequence(lambda n: f"Knyga apie bibliotekas {n}")
    authors = "Žemaitė, Julija"
    publisher = "Alma littera"
    year = 2026
    language = "lit"


class OfferFactory(DjangoModelFactory):
    class Meta:
        model = models.Offer

    supplier = factory.SubFactory(SupplierFactory)
    title = factory.SubFactory(TitleFactory)
    price = Decimal("12.50")


class RoundFactory(DjangoModelFactory):
    """An open round that takes orders now (opened yesterday, closes in two weeks)."""

    class Meta:
        model = models.Round
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"{2026} m. bendro pirkimo etapas {n}")
    status = models.Round.Status.OPEN
    opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=14))

    @factory.post_generation
    def suppliers(obj: models.Round, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            obj.suppliers.set(extracted)


class DiscountTierFactory(DjangoModelFactory):
    class Meta:
        model = models.DiscountTier

    round = factory.SubFactory(RoundFactory)
    min_copies = 10
    discount_percent = Decimal("5.00")


class RoundBudgetFactory(DjangoModelFactory):
    class Meta:
        model = models.RoundBudget

    round = factory.SubFactory(RoundFactory)
    library = factory.SubFactory(LibraryFactory)
    amount = Decimal("1000.00")


class OrderLineFactory(DjangoModelFactory):
    class Meta:
        model = models.OrderLine

    round = factory.SubFactory(RoundFactory)
    library = factory.SubFactory(LibraryFactory)
    offer = factory.SubFactory(OfferFactory)
    quantity = 1
    unit_price = factory.LazyAttribute(lambda line: line.offer.price or Decimal("10.00"))


class HoldingFactory(DjangoModelFactory):
    class Meta:
        model = models.Holding

    library = factory.SubFactory(LibraryFactory)
    isbn = factory.Sequence(isbn13)
    source = models.Holding.Source.UPLOAD
