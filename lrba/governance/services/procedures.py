"""The Board's written procedure (issue point 9; CK 2.93(3); DESIGN §4 "Governance").

The secretariat drafts a decision and circulates it with a deadline; every current
voting Board member (the head and the members, not the secretary) is e-mailed and
answers in the portal: for, against or abstain, and whether they object to deciding in
writing. An answer may change until the procedure is concluded.

Concluding (all have answered, or the deadline has passed):
- any objection to the written form → FAILED: the question needs a meeting;
- otherwise the Board quorum is judged over the members who answered, against the
  holders of a vote counted at circulation, and the motion by the Board's majority rule
  for the decision kind, the head's answer casting a tie (`rules.motion_result`);
- adopted → the decision goes to the register (`decision_record(procedure=...)`), which
  also applies an admission or expulsion to the member register.

The outcome is computed, never typed in; its sentence is kept in Lithuanian and English.
"""

import datetime
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lrba.core.audit import acting_as
from lrba.core.numbering import number_next
from lrba.governance import rules as engine
from lrba.governance import tasks
from lrba.governance.models import (
    BoardSeat,
    Body,
    Choice,
    DecisionKind,
    StatuteRules,
    WrittenAnswer,
    WrittenProcedure,
)
from lrba.members.models import Membership, MembershipApplication

Status = WrittenProcedure.Status
ADMISSION = "admission"
EXPULSION = "expulsion"


def board() -> Body:
    return Body.objects.get(kind=Body.Kind.BOARD)


def _rules_on(on: datetime.date) -> StatuteRules:
    from lrba.governance.services.rules import rules_for

    return rules_for(on)


def procedure_voting_seats(procedure: WrittenProcedure, on: datetime.date) -> list[BoardSeat]:
    """The seats whose holders answer: voting seats running on `on` that had begun when
    the procedure was circulated (a member who joins later was not counted)."""
    seats = BoardSeat.objects.current(on=on).voting().select_related("person__user")
    if procedure.circulated_at is not None:
        seats = seats.filter(start_date__lte=timezone.localdate(procedure.circulated_at))
    return list(seats.order_by("pk"))


def procedure_seat_of_user(
    procedure: WrittenProcedure, user: Any, on: datetime.date | None = None
) -> BoardSeat | None:
    """The seat through which `user` answers this procedure, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    on = timezone.localdate() if on is None else on
    for seat in procedure_voting_seats(procedure, on):
        if seat.person.user_id == user.pk:
            return seat
    return None


def _check_kind(kind: DecisionKind, on: datetime.date) -> None:
    if kind.body_kind and kind.body_kind != Body.Kind.BOARD:
        raise ValidationError(
            {"decision_kind": _("“%(kind)s” is not decided by the Board.") % {"kind": kind.name}}
        )
    if kind.majority == engine.PLURALITY:
        raise ValidationError(
            {"decision_kind": _("An election is not decided by written procedure.")}
        )
    if kind.rules_id != _rules_on(on).pk:
        raise ValidationError(
            {"decision_kind": _("Choose a decision kind of the statute rules in force today.")}
        )


def _check_subject(
    kind: DecisionKind,
    application: MembershipApplication | None,
    membership: Membership | None,
) -> None:
    if kind.code == ADMISSION:
        if application is None:
            raise ValidationError(
                {"application": _("An admission decides a membership application: choose it.")}
            )
        if application.status != MembershipApplication.Status.PENDING:
            raise ValidationError({"application": _("This application has already been decided.")})
    elif application is not None:
        raise ValidationError(
            {"application": _("Only an admission decides a membership application.")}
        )
    if kind.code == EXPULSION:
        if membership is None:
            raise ValidationError({"membership": _("An expulsion ends a membership: choose it.")})
        if membership.status not in Membership.OPEN_STATUSES:
            raise ValidationError({"membership": _("This membership has already ended.")})
    elif membership is not None:
        raise ValidationError({"membership": _("Only an expulsion ends a membership.")})


def procedure_reference_next(on: datetime.date) -> str:
    """E.g. V-RP-2026-3: the Board's code, "written procedure", the year, the sequence."""
    code = board().code
    (sequence,) = number_next(series_key=f"governance-procedure-{code}-{on.year}")
    return f"{code}-RP-{on.year}-{sequence}"


