"""Staff authorisations in "My data" and erasure: the employee's own authorisations are
exported and go with them; those a representative granted stay without their account."""

import io
import json
import zipfile

import pytest
from django.test import TestCase

from lrba.accounts.privacy.erasure import erasure_request_confirm, erasure_request_create
from lrba.accounts.privacy.export import personal_data_export
from lrba.members.models import StaffAuthorisation
from lrba.members.tests.factories import StaffAuthorisationFactory

pytestmark = pytest.mark.django_db


def _data(person) -> dict:
    archive = zipfile.ZipFile(io.BytesIO(personal_data_export(person=person)))
    return json.loads(archive.read("data.json"))


def _erase(person, django_user_model) -> None:
    secretary = django_user_model.objects.create_superuser(
        email="sekretore@example.lt", password="pw"
    )
    request = erasure_request_create(person=person, requested_by=secretary)
    with TestCase.captureOnCommitCallbacks(execute=True):
        erasure_request_confirm(request=request, decided_by=secretary)


def test_my_data_holds_the_employees_authorisations_of_every_scope(alice, bob, library_a):
    for scope in StaffAuthorisation.Scope.values:
        StaffAuthorisationFactory(
            library=library_a, person=bob.person, scope=scope, granted_by=alice
        )

    rows = _data(bob.person)["staff_authorisations"]

    assert sorted(row["scope"] for row in rows) == sorted(StaffAuthorisation.Scope.values)
    assert {row["library__name"] for row in rows} == {library_a.name}
    assert _data(alice.person).get("staff_authorisations", []) == []


def test_erasure_ends_the_employees_authorisations(bob, library_a, django_user_model):
    StaffAuthorisationFactory(library=library_a, person=bob.person)

    _erase(bob.person, django_user_model)

    assert not StaffAuthorisation.objects.exists()


def test_erasure_of_the_representative_keeps_what_they_granted_without_their_account(
    alice, bob, library_a, django_user_model
):
    granted = StaffAuthorisationFactory(library=library_a, person=bob.person, granted_by=alice)

    _erase(alice.person, django_user_model)

    granted.refresh_from_db()
    assert granted.granted_by is None
    assert granted.revoked_at is None
