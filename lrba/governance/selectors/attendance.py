"""Who holds a vote at a meeting, who takes part, and whether there is a quorum.

THE entitlement answer (`voting_rights`, `entitled_count`) lives here and only here:
voting (P4), the written procedure (P6), the door desk and the minutes ask these
functions, so one rule decides everywhere.

At a General Meeting each current membership (`Membership.objects.current()`) has one
vote, cast by
- a library's current director (by office), or a person with a mandate for the library
  that is not revoked and is valid on the meeting's date (for a period, or for this one
  meeting: `Mandate.meeting_reference == Meeting.reference`), or
- the person receiving the vote under an effective voting-rights transfer (CK 2.89):
  while it runs, the member has transferred its vote, so its director and mandate
  holders do not hold it;
- an individual member (a natural person) personally.
At a Board meeting each current voting Board seat (head or member) on the meeting's date
has one vote, cast by its person. Board members who are not members attend a General
Meeting without a vote and do not count toward the quorum.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from lrba.core.text import fold, sort_key
from lrba.governance import rules
from lrba.governance.models import Attendance, BoardSeat, Meeting, VotingRightsTransfer
from lrba.members.models import Employment, Mandate, Membership, Person

Capacity = Attendance.Capacity


@dataclass(frozen=True)
class VotingRight:
    """One vote a person may cast at a meeting: for which member (or Board seat), in what
    capacity, and on what ground (the mandate or the transfer)."""

    membership: Membership | None
    board_seat: BoardSeat | None
    capacity: str  # Attendance.Capacity
    mandate: Mandate | None
    transfer: VotingRightsTransfer | None
    label: str

    @property
    def key(self) -> tuple[str, int]:
        """What the vote belongs to: ("membership", pk) or ("board_seat", pk)."""
        if self.membership is not None:
            return ("membership", self.membership.pk)
        assert self.board_seat is not None
        return ("board_seat", self.board_seat.pk)


def member_name(membership: Membership) -> str:
    """The member's name as it stands alone (a heading, a list row, a label)."""
    if membership.library is not None:
        return membership.library.name
    return membership.person.full_name if membership.person is not None else ""


def _label(membership: Membership, capacity: str) -> str:
    return f"{member_name(membership)} — {Capacity(capacity).label}"


def _mandate_valid_q(on: datetime.date, meeting: Meeting) -> Q:
    return (
        Q(revoked_at__isnull=True, valid_from__lte=on)
        & (Q(valid_until__isnull=True) | Q(valid_until__gte=on))
        & (
            Q(scope=Mandate.Scope.PERIOD)
            | Q(scope=Mandate.Scope.MEETING, meeting_reference=meeting.reference)
        )
    )


def _transfers_effective(on: datetime.date) -> QuerySet[VotingRightsTransfer]:
    return VotingRightsTransfer.objects.filter(
        revoked_at__isnull=True, notified_on__lte=on, valid_from__lte=on, valid_until__gte=on
    )


