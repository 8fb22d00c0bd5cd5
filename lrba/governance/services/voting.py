"""Polls and ballots: creating and opening a poll, casting (and changing) a vote on every
channel, the tellers' count in the room, and closing a poll with its computed result.

The outcome is never typed in: `poll_close` counts the ballots and hands them to
`lrba.governance.rules` with the majority of the item's decision kind under the statute
rules in force on the meeting's date (issue point 5).

One member, one vote. Every write that checks a count or an earlier ballot first locks
the poll row, then the Membership or BoardSeat row whose vote it is, always in that
order: two representatives of one library voting at once leave one vote, a vote racing
a closing poll is either counted or refused, and two tellers closing a poll at once
close it once. A vote holds the poll row shared (many votes at once), opening, counting
and closing hold it exclusively (`select_for_update`).

Secret polls keep who took part (`PollParticipation`) apart from what was chosen
(`SecretBallot`, a random key, a random receipt code and no time); nothing in the
application links the two, and closing the poll rewrites the poll's ballots in receipt
order so that not even the rows' physical order or transaction ids tie a ballot to the
moment it was cast. What is left to the server's operator is written down in
docs/governance-secret-ballots.md.
"""

import secrets
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from lrba.core.audit import acting_as
from lrba.governance import rules
from lrba.governance.models import (
    AgendaItem,
    Attendance,
    BallotChannel,
    BoardSeat,
    Candidate,
    Choice,
    Decision,
    Meeting,
    Poll,
    PollParticipation,
    RoomCount,
    SecretBallot,
    Vote,
)
from lrba.governance.selectors.attendance import (
    VotingRight,
    entitled_count,
    participants_count,
    quorum_status,
    right_refusal_reason,
    voting_rights,
)
from lrba.governance.services.attendance import attendance_register
from lrba.governance.services.rules import majority_rule, rules_for
from lrba.members.models import Membership, Person

# Receipt codes: 12 characters from an alphabet without look-alikes (no 0/O, 1/I/L), in
# groups of four: 60 random bits, e.g. "K7QM-3XWA-PD9F".
RECEIPT_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
RECEIPT_GROUPS = 3
RECEIPT_GROUP_LENGTH = 4

ADVANCE_CHANNELS = (BallotChannel.ADVANCE_PORTAL, BallotChannel.ADVANCE_PAPER)
# Attendance channels whose participants are counted by hand in the room.
ROOM_CHANNELS = (Attendance.Channel.IN_ROOM,)


def receipt_new() -> str:
    groups = (
        "".join(secrets.choice(RECEIPT_ALPHABET) for _i in range(RECEIPT_GROUP_LENGTH))
        for _g in range(RECEIPT_GROUPS)
    )
    return "-".join(groups)


def receipt_normalise(receipt: str) -> str:
    """What a voter types back ("k7qm 3xwa pd9f") as stored ("K7QM-3XWA-PD9F")."""
    letters = "".join(ch for ch in receipt.upper() if ch.isalnum())
    size = RECEIPT_GROUP_LENGTH
    return "-".join(letters[i : i + size] for i in range(0, len(letters), size))


# Creating and opening ------------------------------------------------------------------------


