"""Personal data services: export, consent, erasure with legal holds, retention."""

import datetime
import io
import json
import zipfile
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from auditlog.models import LogEntry
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from lrba.accounts.models import (
    Anonymisation,
    AuthEvent,
    ConsentRecord,
    ErasureRequest,
    ProcessingActivity,
    User,
)
from lrba.accounts.privacy.consent import consent_current, consent_give, consent_withdraw
from lrba.accounts.privacy.erasure import (
    ERASED_NAME,
    erasure_request_confirm,
    erasure_request_create,
    erasure_request_reject,
)
from lrba.accounts.privacy.export import personal_data_export
from lrba.accounts.privacy.retention import retention_apply, retention_due
from lrba.accounts.tests.factories import totp_activate
from lrba.core.audit import acting_as
from lrba.members.models import Membership, MembershipApplication, Person
from lrba.members.selectors.libraries import member_list
from lrba.members.selectors.register import register_report
from lrba.members.services import membership as member_services
from lrba.members.tests import factories

pytestmark = pytest.mark.django_db

EMAIL = "jurgita.petraitiene@example.lt"
PHONE = "+37069912345"


@pytest.fixture
def jurgita(staff_user) -> Person:
    """An individual member with an account, a job, a consent, an application, sign-ins
    and a change history that mentions her address and phone."""
    user = factories.UserFactory(email=EMAIL, full_name="Jurgita Petraitienė", language="en")
    EmailAddress.objects.create(user=user, email=EMAIL, verified=True, primary=True)
    totp_activate(user)
    with acting_as(staff_user):
        person = Person(first_name="Jurgita", last_name="Petraitienė", email=EMAIL, user=user)
        person.full_clean()
        person.save()
        person.phone = PHONE
        person.save()
        factories.EmploymentFactory(person=person, position="vyr. bibliotekininkė")
        membership = Membership(person=person, library=None, applied_on=datetime.date(2021, 1, 5))
        member_services.membership_register(membership=membership, created_by=staff_user)
        factories.MembershipApplicationFactory(
            representative_first_name="Jurgita",
            representative_last_name="Petraitienė",
            representative_email=EMAIL.upper(),
            representative_phone=PHONE,
        )
    Membership.objects.filter(pk=membership.pk).update(
        status=Membership.Status.ACTIVE, joined_on=datetime.date(2021, 2, 1)
    )
    consent_give(person=person, purpose=ConsentRecord.Purpose.NEWSLETTER, by=user)
    AuthEvent.objects.create(
        user=user, email=EMAIL, kind=AuthEvent.Kind.LOGIN, ip_address="10.1.2.3", user_agent="UA"
    )
    return person


def _zip(data: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(data))


def _database_text() -> str:
    out = io.StringIO()
    call_command("dumpdata", stdout=out, format="json")
    return out.getvalue().lower()


# Export ---------------------------------------------------------------------------------


def test_the_export_holds_every_table_about_the_person(jurgita):
    archive = _zip(personal_data_export(person=jurgita))
    names = set(archive.namelist())
    data = json.loads(archive.read("data.json"))

    assert {"README.txt", "data.json", "person.csv", "employments.csv", "memberships.csv"} <= names
    assert {"consents.csv", "sign_in_events.csv", "audit_log.csv"} <= names
    assert data["person"][0]["email"] == EMAIL
    assert data["employments"][0]["position"] == "vyr. bibliotekininkė"
    assert data["memberships"][0]["status"] == "active"
    assert data["membership_applications"][0]["representative_phone"] == PHONE
    assert data["consents"][0]["purpose"] == "newsletter"
    assert data["sign_in_events"][0]["kind"] == "login"
    assert any(entry["object_repr"] == "Jurgita Petraitienė" for entry in data["audit_log"])
    assert "Petraitienė" in archive.read("person.csv").decode()


def test_the_export_never_holds_the_password_hash(jurgita):
    raw = personal_data_export(person=jurgita)
    data = json.loads(_zip(raw).read("data.json"))

    assert "password" not in data["user"][0]
    assert jurgita.user.password.split("$")[-1] not in json.dumps(data)


def test_the_export_holds_no_one_else(jurgita):
    other = factories.PersonFactory(email="kita@example.lt")
    factories.EmploymentFactory(person=other, position="direktorė")

    data = json.loads(_zip(personal_data_export(person=jurgita)).read("data.json"))

    assert [row["id"] for row in data["person"]] == [jurgita.pk]
    assert all(row["position"] != "direktorė" for row in data["employments"])


def test_an_account_without_a_person_exports_the_account_only():
    user = factories.UserFactory(email="be-asmens@example.lt")

    data = json.loads(_zip(personal_data_export(person=None, user=user)).read("data.json"))

    assert data["person"] == []
    assert data["user"][0]["email"] == "be-asmens@example.lt"