def _general_meeting_rights(
    meeting: Meeting,
    *,
    person: Person | None = None,
    memberships: Iterable[Membership] | None = None,
) -> list[tuple[Person, VotingRight]]:
    """(person, right) pairs of a General Meeting, for one person or for everyone, in a
    fixed number of queries. `memberships` limits them to those members."""
    on = meeting.date
    current = Membership.objects.current().select_related("library", "person")
    if memberships is not None:
        current = current.filter(pk__in=[m.pk for m in memberships])
    transfers = _transfers_effective(on).filter(transferor__in=current).select_related("transferee")
    directors = (
        Employment.objects.current(on=on)
        .filter(is_director=True, library__in=current.values("library"))
        .select_related("person")
    )
    mandates = (
        Mandate.objects.filter(_mandate_valid_q(on, meeting))
        .filter(library__in=current.values("library"))
        .select_related("person")
    )
    individual = current.filter(person__isnull=False)
    # While a transfer runs, the member's vote is the transferee's alone.
    transferred_ids = set(transfers.values_list("transferor_id", flat=True))
    loaded = current
    if person is not None:
        transfers = transfers.filter(transferee=person)
        directors = directors.filter(person=person)
        mandates = mandates.filter(person=person)
        individual = individual.filter(person=person)
        # Only the members this person may speak for: the answer costs the same with
        # ten members or a thousand.
        loaded = current.filter(
            Q(pk__in=transfers.values("transferor_id"))
            | Q(library__in=directors.values("library"))
            | Q(library__in=mandates.values("library"))
            | Q(person=person)
        )
    memberships_by_pk = {m.pk: m for m in loaded}
    by_library = {m.library_id: m for m in memberships_by_pk.values() if m.library_id}
    pairs: list[tuple[Person, VotingRight]] = []
    for transfer in transfers.order_by("valid_from", "pk"):
        membership = memberships_by_pk[transfer.transferor_id]
        right = VotingRight(
            membership,
            None,
            Capacity.TRANSFER,
            None,
            transfer,
            _label(membership, Capacity.TRANSFER),
        )
        pairs.append((transfer.transferee, right))
    seen: set[tuple[int, int]] = set()  # (person, membership): one right each
    for employment in directors.order_by("start_date", "pk"):
        membership = by_library[employment.library_id]
        if membership.pk in transferred_ids or (employment.person_id, membership.pk) in seen:
            continue
        seen.add((employment.person_id, membership.pk))
        right = VotingRight(
            membership, None, Capacity.DIRECTOR, None, None, _label(membership, Capacity.DIRECTOR)
        )
        pairs.append((employment.person, right))
    # A one-meeting mandate first: it names this meeting, so it is the one shown.
    for mandate in mandates.order_by("-scope", "-valid_from", "pk"):
        membership = by_library[mandate.library_id]
        if membership.pk in transferred_ids or (mandate.person_id, membership.pk) in seen:
            continue
        seen.add((mandate.person_id, membership.pk))
        right = VotingRight(
            membership, None, Capacity.MANDATE, mandate, None, _label(membership, Capacity.MANDATE)
        )
        pairs.append((mandate.person, right))
    for membership in individual:
        membership = memberships_by_pk[membership.pk]
        if membership.pk in transferred_ids:
            continue
        right = VotingRight(
            membership,
            None,
            Capacity.MEMBER_IN_PERSON,
            None,
            None,
            _label(membership, Capacity.MEMBER_IN_PERSON),
        )
        pairs.append((membership.person, right))
    return pairs


def _board_rights(
    meeting: Meeting, *, person: Person | None = None
) -> list[tuple[Person, VotingRight]]:
    seats = BoardSeat.objects.current(on=meeting.date).voting().select_related("person")
    if person is not None:
        seats = seats.filter(person=person)
    return [
        (
            seat.person,
            VotingRight(
                None,
                seat,
                Capacity.BOARD_MEMBER,
                None,
                None,
                f"{seat.person.full_name} — {seat.get_office_display()}",
            ),
        )
        for seat in seats.order_by("office", "pk")
    ]


def voting_rights(*, person: Person, meeting: Meeting) -> list[VotingRight]:
    """Every vote `person` may cast at `meeting`, judged on the meeting's date: as a
    director, through a mandate valid on that date (for a period, or for this meeting),
    through an effective voting-rights transfer, as an individual member, or — at a
    Board meeting — through their own voting Board seat. Empty if they hold none."""
    if meeting.body.is_board:
        pairs = _board_rights(meeting, person=person)
    else:
        pairs = _general_meeting_rights(meeting, person=person)
    return [right for _person, right in pairs]


def voting_right_for(
    *,
    person: Person,
    meeting: Meeting,
    membership: Membership | None = None,
    board_seat: BoardSeat | None = None,
) -> VotingRight | None:
    """`person`'s right to cast the vote of `membership` (or `board_seat`), or None."""
    for right in voting_rights(person=person, meeting=meeting):
        if membership is not None and right.key == ("membership", membership.pk):
            return right
        if board_seat is not None and right.key == ("board_seat", board_seat.pk):
            return right
    return None


def board_seat_without_vote(*, person: Person, meeting: Meeting) -> BoardSeat | None:
    """The current Board seat of `person` on the meeting's date through which they
    attend without a vote: any seat at a General Meeting (Board members who are not
    members), the secretary's seat at a Board meeting."""
    seats = BoardSeat.objects.current(on=meeting.date).filter(person=person)
    if meeting.body.is_board:
        seats = seats.exclude(office__in=(BoardSeat.Office.HEAD, BoardSeat.Office.MEMBER))
    return seats.order_by("office", "pk").first()


def entitled_count(meeting: Meeting) -> int:
    """How many hold a vote at `meeting`: current memberships at a General Meeting, the
    current voting Board seats on the meeting's date at a Board meeting."""
    if meeting.body.is_board:
        return BoardSeat.objects.current(on=meeting.date).voting().count()
    return Membership.objects.current().count()


def participants(meeting: Meeting) -> QuerySet[Attendance]:
    """The attendance rows that count: holding a vote and not left."""
    return Attendance.objects.filter(meeting=meeting, left_at__isnull=True).exclude(
        capacity=Capacity.WITHOUT_VOTE
    )


