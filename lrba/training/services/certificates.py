"""Issuing, re-issuing and revoking certificates.

Numbers (`LRBA-2026-0001`) come from a numbering series of lrba.core.numbering, locked
with SELECT FOR UPDATE while a block of numbers is taken, so two runs issued at once
never share a number and leave no gap. The PDFs are drawn afterwards by a background
task, in batches.

Members of the public register without a Person record. They attended too, so they get a
certificate: a Person is found by the registration's e-mail, or created from its name and
e-mail, and the registration is linked to it (the certificate and the hours need one).
"""

import copy
import datetime
from functools import partial
from typing import Any

from auditlog.models import LogEntry
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.db.models.functions import Lower
from django.utils import timezone

from lrba.core.association import association
from lrba.core.audit import acting_as, audit_bulk
from lrba.core.db import LithuanianOrder
from lrba.core.numbering import number_next
from lrba.events.models import Registration
from lrba.members.models import Person
from lrba.training.documents import certificate_pdfs_render
from lrba.training.models import Certificate, ProgrammeRun, TrainingRecord

SERIES_PREFIX = "LRBA"
# Certificates drawn per background task: one WeasyPrint layout per batch.
PDF_BATCH_SIZE = 50


def certificate_series_key(*, year: int, prefix: str = SERIES_PREFIX) -> str:
    """The numbering series of a year's certificates (lrba.core.numbering)."""
    return f"certificate:{prefix}-{year}"


def certificate_numbers_take(*, year: int, count: int, prefix: str = SERIES_PREFIX) -> list[str]:
    """Reserve `count` consecutive certificate numbers for `year`.

    Must run inside a transaction: the series row stays locked until it commits, so a
    concurrent issuer waits and then continues after our block."""
    numbers = number_next(series_key=certificate_series_key(year=year, prefix=prefix), count=count)
    return [f"{prefix}-{year}-{number:04d}" for number in numbers]


def _event_year(run: ProgrammeRun) -> int:
    return timezone.localtime(run.event.starts_at).year


def _persons_for_public(registrations: list[Registration]) -> None:
    """Give each registration without a person one: by e-mail, else a new Person."""
    public = [r for r in registrations if r.person_id is None]
    if not public:
        return
    emails = {r.email.strip().lower() for r in public}
    known: dict[str, Person] = {}
    for person in (
        Person.objects.annotate(email_lower=Lower("email"))
        .filter(email_lower__in=emails)
        .order_by("pk")
    ):
        known.setdefault(person.email.lower(), person)
    missing = {}
    for registration in public:
        email = registration.email.strip().lower()
        if email not in known and email not in missing:
            missing[email] = Person(
                first_name=registration.first_name, last_name=registration.last_name, email=email
            )
    created = Person.objects.bulk_create(list(missing.values()))
    audit_bulk([(None, person) for person in created], action=LogEntry.Action.CREATE)
    known.update({person.email: person for person in created})
    before = [copy.copy(registration) for registration in public]
    for registration in public:
        registration.person = known[registration.email.strip().lower()]
    Registration.objects.bulk_update(public, ["person"])
    audit_bulk(
        list(zip(before, public, strict=True)), action=LogEntry.Action.UPDATE, fields=["person"]
    )


def _printed_name(registration: Registration) -> str:
    person = registration.person
    return (person.full_name if person else "") or registration.full_name


def _enqueue_pdfs(certificate_ids: list[int]) -> None:
    from lrba.training import tasks

    for start in range(0, len(certificate_ids), PDF_BATCH_SIZE):
        batch = certificate_ids[start : start + PDF_BATCH_SIZE]
        transaction.on_commit(partial(tasks.render_certificate_pdfs.enqueue, certificate_ids=batch))


@transaction.atomic
def certificates_issue_for_run(*, run: ProgrammeRun, by: Any) -> int:
    """Issue a certificate, and record the hours, for everyone marked present at `run`
    who has no valid certificate yet. Returns how many were issued; running it again
    issues nothing new. The PDFs follow from a background task after commit."""
    # The run's row lock makes two clicks on "Issue certificates" take turns.
    run = (
        ProgrammeRun.objects.select_for_update().select_related("programme", "event").get(pk=run.pk)
    )
    has_valid = Certificate.objects.filter(
        registration=OuterRef("pk"), status=Certificate.Status.VALID
    )
    registrations = list(
        Registration.objects.filter(event=run.event, status=Registration.Status.ATTENDED)
        .exclude(Exists(has_valid))
        .select_related("person")
        .order_by(LithuanianOrder("last_name"), LithuanianOrder("first_name"), "pk")
    )
    now = timezone.now()
    if registrations:
        # Bulk writes for speed (a run can have hundreds of participants); their audit
        # entries are written explicitly (auditlog sees no bulk write), attributed to `by`.
        with acting_as(by):
            _certificates_issue(run, registrations, by=by, now=now)
    run.certificates_issued_at = now
    run.save(update_fields=["certificates_issued_at"])
    return len(registrations)


