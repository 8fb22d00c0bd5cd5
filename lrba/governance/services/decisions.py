"""The decision register: every adopted decision gets its number (body, year, sequence)
and, where the law asks for it, its follow-up (DESIGN §4 "Governance"; issue point 8).

A change of the statutes or of the Board is filed with the Register of Legal Entities
within 30 days (CK 2.66): recording such a decision adds that follow-up by itself. An
approval of the annual statements closes the statements reminder the
`governance_reminders` command keeps open until then.
"""

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lrba.core.audit import acting_as
from lrba.core.numbering import number_next
from lrba.governance.models import (
    AgendaItem,
    Body,
    Decision,
    DecisionKind,
    FollowUp,
    Meeting,
    Poll,
    WrittenProcedure,
)

REGISTRY_FILING_DAYS = 30
ANNUAL_STATEMENTS = "annual_statements"


def decision_number(*, body: Body, year: int, sequence: int) -> str:
    """E.g. VNS-2026-3: the body's code, the year, the sequence within the year."""
    return f"{body.code}-{year}-{sequence}"


@transaction.atomic
def decision_record(
    *,
    body: Body,
    kind: DecisionKind,
    title: str,
    text: str,
    adopted_on: datetime.date,
    meeting: Meeting | None = None,
    item: AgendaItem | None = None,
    procedure: WrittenProcedure | None = None,
    poll: Poll | None = None,
    is_public: bool = False,
    recorded_by: Any = None,
) -> Decision:
    """Enter an adopted decision in the register and return it.

    Numbered gap-free per body and year (`number_next`, inside this transaction). The
    origin is a meeting (with its item and poll) or a written procedure; an item or a
    poll names its meeting by itself. Refused (ValidationError): a kind the body may not
    take, an item or poll of another meeting, an item decided twice, no origin.
    """
    if poll is not None and item is None:
        item = poll.item
    if item is not None and meeting is None:
        meeting = item.meeting
    _check_origin(body=body, kind=kind, meeting=meeting, item=item, procedure=procedure, poll=poll)

    year = adopted_on.year
    (sequence,) = number_next(series_key=f"governance-decision-{body.code}-{year}")
    decision = Decision(
        body=body,
        number=decision_number(body=body, year=year, sequence=sequence),
        year=year,
        sequence=sequence,
        kind=kind,
        title=title,
        text=text,
        adopted_on=adopted_on,
        meeting=meeting,
        item=item,
        procedure=procedure,
        poll=poll,
        is_public=is_public,
    )
    with acting_as(recorded_by):
        decision.full_clean()
        decision.save()
        if kind.needs_registry_filing:
            _registry_filing_add(decision)
        if kind.code == ANNUAL_STATEMENTS:
            _statements_reminders_close(decision)
    # An adopted admission or expulsion changes the member register (P6).
    from lrba.governance.services.admissions import decision_effects_apply

    decision_effects_apply(decision=decision, applied_by=recorded_by)
    return decision


def _check_origin(
    *,
    body: Body,
    kind: DecisionKind,
    meeting: Meeting | None,
    item: AgendaItem | None,
    procedure: WrittenProcedure | None,
    poll: Poll | None,
) -> None:
    if meeting is None and procedure is None:
        raise ValidationError(
            _("A decision is taken at a meeting or by written procedure: name where.")
        )
    if kind.body_kind and kind.body_kind != body.kind:
        raise ValidationError(
            _("“%(kind)s” is not decided by the %(body)s.")
            % {"kind": kind.name, "body": body.display_name}
        )
    if meeting is not None and meeting.body_id != body.pk:
        raise ValidationError(_("The meeting is not a meeting of this body."))
    if procedure is not None and procedure.body_id != body.pk:
        raise ValidationError(_("The written procedure is not one of this body."))
    if item is not None and meeting is not None and item.meeting_id != meeting.pk:
        raise ValidationError(_("The agenda item belongs to another meeting."))
    if poll is not None and item is not None and poll.item_id != item.pk:
        raise ValidationError(_("The poll belongs to another agenda item."))
    if item is not None and Decision.objects.filter(item=item).exists():
        raise ValidationError(_("This agenda item already has its decision in the register."))
    if procedure is not None and Decision.objects.filter(procedure=procedure).exists():
        raise ValidationError(_("This written procedure already has its decision in the register."))


def _registry_filing_add(decision: Decision) -> FollowUp:
    # Stored text, in the association's language (the register is kept in Lithuanian).
    with translation.override(settings.LANGUAGE_CODE):
        title = gettext("File decision %(number)s with the Register of Legal Entities") % {
            "number": decision.number
        }
    follow_up = FollowUp(
        decision=decision,
        kind=FollowUp.Kind.REGISTRY_FILING,
        title=title,
        due_on=decision.adopted_on + datetime.timedelta(days=REGISTRY_FILING_DAYS),
    )
    follow_up.full_clean()
    follow_up.save()
    return follow_up


def _statements_reminders_close(decision: Decision) -> None:
    """The statements of the year before `adopted_on` (or earlier) are approved: their
    open reminders are done, and point at this decision."""
    for follow_up in FollowUp.objects.select_for_update().filter(
        kind=FollowUp.Kind.STATEMENTS_APPROVAL,
        status=FollowUp.Status.OPEN,
        due_on__year__lte=decision.adopted_on.year,
    ):
        follow_up.status = FollowUp.Status.DONE
        follow_up.done_on = decision.adopted_on
        follow_up.decision = decision
        follow_up.save(update_fields=["status", "done_on", "decision"])


@transaction.atomic
def follow_up_add(
    *,
    decision: Decision,
    title: str,
    due_on: datetime.date,
    assignee: Any = None,
    notes: str = "",
    added_by: Any = None,
) -> FollowUp:
    """A task a decision sets: who, by when."""
    follow_up = FollowUp(
        decision=decision, title=title, due_on=due_on, assignee=assignee, notes=notes
    )
    with acting_as(added_by):
        follow_up.full_clean()
        follow_up.save()
    return follow_up


@transaction.atomic
def follow_up_done(*, follow_up: FollowUp, done_on: datetime.date, done_by: Any = None) -> FollowUp:
    """Mark a follow-up done (refused when it is not open)."""
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if follow_up.status != FollowUp.Status.OPEN:
        raise ValidationError(_("This task is not open."))
    follow_up.status = FollowUp.Status.DONE
    follow_up.done_on = done_on
    with acting_as(done_by):
        follow_up.full_clean()
        follow_up.save(update_fields=["status", "done_on"])
    return follow_up
