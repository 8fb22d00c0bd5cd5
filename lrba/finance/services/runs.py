"""The yearly run (issue 10, point 3): a fee schedule's invoices for every current member,
issued in the background, with progress the secretariat watches.

Each member's invoice is its own transaction (`fee_invoice_issue`): a run that stops
half-way keeps what it issued, and running it again issues only what is missing — the
one-invoice-per-member-and-fee constraint makes a second invoice impossible even when two
runs overlap. A member that cannot be invoiced (a library without a legal-entity code) is
counted as refused with the reason, and the run goes on.
"""

import datetime
import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from lrba.core.audit import acting_as
from lrba.finance.models import FeeSchedule, InvoiceRun, InvoiceSeries
from lrba.finance.services.fees import fee_invoice_issue
from lrba.members.models import Membership

logger = logging.getLogger(__name__)

# Progress is written every this many members: often enough to watch, rarely enough
# not to slow the run.
PROGRESS_EVERY = 10
LIVE = (InvoiceRun.Status.QUEUED, InvoiceRun.Status.RUNNING)


def run_members(schedule: FeeSchedule):
    """The members a run invoices: current memberships (active or suspended — a suspended
    member still owes the fee), in a stable order."""
    return Membership.objects.current().select_related("library", "person__user").order_by("pk")


def invoice_run_start(
    schedule: FeeSchedule,
    *,
    series: InvoiceSeries,
    issue_date: datetime.date,
    by: Any,
    send_emails: bool = True,
) -> InvoiceRun:
    """Queue the run of `schedule`; it starts after commit, in the background. Refused
    while another run of the same fee is waiting or running (locks the schedule)."""
    if series.kind != InvoiceSeries.Kind.INVOICE or not series.is_active:
        raise ValidationError(_("Choose a series of invoice numbers that is in use."))
    if not schedule.rates.exists():
        raise ValidationError(
            _("The fee has no amounts yet: set the amount for each category of member first."),
            code="no_rates",
        )
    with transaction.atomic(), acting_as(by):
        FeeSchedule.objects.select_for_update().get(pk=schedule.pk)
        if InvoiceRun.objects.filter(schedule=schedule, status__in=LIVE).exists():
            raise ValidationError(
                _("The invoices of this fee are already being issued: wait for that run."),
                code="run_in_progress",
            )
        run = InvoiceRun(
            schedule=schedule,
            series=series,
            issue_date=issue_date,
            send_emails=send_emails,
            started_by=by if getattr(by, "is_authenticated", False) else None,
        )
        run.full_clean(exclude=["started_by"])  # None when a script starts it
        run.save()
        run_id = run.pk
        transaction.on_commit(lambda: invoice_run_task.enqueue(run_id))
    return run


def _progress_save(run: InvoiceRun, **extra: Any) -> None:
    InvoiceRun.objects.filter(pk=run.pk).update(
        total=run.total,
        issued=run.issued,
        skipped=run.skipped,
        refused=run.refused,
        problems=run.problems,
        **extra,
    )


def invoice_run_execute(run_id: int) -> InvoiceRun:
    """Do the run: issue each current member's invoice, saving progress as it goes."""
    with transaction.atomic():
        run = (
            InvoiceRun.objects.select_for_update(of=("self",))
            .select_related("schedule", "series", "started_by")
            .get(pk=run_id)
        )
        if run.status != InvoiceRun.Status.QUEUED:
            return run  # already done (or being done) by another worker
        run.status = InvoiceRun.Status.RUNNING
        run.save(update_fields=["status"])
    by = run.started_by
    language = getattr(by, "language", "") or translation.get_language() or "lt"
    members = list(run_members(run.schedule))
    run.total, run.issued, run.skipped, run.refused, run.problems = len(members), 0, 0, 0, []
    _progress_save(run)
    try:
        with translation.override(language), acting_as(by):
            for done, membership in enumerate(members, start=1):
                _run_one(run, membership, by)
                if done % PROGRESS_EVERY == 0:
                    _progress_save(run)
    except Exception:
        logger.exception("Invoice run %s failed", run.pk)
        run.status = InvoiceRun.Status.FAILED
        run.problems.append(
            {
                "member": "",
                "membership": None,
                "message": _(
                    "The run stopped on an unexpected error. The invoices it issued stay; "
                    "start the run again to issue the rest."
                ),
            }
        )
        _progress_save(run, status=run.status, finished_at=timezone.now())
        raise
    run.status = InvoiceRun.Status.DONE
    run.finished_at = timezone.now()
    _progress_save(run, status=run.status, finished_at=run.finished_at)
    return run


def _run_one(run: InvoiceRun, membership: Membership, by: Any) -> None:
    try:
        invoice = fee_invoice_issue(
            run.schedule,
            membership,
            series=run.series,
            issue_date=run.issue_date,
            by=by,
            run=run,
            send=run.send_emails,
        )
    except ValidationError as refusal:
        run.refused += 1
        run.problems.append(
            {
                "member": str(membership.member),
                "membership": membership.pk,
                "message": " ".join(refusal.messages),
            }
        )
        return
    if invoice is None:
        run.skipped += 1
    else:
        run.issued += 1


@task()
def invoice_run_task(run_id: int) -> None:
    invoice_run_execute(run_id)