@transaction.atomic
def poll_create(
    *,
    item: AgendaItem,
    title: str,
    kind: str = Poll.Kind.MOTION,
    secrecy: str = Poll.Secrecy.OPEN,
    allows_advance: bool = False,
    allows_electronic: bool = True,
    allows_in_room: bool = True,
    seats: int = 1,
    choices_per_voter: int = 1,
    candidates: Iterable[Person] = (),
    created_by: Any,
) -> Poll:
    """A poll on an agenda item, with its candidates for an election.

    Refused: a meeting that is closed, minuted or cancelled; an item with no decision
    kind (it is only heard); a channel the statute rules in force on the meeting's date
    do not allow; no channel at all; an election without candidates or with more
    choices per voter than candidates.
    """
    meeting = item.meeting
    if meeting.status not in (Meeting.Status.DRAFT, Meeting.Status.CONVENED, Meeting.Status.OPEN):
        raise ValidationError(_("Polls can be added only before the meeting closes."))
    if item.decision_kind_id is None:
        raise ValidationError(
            _("This item is only heard: give it a decision kind before putting it to a vote.")
        )
    statute = rules_for(meeting.date)
    if allows_advance and not statute.allows_advance_written:
        raise ValidationError(_("The statutes in force do not allow advance written ballots."))
    if allows_electronic and not statute.allows_electronic:
        raise ValidationError(_("The statutes in force do not allow electronic voting."))
    if not (allows_advance or allows_electronic or allows_in_room):
        raise ValidationError(_("Choose at least one way to vote."))
    candidates = list(candidates)
    if kind == Poll.Kind.ELECTION:
        if not candidates:
            raise ValidationError(_("An election needs candidates."))
        if choices_per_voter > len(candidates):
            raise ValidationError(
                _("A voter cannot choose more persons than there are candidates.")
            )
    elif candidates:
        raise ValidationError(_("Only an election has candidates."))
    poll = Poll(
        item=item,
        title=title,
        kind=kind,
        secrecy=secrecy,
        allows_advance=allows_advance,
        allows_electronic=allows_electronic,
        allows_in_room=allows_in_room,
        seats=seats if kind == Poll.Kind.ELECTION else 1,
        choices_per_voter=choices_per_voter if kind == Poll.Kind.ELECTION else 1,
    )
    with acting_as(created_by):
        poll.full_clean()
        poll.save()
        for position, person in enumerate(candidates, start=1):
            candidate = Candidate(poll=poll, person=person, position=position)
            candidate.full_clean()
            candidate.save()
    return poll


def _poll_locked(poll: Poll) -> Poll:
    return Poll.objects.select_for_update().select_related("item__meeting__body").get(pk=poll.pk)