def procedure_check(
    *,
    decision_kind: DecisionKind,
    deadline: datetime.datetime | None,
    application: MembershipApplication | None = None,
    membership: Membership | None = None,
    now: datetime.datetime | None = None,
) -> None:
    """What `procedure_create` refuses, for a form to show before saving."""
    now = timezone.now() if now is None else now
    today = timezone.localdate(now)
    rules = _rules_on(today)
    if not rules.allows_written_procedure:
        raise ValidationError(
            _("The statutes in force do not allow the Board to decide in writing (%(clause)s).")
            % {"clause": rules.written_procedure_clause}
        )
    _check_kind(decision_kind, today)
    _check_subject(decision_kind, application, membership)
    if deadline is not None and deadline <= now:
        raise ValidationError({"deadline": _("The deadline for answers must be in the future.")})


def procedure_kinds(on: datetime.date | None = None) -> Any:
    """The decision kinds the Board may decide in writing under the rules in force."""
    on = timezone.localdate() if on is None else on
    return (
        _rules_on(on)
        .decision_kinds.filter(body_kind__in=("", Body.Kind.BOARD))
        .exclude(majority=engine.PLURALITY)
    )


@transaction.atomic
def procedure_create(
    *,
    title: str,
    decision_kind: DecisionKind,
    draft_decision: str,
    deadline: datetime.datetime,
    explanation: str = "",
    application: MembershipApplication | None = None,
    membership: Membership | None = None,
    created_by: Any = None,
    now: datetime.datetime | None = None,
) -> WrittenProcedure:
    """A draft written procedure of the Board; refused when the statutes in force do not
    allow deciding in writing, for a kind the Board does not decide or an election, a
    deadline in the past, or an admission (expulsion) without its application (membership)."""
    now = timezone.now() if now is None else now
    today = timezone.localdate(now)
    procedure_check(
        decision_kind=decision_kind,
        deadline=deadline,
        application=application,
        membership=membership,
        now=now,
    )
    procedure = WrittenProcedure(
        body=board(),
        reference=procedure_reference_next(today),
        title=title,
        decision_kind=decision_kind,
        draft_decision=draft_decision,
        explanation=explanation,
        application=application,
        membership=membership,
        deadline=deadline,
    )
    with acting_as(created_by):
        procedure.full_clean()
        procedure.save()
    return procedure


@transaction.atomic
def procedure_update(
    *, procedure: WrittenProcedure, updated_by: Any = None, **fields: Any
) -> WrittenProcedure:
    """Change a draft (its question, text, deadline); refused once circulated."""
    procedure = WrittenProcedure.objects.select_for_update().get(pk=procedure.pk)
    if procedure.status != Status.DRAFT:
        raise ValidationError(
            _("A circulated procedure cannot be changed: cancel it and start a new one.")
        )
    allowed = {"title", "draft_decision", "explanation", "deadline"}
    for name, value in fields.items():
        if name not in allowed:
            raise ValueError(f"{name} cannot be changed here")
        setattr(procedure, name, value)
    if procedure.deadline <= timezone.now():
        raise ValidationError({"deadline": _("The deadline for answers must be in the future.")})
    with acting_as(updated_by):
        procedure.full_clean()
        procedure.save()
    return procedure


def _lock(procedure: WrittenProcedure) -> WrittenProcedure:
    return (
        WrittenProcedure.objects.select_for_update()
        .select_related("decision_kind")
        .get(pk=procedure.pk)
    )


@transaction.atomic
def procedure_circulate(
    *, procedure: WrittenProcedure, circulated_by: Any, now: datetime.datetime | None = None
) -> WrittenProcedure:
    """Send the draft to every current voting Board member (e-mail after commit) and
    count the holders of a vote; refused unless a draft with its deadline ahead and a
    Board to answer."""
    now = timezone.now() if now is None else now
    procedure = _lock(procedure)
    if procedure.status != Status.DRAFT:
        raise ValidationError(
            _("This procedure has already been circulated (%(status)s).")
            % {"status": procedure.get_status_display()}
        )
    if procedure.deadline <= now:
        raise ValidationError(
            _("The deadline for answers has passed: set a new one before circulating.")
        )
    _check_subject(procedure.decision_kind, procedure.application, procedure.membership)
    seats = list(BoardSeat.objects.current(on=timezone.localdate(now)).voting())
    if not seats:
        raise ValidationError(_("The Board has no members with a vote to answer."))
    procedure.status = Status.CIRCULATED
    procedure.circulated_at = now
    procedure.circulated_by = circulated_by
    procedure.entitled_count = len(seats)
    with acting_as(circulated_by):
        procedure.full_clean()
        procedure.save()
    transaction.on_commit(
        partial(tasks.send_procedure_circulation.enqueue, procedure_id=procedure.pk)
    )
    return procedure


