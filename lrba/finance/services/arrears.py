"""Arrears: reminders of overdue invoices on the schedule the settings give, and a
proposal for the Board where the statutes attach a consequence to unpaid fees
(issue 10, point 7).

Reminders are idempotent: a `Reminder` row is unique per invoice and stage, created in a
savepoint before its e-mail is enqueued after commit, so running the daily command twice
(or twice at once) sends each reminder once. When an invoice is several stages late at
once (the command did not run for a while), only the latest stage it reached is sent.

The Board proposal never suspends or expels anyone: it drafts an agenda item of a Board
meeting, or a written procedure, the way `lrba.governance.services.admissions` prepares
admissions, and the Board decides.
"""

import datetime
import logging
from decimal import Decimal
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from lrba.core.audit import acting_as
from lrba.core.formatting import format_money
from lrba.core.mail import mail_send
from lrba.finance.models import ArrearsProposal, FinanceSettings, Invoice, Reminder
from lrba.finance.reference import reference_print
from lrba.finance.services.delivery import invoice_recipients
from lrba.governance.models import AgendaItem, Decision, Meeting, WrittenProcedure
from lrba.members.models import Membership

logger = logging.getLogger(__name__)

ZERO = Decimal("0.00")
PROPOSAL_DEADLINE_DAYS = 7


# Who is reminded ---------------------------------------------------------------------------


# Reminders ---------------------------------------------------------------------------------


def reminder_stage_due(invoice: Invoice, stages: list[int], on: datetime.date) -> int | None:
    """The latest stage (days after the due date) `invoice` has reached on `on`."""
    if invoice.due_date is None:
        return None
    days = (on - invoice.due_date).days
    reached = [stage for stage in stages if stage <= days]
    return max(reached) if reached else None


def reminders_send(on: datetime.date | None = None) -> int:
    """Record and e-mail the reminders due on `on` (today); how many were recorded. A
    stage already reminded, or an earlier stage once a later one was sent, is skipped."""
    on = on or timezone.localdate()
    stages = FinanceSettings.current().reminder_day_list()
    if not stages:
        return 0
    sent = 0
    overdue = (
        Invoice.objects.overdue(on)
        .filter(due_date__lte=on - datetime.timedelta(days=min(stages)))
        .select_related("series", "person__user")
        .order_by("due_date", "pk")
    )
    for invoice in overdue:
        stage = reminder_stage_due(invoice, stages, on)
        if stage is None or invoice.reminders.filter(stage__gte=stage).exists():
            continue
        recipients = [r.email for r in invoice_recipients(invoice, buyer_address="fallback")]
        if not recipients:
            logger.warning("Invoice %s is overdue but has nobody to remind", invoice.pk)
            continue
        try:
            with transaction.atomic():
                reminder = Reminder.objects.create(
                    invoice=invoice,
                    stage=stage,
                    sent_on=on,
                    recipients=recipients,
                )
                transaction.on_commit(partial(reminder_send_task.enqueue, reminder.pk))
        except IntegrityError:
            continue  # recorded meanwhile by another run
        sent += 1
    return sent


@task()
def reminder_send_task(reminder_id: int) -> None:
    """E-mail one reminder, in each recipient's language, if its invoice is still open."""
    reminder = (
        Reminder.objects.select_related("invoice__series", "invoice__person__user")
        .filter(pk=reminder_id)
        .first()
    )
    if reminder is None:
        return
    invoice = reminder.invoice
    if invoice.due_date is None or invoice.status not in (
        Invoice.Status.ISSUED,
        Invoice.Status.PARTLY_PAID,
    ):
        return  # paid or cancelled after the reminder was recorded
    for recipient in invoice_recipients(invoice, buyer_address="fallback"):
        email, language = recipient.email, recipient.language
        if email not in reminder.recipients:
            continue
        with translation.override(language):
            context = {
                "invoice": invoice,
                "number": invoice.display_number,
                "days": (reminder.sent_on - invoice.due_date).days,
                "balance": format_money(invoice.balance),
                "total": format_money(invoice.total),
                "reference": reference_print(invoice.reference) if invoice.reference else "",
                "due_date": invoice.due_date,
                "first_name": recipient.first_name,
            }
        mail_send(to=email, template="finance/email/reminder", context=context, language=language)


# The Board ---------------------------------------------------------------------------------


def _invoices_for_board(membership: Membership, days: int, on: datetime.date) -> list[Invoice]:
    return list(
        Invoice.objects.overdue(on)
        .filter(membership=membership, due_date__lte=on - datetime.timedelta(days=days))
        .select_related("series")
        .order_by("due_date", "pk")
    )