# Consent --------------------------------------------------------------------------------


def test_consent_give_and_withdraw_keep_the_history():
    person = factories.PersonFactory()
    first = consent_give(person=person, purpose=ConsentRecord.Purpose.PHOTOS)
    assert consent_withdraw(person=person, purpose=ConsentRecord.Purpose.PHOTOS) == 1
    second = consent_give(person=person, purpose=ConsentRecord.Purpose.PHOTOS)

    records = ConsentRecord.objects.filter(person=person).order_by("pk")
    assert [r.pk for r in records] == [first.pk, second.pk]
    assert records[0].withdrawn_at is not None
    assert records[1].withdrawn_at is None
    assert records[1].text_version == "2026-01"
    assert records[1].text
    assert consent_current(person=person)["photos"] == second


def test_giving_a_consent_twice_records_it_once():
    person = factories.PersonFactory()
    consent_give(person=person, purpose=ConsentRecord.Purpose.NEWSLETTER)
    consent_give(person=person, purpose=ConsentRecord.Purpose.NEWSLETTER)

    assert ConsentRecord.objects.filter(person=person).count() == 1


def test_consent_changes_are_in_the_audit_log_with_who():
    person = factories.PersonFactory()
    user = factories.UserFactory()
    record = consent_give(person=person, purpose=ConsentRecord.Purpose.NEWSLETTER, by=user)

    entry = LogEntry.objects.get_for_object(record).get()
    assert entry.actor == user


# Erasure --------------------------------------------------------------------------------


def test_a_second_pending_erasure_request_is_refused(jurgita):
    erasure_request_create(person=jurgita, requested_by=jurgita.user)

    with pytest.raises(ValidationError):
        erasure_request_create(person=jurgita, requested_by=jurgita.user, reason="vėl")


def test_erasure_removes_the_contacts_everywhere_and_keeps_the_register(
    jurgita, staff_user, django_capture_on_commit_callbacks
):
    before = register_report(year=timezone.localdate().year)
    request = erasure_request_create(person=jurgita, requested_by=jurgita.user, reason="Išeinu")

    with django_capture_on_commit_callbacks(execute=True):
        erasure_request_confirm(request=request, decided_by=staff_user)

    jurgita.refresh_from_db()
    user = User.objects.get(pk=jurgita.user_id)
    dump = _database_text()
    assert EMAIL.lower() not in dump
    assert PHONE not in dump
    assert "10.1.2.3" not in dump
    # The member register keeps the name and still counts the membership.
    assert (jurgita.first_name, jurgita.last_name) == ("Jurgita", "Petraitienė")
    assert register_report(year=timezone.localdate().year).members == before.members
    assert jurgita in member_list().people
    # The account is closed.
    assert not user.is_active and not user.has_usable_password()
    assert not EmailAddress.objects.filter(user=user).exists()
    assert not Authenticator.objects.filter(user=user).exists()
    assert not ConsentRecord.objects.filter(person=jurgita, withdrawn_at__isnull=True).exists()
    # The application led to no membership: the representative's name goes too.
    application = MembershipApplication.objects.get()
    assert application.representative_first_name == ERASED_NAME
    # The decision is recorded, with what was kept and why.
    request.refresh_from_db()
    assert request.status == ErasureRequest.Status.CONFIRMED
    assert request.completed_at is not None
    assert "Asociacijų įstatymo 13" in request.kept_records
    assert "narių registre" in request.kept_records
    anonymisation = Anonymisation.objects.get(person=jurgita)
    assert anonymisation.by == staff_user and "Išeinu" in anonymisation.reason
    # The person is told, in their language, and the address is then forgotten.
    assert mail.outbox[-1].to == [EMAIL]
    assert "erased" in mail.outbox[-1].subject
    assert request.notify_email == ""


def test_erasure_of_a_person_who_never_was_a_member_removes_the_name(staff_user):
    person = factories.PersonFactory(first_name="Ona", last_name="Testuolytė", phone=PHONE)
    factories.EmploymentFactory(person=person)
    request = erasure_request_create(person=person, requested_by=staff_user)

    erasure_request_confirm(request=request, decided_by=staff_user)

    person.refresh_from_db()
    assert person.first_name == ERASED_NAME
    assert person.employments.count() == 1
    assert "testuolytė" not in _database_text()


def test_erasure_writes_the_audit_log_with_who(jurgita, staff_user):
    request = erasure_request_create(person=jurgita, requested_by=jurgita.user)
    erasure_request_confirm(request=request, decided_by=staff_user)

    entry = LogEntry.objects.get_for_object(jurgita).order_by("-timestamp").first()
    assert entry is not None and entry.actor == staff_user


