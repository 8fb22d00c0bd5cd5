"""Writes of the delegations: the secretariat records who represents the association in
an outside body (usually in the back office, which saves the model itself; this service
is for the demo data and scripts), and a delegate reports back on the body's work."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

from lrba.core.audit import acting_as
from lrba.core.uploads import upload_store, validate_upload
from lrba.members.models import Person
from lrba.representation.models import DelegateReport, Delegation


def delegation_create(*, by: Any, person: Person, body_name: str, **fields: Any) -> Delegation:
    """Record a delegate's seat in a body (`fields`: the model's other fields)."""
    delegation = Delegation(person=person, body_name=body_name, **fields)
    delegation.full_clean()
    with acting_as(by):
        delegation.save()
    return delegation


def delegate_report_submit(
    *,
    delegation: Delegation,
    by: Any,
    title: str,
    text: str,
    reported_on: datetime.date | None = None,
    file: UploadedFile | None = None,
) -> DelegateReport:
    """A delegate's report back on `delegation`. Only the delegate reports (the view's
    access check says so too); the date cannot be in the future nor before the
    delegation started."""
    if delegation.person.user_id is None or delegation.person.user_id != getattr(by, "pk", None):
        raise ValidationError(
            _("Only the delegate reports on their delegation."), code="not_the_delegate"
        )
    reported_on = reported_on or timezone.localdate()
    if reported_on > timezone.localdate():
        raise ValidationError(
            {"reported_on": _("The date cannot be in the future.")}, code="future"
        )
    if reported_on < delegation.starts_on:
        raise ValidationError(
            {"reported_on": _("The date is before the delegation started.")},
            code="before_start",
        )
    report = DelegateReport(
        delegation=delegation,
        reported_on=reported_on,
        title=title.strip(),
        text=text.strip(),
        submitted_by=by,
    )
    report.full_clean(exclude=["file"])
    if file is not None:
        validate_upload(file)  # before storing: a refused file leaves nothing behind
        upload_store(report.file, file, name=str(file.name or "ataskaita"), prefix="report")
    with acting_as(by):
        report.save()
    return report
