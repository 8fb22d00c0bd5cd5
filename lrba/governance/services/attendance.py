"""Registering who takes part in a meeting, and recording voting-rights transfers.

One member, one vote: `attendance_register` locks the member's row (or the Board seat's)
before it looks for an existing registration, so two desk clerks registering the same
library at once leave one attendance; the partial unique constraints on `Attendance`
stand behind it. Who may cast a vote is `selectors.attendance.voting_rights` — asked
here, never decided again.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lrba.core.audit import acting_as
from lrba.governance.models import (
    Attendance,
    BoardSeat,
    Meeting,
    PollParticipation,
    Vote,
    VotingRightsTransfer,
)
from lrba.governance.selectors.attendance import (
    VotingRight,
    board_seat_without_vote,
    right_refusal_reason,
    transfers_to_announce,
    voting_right_for,
    voting_rights,
)
from lrba.members.models import Membership, Person

Channel = Attendance.Channel
Capacity = Attendance.Capacity
Status = Meeting.Status


def _meeting_accepts(meeting: Meeting, channel: str) -> None:
    """At the door and online only while the meeting is open; an advance written
    ballot from convening until the meeting closes."""
    status = Meeting.objects.values_list("status", flat=True).get(pk=meeting.pk)
    if channel == Channel.ADVANCE_WRITTEN:
        if status not in (Status.CONVENED, Status.OPEN):
            raise ValidationError(
                _(
                    "Advance written ballots are accepted only once the meeting is convened "
                    "and until it closes."
                )
            )
        return
    if status != Status.OPEN:
        raise ValidationError(_("Participants are registered only while the meeting is open."))


def _represented_message(existing: Attendance) -> str:
    name = existing.person.full_name if existing.person else "—"
    if existing.channel == Channel.ADVANCE_WRITTEN:
        return _(
            "Already registered: this member takes part by the advance written ballot of %(name)s."
        ) % {"name": name}
    return _("Already registered: %(name)s represents this member at this meeting.") % {
        "name": name
    }


def _resolve(
    *, meeting: Meeting, person: Person, membership: Membership | None, board_seat: BoardSeat | None
) -> tuple[VotingRight | None, Membership | None, BoardSeat | None]:
    """Which vote (or seat without a vote) this registration is for, with that row
    locked: the right, the membership and the seat."""
    if membership is not None:
        if meeting.body.is_board:
            raise ValidationError(_("At a Board meeting the Board members vote, not the members."))
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        right = voting_right_for(person=person, meeting=meeting, membership=membership)
        if right is None:
            raise ValidationError(
                right_refusal_reason(person=person, meeting=meeting, membership=membership)
            )
        return right, membership, None
    if board_seat is not None:
        board_seat = BoardSeat.objects.select_for_update().get(pk=board_seat.pk)
        if meeting.body.is_board:
            right = voting_right_for(person=person, meeting=meeting, board_seat=board_seat)
            if right is not None:
                return right, None, board_seat
        seat = board_seat_without_vote(person=person, meeting=meeting)
        if seat is None or seat.pk != board_seat.pk:
            raise ValidationError(
                _("This person does not hold this Board seat on the meeting's date.")
            )
        return None, None, board_seat
    rights = voting_rights(person=person, meeting=meeting)
    if len(rights) > 1:
        raise ValidationError(
            _("This person holds several votes at this meeting: choose the member to register.")
        )
    if rights:
        return _resolve(
            meeting=meeting,
            person=person,
            membership=rights[0].membership,
            board_seat=rights[0].board_seat,
        )
    seat = board_seat_without_vote(person=person, meeting=meeting)
    if seat is not None:
        return _resolve(meeting=meeting, person=person, membership=None, board_seat=seat)
    raise ValidationError(
        _(
            "This person holds no vote at this meeting: not a member's director, and no valid "
            "mandate, voting-rights transfer, individual membership or Board seat."
        )
    )


@transaction.atomic
def attendance_register(
    *,
    meeting: Meeting,
    person: Person,
    membership: Membership | None = None,
    board_seat: BoardSeat | None = None,
    channel: str,
    registered_by,
    now: datetime.datetime | None = None,
) -> Attendance:
    """Register `person` as taking part in `meeting` for `membership` (or, at a Board
    meeting, for their `board_seat`; at a General Meeting a Board seat alone registers
    them without a vote). With neither, the person's only vote is taken (or their Board
    seat, without a vote).

    Refuses (ValidationError, nothing changed): a meeting not open (at the door, online)
    or not convened or open (an advance written ballot); a person without the right to
    cast that vote (an expired or revoked mandate, another library's vote, a transferred
    vote); a member (or seat) already registered, through whomever.

    An advance written ballot for a member already registered changes nothing (each
    poll's ballot registers again); a person who voted in advance and then comes to the
    meeting is moved to the room (or online); a person who left and comes back is
    registered again in the same row.
    """
    now = timezone.now() if now is None else now
    _meeting_accepts(meeting, channel)
    right, membership, board_seat = _resolve(
        meeting=meeting, person=person, membership=membership, board_seat=board_seat
    )
    if membership is not None:
        existing = Attendance.objects.filter(meeting=meeting, membership=membership).first()
    else:
        existing = Attendance.objects.filter(meeting=meeting, board_seat=board_seat).first()
    with acting_as(registered_by):
        if existing is not None:
            return _register_again(existing, person=person, channel=channel, now=now)
        attendance = Attendance(
            meeting=meeting,
            membership=membership,
            board_seat=board_seat,
            person=person,
            capacity=right.capacity if right is not None else Capacity.WITHOUT_VOTE,
            mandate=right.mandate if right is not None else None,
            transfer=right.transfer if right is not None else None,
            channel=channel,
            registered_at=now,
            registered_by=registered_by if getattr(registered_by, "pk", None) else None,
        )
        attendance.full_clean()
        attendance.save()
    return attendance


def _register_again(
    existing: Attendance, *, person: Person, channel: str, now: datetime.datetime
) -> Attendance:
    if channel == Channel.ADVANCE_WRITTEN:
        if existing.left_at is None and existing.person_id == person.pk:
            return existing  # another poll's advance ballot: already taking part
        raise ValidationError(_represented_message(existing))
    if existing.person_id != person.pk:
        raise ValidationError(_represented_message(existing))
    if existing.left_at is not None:
        existing.left_at = None
        existing.channel = channel
        existing.save(update_fields=["left_at", "channel"])
        return existing
    if existing.channel == Channel.ADVANCE_WRITTEN:
        existing.channel = channel
        existing.save(update_fields=["channel"])
        return existing
    raise ValidationError(
        _("Already registered: %(name)s takes part since %(time)s.")
        % {
            "name": person.full_name,
            "time": timezone.localtime(existing.registered_at).strftime("%H:%M"),
        }
    )


@transaction.atomic
def attendance_leave(
    *, attendance: Attendance, left_by, now: datetime.datetime | None = None
) -> Attendance:
    """Mark that a participant left: the quorum no longer counts them. They may come
    back (`attendance_register` again)."""
    attendance = (
        Attendance.objects.select_for_update().select_related("meeting").get(pk=attendance.pk)
    )
    if attendance.meeting.status != Status.OPEN:
        raise ValidationError(_("Departures are recorded only while the meeting is open."))
    if attendance.left_at is not None:
        raise ValidationError(_("This participant has already left."))
    attendance.left_at = timezone.now() if now is None else now
    with acting_as(left_by):
        attendance.save(update_fields=["left_at"])
    return attendance


@transaction.atomic
def attendance_undo(*, attendance: Attendance, undone_by) -> Attendance:
    """Take back a registration made by mistake at the desk (the wrong person or member),
    while the meeting is open and before a vote was cast for that member or seat. The
    audit log keeps the deleted row."""
    attendance = (
        Attendance.objects.select_for_update().select_related("meeting").get(pk=attendance.pk)
    )
    meeting = attendance.meeting
    if meeting.status != Status.OPEN:
        raise ValidationError(_("A registration can be undone only while the meeting is open."))
    if attendance.channel == Channel.ADVANCE_WRITTEN:
        raise ValidationError(_("An advance written ballot's registration cannot be undone here."))
    whose: dict[str, int | None] = (
        {"membership_id": attendance.membership_id}
        if attendance.membership_id
        else {"board_seat_id": attendance.board_seat_id}
    )
    if (
        Vote.objects.filter(poll__item__meeting=meeting, **whose).exists()
        or PollParticipation.objects.filter(poll__item__meeting=meeting, **whose).exists()
    ):
        raise ValidationError(
            _("A vote was already cast for this member: mark the participant as left instead.")
        )
    with acting_as(undone_by):
        attendance.delete()
    return attendance


# Voting-rights transfers (CK 2.89) --------------------------------------------------------


def transfer_check(transfer: VotingRightsTransfer) -> None:
    """Refuse (ValidationError) a transfer that cannot be recorded: from a member that is
    not current, to the member itself, for more than ten years (CK 2.89), or overlapping
    another unrevoked transfer of the same member's vote. The back office's form asks
    this too, so the refusal shows on the form."""
    transferor = transfer.transferor
    if transferor.status not in Membership.MEMBER_STATUSES:
        raise ValidationError(_("Only a current member can transfer its voting rights."))
    if transferor.person_id and transferor.person_id == transfer.transferee_id:
        raise ValidationError(_("A member cannot transfer its vote to itself."))
    transfer.full_clean()
    overlapping = VotingRightsTransfer.objects.filter(
        transferor=transferor,
        revoked_at__isnull=True,
        valid_from__lte=transfer.valid_until,
        valid_until__gte=transfer.valid_from,
    ).exclude(pk=transfer.pk)
    if overlapping.exists():
        raise ValidationError(
            _(
                "This member's vote is already transferred for part of this term: "
                "revoke that transfer first."
            )
        )


@transaction.atomic
def transfer_record(
    *,
    transferor: Membership,
    transferee: Person,
    basis: str,
    valid_from: datetime.date,
    valid_until: datetime.date,
    notified_on: datetime.date,
    document=None,
    recorded_by,
) -> VotingRightsTransfer:
    """Record a voting-rights transfer agreement the association was told of on
    `notified_on` (it takes effect then; at most ten years). Both parties are told by
    e-mail after the commit; the transfer is announced at the next General Meeting.

    Refuses a member that is not current, a term over ten years, and a second transfer
    of the same member's vote overlapping this one's term."""
    transferor = Membership.objects.select_for_update().get(pk=transferor.pk)
    transfer = VotingRightsTransfer(
        transferor=transferor,
        transferee=transferee,
        basis=basis,
        valid_from=valid_from,
        valid_until=valid_until,
        notified_on=notified_on,
    )
    if document:
        transfer.document = document
    transfer_check(transfer)
    with acting_as(recorded_by):
        transfer.save()
    transaction.on_commit(lambda: _notify_parties(transfer.pk))
    return transfer


def transfer_notice_recipients(transfer: VotingRightsTransfer) -> list[tuple[str, str, str]]:
    """Who is told of a transfer: (e-mail, language, first name) of the person receiving
    the vote and of the member giving it (an individual member personally; a library at
    its own address and through its current directors). Each address once."""
    from django.conf import settings

    from lrba.members.models import Employment

    def language_of(person: Person | None) -> str:
        user = getattr(person, "user", None) if person is not None else None
        return getattr(user, "language", "") or settings.LANGUAGE_CODE

    recipients: dict[str, tuple[str, str, str]] = {}

    def add(email: str, person: Person | None) -> None:
        email = (email or "").strip().lower()
        if email and email not in recipients:
            first_name = person.first_name if person is not None else ""
            recipients[email] = (email, language_of(person), first_name)

    add(transfer.transferee.email, transfer.transferee)
    membership = transfer.transferor
    if membership.person is not None:
        add(membership.person.email, membership.person)
    elif membership.library is not None:
        for employment in (
            Employment.objects.current()
            .filter(library_id=membership.library_id, is_director=True)
            .select_related("person__user")
        ):
            add(employment.person.email, employment.person)
        add(membership.library.email, None)
    return list(recipients.values())


def _notify_parties(transfer_id: int) -> None:
    from lrba.governance import tasks

    tasks.transfer_parties_notify.enqueue(transfer_id)


@transaction.atomic
def transfer_parties_notify_again(
    *, transfer: VotingRightsTransfer, notified_by
) -> VotingRightsTransfer:
    """Tell both parties again (an address was corrected, a message bounced)."""
    transfer = VotingRightsTransfer.objects.select_for_update().get(pk=transfer.pk)
    if transfer.revoked_at is not None:
        raise ValidationError(_("This transfer has been revoked."))
    transfer.parties_notified_at = None
    with acting_as(notified_by):
        transfer.save(update_fields=["parties_notified_at"])
    transaction.on_commit(lambda: _notify_parties(transfer.pk))
    return transfer


@transaction.atomic
def transfer_revoke(
    *, transfer: VotingRightsTransfer, revoked_by, now: datetime.datetime | None = None
) -> VotingRightsTransfer:
    """End a transfer early (the parties ended the agreement): from now on the member's
    own representatives hold its vote again."""
    transfer = VotingRightsTransfer.objects.select_for_update().get(pk=transfer.pk)
    if transfer.revoked_at is not None:
        raise ValidationError(_("This transfer has already been revoked."))
    transfer.revoked_at = timezone.now() if now is None else now
    with acting_as(revoked_by):
        transfer.save(update_fields=["revoked_at"])
    return transfer


@transaction.atomic
def transfers_announce(*, meeting: Meeting, announced_by) -> list[VotingRightsTransfer]:
    """Announce at `meeting` every transfer told by its date and not yet announced
    (CK 2.89): the meeting's page and minutes list them. Called when the meeting opens;
    only a General Meeting announces them, and only once it is convened or open."""
    if meeting.body.is_board:
        raise ValidationError(_("Voting-rights transfers are announced at a General Meeting."))
    if meeting.status not in (Status.CONVENED, Status.OPEN):
        raise ValidationError(_("Transfers are announced at a meeting that is convened or open."))
    transfers = list(transfers_to_announce(meeting).select_for_update(of=("self",)))
    with acting_as(announced_by):
        for transfer in transfers:
            transfer.announced_at = meeting
            transfer.save(update_fields=["announced_at"])
    return transfers


def next_general_meeting(on: datetime.date) -> Meeting | None:
    """The General Meeting that is next (convened or open, on or after `on`): where a
    transfer told on `on` is announced."""
    return (
        Meeting.objects.filter(
            body__kind="general_meeting",
            status__in=(Status.CONVENED, Status.OPEN),
            starts_at__date__gte=on,
        )
        .order_by("starts_at", "pk")
        .first()
    )


@transaction.atomic
def transfer_announce(
    *, transfer: VotingRightsTransfer, meeting: Meeting | None = None, announced_by
) -> VotingRightsTransfer:
    """Put one transfer on the announcements of `meeting` (by default the next General
    Meeting); refused once announced, when revoked, or when no meeting is convened."""
    transfer = VotingRightsTransfer.objects.select_for_update().get(pk=transfer.pk)
    if transfer.announced_at_id is not None:
        raise ValidationError(_("This transfer has already been announced."))
    if transfer.revoked_at is not None:
        raise ValidationError(_("A revoked transfer is not announced."))
    if meeting is None:
        meeting = next_general_meeting(max(transfer.notified_on, timezone.localdate()))
    if meeting is None:
        raise ValidationError(
            _("No General Meeting is convened yet: the transfer is announced at the next one.")
        )
    if meeting.body.is_board or meeting.status not in (Status.CONVENED, Status.OPEN):
        raise ValidationError(
            _("Transfers are announced at a General Meeting that is convened or open.")
        )
    transfer.announced_at = meeting
    with acting_as(announced_by):
        transfer.save(update_fields=["announced_at"])
    return transfer