@transaction.atomic
def procedure_answer(
    *,
    procedure: WrittenProcedure,
    user: Any,
    choice: str,
    objects_to_written_form: bool = False,
    comment: str = "",
    now: datetime.datetime | None = None,
) -> WrittenAnswer:
    """Record (or change) a Board member's answer. Refused: anyone without a current
    voting seat, a procedure not circulated or already concluded, after the deadline,
    an answer that says nothing."""
    now = timezone.now() if now is None else now
    procedure = _lock(procedure)
    if procedure.status != Status.CIRCULATED:
        raise ValidationError(
            _("This procedure is not open for answers (%(status)s).")
            % {"status": procedure.get_status_display()}
        )
    if now >= procedure.deadline:
        raise ValidationError(_("The deadline for answers has passed; nothing was changed."))
    seat = procedure_seat_of_user(procedure, user, on=timezone.localdate(now))
    if seat is None:
        raise ValidationError(
            _("Only a current Board member with a vote answers a written procedure.")
        )
    choice = choice or ""
    if choice and choice not in Choice.values:
        raise ValidationError({"choice": _("Choose for, against or abstain.")})
    if not choice and not objects_to_written_form:
        raise ValidationError(
            {"choice": _("Choose for, against or abstain, or object to deciding in writing.")}
        )
    answer = WrittenAnswer.objects.filter(procedure=procedure, board_seat=seat).first()
    if answer is None:
        answer = WrittenAnswer(procedure=procedure, board_seat=seat)
    answer.choice = choice
    answer.objects_to_written_form = bool(objects_to_written_form)
    answer.comment = (comment or "").strip()
    answer.answered_at = now
    answer.answered_by = user
    with acting_as(user):
        answer.full_clean()
        answer.save()
    return answer


def procedure_may_conclude(procedure: WrittenProcedure, now: datetime.datetime) -> bool:
    """All holders of a vote have answered, or the deadline has passed."""
    if procedure.status != Status.CIRCULATED:
        return False
    if now >= procedure.deadline:
        return True
    return procedure.answers.count() >= (procedure.entitled_count or 0)


def _both_languages(render: Any) -> dict[str, str]:
    sentences = {}
    for language in ("lt", "en"):
        with translation.override(language):
            sentences[language] = str(render())
    return sentences


