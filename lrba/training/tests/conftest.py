"""Fixtures for the training tests: files go to a temporary directory; personas.

Personas: alice directs library A, bob works at A with no mandate, carol represents
library B; the secretariat is conftest.py's staff_user.
"""

import pytest

from lrba.members.tests import factories as mf


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }


@pytest.fixture
def library_a():  # type: ignore[no-untyped-def]
    return mf.LibraryFactory(name="Akmenės rajono savivaldybės viešoji biblioteka")


@pytest.fixture
def library_b():  # type: ignore[no-untyped-def]
    return mf.LibraryFactory(name="Biržų rajono savivaldybės viešoji biblioteka")


def _person(email: str, **kwargs):  # type: ignore[no-untyped-def]
    user = mf.UserFactory(email=email)
    return mf.PersonFactory(user=user, email=email, **kwargs)


@pytest.fixture
def alice(library_a):  # type: ignore[no-untyped-def]
    person = _person("alice@example.lt", first_name="Alė", last_name="Aukštaitė")
    mf.EmploymentFactory(person=person, library=library_a, is_director=True)
    return person.user


@pytest.fixture
def bob(library_a):  # type: ignore[no-untyped-def]
    person = _person("bob@example.lt", first_name="Bronius", last_name="Bitinas")
    mf.EmploymentFactory(person=person, library=library_a)
    return person.user


@pytest.fixture
def carol(library_b):  # type: ignore[no-untyped-def]
    person = _person("carol@example.lt", first_name="Karolina", last_name="Čepaitė")
    mf.EmploymentFactory(person=person, library=library_b)
    mf.MandateFactory(person=person, library=library_b)
    return person.user


@pytest.fixture
def client_for():  # type: ignore[no-untyped-def]
    from django.test import Client

    def make(user):  # type: ignore[no-untyped-def]
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return make
