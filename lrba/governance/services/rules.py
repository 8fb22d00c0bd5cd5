"""From the statute rules in the database to the rules engine's values.

A meeting is judged by the statute version in force on its date: these functions find
that version and turn its rows (`StatuteRules`, `DecisionKind`) into the plain values
`lrba.governance.rules` computes with (`QuorumRule`, `MajorityRule`).
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _

from lrba.core.audit import acting_as
from lrba.governance import rules as engine
from lrba.governance.models import Body, DecisionKind, Meeting, StatuteRules


def rules_for(on: datetime.date) -> StatuteRules:
    """The statute rules in force on `on`; a clear refusal before the first version."""
    try:
        return StatuteRules.objects.in_force(on=on)
    except StatuteRules.DoesNotExist:
        raise ValidationError(
            _("No statute rules were in force on %(date)s: record the statute version first.")
            % {"date": formats.date_format(on, "SHORT_DATE_FORMAT")},
            code="no_rules",
        ) from None


def _share(numerator: int, denominator: int, strict: bool, *, what: str) -> engine.Share:
    try:
        return engine.Share(numerator, denominator, strict)
    except ValueError:
        raise ValidationError(
            _("%(what)s is not a share: %(numerator)s/%(denominator)s.")
            % {"what": what, "numerator": numerator, "denominator": denominator},
            code="bad_share",
        ) from None


def quorum_rule(meeting: Meeting) -> engine.QuorumRule:
    """The quorum a meeting needs under the rules in force on its date: the General
    Meeting's share (none for a repeat meeting unless the statutes require one), or the
    Board's."""
    rules = rules_for(meeting.date)
    if meeting.body.is_board:
        return board_quorum_rule(rules)
    share = _share(
        rules.quorum_numerator,
        rules.quorum_denominator,
        rules.quorum_strict,
        what=_("The General Meeting quorum"),
    )
    if meeting.kind == Meeting.Kind.REPEAT:
        return engine.QuorumRule(
            share, rules.repeat_meeting_clause, required=rules.repeat_meeting_needs_quorum
        )
    return engine.QuorumRule(share, rules.quorum_clause)


def board_quorum_rule(rules: StatuteRules) -> engine.QuorumRule:
    """The Board's quorum under `rules`: for a Board meeting, and for a written procedure
    (no meeting: counted over the Board members who answered)."""
    share = _share(
        rules.board_quorum_numerator,
        rules.board_quorum_denominator,
        rules.board_quorum_strict,
        what=_("The Board quorum"),
    )
    return engine.QuorumRule(share, rules.board_quorum_clause)


def majority_rule(*, kind: DecisionKind, body: Body, rules: StatuteRules) -> engine.MajorityRule:
    """The majority a decision of `kind` needs in `body`. The chair's casting vote on a
    tie is the Board's (Civil Code 2.93(2)), when the statutes keep it."""
    if kind.rules_id != rules.pk:
        # An item prepared under an older statute version is decided by the version in
        # force on the meeting's date: the same kind (by code) there.
        kind = _same_kind_in(rules, kind)
    share = _share(
        kind.numerator,
        kind.denominator,
        kind.strict,
        what=_("The majority of “%(kind)s”") % {"kind": kind.name},
    )
    return engine.MajorityRule(
        name=kind.name,
        majority=kind.majority,
        share=share,
        clause=kind.clause,
        casting_vote=rules.chair_casting_vote and body.is_board,
    )


def _same_kind_in(rules: StatuteRules, kind: DecisionKind) -> DecisionKind:
    same = rules.decision_kinds.filter(code=kind.code).first()
    if same is None:
        raise ValidationError(
            _(
                "“%(kind)s” is not a decision kind of the statute rules “%(version)s” in "
                "force on the meeting's date: choose another kind for the item."
            )
            % {"kind": kind.name, "version": rules.version},
            code="kind_not_in_rules",
        )
    return same


def decision_kind_for(*, code: str, on: datetime.date) -> DecisionKind:
    """The decision kind with `code` in the rules in force on `on`."""
    rules = rules_for(on)
    try:
        return rules.decision_kinds.get(code=code)
    except DecisionKind.DoesNotExist:
        raise ValidationError(
            _("The statute rules “%(version)s” have no decision kind “%(code)s”.")
            % {"version": rules.version, "code": code},
            code="no_kind",
        ) from None


# New statute versions ---------------------------------------------------------------------------

# Meetings in these states have been held: the rules they were judged by must not change.
HELD = (Meeting.Status.OPEN, Meeting.Status.CLOSED, Meeting.Status.MINUTED)


def rules_in_force_from_check(
    *, in_force_from: datetime.date, rules: StatuteRules | None = None
) -> None:
    """Refuse a statute version (new, or `rules` moved to another date) that would change
    the rules of a meeting already held: a meeting is judged by the version in force on
    its date, and a held meeting's results were computed by it."""
    later = StatuteRules.objects.filter(in_force_from__gt=in_force_from)
    if rules is not None and rules.pk:
        later = later.exclude(pk=rules.pk)
        # Moving a version also changes the meetings between its old and new dates.
        old = StatuteRules.objects.filter(pk=rules.pk).values_list("in_force_from", flat=True)
        start = min([in_force_from, *old])
    else:
        start = in_force_from
    until = later.order_by("in_force_from").values_list("in_force_from", flat=True).first()
    held = Meeting.objects.filter(status__in=HELD, starts_at__date__gte=start)
    if until is not None:
        held = held.filter(starts_at__date__lt=until)
    meeting = held.order_by("starts_at").first()
    if meeting is not None:
        raise ValidationError(
            {
                "in_force_from": _(
                    "The meeting %(reference)s of %(date)s was held under the rules then in "
                    "force; a statute version from this date would change them. Choose a "
                    "date after the last meeting held."
                )
                % {
                    "reference": meeting.reference,
                    "date": formats.date_format(meeting.date, "SHORT_DATE_FORMAT"),
                }
            },
            code="meeting_held",
        )


@transaction.atomic
def statute_rules_copy(
    *, rules: StatuteRules, version: str, in_force_from: datetime.date, created_by: Any
) -> StatuteRules:
    """A new statute version from `in_force_from`, starting as a copy of `rules` and its
    decision kinds, for the secretariat to change what the new statutes change."""
    rules_in_force_from_check(in_force_from=in_force_from)
    skip = {"id", "version", "in_force_from", "document", "notes"}
    values = {
        field.name: getattr(rules, field.name)
        for field in StatuteRules._meta.concrete_fields
        if field.name not in skip
    }
    new = StatuteRules(version=version, in_force_from=in_force_from, **values)
    new.notes = _("Copied from “%(version)s” (in force from %(date)s).") % {
        "version": rules.version,
        "date": formats.date_format(rules.in_force_from, "SHORT_DATE_FORMAT"),
    }
    new.full_clean()
    with acting_as(created_by):
        new.save()
        for kind in rules.decision_kinds.order_by("pk"):
            DecisionKind.objects.create(
                rules=new,
                code=kind.code,
                name=kind.name,
                majority=kind.majority,
                numerator=kind.numerator,
                denominator=kind.denominator,
                strict=kind.strict,
                clause=kind.clause,
                needs_registry_filing=kind.needs_registry_filing,
                body_kind=kind.body_kind,
            )
    return new
