"""Admissions and expulsions decided by the Board (issue point 10).

The secretariat prepares a Board decision from a pending membership application (an
admission) or an open membership (an expulsion): an agenda item of a Board meeting, or a
written procedure. When the Board adopts it, `decision_record` calls
`decision_effects_apply`, which admits the applicant (`application_admit`, with the
decision's number written into `Membership.decision`) or ends the membership as expelled
(`membership_end`), through the member register's own services.

The member register does not import this app (the import-linter layers): its back
office links to the pages here by URL name.
"""

import datetime
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lrba.core.audit import acting_as
from lrba.governance.models import AgendaItem, Body, Decision, Meeting, WrittenProcedure
from lrba.governance.services.procedures import ADMISSION, EXPULSION, procedure_create
from lrba.members.models import Membership, MembershipApplication
from lrba.members.services import membership as register

logger = logging.getLogger(__name__)


def _kind(code: str, on: datetime.date) -> Any:
    from lrba.governance.services.rules import decision_kind_for

    return decision_kind_for(code=code, on=on)


def decision_reference(decision: Decision) -> str:
    """How the register names the decision, in the association's language, e.g.
    "Valdybos 2026-11-26 nutarimas Nr. V-2026-5"."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("%(body)s decision No. %(number)s of %(date)s") % {
            "body": decision.body.name_genitive,
            "number": decision.number,
            "date": decision.adopted_on.isoformat(),
        }


def _subject_texts(
    application: MembershipApplication | None, membership: Membership | None
) -> tuple[str, str, str]:
    """The code, question and draft decision of an admission or an expulsion, in the
    association's language (they are the record). The name stands after a colon, in
    the nominative: no sentence slot asks for a case the register does not store."""
    with translation.override(settings.LANGUAGE_CODE):
        if application is not None:
            name = application.applicant_name
            return (
                ADMISSION,
                _("Admission to the association: %(name)s") % {"name": name},
                _("Admit to the association as a member: %(name)s.") % {"name": name},
            )
        assert membership is not None
        name = str(membership.member)
        return (
            EXPULSION,
            _("Expulsion from the association: %(name)s") % {"name": name},
            _("Expel from the association: %(name)s.") % {"name": name},
        )


def _check_subject(
    application: MembershipApplication | None, membership: Membership | None
) -> None:
    if (application is None) == (membership is None):
        raise ValueError("Name either an application or a membership")
    if application is not None and application.status != MembershipApplication.Status.PENDING:
        raise ValidationError(_("This application has already been decided."))
    if membership is not None and membership.status not in Membership.OPEN_STATUSES:
        raise ValidationError(_("This membership has already ended."))
    already = AgendaItem.objects.filter(decision__isnull=True).exclude(
        meeting__status__in=(Meeting.Status.CANCELLED, Meeting.Status.MINUTED)
    )
    waiting = WrittenProcedure.objects.filter(
        status__in=(WrittenProcedure.Status.DRAFT, WrittenProcedure.Status.CIRCULATED)
    )
    if application is not None:
        already, waiting = (
            already.filter(application=application),
            waiting.filter(application=application),
        )
    else:
        already, waiting = (
            already.filter(membership=membership),
            waiting.filter(membership=membership),
        )
    if already.exists() or waiting.exists():
        raise ValidationError(
            _(
                "A Board decision on this is already being prepared: see the Board's agenda "
                "and written procedures."
            )
        )


@transaction.atomic
def board_item_prepare(
    *,
    meeting: Meeting,
    prepared_by: Any,
    application: MembershipApplication | None = None,
    membership: Membership | None = None,
) -> AgendaItem:
    """Put an admission (an application) or an expulsion (a membership) on the agenda
    of a Board meeting that is still being prepared."""
    from lrba.governance.services.meetings import agenda_item_add

    if not meeting.body.is_board:
        raise ValidationError(_("Admissions and expulsions are decided by the Board."))
    _check_subject(application, membership)
    code, title, draft = _subject_texts(application, membership)
    item = agenda_item_add(
        meeting=meeting,
        title=title,
        decision_kind=_kind(code, meeting.date),
        draft_decision=draft,
        added_by=prepared_by,
    )
    item.application = application
    item.membership = membership
    item.full_clean()
    with acting_as(prepared_by):
        item.save(update_fields=["application", "membership"])
    return item


@transaction.atomic
def board_procedure_prepare(
    *,
    deadline: datetime.datetime,
    prepared_by: Any,
    application: MembershipApplication | None = None,
    membership: Membership | None = None,
    explanation: str = "",
) -> WrittenProcedure:
    """A draft written procedure of the Board on an admission or an expulsion (the
    secretariat circulates it from its page)."""
    _check_subject(application, membership)
    code, title, draft = _subject_texts(application, membership)
    return procedure_create(
        title=title,
        decision_kind=_kind(code, timezone.localdate()),
        draft_decision=draft,
        deadline=deadline,
        explanation=explanation,
        application=application,
        membership=membership,
        created_by=prepared_by,
    )


def _decision_subject(
    decision: Decision,
) -> tuple[MembershipApplication | None, Membership | None]:
    origin = decision.procedure or decision.item
    if origin is None:
        return None, None
    return origin.application, origin.membership


def decision_effects_apply(*, decision: Decision, applied_by: Any = None) -> Membership | None:
    """Apply an adopted Board admission or expulsion to the member register; None for
    any other decision. Called by `decision_record` inside its transaction.

    A register that can no longer take the change (the application was decided in the
    meantime, the membership has ended) does not undo the Board's decision: the change
    is skipped (in a savepoint), logged, and the secretariat applies it by hand from the
    application's page."""
    code = decision.kind.code
    if code not in (ADMISSION, EXPULSION) or not decision.body.is_board:
        return None
    application, membership = _decision_subject(decision)
    try:
        with transaction.atomic():
            if code == ADMISSION and application is not None:
                return admission_decision_apply(
                    application=application, decision=decision, applied_by=applied_by
                )
            if code == EXPULSION and membership is not None:
                return expulsion_decision_apply(
                    membership=membership, decision=decision, applied_by=applied_by
                )
    except ValidationError as error:
        logger.warning(
            "Decision %s not applied to the member register: %s",
            decision.number,
            "; ".join(error.messages),
        )
    return None


