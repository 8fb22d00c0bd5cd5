"""Communications in "My data": the messages sent to a person and their blocked address
are exported; erasure deletes the deliveries and the block; nothing personal of the app
is left undeclared."""

import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.test import TestCase

from lrba.accounts.privacy.declarations import undeclared_personal_fields
from lrba.accounts.privacy.erasure import erasure_request_confirm, erasure_request_create
from lrba.accounts.privacy.export import personal_data_export
from lrba.communications.models import Delivery, Suppression
from lrba.communications.tests.factories import DeliveryFactory, SuppressionFactory
from lrba.members.tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

EMAIL = "skaitytoja@example.lt"


@pytest.fixture
def reader():
    person = PersonFactory(user=UserFactory(email=EMAIL), email=EMAIL)
    DeliveryFactory(person=person, email=EMAIL, message__subject="Vasaros naujienos")
    DeliveryFactory(email="Skaitytoja@Example.lt", message__subject="Senas laiškas")
    DeliveryFactory(email="kitas@example.lt")
    SuppressionFactory(email=EMAIL)
    return person


def _data(person) -> dict:
    archive = zipfile.ZipFile(io.BytesIO(personal_data_export(person=person)))
    return json.loads(archive.read("data.json"))


def test_my_data_holds_the_messages_sent_to_me_and_my_blocked_address(reader):
    data = _data(reader)
    subjects = sorted(row["message__subject"] for row in data["communications_deliveries"])
    assert subjects == ["Senas laiškas", "Vasaros naujienos"]
    assert [row["email"] for row in data["communications_blocked_addresses"]] == [EMAIL]


def test_erasure_deletes_the_deliveries_and_the_block(reader, secretary):
    request = erasure_request_create(person=reader, requested_by=secretary)
    with TestCase.captureOnCommitCallbacks(execute=True):
        erasure_request_confirm(request=request, decided_by=secretary)
    assert list(Delivery.objects.values_list("email", flat=True)) == ["kitas@example.lt"]
    assert not Suppression.objects.exists()
    dump = io.StringIO()
    call_command("dumpdata", "communications", "auditlog", stdout=dump)
    assert EMAIL not in dump.getvalue().lower()


def test_every_personal_field_of_the_app_is_declared():
    from django.apps import apps

    app_models = list(apps.get_app_config("communications").get_models())
    assert undeclared_personal_fields(app_models) == []
    # The check would see a field left out: drop the deliveries' table.
    from lrba.communications import privacy

    missing = undeclared_personal_fields(
        app_models, tables=privacy.TABLES[1:], not_exported=dict(privacy.NOT_EXPORTED)
    )
    assert "communications.Delivery.email" in missing
