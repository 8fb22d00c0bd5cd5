"""Who sits on the Board: its composition on a date, a user's seat, Board membership."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from lrba.accounts import roles
from lrba.core.text import sort_key
from lrba.governance import rules as engine
from lrba.governance.models import BoardSeat, DecisionKind, Meeting, StatuteRules
from lrba.members.models import Employment, Library, Membership

_OFFICE_ORDER: dict[str, int] = {
    BoardSeat.Office.HEAD: 0,
    BoardSeat.Office.MEMBER: 1,
    BoardSeat.Office.SECRETARY: 2,
}


def board_composition(on: datetime.date | None = None) -> list[BoardSeat]:
    """The seats running on `on` (today by default): the head first, then the Board
    members in Lithuanian alphabetical order (last name, first name), the secretary last."""
    seats = BoardSeat.objects.current(on=on).select_related(
        "person", "proposed_by__library", "proposed_by__person"
    )
    return sorted(
        seats,
        key=lambda seat: (
            _OFFICE_ORDER.get(seat.office, 9),
            sort_key(seat.person.last_name),
            sort_key(seat.person.first_name),
            seat.pk,
        ),
    )


def board_seat_of_user(user: Any, on: datetime.date | None = None) -> BoardSeat | None:
    """The user's current voting seat (head or member), or None: a secretary's seat holds
    no vote, and neither does a seat that has not started or has ended."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        BoardSeat.objects.current(on=on)
        .voting()
        .filter(person__user=user)
        .select_related("person")
        .order_by("office")  # "head" before "member"
        .first()
    )


def is_current_board_member(user: Any) -> bool:
    """A Board member today: holds the Board role AND a current voting seat."""
    if not roles.is_board_member(user):
        return False
    return board_seat_of_user(user, timezone.localdate()) is not None


@dataclass(frozen=True)
class BoardRow:
    seat: BoardSeat
    workplace: Library | None  # where the person works now (a member library first)


def board_rows(on: datetime.date | None = None) -> list[BoardRow]:
    """The Board's composition with each person's workplace, for the public page: their
    current employment, a director's post and a member library preferred."""
    on = timezone.localdate() if on is None else on
    seats = board_composition(on)
    members = set(
        Membership.objects.current().filter(library__isnull=False).values_list("library", flat=True)
    )
    workplaces: dict[int, Library] = {}
    ranked: dict[int, tuple[bool, bool]] = {}
    employments = (
        Employment.objects.current(on=on)
        .filter(person__in=[seat.person_id for seat in seats])
        .select_related("library", "library__parent")
        .order_by("pk")
    )
    for employment in employments:
        library = employment.library
        rank = (
            library.pk in members or library.parent_id in members,
            employment.is_director,
        )
        if employment.person_id not in ranked or rank > ranked[employment.person_id]:
            ranked[employment.person_id] = rank
            workplaces[employment.person_id] = library
    return [BoardRow(seat, workplaces.get(seat.person_id)) for seat in seats]


# The statute rules in words --------------------------------------------------------------------


@dataclass(frozen=True)
class RuleRow:
    label: str
    value: str
    clause: str


def _share_words(numerator: int, denominator: int, strict: bool) -> str:
    try:
        return engine.Share(numerator, denominator, strict).words()
    except ValueError:
        return f"{numerator}/{denominator}"


def _yes_no(value: bool) -> str:
    return gettext("yes") if value else gettext("no")


def majority_words(kind: DecisionKind) -> str:
    """ "at least two thirds of the members taking part in the meeting", …"""
    share = _share_words(kind.numerator, kind.denominator, kind.strict)
    if kind.majority == DecisionKind.Majority.FOR_OVER_AGAINST:
        return gettext("more votes for than against (abstentions do not count)")
    if kind.majority == DecisionKind.Majority.SHARE_OF_PARTICIPANTS:
        return gettext("%(share)s of the members taking part in the meeting") % {"share": share}
    if kind.majority == DecisionKind.Majority.SHARE_OF_VOTES_CAST:
        return gettext("%(share)s of the votes cast") % {"share": share}
    if kind.majority == DecisionKind.Majority.SHARE_OF_ALL_MEMBERS:
        return gettext("%(share)s of all members") % {"share": share}
    return gettext("the candidates with the most votes take the seats")


def rules_summary(rules: StatuteRules) -> list[RuleRow]:
    """Every rule of a statute version in words, each with the clause it comes from."""
    quorum = _share_words(rules.quorum_numerator, rules.quorum_denominator, rules.quorum_strict)
    board_quorum = _share_words(
        rules.board_quorum_numerator, rules.board_quorum_denominator, rules.board_quorum_strict
    )
    not_set = gettext("not set in the statutes")
    return [
        RuleRow(
            gettext("General Meeting quorum"),
            gettext("%(share)s of the members take part") % {"share": quorum},
            rules.quorum_clause,
        ),
        RuleRow(
            gettext("Repeat meeting"),
            gettext("needs a quorum")
            if rules.repeat_meeting_needs_quorum
            else gettext(
                "decides whatever the number present, only on the failed meeting's agenda"
            ),
            rules.repeat_meeting_clause,
        ),
        RuleRow(
            gettext("Notice period"),
            ngettext("%(count)s day", "%(count)s days", rules.notice_days)
            % {"count": rules.notice_days}
            + "; "
            + ngettext(
                "a repeat meeting: %(count)s day",
                "a repeat meeting: %(count)s days",
                rules.repeat_notice_days,
            )
            % {"count": rules.repeat_notice_days},
            rules.notice_clause or not_set,
        ),
        RuleRow(
            gettext("Voting channels"),
            gettext("advance written ballots: %(written)s; electronic voting: %(electronic)s")
            % {
                "written": _yes_no(rules.allows_advance_written),
                "electronic": _yes_no(rules.allows_electronic),
            },
            rules.channels_clause or not_set,
        ),
        RuleRow(
            gettext("Board quorum"),
            gettext("%(share)s of the Board members take part") % {"share": board_quorum},
            rules.board_quorum_clause,
        ),
        RuleRow(
            gettext("A tie on the Board"),
            gettext("the chair's vote decides")
            if rules.chair_casting_vote
            else gettext("the decision is not adopted"),
            rules.casting_vote_clause,
        ),
        RuleRow(
            gettext("Written procedure of the Board"),
            gettext("allowed unless a Board member objects to it")
            if rules.allows_written_procedure
            else gettext("not allowed"),
            rules.written_procedure_clause,
        ),
        RuleRow(
            gettext("Minutes"),
            ngettext(
                "signed within %(count)s day",
                "signed within %(count)s days",
                rules.minutes_signing_days,
            )
            % {"count": rules.minutes_signing_days}
            + "; "
            + ngettext(
                "comments within %(count)s day",
                "comments within %(count)s days",
                rules.minutes_comment_days,
            )
            % {"count": rules.minutes_comment_days},
            rules.minutes_clause,
        ),
    ]


def meetings_held_under(rules: StatuteRules) -> QuerySet[Meeting]:
    """Meetings already held (opened, closed or minuted) while `rules` were in force:
    their results were computed by these rules, so the rules no longer change."""
    until = (
        StatuteRules.objects.filter(in_force_from__gt=rules.in_force_from)
        .order_by("in_force_from")
        .values_list("in_force_from", flat=True)
        .first()
    )
    held = Meeting.objects.filter(
        status__in=(Meeting.Status.OPEN, Meeting.Status.CLOSED, Meeting.Status.MINUTED),
        starts_at__date__gte=rules.in_force_from,
    )
    if until is not None:
        held = held.filter(starts_at__date__lt=until)
    return held.order_by("starts_at")
