"""Reads for voting: the ballots a person may fill in, a poll's progress for the tellers
(how many ballots, never what they say before the poll closes), the room view and the
published receipts of a secret poll."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils import translation

from lrba.governance.models import (
    BallotChannel,
    Candidate,
    Choice,
    Meeting,
    Poll,
    PollParticipation,
    SecretBallot,
    Vote,
)
from lrba.governance.selectors.attendance import VotingRight, voting_rights
from lrba.members.models import Person

OPEN_STATUSES = (Poll.Status.ADVANCE, Poll.Status.OPEN)


def meeting_polls(meeting: Meeting) -> QuerySet[Poll]:
    """The meeting's polls in agenda order, with their items and candidates."""
    candidates = Prefetch(
        "candidates", queryset=Candidate.objects.select_related("person").order_by("position")
    )
    return (
        Poll.objects.filter(item__meeting=meeting)
        .select_related("item__decision_kind", "item__meeting__body")
        .prefetch_related(candidates)
        .order_by("item__position", "pk")
    )


def poll_channel(poll: Poll) -> str:
    """How a person votes in the portal now: in advance before the meeting, electronically
    while the poll is open at it."""
    if poll.status == Poll.Status.ADVANCE:
        return BallotChannel.ADVANCE_PORTAL
    return BallotChannel.ELECTRONIC


def right_value(right: VotingRight) -> str:
    """A voting right as a form value: "membership-12" or "board_seat-3"."""
    kind, pk = right.key
    return f"{kind}-{pk}"


@dataclass
class Ballot:
    """One ballot a person may fill in: a poll, and the vote (right) it is cast for."""

    poll: Poll
    right: VotingRight
    vote: Vote | None = None  # an open poll's current vote
    participated: bool = False  # a secret poll: a ballot has been cast
    chosen: list[int] = field(default_factory=list)

    @property
    def value(self) -> str:
        return right_value(self.right)

    @property
    def dom_id(self) -> str:
        return f"ballot-{self.poll.pk}-{self.value}"

    @property
    def votable(self) -> bool:
        if self.poll.status == Poll.Status.ADVANCE:
            return self.poll.allows_advance
        return self.poll.status == Poll.Status.OPEN and self.poll.allows_electronic


def _ballot_fill(ballot: Ballot) -> Ballot:
    poll, right = ballot.poll, ballot.right
    rows = {"membership": right.membership, "board_seat": right.board_seat}
    if poll.is_secret:
        ballot.participated = PollParticipation.objects.filter(poll=poll, **rows).exists()
    else:
        ballot.vote = Vote.objects.filter(poll=poll, **rows).first()
        if ballot.vote is not None:
            ballot.chosen = list(ballot.vote.candidates.values_list("pk", flat=True))
    return ballot


def ballot_for(*, poll: Poll, right: VotingRight) -> Ballot:
    return _ballot_fill(Ballot(poll, right))


def ballots_for(*, person: Person | None, meeting: Meeting) -> list[Ballot]:
    """Every ballot `person` may fill in at `meeting` now: each poll open for advance or
    electronic voting, once per vote they hold (a director who also holds a transferred
    vote gets two)."""
    if person is None:
        return []
    rights = voting_rights(person=person, meeting=meeting)
    if not rights:
        return []
    polls = [p for p in meeting_polls(meeting) if p.status in OPEN_STATUSES]
    return [_ballot_fill(Ballot(poll, right)) for poll in polls for right in rights]


@dataclass
class Progress:
    """How far a poll has come, without what the ballots say."""

    ballots: int
    by_channel: dict[str, int]
    room_counted: bool


def poll_progress(poll: Poll) -> Progress:
    rows = PollParticipation.objects if poll.is_secret else Vote.objects
    by_channel: dict[str, int] = {}
    for channel in rows.filter(poll=poll).values_list("channel", flat=True):
        by_channel[channel] = by_channel.get(channel, 0) + 1
    labels = dict(BallotChannel.choices)
    named = {str(labels.get(k, k)): v for k, v in sorted(by_channel.items())}
    return Progress(sum(by_channel.values()), named, hasattr(poll, "room_count"))


def result_sentence(poll: Poll) -> str:
    """The closed poll's result in the reader's language (the stored sentence)."""
    if not poll.result:
        return ""
    sentences = poll.result.get("sentence", {})
    return sentences.get(translation.get_language() or "lt") or sentences.get("lt", "")


@dataclass
class Receipt:
    receipt: str
    choice: str


def receipts_published(poll: Poll) -> list[Receipt]:
    """A closed secret poll's ballots as receipt and choice, in receipt order: every
    voter finds their code and checks their ballot was counted as cast. Empty until the
    poll closes."""
    if not poll.is_secret or poll.status != Poll.Status.CLOSED:
        return []
    names = {c.pk: c.person.full_name for c in poll.candidates.select_related("person")}
    labels = dict(Choice.choices)
    listed = []
    for receipt, choice, candidate_ids in (
        SecretBallot.objects.filter(poll=poll)
        .order_by("receipt")
        .values_list("receipt", "choice", "candidate_ids")
    ):
        if poll.kind == Poll.Kind.ELECTION and candidate_ids:
            said = ", ".join(names.get(int(pk), "?") for pk in candidate_ids)
        else:
            said = str(labels.get(choice, choice))
        listed.append(Receipt(receipt, said))
    return listed


@dataclass
class Room:
    """What the projector shows: the item under discussion, its polls, and the results
    of the meeting's closed polls. Counts and results only: no names of voters."""

    meeting: Meeting
    current_polls: list[Poll]
    closed_polls: list[Poll]


def room_view(meeting: Meeting) -> Room:
    polls = list(meeting_polls(meeting))
    current = [p for p in polls if p.item_id == meeting.current_item_id]
    closed = [p for p in polls if p.status == Poll.Status.CLOSED]
    for poll in polls:
        poll.sentence = result_sentence(poll)  # type: ignore[attr-defined]
        poll.progress = poll_progress(poll)  # type: ignore[attr-defined]
    return Room(meeting, current, closed)