def _certificates_issue(
    run: ProgrammeRun, registrations: list[Registration], *, by: Any, now: datetime.datetime
) -> None:
    """Number, create and audit the certificates and training records of `registrations`."""
    _persons_for_public(registrations)
    numbers = certificate_numbers_take(year=_event_year(run), count=len(registrations))
    issued_on = timezone.localdate()
    programme = run.programme
    certificates = Certificate.objects.bulk_create(
        [
            Certificate(
                number=number,
                person=registration.person,
                full_name=_printed_name(registration),
                programme=programme,
                event=run.event,
                registration=registration,
                hours=programme.hours,
                issued_on=issued_on,
            )
            for number, registration in zip(numbers, registrations, strict=True)
        ]
    )
    records = TrainingRecord.objects.bulk_create(
        [
            TrainingRecord(
                person=certificate.person,
                source=TrainingRecord.Source.CERTIFICATE,
                status=TrainingRecord.Status.APPROVED,
                title=programme.title,
                provider=association().name,
                completed_on=timezone.localtime(run.event.ends_at).date(),
                hours=programme.hours,
                certificate=certificate,
                decided_by=by if getattr(by, "pk", None) else None,
                decided_at=now,
            )
            for certificate in certificates
        ]
    )
    audit_bulk([(None, c) for c in certificates], action=LogEntry.Action.CREATE)
    audit_bulk([(None, r) for r in records], action=LogEntry.Action.CREATE)
    _enqueue_pdfs([certificate.pk for certificate in certificates])


def certificate_pdfs_store(*, certificates: list[Certificate]) -> list[Certificate]:
    """Draw and store the PDFs of `certificates` (loaded with CERTIFICATE_RELATED) and
    record the file names: one UPDATE for the batch, its audit entries written with it."""
    before = [copy.copy(certificate) for certificate in certificates]
    stored = certificate_pdfs_render(certificates)
    Certificate.objects.bulk_update(stored, ["pdf"])
    audit_bulk(
        list(zip(before, stored, strict=True)), action=LogEntry.Action.UPDATE, fields=["pdf"]
    )
    return stored


def _lock(certificate: Certificate) -> Certificate:
    return (
        Certificate.objects.select_for_update()
        .select_related("event", "person")
        .get(pk=certificate.pk)
    )


def _revoke(certificate: Certificate, reason: str, when: datetime.datetime) -> None:
    if certificate.status != Certificate.Status.VALID:
        raise ValueError("Only a valid certificate can be revoked.")
    certificate.status = Certificate.Status.REVOKED
    certificate.revoked_at = when
    certificate.revoked_reason = reason
    certificate.full_clean()
    certificate.save()


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, by: Any, reason: str) -> Certificate:
    """Withdraw a certificate: the public page then says it was revoked, and its hours no
    longer count (the training record is marked rejected with the same reason)."""
    with acting_as(by):
        certificate = _lock(certificate)
        now = timezone.now()
        _revoke(certificate, reason, now)
        record = TrainingRecord.objects.filter(certificate=certificate).first()
        if record is not None:
            record.status = TrainingRecord.Status.REJECTED
            record.rejection_reason = reason
            record.decided_by = by if getattr(by, "pk", None) else None
            record.decided_at = now
            record.save()
    return certificate


@transaction.atomic
def certificate_reissue(*, certificate: Certificate, by: Any, reason: str) -> Certificate:
    """Replace a certificate (a misspelt name, say): the old one is revoked with `reason`,
    a new one with a new number and code takes its place and carries its hours.
    The name is printed afresh from the person record."""
    with acting_as(by):
        old = _lock(certificate)
        now = timezone.now()
        _revoke(old, reason, now)
        year = timezone.localtime(old.event.starts_at).year
        (number,) = certificate_numbers_take(year=year, count=1)
        new = Certificate(
            number=number,
            person=old.person,
            full_name=old.person.full_name or old.full_name,
            programme_id=old.programme_id,
            event=old.event,
            registration_id=old.registration_id,
            hours=old.hours,
            issued_on=timezone.localdate(),
            replaces=old,
        )
        new.full_clean()
        new.save()
        record = TrainingRecord.objects.filter(certificate=old).first()
        if record is not None:
            record.certificate = new
            record.save()
        _enqueue_pdfs([new.pk])
    return new
