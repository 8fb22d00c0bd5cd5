"""Factories for the member register (one per model)."""

import datetime
import secrets
from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from lrba.accounts.models import User
from lrba.core.models import Municipality
from lrba.members import models


def municipality(code: str = "siauliu-miesto") -> Municipality:
    """A municipality from the geography data migration (present in every test DB)."""
    return Municipality.objects.get(code=code)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"naudotojas{n}@example.lt")
    full_name = factory.Faker("name", locale="lt_LT")
    password = factory.django.Password("pw")


class LibraryFactory(DjangoModelFactory):
    class Meta:
        model = models.Library

    name = factory.Sequence(lambda n: f"Bandomoji {n} biblioteka")
    slug = factory.Sequence(lambda n: f"bandomoji-{n}-biblioteka")
    kind = models.Library.Kind.MUNICIPAL_PUBLIC
    legal_form = models.Library.LegalForm.BUDGETARY
    legal_entity_code = factory.Sequence(lambda n: f"{188000000 + n:09d}")
    municipality = factory.LazyFunction(municipality)
    city = "Šiauliai"
    street_address = factory.Sequence(lambda n: f"Aušros al. {n + 1}")
    postal_code = "LT-76295"
    email = factory.Sequence(lambda n: f"biblioteka{n}@example.lt")
    phone = "+37041523456"


class BranchFactory(LibraryFactory):
    kind = models.Library.Kind.BRANCH
    legal_form = ""
    legal_entity_code = ""
    parent = factory.SubFactory(LibraryFactory)
    municipality = factory.SelfAttribute("parent.municipality")


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = models.Person

    first_name = factory.Faker("first_name", locale="lt_LT")
    last_name = factory.Faker("last_name", locale="lt_LT")
    email = factory.Sequence(lambda n: f"asmuo{n}@example.lt")


class EmploymentFactory(DjangoModelFactory):
    class Meta:
        model = models.Employment

    person = factory.SubFactory(PersonFactory)
    library = factory.SubFactory(LibraryFactory)
    position = "bibliotekininkė"
    start_date = datetime.date(2020, 1, 1)


class MembershipFactory(DjangoModelFactory):
    """An active library membership; pass `person=…, library=None` for an individual."""

    class Meta:
        model = models.Membership

    library = factory.SubFactory(LibraryFactory)
    person = None
    status = models.Membership.Status.ACTIVE
    applied_on = datetime.date(2020, 1, 10)
    joined_on = datetime.date(2020, 2, 1)
    decision = "Valdybos 2020-02-01 nutarimas Nr. 1"


def member_library(name: str, **fields: Any) -> models.Library:
    """A library by this name (and any other `fields`) with an active membership."""
    return MembershipFactory(library=LibraryFactory(name=name, **fields)).library


class MembershipApplicationFactory(DjangoModelFactory):
    class Meta:
        model = models.MembershipApplication

    library_name = factory.Sequence(lambda n: f"Naujoji {n} biblioteka")
    library_kind = models.Library.Kind.SCHOOL
    library_legal_form = models.Library.LegalForm.BUDGETARY
    legal_entity_code = factory.Sequence(lambda n: f"{300000000 + n:09d}")
    municipality = factory.LazyFunction(lambda: municipality("kauno-miesto"))
    street_address = "Laisvės al. 57"
    city = "Kaunas"
    postal_code = "LT-44309"
    library_email = factory.Sequence(lambda n: f"nauja{n}@example.lt")
    representative_first_name = "Aušra"
    representative_last_name = "Žemaitienė"
    representative_position = "direktorė"
    representative_email = factory.Sequence(lambda n: f"atstove{n}@example.lt")


class MandateFactory(DjangoModelFactory):
    """A current mandate for a period, making the person a representative of the library."""

    class Meta:
        model = models.Mandate

    library = factory.SubFactory(LibraryFactory)
    person = factory.SubFactory(PersonFactory)
    kind = models.Mandate.Kind.AUTHORISED_EMPLOYEE
    scope = models.Mandate.Scope.PERIOD
    valid_from = datetime.date(2020, 1, 1)


class InvitationFactory(DjangoModelFactory):
    """An open staff invitation; its link is `invitation.token`."""

    class Meta:
        model = models.Invitation

    email = factory.Sequence(lambda n: f"kviestinis{n}@example.lt")
    library = factory.SubFactory(LibraryFactory)
    role = models.Invitation.Role.STAFF
    key = factory.LazyFunction(lambda: secrets.token_urlsafe(32))
    token_hash = factory.LazyAttribute(
        lambda o: models.Invitation.hash_token(models.Invitation(key=o.key).token)
    )
    created_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyAttribute(lambda o: o.created_at + datetime.timedelta(days=14))


class StaffAuthorisationFactory(DjangoModelFactory):
    class Meta:
        model = models.StaffAuthorisation

    library = factory.SubFactory(LibraryFactory)
    person = factory.SubFactory(PersonFactory)
    scope = models.StaffAuthorisation.Scope.ORDERING


def representative(library: Any, **user_fields: Any) -> Any:
    """A signed-in-able user who directs `library` (so represents it)."""
    user = UserFactory(**user_fields)
    person = PersonFactory(user=user)
    EmploymentFactory(person=person, library=library, is_director=True)
    return user


def authorised_employee(
    library: Any, scope: str = models.StaffAuthorisation.Scope.ORDERING, **user_fields: Any
) -> Any:
    """A user on `library`'s staff whom its representative authorised for `scope`."""
    user = UserFactory(**user_fields)
    person = PersonFactory(user=user)
    EmploymentFactory(person=person, library=library, is_director=False)
    StaffAuthorisationFactory(library=library, person=person, scope=scope)
    return user