def procedure_outcome(procedure: WrittenProcedure) -> dict[str, Any]:
    """Compute (without saving) what the answers decide: the stored `result`."""
    from lrba.governance.services.rules import board_quorum_rule, majority_rule

    answers = list(procedure.answers.select_related("board_seat"))
    objections = [answer for answer in answers if answer.objects_to_written_form]
    entitled = procedure.entitled_count or 0
    if objections:

        def failed() -> str:
            return _(
                "%(count)s of %(entitled)s Board members object to deciding in writing: "
                "the procedure fails and the question needs a Board meeting (%(clause)s)."
            ) % {
                "count": len(objections),
                "entitled": entitled,
                "clause": rules.written_procedure_clause,
            }

        on = timezone.localdate(procedure.circulated_at or timezone.now())
        rules = _rules_on(on)
        return {
            "status": Status.FAILED,
            "answered": len(answers),
            "entitled": entitled,
            "objections": len(objections),
            "adopted": False,
            "sentence": _both_languages(failed),
        }
    on = timezone.localdate(procedure.circulated_at or timezone.now())
    rules = _rules_on(on)
    quorum = engine.quorum(present=len(answers), entitled=entitled, rule=board_quorum_rule(rules))
    counts = {value: 0 for value in Choice.values}
    chair_choice: engine.ChairChoice = None
    for answer in answers:
        counts[answer.choice] += 1
        if answer.board_seat.office == BoardSeat.Office.HEAD:
            chair_choice = answer.choice  # type: ignore[assignment]
    tally = engine.Tally(counts[Choice.FOR], counts[Choice.AGAINST], counts[Choice.ABSTAIN])
    result: dict[str, Any] = {
        "answered": len(answers),
        "entitled": entitled,
        "objections": 0,
        "for": tally.votes_for,
        "against": tally.votes_against,
        "abstain": tally.abstentions,
        "quorum_needed": quorum.needed,
        "quorum_reached": quorum.reached,
    }
    if not quorum.reached:

        def no_quorum() -> str:
            return _("%(quorum)s The procedure is not adopted.") % {"quorum": quorum.sentence()}

        result.update(status=Status.REJECTED, adopted=False, sentence=_both_languages(no_quorum))
        return result
    rule = majority_rule(kind=procedure.decision_kind, body=procedure.body, rules=rules)
    motion = engine.motion_result(
        tally=tally,
        rule=rule,
        participants=len(answers),
        entitled=entitled,
        chair_choice=chair_choice,
    )

    def sentence() -> str:
        return f"{quorum.sentence()} {motion.sentence()}"

    result.update(
        status=Status.ADOPTED if motion.adopted else Status.REJECTED,
        adopted=motion.adopted,
        base=motion.base,
        needed=motion.needed,
        casting_vote_used=motion.casting_vote_used,
        sentence=_both_languages(sentence),
    )
    return result


@transaction.atomic
def procedure_conclude(
    *,
    procedure: WrittenProcedure,
    now: datetime.datetime | None = None,
    concluded_by: Any = None,
) -> WrittenProcedure:
    """Conclude a circulated procedure whose answers are all in or whose deadline has
    passed: failed (an objection to the written form), adopted (the decision goes to
    the register) or not adopted."""
    from lrba.governance.services.decisions import decision_record

    now = timezone.now() if now is None else now
    procedure = _lock(procedure)
    if procedure.status != Status.CIRCULATED:
        raise ValidationError(
            _("This procedure is not waiting for a conclusion (%(status)s).")
            % {"status": procedure.get_status_display()},
            code="not_circulated",
        )
    if not procedure_may_conclude(procedure, now):
        raise ValidationError(
            _("Not every Board member has answered and the deadline has not passed yet.")
        )
    result = procedure_outcome(procedure)
    procedure.status = result["status"]
    procedure.result = result
    procedure.concluded_at = now
    with acting_as(concluded_by):
        procedure.full_clean()
        procedure.save()
    if result["adopted"]:
        decision_record(
            body=procedure.body,
            kind=procedure.decision_kind,
            title=procedure.title,
            text=procedure.draft_decision,
            adopted_on=timezone.localdate(now),
            procedure=procedure,
            recorded_by=concluded_by,
        )
    return procedure


@transaction.atomic
def procedure_cancel(
    *, procedure: WrittenProcedure, cancelled_by: Any, now: datetime.datetime | None = None
) -> WrittenProcedure:
    """Withdraw a draft or circulated procedure; its answers are kept."""
    procedure = _lock(procedure)
    if procedure.status not in (Status.DRAFT, Status.CIRCULATED):
        raise ValidationError(
            _("A concluded procedure cannot be cancelled (%(status)s).")
            % {"status": procedure.get_status_display()}
        )
    procedure.status = Status.CANCELLED
    procedure.concluded_at = timezone.now() if now is None else now
    with acting_as(cancelled_by):
        procedure.full_clean()
        procedure.save()
    return procedure


def procedures_conclude_due(*, now: datetime.datetime | None = None) -> list[WrittenProcedure]:
    """Conclude every circulated procedure whose deadline has passed or whose answers
    are all in (the daily command); each in its own transaction."""
    now = timezone.now() if now is None else now
    concluded = []
    for procedure in WrittenProcedure.objects.filter(status=Status.CIRCULATED).order_by("pk"):
        if procedure_may_conclude(procedure, now):
            concluded.append(procedure_conclude(procedure=procedure, now=now))
    return concluded
