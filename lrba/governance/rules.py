"""The rules engine: quorum and majorities by the law and the statutes, with no database.

Everything here takes plain numbers and rule values and returns what happened and why, so
that the outcome of every vote is computed, never typed in, and so that each rule can be
tested by hand-computed cases at both edges (tests/test_rules.py, with `hypothesis`).
The callers (lrba.governance.services) turn the rows of `StatuteRules` and `DecisionKind`
into the rule values below (`QuorumRule`, `MajorityRule`) and keep the result.

Law (Facts §1.1–1.2, DESIGN §5):
- General Meeting quorum: more than 1/2 of the members take part (Assoc. Law 8(7));
  a repeat meeting needs none, but decides only the failed meeting's agenda (8(8)).
- Ordinary decision: more votes for than against among those voting; abstentions are
  treated as not taking part in the vote (8(7)).
- Statute amendment, reorganisation or liquidation: at least 2/3 of the votes of the
  members taking part in the meeting (8(7)).
- Board quorum: more than 1/2 of its members (9(7)); a tie is decided by the chair's
  vote; with no chair's vote the decision is not adopted (Civil Code 2.93(2)).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lrba.core.text import sort_key

# Majorities (the values of DecisionKind.Majority).
FOR_OVER_AGAINST = "for_over_against"
SHARE_OF_PARTICIPANTS = "share_of_participants"
SHARE_OF_VOTES_CAST = "share_of_votes_cast"
SHARE_OF_ALL_MEMBERS = "share_of_all_members"
PLURALITY = "plurality"

ChairChoice = Literal["for", "against", "abstain"] | None


@dataclass(frozen=True)
class Share:
    """A share of a base: "more than 1/2" (strict) or "at least 2/3"."""

    numerator: int
    denominator: int
    strict: bool = False

    def __post_init__(self) -> None:
        if self.denominator <= 0 or not 0 < self.numerator <= self.denominator:
            raise ValueError(f"Not a share: {self.numerator}/{self.denominator}")
        if self.strict and self.numerator == self.denominator:
            # "More than all" can never be met.
            raise ValueError(f"Not a share: more than {self.numerator}/{self.denominator}")

    def is_met(self, count: int, base: int) -> bool:
        if self.strict:
            return count * self.denominator > base * self.numerator
        return count * self.denominator >= base * self.numerator

    def needed(self, base: int) -> int:
        """The smallest count that meets the share of `base` (integer arithmetic only:
        two thirds of 40 needs 27, more than half of 40 needs 21)."""
        if self.strict:
            return base * self.numerator // self.denominator + 1
        return -(-base * self.numerator // self.denominator)

    def words(self) -> str:
        """ "more than half", "at least two thirds", …"""
        fraction = fraction_words(self.numerator, self.denominator)
        if self.strict:
            return _("more than %(fraction)s") % {"fraction": fraction}
        return _("at least %(fraction)s") % {"fraction": fraction}


def fraction_words(numerator: int, denominator: int) -> str:
    named = {
        (1, 2): _("half"),
        (1, 3): _("one third"),
        (2, 3): _("two thirds"),
        (1, 4): _("one quarter"),
        (3, 4): _("three quarters"),
        (1, 1): _("all"),
    }
    return named.get((numerator, denominator), f"{numerator}/{denominator}")


# Quorum -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuorumRule:
    share: Share
    clause: str
    required: bool = True  # False for a repeat General Meeting (Assoc. Law 8(8))


@dataclass(frozen=True)
class QuorumResult:
    present: int
    entitled: int
    needed: int
    reached: bool
    rule: QuorumRule

    def sentence(self) -> str:
        if not self.rule.required:
            return _(
                "%(present)s of %(entitled)s take part; a repeat meeting needs no quorum "
                "(%(clause)s)."
            ) % {"present": self.present, "entitled": self.entitled, "clause": self.rule.clause}
        outcome = _("quorum reached") if self.reached else _("no quorum")
        return _(
            "%(present)s of %(entitled)s take part; %(share)s needed = %(needed)s "
            "(%(clause)s): %(outcome)s."
        ) % {
            "present": self.present,
            "entitled": self.entitled,
            "share": self.rule.share.words(),
            "needed": self.needed,
            "clause": self.rule.clause,
            "outcome": outcome,
        }


def quorum(*, present: int, entitled: int, rule: QuorumRule) -> QuorumResult:
    """Whether `present` holders of a vote out of `entitled` make a quorum."""
    if present < 0 or entitled < 0:
        raise ValueError("Counts cannot be negative")
    if not rule.required:
        return QuorumResult(present, entitled, 0, True, rule)
    needed = rule.share.needed(entitled)
    return QuorumResult(present, entitled, needed, present >= needed and present > 0, rule)


# Motions --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MajorityRule:
    name: str  # the decision kind, e.g. "Statute amendment"
    majority: str  # one of the constants above
    share: Share
    clause: str
    # Civil Code 2.93(2): on a tie the chair's vote decides (the Board, by default).
    casting_vote: bool = False


@dataclass(frozen=True)
class Tally:
    votes_for: int = 0
    votes_against: int = 0
    abstentions: int = 0

    def __post_init__(self) -> None:
        if min(self.votes_for, self.votes_against, self.abstentions) < 0:
            raise ValueError("Counts cannot be negative")

    def __add__(self, other: "Tally") -> "Tally":
        return Tally(
            self.votes_for + other.votes_for,
            self.votes_against + other.votes_against,
            self.abstentions + other.abstentions,
        )

    @property
    def cast(self) -> int:
        return self.votes_for + self.votes_against + self.abstentions


@dataclass(frozen=True)
class MotionResult:
    rule: MajorityRule
    tally: Tally
    base: int  # what the threshold is computed on
    needed: int  # "for" votes needed
    adopted: bool
    tie: bool = False
    casting_vote_used: bool = False

    def base_words(self) -> str:
        base = self.base
        if self.rule.majority == FOR_OVER_AGAINST:
            return ngettext(
                "%(count)s vote for or against (abstentions do not count)",
                "%(count)s votes for or against (abstentions do not count)",
                base,
            ) % {"count": base}
        if self.rule.majority == SHARE_OF_PARTICIPANTS:
            return ngettext(
                "%(count)s member taking part",
                "%(count)s members taking part",
                base,
            ) % {"count": base}
        if self.rule.majority == SHARE_OF_VOTES_CAST:
            return ngettext("%(count)s vote cast", "%(count)s votes cast", base) % {"count": base}
        return ngettext("%(count)s member", "%(count)s members", base) % {"count": base}

    def threshold_words(self) -> str:
        if self.rule.majority == FOR_OVER_AGAINST:
            return _("more for than against needed = %(needed)s") % {"needed": self.needed}
        return _("%(share)s needed = %(needed)s") % {
            "share": self.rule.share.words(),
            "needed": self.needed,
        }

    def outcome_words(self) -> str:
        if self.casting_vote_used:
            if self.adopted:
                return _("a tie, decided by the chair's vote → adopted")
            return _("a tie, decided by the chair's vote → not adopted")
        if self.tie and not self.adopted:
            return _("a tie → not adopted")
        return _("adopted") if self.adopted else _("not adopted")

    def sentence(self) -> str:
        """E.g. "Statute amendment: 40 members taking part, at least two thirds needed =
        27; 27 for, 5 against, 8 abstain → adopted (Assoc. Law 8(1)(1), 8(7))."."""
        return _(
            "%(kind)s: %(base)s, %(threshold)s; %(for)s for, %(against)s against, "
            "%(abstain)s abstain → %(outcome)s (%(clause)s)."
        ) % {
            "kind": self.rule.name,
            "base": self.base_words(),
            "threshold": self.threshold_words(),
            "for": self.tally.votes_for,
            "against": self.tally.votes_against,
            "abstain": self.tally.abstentions,
            "outcome": self.outcome_words(),
            "clause": self.rule.clause,
        }


