"""Issuing, re-issuing and revoking certificates, and drawing their PDFs."""

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.files.storage import default_storage

from lrba.core.models import NumberingSeries
from lrba.events.tests.factories import RegistrationFactory
from lrba.members.tests.factories import PersonFactory
from lrba.training.documents import event_dates, long_date
from lrba.training.models import Certificate, TrainingRecord
from lrba.training.services.certificates import (
    certificate_reissue,
    certificate_revoke,
    certificates_issue_for_run,
)
from lrba.training.tests.factories import ProgrammeRunFactory, attended

pytestmark = pytest.mark.django_db


def test_issuing_numbers_everyone_present_in_sequence(staff_user):
    run = ProgrammeRunFactory(programme__hours=Decimal("8"))
    attended(run, 3)
    RegistrationFactory(event=run.event, person=PersonFactory(), status="confirmed")
    RegistrationFactory(event=run.event, person=PersonFactory(), status="cancelled")

    issued = certificates_issue_for_run(run=run, by=staff_user)

    year = run.event.starts_at.year
    assert issued == 3
    numbers = sorted(Certificate.objects.values_list("number", flat=True))
    assert numbers == [f"LRBA-{year}-000{i}" for i in (1, 2, 3)]
    assert NumberingSeries.objects.get(key=f"certificate:LRBA-{year}").next_number == 4
    run.refresh_from_db()
    assert run.certificates_issued_at is not None


def test_issuing_records_the_programme_hours_as_approved(staff_user):
    run = ProgrammeRunFactory(programme__hours=Decimal("12.5"))
    (registration,) = attended(run)

    certificates_issue_for_run(run=run, by=staff_user)

    record = TrainingRecord.objects.get(person=registration.person)
    assert record.source == "certificate"
    assert record.status == "approved"
    assert record.hours == Decimal("12.5")
    assert record.certificate.hours == Decimal("12.5")
    assert record.certificate.full_name == registration.person.full_name


def test_issuing_twice_issues_nothing_new(staff_user):
    run = ProgrammeRunFactory()
    attended(run, 2)
    assert certificates_issue_for_run(run=run, by=staff_user) == 2
    assert certificates_issue_for_run(run=run, by=staff_user) == 0
    assert Certificate.objects.count() == 2
    assert TrainingRecord.objects.count() == 2


def test_issuing_continues_the_series_of_the_year_across_runs(staff_user):
    first, second = ProgrammeRunFactory(), ProgrammeRunFactory()
    attended(first, 2)
    attended(second, 2)
    certificates_issue_for_run(run=first, by=staff_user)
    certificates_issue_for_run(run=second, by=staff_user)
    numbers = sorted(
        int(n.rsplit("-", 1)[1]) for n in Certificate.objects.values_list("number", flat=True)
    )
    assert numbers == [1, 2, 3, 4]


def test_a_member_of_the_public_gets_a_person_and_a_certificate(staff_user):
    run = ProgrammeRunFactory()
    registration = RegistrationFactory(
        event=run.event,
        person=None,
        status="attended",
        first_name="Žydrūnė",
        last_name="Šimkutė",
        email="Zydrune@Example.lt",
    )

    certificates_issue_for_run(run=run, by=staff_user)

    registration.refresh_from_db()
    assert registration.person is not None
    assert registration.person.email == "zydrune@example.lt"
    assert Certificate.objects.get().full_name == "Žydrūnė Šimkutė"


def test_a_member_of_the_public_with_a_known_email_is_linked_to_that_person(staff_user):
    known = PersonFactory(email="ona@example.lt")
    run = ProgrammeRunFactory()
    RegistrationFactory(event=run.event, person=None, status="attended", email="ONA@example.lt")
    certificates_issue_for_run(run=run, by=staff_user)
    assert Certificate.objects.get().person == known


def test_issuing_runs_a_fixed_number_of_queries(staff_user, django_assert_max_num_queries):
    small, large = ProgrammeRunFactory(), ProgrammeRunFactory()
    attended(small, 2)
    attended(large, 20)
    # The series row exists already (creating it is a one-off per year).
    NumberingSeries.objects.create(key=f"certificate:LRBA-{small.event.starts_at.year}")
    with django_assert_max_num_queries(20) as small_queries:
        certificates_issue_for_run(run=small, by=staff_user)
    with django_assert_max_num_queries(20) as large_queries:
        certificates_issue_for_run(run=large, by=staff_user)
    assert len(large_queries.captured_queries) == len(small_queries.captured_queries)


def test_the_task_draws_a_pdf_for_every_certificate(staff_user, django_capture_on_commit_callbacks):
    run = ProgrammeRunFactory()
    attended(run, 2)
    with django_capture_on_commit_callbacks(execute=True):
        certificates_issue_for_run(run=run, by=staff_user)
    for certificate in Certificate.objects.all():
        assert certificate.pdf.name.endswith(f"{certificate.number}.pdf")
        with default_storage.open(certificate.pdf.name, "rb") as handle:
            assert handle.read(5) == b"%PDF-"


def test_drawing_again_overwrites_the_file(staff_user, django_capture_on_commit_callbacks):
    from lrba.training.tasks import render_certificate_pdfs

    run = ProgrammeRunFactory()
    attended(run)
    with django_capture_on_commit_callbacks(execute=True):
        certificates_issue_for_run(run=run, by=staff_user)
    certificate = Certificate.objects.get()
    first_name = certificate.pdf.name
    render_certificate_pdfs.call(certificate_ids=[certificate.pk])
    certificate.refresh_from_db()
    assert certificate.pdf.name == first_name