def test_a_decided_request_cannot_be_decided_again(jurgita, staff_user):
    request = erasure_request_create(person=jurgita, requested_by=jurgita.user)
    erasure_request_confirm(request=request, decided_by=staff_user)

    with pytest.raises(ValidationError):
        erasure_request_reject(request=request, decided_by=staff_user, reason="ne")


def test_rejection_needs_a_reason_and_emails_the_person_in_their_language(
    jurgita, staff_user, django_capture_on_commit_callbacks
):
    request = erasure_request_create(person=jurgita, requested_by=jurgita.user)
    with pytest.raises(ValidationError):
        erasure_request_reject(request=request, decided_by=staff_user, reason=" ")

    with django_capture_on_commit_callbacks(execute=True):
        erasure_request_reject(
            request=request, decided_by=staff_user, reason="Vyksta ginčas dėl mokesčių."
        )

    request.refresh_from_db()
    assert request.status == ErasureRequest.Status.REJECTED
    assert mail.outbox[-1].to == [EMAIL]
    assert "Your request" in mail.outbox[-1].subject  # User.language is English
    assert "Vyksta ginčas" in mail.outbox[-1].body
    jurgita.refresh_from_db()
    assert jurgita.email == EMAIL


def test_an_account_without_a_person_can_be_erased(staff_user, django_capture_on_commit_callbacks):
    user = factories.UserFactory(email="vienisas@example.lt")
    request = erasure_request_create(person=None, requested_by=user)

    with django_capture_on_commit_callbacks(execute=True):
        erasure_request_confirm(request=request, decided_by=staff_user)

    user.refresh_from_db()
    assert not user.is_active
    assert "vienisas@example.lt" not in _database_text()


# Retention ------------------------------------------------------------------------------


def _former_member(ended: datetime.date) -> Person:
    person: Person = factories.PersonFactory.create(phone=PHONE)
    factories.MembershipFactory(
        person=person,
        library=None,
        status=Membership.Status.ENDED,
        applied_on=datetime.date(2010, 1, 1),
        joined_on=datetime.date(2010, 2, 1),
        ended_on=ended,
        end_reason=Membership.EndReason.LEFT,
    )
    factories.EmploymentFactory(person=person, start_date=datetime.date(2010, 1, 1), end_date=ended)
    return person


def _retention_state() -> list[tuple[Any, ...]]:
    return list(Person.objects.order_by("pk").values_list("pk", "first_name", "email", "phone"))


def test_retention_dry_run_changes_nothing():
    _former_member(datetime.date(2015, 6, 30))
    before = _retention_state()

    out = io.StringIO()
    call_command("retention_apply", "--years", "5", stdout=out)

    assert "Would anonymise" in out.getvalue()
    assert _retention_state() == before
    assert not Anonymisation.objects.exists()


def test_retention_apply_anonymises_only_people_whose_relationship_ended_long_ago():
    old = _former_member(datetime.date(2015, 6, 30))
    recent = _former_member(timezone.localdate() - datetime.timedelta(days=365))
    still_working = _former_member(datetime.date(2015, 6, 30))
    factories.EmploymentFactory(person=still_working, start_date=datetime.date(2016, 1, 1))
    signed_in = _former_member(datetime.date(2015, 6, 30))
    signed_in.user = factories.UserFactory(last_login=timezone.now())
    signed_in.save()

    call_command("retention_apply", "--years", "5", "--apply", stdout=io.StringIO())

    old.refresh_from_db()
    assert old.email == "" and old.phone == ""
    assert old.first_name != ERASED_NAME  # a former member stays in the register
    assert "Saugojimo terminas" in Anonymisation.objects.get(person=old).reason
    for kept in (recent, still_working, signed_in):
        kept.refresh_from_db()
        assert kept.email
        assert not Anonymisation.objects.filter(person=kept).exists()


def test_retention_apply_twice_changes_nothing_the_second_time():
    _former_member(datetime.date(2015, 6, 30))
    retention_apply(years=5, apply=True)
    after_first = (_retention_state(), LogEntry.objects.count(), Anonymisation.objects.count())

    result = retention_apply(years=5, apply=True)

    assert result.people == []
    assert (_retention_state(), LogEntry.objects.count(), Anonymisation.objects.count()) == (
        after_first
    )


def test_retention_uses_the_configured_number_of_years(settings):
    _former_member(datetime.date(timezone.localdate().year - 3, 1, 1))
    settings.LRBA_RETENTION_YEARS = 2

    out = io.StringIO()
    call_command("retention_apply", stdout=out)

    assert "Would anonymise 1 people" in out.getvalue()
    assert retention_due(years=5) == []


# Processing activities ------------------------------------------------------------------


def test_the_processing_activities_are_seeded():
    assert ProcessingActivity.objects.count() >= 5
    assert ProcessingActivity.objects.filter(name="Narių registras", legal_basis="c").exists()
