"""Personal data across the apps: "My data" holds what every app keeps about a person,
erasure reaches every copy, and no personal field can stay undeclared (the apps' privacy
modules; lrba.accounts.privacy.declarations)."""

import io
import json
import zipfile

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import models
from django.test import TestCase
from django.test.utils import isolate_apps

from lrba.accounts.privacy import declarations
from lrba.accounts.privacy.declarations import (
    ERASED_NAME,
    PersonalTable,
    personal_fields,
    undeclared_personal_fields,
)
from lrba.accounts.privacy.erasure import erasure_request_confirm, erasure_request_create
from lrba.accounts.privacy.export import personal_data_export
from lrba.core.audit import acting_as
from lrba.events.models import Feedback, Registration
from lrba.events.tests.factories import RegistrationFactory
from lrba.members.models import Person
from lrba.members.tests.factories import MembershipFactory, PersonFactory, UserFactory
from lrba.training.models import Certificate
from lrba.training.tests.factories import CertificateFactory, TrainingRecordFactory

pytestmark = pytest.mark.django_db

OLD_PHONE = "+37061111111"
NEW_PHONE = "+37062222222"
OLD_EMAIL = "ona.senas@example.lt"
EMAIL = "ona.testuolyte@example.lt"


@pytest.fixture
def ona():
    """A librarian (not a member) with an account, a registration with feedback, a
    certificate with its training record and an external training record."""
    user = UserFactory(email=EMAIL, full_name="Ona Testuolytė")
    person = PersonFactory(first_name="Ona", last_name="Testuolytė", email=EMAIL, user=user)
    registration = RegistrationFactory(
        person=person,
        first_name="Ona",
        last_name="Testuolytė",
        email=EMAIL,
        institution="Anykščių viešoji biblioteka",
    )
    Feedback.objects.create(
        registration=registration, overall=5, content=4, organisation=5, comment="Ona: puiku"
    )
    certificate = CertificateFactory(
        person=person,
        full_name="Ona Testuolytė",
        event=registration.event,
        registration=registration,
    )
    TrainingRecordFactory(
        person=person, source="certificate", certificate=certificate, title="Pažymėtas"
    )
    TrainingRecordFactory(person=person, title="Išorinis kursas")
    return person


@pytest.fixture
def secretary(django_user_model):
    return django_user_model.objects.create_superuser(email="sekretore@example.lt", password="pw")


def _archive(person: Person) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(personal_data_export(person=person)))


def _erase(person: Person, by) -> None:
    request = erasure_request_create(person=person, requested_by=by)
    with TestCase.captureOnCommitCallbacks(execute=True):  # the outcome e-mail, then forgotten
        erasure_request_confirm(request=request, decided_by=by)


def _database_text() -> str:
    out = io.StringIO()
    call_command("dumpdata", stdout=out, format="json")
    return out.getvalue().lower()


# My data ---------------------------------------------------------------------------------


def test_my_data_holds_registrations_feedback_certificates_and_training_records(ona):
    archive = _archive(ona)
    data = json.loads(archive.read("data.json"))

    assert [row["email"] for row in data["event_registrations"]] == [EMAIL]
    assert [row["comment"] for row in data["event_feedback"]] == ["Ona: puiku"]
    assert [row["full_name"] for row in data["certificates"]] == ["Ona Testuolytė"]
    assert {row["title"] for row in data["training_records"]} == {"Pažymėtas", "Išorinis kursas"}
    names = set(archive.namelist())
    assert {"event_registrations.csv", "event_feedback.csv", "certificates.csv"} <= names
    assert "training_records.csv" in names


def test_my_data_holds_a_registration_made_with_the_persons_address_before_they_had_a_record():
    RegistrationFactory(email="Ona.Testuolyte@example.lt", first_name="Ona")
    person = PersonFactory(email=EMAIL)

    data = json.loads(_archive(person).read("data.json"))

    assert [row["first_name"] for row in data["event_registrations"]] == ["Ona"]


def test_the_export_readme_says_certificates_are_kept_in_lithuanian_and_english(ona):
    readme = _archive(ona).read("README.txt").decode()

    kept_lt = readme.split("saugomi toliau")[1].split("Klausimus")[0]
    kept_en = readme.split("are kept because")[1].split("Send questions")[0]
    assert "certificates.csv" in kept_lt and "pažymėjimai" in kept_lt
    assert "certificates.csv" in kept_en and "certificates" in kept_en
    assert "event_registrations.csv" not in kept_lt + kept_en


# Erasure ---------------------------------------------------------------------------------


