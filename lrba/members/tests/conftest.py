"""Fixtures for the member-register tests."""

from typing import Any

import pytest

from lrba.core.models import Municipality
from lrba.members.tests import factories


@pytest.fixture
def application():  # type: ignore[no-untyped-def]
    """A pending application from a school library in Kaunas."""
    return factories.MembershipApplicationFactory(
        library_name="Kauno Šv. Mato gimnazijos biblioteka",
        legal_entity_code="190020587",
        language="lt",
    )


@pytest.fixture
def application_form_data() -> dict[str, Any]:
    """What a representative types into the public form, spaces and all."""
    return {
        "library_name": "Rietavo Oginskių kultūros centro biblioteka",
        "library_kind": "other",
        "legal_entity_code": "302 519 433",
        "municipality": str(Municipality.objects.get(code="rietavo").pk),
        "street_address": "Parko g. 3",
        "city": "Rietavas",
        "postal_code": "90311",
        "library_email": "Biblioteka@Rietavas.lt",
        "library_phone": "8 448 68 123",
        "website": "",
        "motivation": "Norime dalyvauti bendruose projektuose.",
        "representative_first_name": "Aušra",
        "representative_last_name": "Žilinskienė",
        "representative_position": "Direktorė",
        "representative_email": "ausra@rietavas.lt",
        "representative_phone": "+370 612 34567",
        "consent": "on",
        "website_url": "",
    }


# Personas for "My library" and invitations: alice directs library A, bob works at A
# without a mandate, carol represents library B by mandate, dave has an account and no
# library; the secretariat is conftest.py's staff_user / staff_client.


@pytest.fixture
def library_a():  # type: ignore[no-untyped-def]
    return factories.LibraryFactory(name="Akmenės rajono savivaldybės viešoji biblioteka")


@pytest.fixture
def library_b():  # type: ignore[no-untyped-def]
    return factories.LibraryFactory(name="Biržų rajono savivaldybės viešoji biblioteka")


def _person(email: str, **kwargs: Any):  # type: ignore[no-untyped-def]
    user = factories.UserFactory(email=email)
    return factories.PersonFactory(user=user, email=email, **kwargs)


@pytest.fixture
def alice(library_a):  # type: ignore[no-untyped-def]
    person = _person("alice@example.lt", first_name="Alė", last_name="Aukštaitė")
    factories.EmploymentFactory(person=person, library=library_a, is_director=True)
    return person.user


@pytest.fixture
def bob(library_a):  # type: ignore[no-untyped-def]
    person = _person("bob@example.lt", first_name="Bronius", last_name="Bitinas")
    factories.EmploymentFactory(person=person, library=library_a)
    return person.user


@pytest.fixture
def carol(library_b):  # type: ignore[no-untyped-def]
    person = _person("carol@example.lt", first_name="Karolina", last_name="Čepaitė")
    factories.EmploymentFactory(person=person, library=library_b)
    factories.MandateFactory(person=person, library=library_b)
    return person.user


@pytest.fixture
def dave():  # type: ignore[no-untyped-def]
    return factories.UserFactory(email="dave@example.lt")


@pytest.fixture
def client_for():  # type: ignore[no-untyped-def]
    """A separate signed-in browser for each persona."""
    from django.test import Client

    def make(user, **kwargs):  # type: ignore[no-untyped-def]
        client = Client(**kwargs)
        if user is not None:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return make