def motion_result(
    *,
    tally: Tally,
    rule: MajorityRule,
    participants: int,
    entitled: int,
    chair_choice: ChairChoice = None,
) -> MotionResult:
    """Whether a motion is adopted.

    `participants`: the holders of a vote taking part in the meeting when the poll
    closed (the base of "2/3 of the members taking part"); `entitled`: all holders of a
    vote; `chair_choice`: how the chair voted, if known (an open vote), for a casting
    vote on a tie.

    A member who voted took part in the meeting (also one who voted in advance, or left
    the room before the poll closed), so the base of a share of the members taking part
    is never smaller than the votes cast. A motion with no vote for it is never adopted.
    """
    if participants < 0 or entitled < 0:
        raise ValueError("Counts cannot be negative")
    if rule.majority == FOR_OVER_AGAINST:
        base = tally.votes_for + tally.votes_against
        needed = base // 2 + 1
        adopted = tally.votes_for > tally.votes_against
        tie = base > 0 and tally.votes_for == tally.votes_against
        if tie and rule.casting_vote and chair_choice in ("for", "against"):
            return MotionResult(
                rule, tally, base, needed, chair_choice == "for", tie=True, casting_vote_used=True
            )
        return MotionResult(rule, tally, base, needed, adopted, tie=tie)
    if rule.majority == SHARE_OF_PARTICIPANTS:
        base = max(participants, tally.cast)
    elif rule.majority == SHARE_OF_VOTES_CAST:
        base = tally.cast
    elif rule.majority == SHARE_OF_ALL_MEMBERS:
        base = entitled
    else:
        raise ValueError(f"Not a motion majority: {rule.majority}")
    needed = max(1, rule.share.needed(base))
    adopted = tally.votes_for >= needed
    return MotionResult(rule, tally, base, needed, adopted)


