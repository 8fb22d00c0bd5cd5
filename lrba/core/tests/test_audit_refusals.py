import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import transaction

from lrba.core.audit import refusals_recorded
from lrba.members.tests.factories import LibraryFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_refused_write_is_recorded_and_its_changes_are_rolled_back():
    library = LibraryFactory(name="Senas pavadinimas")
    user = UserFactory()
    with (
        pytest.raises(ValidationError),
        refusals_recorded(user=user, target=library, attempt="rename"),
        transaction.atomic(),
    ):
        library.name = "Naujas pavadinimas"
        library.save()
        raise ValidationError("Negalima.")
    library.refresh_from_db()
    assert library.name == "Senas pavadinimas"
    entry = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).get()
    assert entry.actor == user
    assert entry.object_pk == str(library.pk)
    assert entry.additional_data == {"refused": "rename", "reason": "Negalima."}


def test_an_allowed_write_records_no_refusal():
    library = LibraryFactory()
    with refusals_recorded(user=None, target=library, attempt="rename"):
        pass
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()
