"""From the statute rules in the database to the rules engine's values.

A meeting is judged by the statute version in force on its date: these functions find
that version and turn its rows (`StatuteRules`, `DecisionKind`) into the plain values
`lrba.governance.rules` computes with (`QuorumRule`, `MajorityRule`).
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext as _

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