def _poll_for_voting(poll: Poll) -> Poll:
    """The poll, read fresh under a shared row lock (FOR SHARE on PostgreSQL): votes in
    one poll go through side by side (each locks only its own member's row), while
    `poll_close` (FOR UPDATE) waits for every vote in flight and every vote that comes
    after it sees the poll closed. SQLite lets one writer at a time anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM governance_poll WHERE id = %s FOR SHARE", [poll.pk])
    return Poll.objects.select_related("item__meeting__body").get(pk=poll.pk)


@transaction.atomic
def poll_advance_open(*, poll: Poll, opened_by: Any) -> Poll:
    """Open a poll for advance written ballots (before the meeting, once it is convened)."""
    poll = _poll_locked(poll)
    if not poll.allows_advance:
        raise ValidationError(_("This poll takes no advance ballots."))
    if poll.status != Poll.Status.DRAFT:
        raise ValidationError(_("This poll is already open or closed."))
    if poll.item.meeting.status != Meeting.Status.CONVENED:
        raise ValidationError(_("Advance voting opens once the meeting is convened."))
    poll.status = Poll.Status.ADVANCE
    with acting_as(opened_by):
        poll.save(update_fields=["status"])
    return poll


@transaction.atomic
def poll_open(*, poll: Poll, opened_by: Any) -> Poll:
    """Open a poll at the meeting (after advance voting, if any); its item becomes the
    item under discussion on the room view."""
    poll = _poll_locked(poll)
    meeting = poll.item.meeting
    if poll.status not in (Poll.Status.DRAFT, Poll.Status.ADVANCE):
        raise ValidationError(_("This poll is already open or closed."))
    if meeting.status != Meeting.Status.OPEN:
        raise ValidationError(_("A poll opens at the meeting: open the meeting first."))
    poll.status = Poll.Status.OPEN
    poll.opened_at = timezone.now()
    with acting_as(opened_by):
        poll.save(update_fields=["status", "opened_at"])
        if meeting.current_item_id != poll.item_id:
            meeting.current_item = poll.item
            meeting.save(update_fields=["current_item"])
    return poll


# Casting ----------------------------------------------------------------------------------------


def _check_channel(poll: Poll, channel: str) -> None:
    meeting = poll.item.meeting
    if poll.status == Poll.Status.CLOSED:
        raise ValidationError(_("This poll is closed: votes can no longer be cast or changed."))
    if channel in ADVANCE_CHANNELS:
        if not poll.allows_advance:
            raise ValidationError(_("This poll takes no advance ballots."))
        # Paper ballots that came in before the meeting may still be entered while it runs.
        allowed: tuple[str, ...] = (Poll.Status.ADVANCE,)
        if channel == BallotChannel.ADVANCE_PAPER:
            allowed = (Poll.Status.ADVANCE, Poll.Status.OPEN)
        if poll.status not in allowed:
            raise ValidationError(_("Advance voting on this poll is not open."))
    elif channel == BallotChannel.ELECTRONIC:
        if not poll.allows_electronic:
            raise ValidationError(_("This poll is not voted electronically."))
        if poll.status != Poll.Status.OPEN or meeting.status != Meeting.Status.OPEN:
            raise ValidationError(_("This poll is not open."))
    else:
        raise ValidationError(_("Unknown way of voting."))


def _check_ballot(poll: Poll, choice: str, candidate_ids: Sequence[int]) -> tuple[str, list[int]]:
    """The ballot as stored: a motion's choice, or an election's candidates (none is a
    blank ballot, stored as an abstention)."""
    if poll.kind == Poll.Kind.MOTION:
        if candidate_ids:
            raise ValidationError(_("This poll is not an election."))
        if choice not in Choice.values:
            raise ValidationError(_("Choose for, against or abstain."))
        return choice, []
    chosen = sorted({int(pk) for pk in candidate_ids})
    if len(chosen) != len(candidate_ids):
        raise ValidationError(_("A candidate can be chosen only once."))
    if len(chosen) > poll.choices_per_voter:
        raise ValidationError(
            ngettext(
                "Choose at most %(count)s candidate.",
                "Choose at most %(count)s candidates.",
                poll.choices_per_voter,
            )
            % {"count": poll.choices_per_voter}
        )
    known = set(poll.candidates.filter(pk__in=chosen).values_list("pk", flat=True))
    if known != set(chosen):
        raise ValidationError(_("That is not a candidate in this election."))
    return ("" if chosen else Choice.ABSTAIN), chosen


def _lock_right(right: VotingRight) -> None:
    """Lock the row whose vote it is: the member, or the Board seat."""
    if right.membership is not None:
        Membership.objects.select_for_update().get(pk=right.membership.pk)
    elif right.board_seat is not None:
        BoardSeat.objects.select_for_update().get(pk=right.board_seat.pk)
    else:
        raise ValidationError(_("This is not a vote."))


def _attendance_of(meeting: Meeting, right: VotingRight) -> Attendance | None:
    rows = Attendance.objects.filter(meeting=meeting).select_related("person")
    if right.membership is not None:
        return rows.filter(membership=right.membership).first()
    return rows.filter(board_seat=right.board_seat).first()


def _check_representative(
    *, meeting: Meeting, right: VotingRight, person: Person, channel: str, cast_by: Any
) -> None:
    """One member, one voice: the person registered for the member at this meeting is
    the one who votes for it. An advance ballot registers its voter (channel
    advance_written); an electronic vote needs a registered participant."""
    attendance = _attendance_of(meeting, right)
    if attendance is not None:
        if attendance.person_id is not None and attendance.person_id != person.pk:
            # The name stands as the subject: it needs no other case in any language.
            raise ValidationError(
                _("This member is already represented at this meeting by %(name)s.")
                % {"name": attendance.person}
            )
        if attendance.left_at is not None:
            raise ValidationError(_("You have left the meeting: register again to vote."))
        if not attendance.votes:
            raise ValidationError(_("You take part in this meeting without a vote."))
        return
    if channel == BallotChannel.ELECTRONIC:
        raise ValidationError(
            _("Register as a participant of the meeting before voting during it.")
        )
    attendance_register(
        meeting=meeting,
        person=person,
        membership=right.membership,
        board_seat=right.board_seat,
        channel=Attendance.Channel.ADVANCE_WRITTEN,
        registered_by=cast_by,
    )


@transaction.atomic
def vote_cast(
    *,
    poll: Poll,
    right: VotingRight,
    person: Person,
    choice: str = "",
    candidate_ids: Sequence[int] = (),
    channel: str,
    cast_by: Any,
    receipt: str = "",
) -> str | None:
    """Cast (or change) `person`'s vote in `poll` for the member or Board seat of `right`.

    Returns the receipt code of a secret ballot (None in an open poll). Refused
    (ValidationError, nothing written): a poll that is closed or not open for this
    channel; a right `person` does not hold at this meeting (no right, an expired
    mandate, another library's vote — checked afresh with `voting_rights`, whatever the
    caller passed); a member already represented by someone else; too many or unknown
    candidates; a second secret ballot without its receipt.

    Open poll: one `Vote` per member (or seat), the last counts. Secret poll: the first
    ballot writes a `PollParticipation` and a `SecretBallot` with a new receipt; a change
    needs that receipt and replaces the ballot's choice.
    Locks the poll (shared: votes do not wait for each other, a closing poll waits for
    them), then the Membership or BoardSeat row.
    """
    poll = _poll_for_voting(poll)
    meeting = poll.item.meeting
    _check_channel(poll, channel)
    choice, chosen = _check_ballot(poll, choice, candidate_ids)

    _lock_right(right)
    held = {r.key: r for r in voting_rights(person=person, meeting=meeting)}
    if right.key not in held:
        if right.membership is not None:
            reason = right_refusal_reason(
                person=person, meeting=meeting, membership=right.membership
            )
        else:
            reason = _("%(name)s holds no vote on the Board on the meeting's date.") % {
                "name": person
            }
        raise ValidationError(reason)
    right = held[right.key]
    _check_representative(
        meeting=meeting, right=right, person=person, channel=channel, cast_by=cast_by
    )

    if poll.is_secret:
        return _secret_ballot_cast(
            poll=poll, right=right, choice=choice, chosen=chosen, channel=channel, receipt=receipt
        )
    vote, _created = Vote.objects.get_or_create(
        poll=poll,
        membership=right.membership,
        board_seat=right.board_seat,
        defaults={"channel": channel, "choice": choice, "cast_by": cast_by},
    )
    vote.choice = choice
    vote.channel = channel
    vote.cast_by = cast_by
    vote.cast_at = timezone.now()
    with acting_as(cast_by):
        vote.full_clean()
        vote.save()
        vote.candidates.set(chosen)
    return None


def _secret_ballot_cast(
    *, poll: Poll, right: VotingRight, choice: str, chosen: list[int], channel: str, receipt: str
) -> str:
    # No `acting_as` and no audit log here: an audit entry carries a time and an actor,
    # which would link the voter to the ballot (see docs/governance-secret-ballots.md).
    taken_part = PollParticipation.objects.filter(
        poll=poll, membership=right.membership, board_seat=right.board_seat
    ).exists()
    if taken_part:
        if not receipt:
            raise ValidationError(
                _("This vote has been cast. To change it, give the receipt code you were shown.")
            )
        ballot = (
            SecretBallot.objects.select_for_update()
            .filter(poll=poll, receipt=receipt_normalise(receipt))
            .first()
        )
        if ballot is None:
            raise ValidationError(_("No ballot of this poll has that receipt code."))
        ballot.choice = choice
        ballot.candidate_ids = chosen
        ballot.full_clean()
        ballot.save(update_fields=["choice", "candidate_ids"])
        return ballot.receipt
    participation = PollParticipation(
        poll=poll, membership=right.membership, board_seat=right.board_seat, channel=channel
    )
    participation.full_clean()
    participation.save()
    ballot = SecretBallot(poll=poll, receipt=receipt_new(), choice=choice, candidate_ids=chosen)
    ballot.full_clean(validate_unique=False)
    ballot.save(force_insert=True)
    return ballot.receipt


# The tellers ------------------------------------------------------------------------------------


def room_voters_count(poll: Poll) -> int:
    """Holders of a vote in the room who did not vote in this poll otherwise: how many
    hands the tellers can count at most."""
    meeting = poll.item.meeting
    present = Attendance.objects.filter(
        meeting=meeting, left_at__isnull=True, channel__in=ROOM_CHANNELS
    ).exclude(capacity=Attendance.Capacity.WITHOUT_VOTE)
    voted: QuerySet[Any]
    if poll.is_secret:
        voted = PollParticipation.objects.filter(poll=poll)
    else:
        voted = Vote.objects.filter(poll=poll)
    voted_members = voted.filter(membership__isnull=False).values("membership")
    voted_seats = voted.filter(board_seat__isnull=False).values("board_seat")
    present = present.exclude(membership__in=voted_members).exclude(board_seat__in=voted_seats)
    return present.count()


@transaction.atomic
def room_count_enter(
    *,
    poll: Poll,
    votes_for: int = 0,
    votes_against: int = 0,
    abstentions: int = 0,
    candidate_votes: dict[int, int] | None = None,
    entered_by: Any,
) -> RoomCount:
    """The tellers' count of the room for an open poll (entering it again replaces it).

    Refused: a poll that is not open or not counted in the room; a count larger than the
    voters in the room who did not vote in this poll otherwise; votes for someone who is
    not a candidate, or more than each voter's choices allow."""
    poll = _poll_locked(poll)
    if poll.status != Poll.Status.OPEN:
        raise ValidationError(_("The room is counted while the poll is open."))
    if not poll.allows_in_room:
        raise ValidationError(_("This poll is not counted in the room."))
    counts = (votes_for, votes_against, abstentions)
    if min(counts) < 0:
        raise ValidationError(_("A count cannot be negative."))
    room = room_voters_count(poll)
    cleaned: dict[str, int] = {}
    if poll.kind == Poll.Kind.ELECTION:
        if votes_for or votes_against:
            raise ValidationError(_("An election is counted per candidate."))
        candidate_ids = set(poll.candidates.values_list("pk", flat=True))
        for pk, count in (candidate_votes or {}).items():
            if int(pk) not in candidate_ids:
                raise ValidationError(_("That is not a candidate in this election."))
            if count < 0:
                raise ValidationError(_("A count cannot be negative."))
            if count > room:
                raise ValidationError(
                    _(
                        "Votes for one candidate: %(count)s; voters in the room who did not "
                        "vote otherwise: %(room)s."
                    )
                    % {"count": count, "room": room}
                )
            if count:
                cleaned[str(int(pk))] = int(count)
        if abstentions > room or sum(cleaned.values()) > room * poll.choices_per_voter:
            raise ValidationError(
                _(
                    "More votes than the voters in the room can give (voters in the room who "
                    "did not vote otherwise: %(room)s)."
                )
                % {"room": room}
            )
    elif sum(counts) > room:
        raise ValidationError(
            _("Hands counted: %(count)s; voters in the room who did not vote otherwise: %(room)s.")
            % {"count": sum(counts), "room": room}
        )
    room_count, _created = RoomCount.objects.get_or_create(poll=poll)
    room_count.votes_for = votes_for
    room_count.votes_against = votes_against
    room_count.abstentions = abstentions
    room_count.candidate_votes = cleaned
    room_count.entered_by = entered_by
    room_count.entered_at = timezone.now()
    with acting_as(entered_by):
        room_count.full_clean()
        room_count.save()
    return room_count