def test_erasure_replaces_the_names_and_emails_copied_onto_event_registrations(ona, secretary):
    _erase(ona, secretary)

    registration = Registration.objects.get()
    assert registration.first_name == ERASED_NAME
    assert EMAIL not in registration.email
    assert registration.institution == ""
    assert Feedback.objects.get().comment == ""
    # Only the certificate keeps the printed name (a legal hold), with its own history.
    assert _records_mentioning("testuolyt") == {"training.certificate"}


def _records_mentioning(text: str) -> set[str]:
    """The models whose rows (or whose rows' change history) mention `text`."""
    holders = set()
    for row in json.loads(_database_text()):
        if text in json.dumps(row, ensure_ascii=False).lower():
            if row["model"] == "auditlog.logentry":
                app_label, model = ContentType.objects.get_for_id(
                    row["fields"]["content_type"]
                ).natural_key()
                holders.add(f"{app_label}.{model}")
            else:
                holders.add(row["model"])
    return holders


def test_erasure_of_a_public_registrant_by_address_replaces_their_name(secretary):
    RegistrationFactory(email=EMAIL, first_name="Ona", last_name="Vieškelytė")
    user = UserFactory(email=EMAIL)

    request = erasure_request_create(person=None, requested_by=user)
    with TestCase.captureOnCommitCallbacks(execute=True):
        erasure_request_confirm(request=request, decided_by=secretary)

    assert "vieškelytė" not in _database_text()


def test_erasure_keeps_the_certificates_and_says_so(ona, secretary):
    _erase(ona, secretary)

    certificate = Certificate.objects.get()
    assert certificate.full_name == "Ona Testuolytė"
    request = ona.erasure_requests.get()
    assert "pažymėjimai" in request.kept_records.lower()


def test_erasure_removes_old_phone_numbers_and_addresses_from_the_change_history(secretary):
    with acting_as(secretary):
        person = PersonFactory(first_name="Ona", last_name="Narė", email=OLD_EMAIL, phone=OLD_PHONE)
        MembershipFactory(person=person, library=None)
        person.phone = NEW_PHONE
        person.email = EMAIL
        person.save()
    assert OLD_PHONE in _database_text()  # the history holds the old number

    _erase(person, secretary)

    dump = _database_text()
    assert OLD_PHONE not in dump and NEW_PHONE not in dump
    assert OLD_EMAIL not in dump and EMAIL not in dump
    # A member keeps the name in the register (and so in its history).
    person.refresh_from_db()
    assert person.first_name == "Ona"


def test_erasure_removes_a_registrations_old_name_from_the_change_history(ona, secretary):
    registration = Registration.objects.get()
    with acting_as(secretary):
        registration.last_name = "Pirmoji-Pavardė"
        registration.save()

    _erase(ona, secretary)

    assert "pirmoji-pavardė" not in _database_text()


# Completeness ----------------------------------------------------------------------------


def test_every_personal_field_is_exported_or_excluded_with_a_reason():
    assert undeclared_personal_fields() == []


def test_no_exclusion_names_a_field_that_is_gone():
    assert declarations.stale_exclusions() == []


def test_every_exported_column_exists():
    for table in declarations.personal_tables():
        table.rows(declarations.subject_for(person=None, user=None)).values(*table.fields)


@isolate_apps("lrba.events")
def test_a_new_personal_field_without_a_declaration_fails_the_check():
    class Speaker(models.Model):  # noqa: DJ008
        talk = models.CharField(max_length=100)
        phone = models.CharField(max_length=20)
        biography = models.TextField()

        class Meta:
            app_label = "events"

    assert personal_fields(Speaker) == ["phone", "biography"]
    assert undeclared_personal_fields([Speaker]) == [
        "events.Speaker.phone",
        "events.Speaker.biography",
    ]
    # A field the patterns miss counts once an app declares it personal (`PERSONAL`).
    assert undeclared_personal_fields([Speaker], also_personal={"events.Speaker.talk"}) == [
        "events.Speaker.phone",
        "events.Speaker.biography",
        "events.Speaker.talk",
    ]
    # Declaring it — exported by a table, or excluded with a reason — passes.
    table = PersonalTable(
        name="speakers", model=Speaker, fields=("phone",), rows=lambda s: None, about=("", "")
    )
    assert (
        undeclared_personal_fields(
            [Speaker], tables=[table], not_exported={"events.Speaker.biography": "public text"}
        )
        == []
    )


@isolate_apps("lrba.events", "lrba.members", "lrba.accounts")
def test_a_new_link_to_a_person_without_a_declaration_fails_the_check():
    class Mentor(models.Model):  # noqa: DJ008
        mentee = models.ForeignKey("members.Person", on_delete=models.CASCADE)
        since = models.DateField()

        class Meta:
            app_label = "events"

    assert undeclared_personal_fields([Mentor]) == ["events.Mentor.mentee"]