def _pending_proposal(membership: Membership) -> ArrearsProposal | None:
    """A proposal for `membership` still before the Board (its item not decided, its
    procedure still a draft or circulating)."""
    for proposal in ArrearsProposal.objects.filter(membership=membership).select_related(
        "agenda_item__meeting", "procedure"
    ):
        item = proposal.agenda_item
        if (
            item is not None
            and not Decision.objects.filter(item=item).exists()
            and item.meeting.status not in (Meeting.Status.CANCELLED, Meeting.Status.MINUTED)
        ):
            return proposal
        procedure = proposal.procedure
        if procedure is not None and procedure.status in (
            WrittenProcedure.Status.DRAFT,
            WrittenProcedure.Status.CIRCULATED,
        ):
            return proposal
    return None


def proposal_texts(
    membership: Membership, invoices: list[Invoice], amount: Decimal, clause: str
) -> tuple[str, str, str]:
    """The title, draft decision and explanation, in the association's language (they
    are the record). The member's name stands after a colon, in the nominative."""
    with translation.override(settings.LANGUAGE_CODE):
        name = str(membership.member)
        numbers = ", ".join(invoice.display_number for invoice in invoices)
        oldest = min(invoice.due_date for invoice in invoices if invoice.due_date)
        title = _("Unpaid membership fees: %(name)s") % {"name": name}
        draft = _(
            "To consider the unpaid membership fees of the member (%(name)s) and decide on "
            "the consequence the statutes provide (%(clause)s)."
        ) % {"name": name, "clause": clause or _("the statutes")}
        explanation = _("Owed: %(amount)s on invoices %(numbers)s, the oldest due on %(date)s.") % {
            "amount": format_money(amount),
            "numbers": numbers,
            "date": oldest.isoformat(),
        }
    return title, draft, explanation


@transaction.atomic
def board_proposal_prepare(
    *,
    membership: Membership,
    by: Any,
    meeting: Meeting | None = None,
    deadline: datetime.datetime | None = None,
) -> ArrearsProposal:
    """Bring a member's arrears to the Board when the settings say the statutes attach a
    consequence to them: an agenda item of `meeting` (a Board meeting still being
    prepared), or else a draft written procedure the secretariat circulates. The
    membership itself is never changed here; the Board decides."""
    from lrba.governance.services.meetings import agenda_item_add
    from lrba.governance.services.procedures import procedure_create
    from lrba.governance.services.rules import decision_kind_for

    finance = FinanceSettings.current()
    days = finance.arrears_consequence_days
    if days is None:
        raise ValidationError(
            _(
                "The finance settings name no consequence of unpaid fees in the statutes: "
                "nothing is brought to the Board."
            )
        )
    Membership.objects.select_for_update().get(pk=membership.pk)  # one proposal at a time
    today = timezone.localdate()
    invoices = _invoices_for_board(membership, days, today)
    if not invoices:
        raise ValidationError(
            _("This member has no invoice overdue for %(days)s days or more.") % {"days": days}
        )
    if _pending_proposal(membership) is not None:
        raise ValidationError(
            _(
                "This member's arrears are already before the Board: see its agenda and "
                "written procedures."
            )
        )
    amount = sum((invoice.balance for invoice in invoices), ZERO)
    title, draft, explanation = proposal_texts(
        membership, invoices, amount, finance.arrears_consequence_clause
    )
    proposal = ArrearsProposal(
        membership=membership, amount=amount, prepared_on=today, prepared_by=by
    )
    if meeting is not None:
        if not meeting.body.is_board:
            raise ValidationError(_("Arrears are brought to the Board: choose a Board meeting."))
        item: AgendaItem = agenda_item_add(
            meeting=meeting,
            title=title,
            decision_kind=decision_kind_for(code="ordinary", on=meeting.date),
            draft_decision=draft,
            description=explanation,
            added_by=by,
        )
        proposal.agenda_item = item
    else:
        proposal.procedure = procedure_create(
            title=title,
            decision_kind=decision_kind_for(code="ordinary", on=today),
            draft_decision=draft,
            deadline=deadline or timezone.now() + datetime.timedelta(days=PROPOSAL_DEADLINE_DAYS),
            explanation=explanation,
            created_by=by,
        )
    proposal.full_clean()
    with acting_as(by):
        proposal.save()
        proposal.invoices.set(invoices)
    return proposal