# Closing ----------------------------------------------------------------------------------------


def poll_tally(poll: Poll) -> tuple[rules.Tally, Counter[int], int]:
    """The motion's counts, the votes per candidate and the number of ballots, over
    every channel: open votes, secret ballots and the room's count."""
    choices: Counter[str] = Counter()
    candidates: Counter[int] = Counter()
    ballots = 0
    if poll.is_secret:
        for choice, candidate_ids in SecretBallot.objects.filter(poll=poll).values_list(
            "choice", "candidate_ids"
        ):
            ballots += 1
            choices[choice] += 1
            candidates.update(int(pk) for pk in candidate_ids)
    else:
        for vote in Vote.objects.filter(poll=poll).prefetch_related("candidates"):
            ballots += 1
            choices[vote.choice] += 1
            candidates.update(candidate.pk for candidate in vote.candidates.all())
    tally = rules.Tally(choices[Choice.FOR], choices[Choice.AGAINST], choices[Choice.ABSTAIN])
    room = RoomCount.objects.filter(poll=poll).first()
    if room is not None:
        tally = tally + rules.Tally(room.votes_for, room.votes_against, room.abstentions)
        for pk, count in room.candidate_votes.items():
            candidates[int(pk)] += count
        # In an election hands are counted per candidate: the ballots are at least the
        # abstentions plus the most votes any one candidate got from the room.
        ballots += room.votes_for + room.votes_against + room.abstentions
        if poll.kind == Poll.Kind.ELECTION:
            ballots += max(room.candidate_votes.values(), default=0)
    return tally, candidates, ballots