def _check_decision(decision: Decision, code: str) -> None:
    if not decision.body.is_board or decision.kind.code != code:
        message = (
            _("Choose a Board decision to admit members.")
            if code == ADMISSION
            else _("Choose a Board decision to expel members.")
        )
        raise ValidationError({"decision": message})


@transaction.atomic
def admission_decision_apply(
    *, application: MembershipApplication, decision: Decision, applied_by: Any = None
) -> Membership:
    """Admit the applicant by the Board's adopted admission `decision`: the membership
    starts on the decision's date and names it. Refused for another kind of decision, a
    decision that already admitted someone else or decides another application."""
    _check_decision(decision, ADMISSION)
    subject, _membership = _decision_subject(decision)
    if subject is not None and subject.pk != application.pk:
        raise ValidationError({"decision": _("This decision admits another applicant.")})
    reference = decision_reference(decision)
    if (
        Membership.objects.filter(decision=reference[:255])
        .exclude(pk=application.membership_id or 0)
        .exists()
    ):
        raise ValidationError({"decision": _("This decision has already admitted a member.")})
    return register.application_admit(
        application=application,
        decided_by=applied_by,
        decision=reference,
        decided_on=decision.adopted_on,
    )


@transaction.atomic
def expulsion_decision_apply(
    *, membership: Membership, decision: Decision, applied_by: Any = None
) -> Membership:
    """End the membership as expelled by the Board's adopted expulsion `decision`."""
    _check_decision(decision, EXPULSION)
    _application, subject = _decision_subject(decision)
    if subject is not None and subject.pk != membership.pk:
        raise ValidationError({"decision": _("This decision expels another member.")})
    return register.membership_end(
        membership=membership,
        ended_on=decision.adopted_on,
        reason=Membership.EndReason.EXPELLED,
        decided_by=applied_by,
        note=decision_reference(decision),
    )


def admission_decisions_unapplied() -> Any:
    """Adopted Board admission decisions whose application is still pending or that
    name none (taken on an item added by hand): what the secretariat may choose from."""
    return (
        Decision.objects.filter(body__kind=Body.Kind.BOARD, kind__code=ADMISSION)
        .exclude(item__application__status=MembershipApplication.Status.ADMITTED)
        .exclude(procedure__application__status=MembershipApplication.Status.ADMITTED)
        .select_related("body", "kind")
        .order_by("-adopted_on", "-sequence")
    )
