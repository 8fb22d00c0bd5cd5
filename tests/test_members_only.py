"""One rule for members-only content (issue 7, point 4): whoever may read members-only
documents may register for members-only events, and nobody else.

A member is a member library or an individual member; a person belongs to one when they
are an individual member or work now at a member library (or a branch of one). Staff of a
library that is not a member are refused both; before the rule was shared they read the
documents (any library counted) yet could not register (only member libraries did).
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lrba.events.models import Event, Registration
from lrba.events.tests.factories import EventFactory
from lrba.members.tests import factories
from lrba.website.models import Document

pytestmark = pytest.mark.django_db


@pytest.fixture
def members_document(settings, tmp_path) -> Document:
    settings.MEDIA_ROOT = tmp_path
    return Document.objects.create(
        title="Narių susirinkimo protokolas",
        access=Document.Access.MEMBERS,
        category=Document.Category.MINUTES,
        file=SimpleUploadedFile("protokolas.pdf", b"%PDF-1.4\n"),
    )


def _librarian_of(library):
    user = factories.UserFactory()
    factories.EmploymentFactory(person=factories.PersonFactory(user=user), library=library)
    return user


def _reads_and_registers(client, document, event) -> tuple[int, bool]:
    status = client.get(document.get_absolute_url()).status_code
    client.post(event.get_absolute_url())
    return status, Registration.objects.filter(event=event).exists()


def test_staff_of_a_library_that_is_not_a_member_get_neither(client_for, members_document):
    outsider = _librarian_of(factories.LibraryFactory())
    event = EventFactory(audience=Event.Audience.MEMBERS)

    assert _reads_and_registers(client_for(outsider), members_document, event) == (403, False)


def test_staff_of_a_member_library_get_both(client_for, members_document):
    member = _librarian_of(factories.MembershipFactory().library)
    event = EventFactory(audience=Event.Audience.MEMBERS)

    assert _reads_and_registers(client_for(member), members_document, event) == (200, True)


def test_staff_of_a_branch_of_a_member_library_get_both(client_for, members_document):
    branch = factories.BranchFactory(parent=factories.MembershipFactory().library)
    event = EventFactory(audience=Event.Audience.MEMBERS)

    assert _reads_and_registers(client_for(_librarian_of(branch)), members_document, event) == (
        200,
        True,
    )


def test_an_individual_member_gets_both(client_for, members_document):
    user = factories.UserFactory()
    factories.MembershipFactory(library=None, person=factories.PersonFactory(user=user))
    event = EventFactory(audience=Event.Audience.MEMBERS)

    assert _reads_and_registers(client_for(user), members_document, event) == (200, True)