def participants_count(meeting: Meeting) -> int:
    """How many holders of a vote take part now (in the room, remotely or by an advance
    written ballot), those who left not counted; Board members without a vote never."""
    return participants(meeting).count()


def quorum_status(meeting: Meeting) -> rules.QuorumResult:
    """The quorum now: participants against the holders of a vote (the snapshot taken
    at opening, else counted now), by the rule of the statutes in force on the date."""
    from lrba.governance.services.rules import quorum_rule

    entitled = meeting.entitled_count
    if entitled is None:
        entitled = entitled_count(meeting)
    return rules.quorum(
        present=participants_count(meeting), entitled=entitled, rule=quorum_rule(meeting)
    )


def quorum_panel(meeting: Meeting) -> dict:
    """The context of `governance/_quorum.html` (the live quorum panel, also on the room
    view): `quorum` (a QuorumResult, or None when no statute rules are in force on the
    meeting's date, with `quorum_error` saying so)."""
    from django.core.exceptions import ValidationError

    try:
        return {"meeting": meeting, "quorum": quorum_status(meeting), "quorum_error": ""}
    except ValidationError as error:
        return {"meeting": meeting, "quorum": None, "quorum_error": error.messages[0]}


# The door desk ----------------------------------------------------------------------------


@dataclass
class DeskCandidate:
    """A person who may register at the desk, and for what."""

    person: Person
    right: VotingRight | None  # None: a Board member attending without a vote
    board_seat: BoardSeat | None = None

    @property
    def capacity_label(self) -> str:
        if self.right is None:
            return str(Capacity.WITHOUT_VOTE.label)
        return str(Capacity(self.right.capacity).label)


@dataclass
class DeskRow:
    """One vote at the desk (a member, or a Board seat), who may cast it and whether it
    is registered; or a Board member attending a General Meeting without a vote."""

    key: str  # "m<pk>" or "s<pk>": the row's html id
    name: str
    candidates: list[DeskCandidate] = field(default_factory=list)
    attendance: Attendance | None = None
    search_text: str = ""

    @property
    def registered(self) -> bool:
        return self.attendance is not None and self.attendance.left_at is None


def _attendance_rows(meeting: Meeting) -> dict[str, Attendance]:
    rows: dict[str, Attendance] = {}
    for attendance in Attendance.objects.filter(meeting=meeting).select_related(
        "person", "membership__library", "membership__person", "board_seat__person"
    ):
        if attendance.membership_id:
            rows[f"m{attendance.membership_id}"] = attendance
        elif attendance.board_seat_id:
            rows[f"s{attendance.board_seat_id}"] = attendance
    return rows


def desk_rows(meeting: Meeting, *, query: str = "", person: Person | None = None) -> list[DeskRow]:
    """The desk's list: every vote of the meeting with the people who may cast it and
    its registration, plus (at a General Meeting) the Board members who may attend
    without a vote. Filtered by `query` (every word in the member's or a person's name,
    e-mail; case and diacritics ignored) or to the rows `person` may register."""
    attendance = _attendance_rows(meeting)
    rows: dict[str, DeskRow] = {}
    if meeting.body.is_board:
        for seat_person, right in _board_rights(meeting):
            key = f"s{right.key[1]}"
            rows[key] = DeskRow(key, seat_person.full_name, [DeskCandidate(seat_person, right)])
        # The secretary keeps the minutes and attends without a vote.
        seats = BoardSeat.objects.current(on=meeting.date).exclude(
            office__in=(BoardSeat.Office.HEAD, BoardSeat.Office.MEMBER)
        )
        for seat in seats.select_related("person").order_by("pk"):
            key = f"s{seat.pk}"
            rows[key] = DeskRow(
                key, seat.person.full_name, [DeskCandidate(seat.person, None, seat)]
            )
    else:
        for membership in Membership.objects.current().select_related("library", "person"):
            key = f"m{membership.pk}"
            rows[key] = DeskRow(key, member_name(membership))
        with_vote: set[int] = set()
        for holder, right in _general_meeting_rights(meeting):
            rows[f"m{right.key[1]}"].candidates.append(DeskCandidate(holder, right))
            with_vote.add(holder.pk)
        seats = BoardSeat.objects.current(on=meeting.date).select_related("person")
        for seat in seats.order_by("office", "pk"):
            if seat.person_id in with_vote:
                continue
            key = f"s{seat.pk}"
            rows[key] = DeskRow(
                key, seat.person.full_name, [DeskCandidate(seat.person, None, seat)]
            )
    for key, row in rows.items():
        row.attendance = attendance.get(key)
        parts = [row.name]
        for candidate in row.candidates:
            parts += [candidate.person.full_name, candidate.person.email]
        row.search_text = fold(" ".join(parts))
    result = list(rows.values())
    if person is not None:
        result = [r for r in result if any(c.person.pk == person.pk for c in r.candidates)]
    words = fold(query).split()
    if words:
        result = [r for r in result if all(word in r.search_text for word in words)]
    return sorted(result, key=lambda r: (r.registered, sort_key(r.name), r.key))


