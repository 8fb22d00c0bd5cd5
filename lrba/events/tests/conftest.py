"""Personas of the events tests: a librarian of a member library (alice), an individual
member (bob), a librarian of a library that is not a member (charlie), a director who
represents a member library (diana), and a member of the public (no account)."""

import pytest

from lrba.members.tests.factories import (
    EmploymentFactory,
    LibraryFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)


@pytest.fixture
def member_library():  # type: ignore[no-untyped-def]
    return MembershipFactory(library=LibraryFactory(name="Šiaulių rajono biblioteka")).library


@pytest.fixture
def alice(member_library):  # type: ignore[no-untyped-def]
    """A librarian employed by a member library, with an account."""
    person = PersonFactory(
        first_name="Alė",
        last_name="Alytė",
        email="ale@example.lt",
        user=UserFactory(email="ale@example.lt"),
    )
    EmploymentFactory(person=person, library=member_library)
    return person


@pytest.fixture
def bob():  # type: ignore[no-untyped-def]
    """An individual member of the association, employed nowhere."""
    person = PersonFactory(first_name="Bronius", last_name="Bobas", email="bronius@example.lt")
    MembershipFactory(library=None, person=person)
    return person


@pytest.fixture
def charlie():  # type: ignore[no-untyped-def]
    """A librarian of a library that is not a member."""
    person = PersonFactory(
        first_name="Čarlis",
        last_name="Čeponis",
        email="carlis@example.lt",
        user=UserFactory(email="carlis@example.lt"),
    )
    EmploymentFactory(person=person, library=LibraryFactory())
    return person


@pytest.fixture
def diana(member_library):  # type: ignore[no-untyped-def]
    """The director of the member library (its representative)."""
    person = PersonFactory(
        first_name="Diana",
        last_name="Direktorė",
        email="diana@example.lt",
        user=UserFactory(email="diana@example.lt"),
    )
    EmploymentFactory(person=person, library=member_library, is_director=True, position="direktorė")
    return person


def login(client, person):  # type: ignore[no-untyped-def]
    client.force_login(person.user, backend="django.contrib.auth.backends.ModelBackend")
    return client