def _chair_choice(poll: Poll) -> rules.ChairChoice:
    """How the chair voted (an open vote only), for a casting vote on a tie."""
    chair = poll.item.meeting.chair
    if chair is None or poll.is_secret:
        return None
    vote = Vote.objects.filter(poll=poll, board_seat__person=chair).first()
    if vote is None and chair.user_id is not None:
        vote = Vote.objects.filter(
            poll=poll, cast_by_id=chair.user_id, channel=BallotChannel.ELECTRONIC
        ).first()
    return vote.choice if vote is not None and vote.choice else None  # type: ignore[return-value]


def _in_each_language(render: Any) -> dict[str, str]:
    sentences = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            sentences[code] = str(render())
    return sentences


def _motion_outcome(poll: Poll, tally: rules.Tally, participants: int, entitled: int) -> dict:
    meeting = poll.item.meeting
    kind = poll.item.decision_kind
    assert kind is not None  # poll_create refuses an item without a decision kind
    rule = majority_rule(kind=kind, body=meeting.body, rules=rules_for(meeting.date))
    outcome = rules.motion_result(
        tally=tally,
        rule=rule,
        participants=participants,
        entitled=entitled,
        chair_choice=_chair_choice(poll),
    )
    return {
        "kind": "motion",
        "majority": rule.majority,
        "base": outcome.base,
        "needed": outcome.needed,
        "counts": {
            "for": tally.votes_for,
            "against": tally.votes_against,
            "abstain": tally.abstentions,
        },
        "tie": outcome.tie,
        "casting_vote_used": outcome.casting_vote_used,
        "adopted": outcome.adopted,
        "sentence": _in_each_language(outcome.sentence),
    }