# Elections ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ElectionResult:
    votes: Mapping[int, int]  # candidate id → votes
    seats: int
    elected: tuple[int, ...]  # in order of votes
    # Candidates tied for the last seats: none of them is elected and the statutes'
    # tie rule (usually a second round among them) decides.
    tied: tuple[int, ...] = field(default=())
    ballots: int = 0

    @property
    def seats_unfilled(self) -> int:
        return self.seats - len(self.elected)

    def sentence(self, names: Mapping[int, str]) -> str:
        def name(pk: int) -> str:
            return names.get(pk, str(pk))

        def by_votes_then_name(pks: Iterable[int]) -> list[int]:
            return sorted(pks, key=lambda pk: (-self.votes[pk], sort_key(name(pk)), pk))

        # Names stand in lists after a colon, never in a slot needing another case.
        listed = "; ".join(f"{name(pk)} {self.votes[pk]}" for pk in by_votes_then_name(self.votes))
        elected = ", ".join(name(pk) for pk in by_votes_then_name(self.elected)) or "—"
        seats = ngettext("%(count)s seat", "%(count)s seats", self.seats) % {"count": self.seats}
        ballots = ngettext("%(count)s ballot", "%(count)s ballots", self.ballots) % {
            "count": self.ballots
        }
        text = _("%(seats)s, %(ballots)s: %(listed)s → elected: %(elected)s.") % {
            "seats": seats,
            "ballots": ballots,
            "listed": listed,
            "elected": elected,
        }
        if self.tied:
            tied = ", ".join(name(pk) for pk in by_votes_then_name(self.tied))
            text += " " + ngettext(
                "A tie for %(count)s seat: a new round is needed; tied: %(tied)s.",
                "A tie for %(count)s seats: a new round is needed; tied: %(tied)s.",
                self.seats_unfilled,
            ) % {"count": self.seats_unfilled, "tied": tied}
        return text


def election_result(*, votes: Mapping[int, int], seats: int, ballots: int) -> ElectionResult:
    """The candidates with the most votes take the seats; a candidate with no vote is
    never elected; candidates tied across the last seat are all left for a new round."""
    if seats < 1:
        raise ValueError("An election needs at least one seat")
    if ballots < 0 or any(count < 0 for count in votes.values()):
        raise ValueError("Counts cannot be negative")
    ranked = sorted(((count, pk) for pk, count in votes.items() if count > 0), reverse=True)
    if len(ranked) <= seats:
        return ElectionResult(dict(votes), seats, tuple(pk for _c, pk in ranked), (), ballots)
    cutoff = ranked[seats - 1][0]
    above = tuple(pk for count, pk in ranked if count > cutoff)
    at_cutoff = tuple(pk for count, pk in ranked if count == cutoff)
    if len(above) + len(at_cutoff) <= seats:
        return ElectionResult(dict(votes), seats, above + at_cutoff, (), ballots)
    return ElectionResult(dict(votes), seats, above, at_cutoff, ballots)