def desk_counts(meeting: Meeting) -> dict[str, int]:
    """The desk's counters beside the quorum panel (which shows who takes part): the
    votes not registered yet, those attending without a vote, those who left."""
    rows = Attendance.objects.filter(meeting=meeting)
    registered_votes = rows.exclude(capacity=Capacity.WITHOUT_VOTE).count()
    return {
        "not_registered": max(entitled_count(meeting) - registered_votes, 0),
        "without_vote": rows.filter(left_at__isnull=True, capacity=Capacity.WITHOUT_VOTE).count(),
        "left": rows.filter(left_at__isnull=False).count(),
    }


def attendance_list(meeting: Meeting) -> list[Attendance]:
    """Everyone registered for `meeting` (for the minutes' participant list): the name,
    for which member, in what capacity, how; in Lithuanian alphabetical order."""
    rows = Attendance.objects.filter(meeting=meeting).select_related(
        "person",
        "membership__library",
        "membership__person",
        "board_seat__person",
        "mandate",
        "transfer",
    )
    return sorted(
        rows,
        key=lambda a: (
            sort_key(a.person.last_name if a.person else ""),
            sort_key(a.person.first_name if a.person else ""),
            a.pk,
        ),
    )


# Voting-rights transfers ------------------------------------------------------------------


def transfers_to_announce(meeting: Meeting) -> QuerySet[VotingRightsTransfer]:
    """The voting-rights transfers the association was told of by the meeting's date and
    has not yet announced at a meeting (CK 2.89: announced at the next General Meeting).
    Nothing for a Board meeting."""
    if meeting.body.is_board:
        return VotingRightsTransfer.objects.none()
    return (
        VotingRightsTransfer.objects.filter(
            announced_at__isnull=True, revoked_at__isnull=True, notified_on__lte=meeting.date
        )
        .select_related("transferor__library", "transferor__person", "transferee")
        .order_by("notified_on", "pk")
    )


def transfers_announced(meeting: Meeting) -> QuerySet[VotingRightsTransfer]:
    """The transfers announced at `meeting` (for its page and minutes)."""
    return (
        VotingRightsTransfer.objects.filter(announced_at=meeting)
        .select_related("transferor__library", "transferor__person", "transferee")
        .order_by("notified_on", "pk")
    )


def right_refusal_reason(*, person: Person, meeting: Meeting, membership: Membership) -> str:
    """Why `person` may not cast `membership`'s vote at `meeting`, in words the desk
    shows (an expired or revoked mandate, a mandate for another meeting, a transferred
    vote, a member that is not current, no ground at all)."""
    on = meeting.date
    if not Membership.objects.current().filter(pk=membership.pk).exists():
        return _("This is not a current member: it holds no vote.")
    if _transfers_effective(on).filter(transferor=membership).exclude(transferee=person).exists():
        return _(
            "This member has transferred its vote (a voting-rights transfer agreement): "
            "only the person receiving it may vote."
        )
    if membership.library_id:
        mandates = Mandate.objects.filter(person=person, library_id=membership.library_id)
        if (
            mandates.filter(revoked_at__isnull=False).exists()
            and not mandates.filter(revoked_at__isnull=True).exists()
        ):
            return _("This person's mandate for this member has been revoked.")
        live = mandates.filter(revoked_at__isnull=True)
        if (
            live.filter(scope=Mandate.Scope.MEETING)
            .exclude(meeting_reference=meeting.reference)
            .exists()
            and not live.filter(scope=Mandate.Scope.PERIOD).exists()
        ):
            return _("This person's mandate is for another meeting, not for %(reference)s.") % {
                "reference": meeting.reference
            }
        if live.exists():
            return _("This person's mandate for this member is not valid on %(date)s.") % {
                "date": on.isoformat()
            }
    return _(
        "This person may not vote for this member: not its director, and no valid mandate "
        "or voting-rights transfer."
    )