def _election_outcome(poll: Poll, candidates: Counter[int], ballots: int) -> dict:
    listed = list(poll.candidates.select_related("person"))
    names = {candidate.pk: candidate.person.full_name for candidate in listed}
    votes = {candidate.pk: candidates.get(candidate.pk, 0) for candidate in listed}
    outcome = rules.election_result(votes=votes, seats=poll.seats, ballots=ballots)
    return {
        "kind": "election",
        "seats": poll.seats,
        "ballots": ballots,
        "votes": {str(pk): count for pk, count in votes.items()},
        "names": {str(pk): name for pk, name in names.items()},
        "elected": list(outcome.elected),
        "tied": list(outcome.tied),
        "adopted": bool(outcome.elected),
        "sentence": _in_each_language(lambda: outcome.sentence(names)),
    }


def _no_quorum_sentence(quorum: rules.QuorumResult) -> Any:
    return _("Without a quorum the meeting takes no decision: %(quorum)s") % {
        "quorum": quorum.sentence()
    }


def _ballots_shuffle(poll: Poll) -> None:
    """Rewrite the poll's secret ballots in receipt order, in this one transaction: the
    live table then keeps neither the order they were cast in nor their own transaction
    ids (which an operator could match with those of the participation rows)."""
    ballots = list(SecretBallot.objects.filter(poll=poll).order_by("receipt"))
    SecretBallot.objects.filter(poll=poll).delete()
    SecretBallot.objects.bulk_create(ballots)


