"""External training: a librarian submits it, the secretariat approves or rejects it.

The person is told the decision by e-mail in their language, after commit. Decisions run
under the deciding user, so the audit log names them.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lrba.core.audit import acting_as
from lrba.members.models import Person
from lrba.training.models import TrainingRecord

Status = TrainingRecord.Status


def external_training_submit(
    *,
    person: Person,
    by: Any,
    title: str,
    provider: str,
    hours: Decimal,
    completed_on: datetime.date,
    evidence: UploadedFile | None = None,
) -> TrainingRecord:
    """Record training taken elsewhere; it counts once the secretariat approves it."""
    record = TrainingRecord(
        person=person,
        source=TrainingRecord.Source.EXTERNAL,
        status=Status.PENDING,
        title=title,
        provider=provider,
        hours=hours,
        completed_on=completed_on,
        submitted_by=by,
    )
    if evidence is not None:
        record.evidence = evidence
    record.full_clean()
    with acting_as(by):
        record.save()
    return record


def _decide(record: TrainingRecord, *, by: Any, status: str, reason: str = "") -> TrainingRecord:
    from lrba.training import tasks

    with acting_as(by):
        record = TrainingRecord.objects.select_for_update().get(pk=record.pk)
        if record.source != TrainingRecord.Source.EXTERNAL or record.status != Status.PENDING:
            raise ValidationError(
                _("Only external training waiting for approval can be decided."),
                code="not_pending",
            )
        record.status = status
        record.rejection_reason = reason
        record.decided_by = by
        record.decided_at = timezone.now()
        record.full_clean()
        record.save()
    transaction.on_commit(lambda: tasks.send_record_decision.enqueue(record_id=record.pk))
    return record


@transaction.atomic
def training_record_approve(*, record: TrainingRecord, by: Any) -> TrainingRecord:
    return _decide(record, by=by, status=Status.APPROVED)


@transaction.atomic
def training_record_reject(*, record: TrainingRecord, by: Any, reason: str) -> TrainingRecord:
    if not reason.strip():
        raise ValidationError(_("Say why the training is not counted."), code="reason_required")
    return _decide(record, by=by, status=Status.REJECTED, reason=reason.strip())
