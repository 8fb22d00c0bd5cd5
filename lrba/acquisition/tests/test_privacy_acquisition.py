"""Acquisition's personal data: "My data" holds the order lines a person placed and
their holdings uploads (with their authorisation to order, now the member register's
`staff_authorisations`); erasure keeps the purchasing records without their account and
ends their authorisations."""

import io
import json
import zipfile

import pytest
from django.test import TestCase

from lrba.accounts.privacy.erasure import erasure_request_confirm, erasure_request_create
from lrba.accounts.privacy.export import personal_data_export
from lrba.acquisition.models import HoldingsImport, OrderLine, Round
from lrba.acquisition.tests.factories import (
    OrderLineFactory,
    RoundFactory,
    TitleFactory,
)
from lrba.members.models import StaffAuthorisation
from lrba.members.tests.factories import (
    EmploymentFactory,
    LibraryFactory,
    PersonFactory,
    StaffAuthorisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def jurga():
    """An employee authorised to order for her library, who ordered a title and uploaded
    the library's holdings."""
    user = UserFactory(email="jurga.uzsakove@example.lt", full_name="Jurga Užsakovė")
    person = PersonFactory(first_name="Jurga", last_name="Užsakovė", user=user)
    library = LibraryFactory()
    EmploymentFactory(person=person, library=library)
    StaffAuthorisationFactory(library=library, person=person)
    title = TitleFactory(title="Vilniaus kiemų istorijos")
    OrderLineFactory(library=library, offer__title=title, quantity=3, created_by=user)
    HoldingsImport.objects.create(
        library=library,
        file="acquisition/holdings/fondas.txt",
        original_name="fondas.txt",
        created_by=user,
    )
    return person


def _data(person) -> dict:
    archive = zipfile.ZipFile(io.BytesIO(personal_data_export(person=person)))
    return json.loads(archive.read("data.json"))


def test_my_data_holds_the_order_lines_authorisations_and_uploads(jurga):
    data = _data(jurga)

    (line,) = data["acquisition_order_lines"]
    assert line["offer__title__title"] == "Vilniaus kiemų istorijos"
    assert line["quantity"] == 3
    assert [row["person_id"] for row in data["staff_authorisations"]] == [jurga.pk]
    assert [row["original_name"] for row in data["acquisition_holdings_uploads"]] == ["fondas.txt"]


def test_my_data_of_someone_who_never_ordered_has_empty_acquisition_tables():
    data = _data(PersonFactory(user=UserFactory()))

    assert data.get("acquisition_order_lines", []) == []
    assert data.get("staff_authorisations", []) == []


def test_erasure_keeps_the_orders_without_the_account_and_ends_the_authorisation(
    jurga, django_user_model
):
    secretary = django_user_model.objects.create_superuser(
        email="sekretore@example.lt", password="pw"
    )
    round_ = RoundFactory(created_by=jurga.user, closed_by=jurga.user)
    other_line = OrderLineFactory(round=round_, updated_by=jurga.user)
    request = erasure_request_create(person=jurga, requested_by=secretary)
    with TestCase.captureOnCommitCallbacks(execute=True):
        erasure_request_confirm(request=request, decided_by=secretary)

    assert OrderLine.objects.count() == 2  # the libraries' purchasing records stay
    assert not OrderLine.objects.filter(created_by__isnull=False).exists()
    other_line.refresh_from_db()
    assert other_line.updated_by is None
    assert HoldingsImport.objects.get().created_by is None
    round_ = Round.objects.get(pk=round_.pk)
    assert round_.created_by is None and round_.closed_by is None
    assert not StaffAuthorisation.objects.filter(person=jurga).exists()
    assert "pirkimų" in jurga.erasure_requests.get().kept_records