@transaction.atomic
def poll_close(*, poll: Poll, closed_by: Any) -> Poll:
    """Close an open poll and store its computed result (and adopted or not); an
    adopted motion or a filled election goes to the decision register.

    Refused: a poll that is not open, or already closed (a second teller closing it at
    the same moment waits for the first, then gets "already closed": nothing counted
    twice). Locks the poll row for the whole count.

    `result` holds the base, the threshold, the counts, the quorum and the sentence
    stating them in every language of the site (`{"sentence": {"lt": …, "en": …}}`).
    """
    poll = _poll_locked(poll)
    if poll.status == Poll.Status.CLOSED:
        raise ValidationError(_("This poll is already closed."))
    if poll.status != Poll.Status.OPEN:
        raise ValidationError(_("Only an open poll can be closed."))
    meeting = poll.item.meeting
    tally, candidates, ballots = poll_tally(poll)
    participants = participants_count(meeting)
    entitled = meeting.entitled_count
    if entitled is None:
        entitled = entitled_count(meeting)
    quorum = quorum_status(meeting)
    if poll.kind == Poll.Kind.ELECTION:
        result = _election_outcome(poll, candidates, ballots)
    else:
        result = _motion_outcome(poll, tally, participants, entitled)
    result.update(
        participants=participants,
        entitled=entitled,
        quorum={
            "present": quorum.present,
            "needed": quorum.needed,
            "reached": quorum.reached,
            "sentence": _in_each_language(quorum.sentence),
        },
    )
    if not quorum.reached:
        result["adopted"] = False
        result["sentence"] = _in_each_language(lambda: _no_quorum_sentence(quorum))
    if poll.is_secret:
        _ballots_shuffle(poll)

    poll.status = Poll.Status.CLOSED
    poll.closed_at = timezone.now()
    poll.closed_by = closed_by
    poll.result = result
    with acting_as(closed_by):
        poll.save(update_fields=["status", "closed_at", "closed_by", "result"])
    if poll.adopted:
        _decision_for(poll, result=result, recorded_by=closed_by)
    return poll


def _decision_for(poll: Poll, *, result: dict, recorded_by: Any) -> Decision | None:
    from lrba.governance.services.decisions import decision_record

    item = poll.item
    assert item.decision_kind is not None  # poll_create refuses an item without one
    if Decision.objects.filter(item=item).exists():
        return None  # an item decided by an earlier poll keeps its decision
    text = item.decision_text or item.draft_decision
    if poll.kind == Poll.Kind.ELECTION:
        with translation.override(settings.LANGUAGE_CODE):
            elected = ", ".join(result["names"][str(pk)] for pk in result["elected"])
            text = (text + "\n\n" if text else "") + str(_("Elected: %(names)s.")) % {
                "names": elected
            }
    return decision_record(
        body=item.meeting.body,
        kind=item.decision_kind,
        title=item.title,
        text=text or item.title,
        adopted_on=timezone.localdate(poll.closed_at),
        meeting=item.meeting,
        item=item,
        poll=poll,
        recorded_by=recorded_by,
    )