def test_drawing_a_batch_queries_once_to_load_and_once_to_store(
    staff_user, django_assert_num_queries
):
    from lrba.training.tasks import render_certificate_pdfs

    run = ProgrammeRunFactory()
    attended(run, 3)
    certificates_issue_for_run(run=run, by=staff_user)
    ids = list(Certificate.objects.values_list("pk", flat=True))
    # Loading the batch, one bulk UPDATE and one INSERT of its audit entries (inside its
    # own transaction on SQLite/PG).
    with django_assert_num_queries(3, exact=False) as captured:
        render_certificate_pdfs.call(certificate_ids=ids)
    assert len([q for q in captured.captured_queries if q["sql"].startswith("SELECT")]) == 1


def test_revoking_is_logged_with_the_actor_and_stops_the_hours(staff_user):
    run = ProgrammeRunFactory()
    attended(run)
    certificates_issue_for_run(run=run, by=staff_user)
    certificate = Certificate.objects.get()

    certificate_revoke(certificate=certificate, by=staff_user, reason="Dalyvavo ne visą laiką")

    certificate.refresh_from_db()
    assert certificate.status == "revoked"
    assert certificate.revoked_reason == "Dalyvavo ne visą laiką"
    assert TrainingRecord.objects.get().status == "rejected"
    entry = LogEntry.objects.get_for_object(certificate).latest("timestamp")
    assert entry.actor == staff_user
    assert "status" in entry.changes_dict


def test_reissuing_revokes_the_old_and_issues_a_new_number(staff_user):
    run = ProgrammeRunFactory()
    (registration,) = attended(run)
    certificates_issue_for_run(run=run, by=staff_user)
    old = Certificate.objects.get()
    registration.person.last_name = "Pataisytaitė"
    registration.person.save()

    new = certificate_reissue(certificate=old, by=staff_user, reason="Klaida pavardėje")

    old.refresh_from_db()
    assert old.status == "revoked"
    assert new.replaces == old
    assert new.number != old.number
    assert new.verification_code != old.verification_code
    assert new.full_name.endswith("Pataisytaitė")
    assert TrainingRecord.objects.get().certificate == new
    assert LogEntry.objects.get_for_object(old).latest("timestamp").actor == staff_user
    assert LogEntry.objects.get_for_object(new).get().actor == staff_user


def test_a_revoked_certificate_cannot_be_revoked_again(staff_user):
    run = ProgrammeRunFactory()
    attended(run)
    certificates_issue_for_run(run=run, by=staff_user)
    certificate = Certificate.objects.get()
    certificate_revoke(certificate=certificate, by=staff_user, reason="x")
    with pytest.raises(ValueError):
        certificate_revoke(certificate=certificate, by=staff_user, reason="x")


def test_issuing_after_a_revocation_issues_a_new_certificate(staff_user):
    run = ProgrammeRunFactory()
    attended(run)
    certificates_issue_for_run(run=run, by=staff_user)
    certificate_revoke(certificate=Certificate.objects.get(), by=staff_user, reason="x")
    assert certificates_issue_for_run(run=run, by=staff_user) == 1


def test_long_dates_read_the_lithuanian_way():
    import datetime

    assert long_date(datetime.date(2026, 4, 18)) == "2026 m. balandžio 18 d."
    assert long_date(datetime.date(2026, 4, 18), "en") == "18 April 2026"
    assert event_dates(datetime.date(2026, 4, 17), datetime.date(2026, 4, 18)) == (
        "2026 m. balandžio 17–18 d."
    )


def test_issuing_writes_the_audit_entries_the_bulk_inserts_skip(staff_user):
    """Certificates, hours, new people and re-linked registrations are written in bulk for
    speed; auditlog sees no bulk write, so the service writes their entries itself."""
    run = ProgrammeRunFactory()
    attended(run, 2)
    public = RegistrationFactory(event=run.event, status="attended", email="ona@example.lt")

    certificates_issue_for_run(run=run, by=staff_user)

    def entries(model, action):
        return LogEntry.objects.get_for_model(model).filter(action=action)

    certificates = entries(Certificate, LogEntry.Action.CREATE)
    assert sorted(certificates.values_list("object_id", flat=True)) == sorted(
        Certificate.objects.values_list("pk", flat=True)
    )
    assert {entry.actor for entry in certificates} == {staff_user}
    assert entries(TrainingRecord, LogEntry.Action.CREATE).count() == 3
    person = public.__class__.objects.get(pk=public.pk).person
    assert entries(person.__class__, LogEntry.Action.CREATE).filter(object_id=person.pk).exists()
    relinked = entries(public.__class__, LogEntry.Action.UPDATE).get(object_id=public.pk)
    assert relinked.changes_dict["person"] == ["None", str(person.pk)]


def test_a_bulk_write_outside_a_request_names_no_stale_actor(staff_user):
    """Outside a request or `acting_as` block no actor is named, even if an earlier one
    left its value behind in the context."""
    from lrba.core.audit import acting_as, audit_bulk

    run = ProgrammeRunFactory()
    (registration,) = attended(run)
    with acting_as(staff_user):
        pass  # leaves auditlog's context value behind, as a finished request does

    assert audit_bulk([(None, registration)], action=LogEntry.Action.CREATE) == 1

    entry = LogEntry.objects.get_for_object(registration).order_by("-pk").first()
    assert entry.action == LogEntry.Action.CREATE
    assert entry.actor is None
