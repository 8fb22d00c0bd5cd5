"""Registering participants (one member, one vote), departures, desk mistakes, and
voting-rights transfers (CK 2.89)."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from lrba.governance.models import Attendance, BoardSeat, Meeting, VotingRightsTransfer
from lrba.governance.selectors.attendance import participants_count, quorum_status
from lrba.governance.services.attendance import (
    attendance_leave,
    attendance_register,
    attendance_undo,
    transfer_record,
    transfer_revoke,
    transfers_announce,
)
from lrba.governance.tests.factories import (
    BoardSeatFactory,
    MeetingFactory,
    VotingRightsTransferFactory,
    board,
)
from lrba.members.models import Membership
from lrba.members.tests.factories import MandateFactory, PersonFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

Capacity = Attendance.Capacity
Channel = Attendance.Channel
IN_ROOM = Channel.IN_ROOM


@pytest.fixture
def meeting():
    return MeetingFactory(status=Meeting.Status.OPEN, starts_at=timezone.now())


def member_of(library):
    return Membership.objects.get(library=library)


def test_a_director_registers_her_library_as_director(alice, library_a, meeting, secretary):
    attendance = attendance_register(
        meeting=meeting, person=alice.person, channel=IN_ROOM, registered_by=secretary
    )
    assert (attendance.membership, attendance.capacity, attendance.registered_by) == (
        member_of(library_a),
        Capacity.DIRECTOR,
        secretary,
    )
    assert participants_count(meeting) == 1


def test_a_mandate_holder_is_registered_with_her_mandate(carol, library_b, meeting, secretary):
    attendance = attendance_register(
        meeting=meeting,
        person=carol.person,
        membership=member_of(library_b),
        channel=IN_ROOM,
        registered_by=secretary,
    )
    assert attendance.capacity == Capacity.MANDATE
    assert attendance.mandate.person == carol.person


def test_a_library_already_represented_cannot_be_registered_through_another_person(
    alice, library_a, meeting, secretary
):
    holder = PersonFactory(first_name="Rimas", last_name="Rimkus")
    MandateFactory(person=holder, library=library_a)
    attendance_register(
        meeting=meeting, person=alice.person, channel=IN_ROOM, registered_by=secretary
    )
    with pytest.raises(ValidationError, match=alice.person.full_name):
        attendance_register(
            meeting=meeting,
            person=holder,
            membership=member_of(library_a),
            channel=IN_ROOM,
            registered_by=secretary,
        )
    assert Attendance.objects.filter(meeting=meeting).count() == 1


def test_the_same_person_registered_twice_is_refused(alice, meeting, secretary):
    attendance_register(
        meeting=meeting, person=alice.person, channel=IN_ROOM, registered_by=secretary
    )
    with pytest.raises(ValidationError):
        attendance_register(
            meeting=meeting, person=alice.person, channel=IN_ROOM, registered_by=secretary
        )


def test_an_expired_mandate_is_refused_with_the_reason(library_a, meeting, secretary):
    holder = PersonFactory()
    MandateFactory(
        person=holder, library=library_a, valid_until=timezone.localdate() - datetime.timedelta(1)
    )
    with pytest.raises(ValidationError, match="not valid on"):
        attendance_register(
            meeting=meeting,
            person=holder,
            membership=member_of(library_a),
            channel=IN_ROOM,
            registered_by=secretary,
        )
    assert not Attendance.objects.exists()


def test_a_mandate_holder_cannot_register_another_library(carol, library_a, meeting, secretary):
    with pytest.raises(ValidationError, match="may not vote for this member"):
        attendance_register(
            meeting=meeting,
            person=carol.person,
            membership=member_of(library_a),
            channel=IN_ROOM,
            registered_by=secretary,
        )


def test_an_employee_without_a_mandate_is_refused(bob, meeting, secretary):
    with pytest.raises(ValidationError, match="holds no vote"):
        attendance_register(
            meeting=meeting, person=bob.person, channel=IN_ROOM, registered_by=secretary
        )


@pytest.mark.parametrize(
    "status", [Meeting.Status.DRAFT, Meeting.Status.CONVENED, Meeting.Status.CLOSED]
)
def test_nobody_registers_at_the_door_unless_the_meeting_is_open(alice, secretary, status):
    meeting = MeetingFactory(status=status)
    with pytest.raises(ValidationError, match="only while the meeting is open"):
        attendance_register(
            meeting=meeting, person=alice.person, channel=IN_ROOM, registered_by=secretary
        )


def test_an_advance_written_ballot_registers_a_convened_meeting_once(alice, secretary):
    meeting = MeetingFactory(status=Meeting.Status.CONVENED)
    first = attendance_register(
        meeting=meeting, person=alice.person, channel=Channel.ADVANCE_WRITTEN, registered_by=alice
    )
    again = attendance_register(
        meeting=meeting, person=alice.person, channel=Channel.ADVANCE_WRITTEN, registered_by=alice
    )
    assert first.pk == again.pk and Attendance.objects.count() == 1
    draft = MeetingFactory(status=Meeting.Status.DRAFT)
    with pytest.raises(ValidationError):
        attendance_register(
            meeting=draft, person=alice.person, channel=Channel.ADVANCE_WRITTEN, registered_by=alice
        )


def test_who_voted_in_advance_and_comes_to_the_meeting_moves_to_the_room(alice, secretary):
    meeting = MeetingFactory(status=Meeting.Status.CONVENED)
    attendance_register(
        meeting=meeting, person=alice.person, channel=Channel.ADVANCE_WRITTEN, registered_by=alice
    )
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.OPEN)
    attendance = attendance_register(
        meeting=meeting, person=alice.person, channel=IN_ROOM, registered_by=secretary
    )
    assert attendance.channel == IN_ROOM and Attendance.objects.count() == 1


def test_a_board_member_who_is_not_a_member_attends_without_a_vote(meeting, secretary, library_a):
    seat = BoardSeatFactory()
    attendance = attendance_register(
        meeting=meeting, person=seat.person, channel=IN_ROOM, registered_by=secretary
    )
    assert (attendance.capacity, attendance.board_seat, attendance.membership) == (
        Capacity.WITHOUT_VOTE,
        seat,
        None,
    )
    assert participants_count(meeting) == 0


def test_at_a_board_meeting_a_board_member_registers_with_her_seat(secretary):
    meeting = MeetingFactory(body=board(), status=Meeting.Status.OPEN, starts_at=timezone.now())
    seat = BoardSeatFactory(office=BoardSeat.Office.HEAD)
    attendance = attendance_register(
        meeting=meeting, person=seat.person, channel=IN_ROOM, registered_by=secretary
    )
    assert (attendance.capacity, attendance.board_seat) == (Capacity.BOARD_MEMBER, seat)
    # The secretary keeps the minutes without a vote; someone else's seat is refused.
    secretary_seat = BoardSeatFactory(office=BoardSeat.Office.SECRETARY)
    minutes_keeper = attendance_register(
        meeting=meeting, person=secretary_seat.person, channel=IN_ROOM, registered_by=secretary
    )
    assert minutes_keeper.capacity == Capacity.WITHOUT_VOTE
    assert participants_count(meeting) == 1
    with pytest.raises(ValidationError, match="does not hold this Board seat"):
        attendance_register(
            meeting=meeting,
            person=PersonFactory(),
            board_seat=BoardSeatFactory(),
            channel=IN_ROOM,
            registered_by=secretary,
        )


def test_a_transferee_registers_the_members_vote_and_its_director_cannot(
    alice, library_a, meeting, secretary
):
    transferee = PersonFactory()
    transfer = VotingRightsTransferFactory(
        transferor=member_of(library_a),
        transferee=transferee,
        valid_from=datetime.date(2020, 1, 1),
        valid_until=datetime.date(2029, 12, 31),
        notified_on=datetime.date(2020, 1, 1),
    )
    with pytest.raises(ValidationError, match="transferred"):
        attendance_register(
            meeting=meeting,
            person=alice.person,
            membership=member_of(library_a),
            channel=IN_ROOM,
            registered_by=secretary,
        )
    attendance = attendance_register(
        meeting=meeting, person=transferee, channel=IN_ROOM, registered_by=secretary
    )
    assert (attendance.capacity, attendance.transfer) == (Capacity.TRANSFER, transfer)


def test_who_left_no_longer_counts_and_may_come_back(alice, meeting, secretary):
    attendance = attendance_register(
        meeting=meeting, person=alice.person, channel=IN_ROOM, registered_by=secretary
    )
    attendance_leave(attendance=attendance, left_by=secretary)
    assert participants_count(meeting) == 0
    with pytest.raises(ValidationError):
        attendance_leave(attendance=attendance, left_by=secretary)
    back = attendance_register(
        meeting=meeting, person=alice.person, channel=IN_ROOM, registered_by=secretary
    )
    assert back.pk == attendance.pk and back.left_at is None
    assert participants_count(meeting) == 1


def test_a_desk_mistake_is_undone_before_any_vote(alice, meeting, secretary):
    from lrba.governance.models import Vote
    from lrba.governance.tests.factories import PollFactory

    attendance = attendance_register(
        meeting=meeting, person=alice.person, channel=IN_ROOM, registered_by=secretary
    )
    attendance_undo(attendance=attendance, undone_by=secretary)
    assert not Attendance.objects.exists()
    attendance = attendance_register(
        meeting=meeting, person=alice.person, channel=IN_ROOM, registered_by=secretary
    )
    poll = PollFactory(item__meeting=meeting)
    Vote.objects.create(
        poll=poll, membership=attendance.membership, choice="for", channel="electronic"
    )
    with pytest.raises(ValidationError, match="left instead"):
        attendance_undo(attendance=attendance, undone_by=secretary)
    assert Attendance.objects.count() == 1


def test_the_quorum_counts_the_participants_against_the_snapshot(
    alice, carol, library_a, library_b, secretary
):
    meeting = MeetingFactory(status=Meeting.Status.OPEN, starts_at=timezone.now(), entitled_count=3)
    attendance_register(
        meeting=meeting, person=alice.person, channel=IN_ROOM, registered_by=secretary
    )
    assert quorum_status(meeting).reached is False  # 1 of 3: more than half needs 2
    attendance_register(
        meeting=meeting, person=carol.person, channel=IN_ROOM, registered_by=secretary
    )
    status = quorum_status(meeting)
    assert (status.present, status.entitled, status.needed, status.reached) == (2, 3, 2, True)


# Voting-rights transfers -----------------------------------------------------------------


def test_a_transfer_is_recorded_and_both_parties_are_told(
    alice, library_a, secretary, django_capture_on_commit_callbacks
):
    transferee = PersonFactory(email="gavejas@example.lt")
    with django_capture_on_commit_callbacks(execute=True):
        transfer = transfer_record(
            transferor=member_of(library_a),
            transferee=transferee,
            basis="Sutartis 2026-01-02 Nr. 1",
            valid_from=datetime.date(2026, 1, 2),
            valid_until=datetime.date(2036, 1, 2),
            notified_on=datetime.date(2026, 1, 3),
            recorded_by=secretary,
        )
    recipients = {to for message in mail.outbox for to in message.to}
    # The person receiving the vote; the library at its address and through its director.
    assert recipients == {"gavejas@example.lt", "alice@example.lt", library_a.email}
    transfer.refresh_from_db()
    assert transfer.parties_notified_at is not None


def test_a_transfer_longer_than_ten_years_is_refused(library_a, secretary):
    with pytest.raises(ValidationError, match="ten years"):
        transfer_record(
            transferor=member_of(library_a),
            transferee=PersonFactory(),
            basis="Sutartis",
            valid_from=datetime.date(2026, 1, 2),
            valid_until=datetime.date(2036, 1, 3),
            notified_on=datetime.date(2026, 1, 3),
            recorded_by=secretary,
        )
    assert not VotingRightsTransfer.objects.exists()


def test_a_second_transfer_of_the_same_vote_overlapping_in_time_is_refused(library_a, secretary):
    VotingRightsTransferFactory(transferor=member_of(library_a))
    with pytest.raises(ValidationError, match="already transferred"):
        transfer_record(
            transferor=member_of(library_a),
            transferee=PersonFactory(),
            basis="Sutartis",
            valid_from=datetime.date(2027, 6, 1),
            valid_until=datetime.date(2028, 1, 1),
            notified_on=datetime.date(2027, 6, 1),
            recorded_by=secretary,
        )


def test_a_revoked_transfer_cannot_be_revoked_again(secretary):
    transfer = transfer_revoke(transfer=VotingRightsTransferFactory(), revoked_by=secretary)
    assert transfer.revoked_at is not None
    with pytest.raises(ValidationError):
        transfer_revoke(transfer=transfer, revoked_by=secretary)


def test_transfers_are_announced_once_at_the_next_general_meeting(secretary):
    transfer = VotingRightsTransferFactory(notified_on=datetime.date(2026, 1, 5))
    first = MeetingFactory(status=Meeting.Status.OPEN)
    assert transfers_announce(meeting=first, announced_by=secretary) == [transfer]
    transfer.refresh_from_db()
    assert transfer.announced_at == first
    second = MeetingFactory(status=Meeting.Status.OPEN)
    assert transfers_announce(meeting=second, announced_by=secretary) == []
    with pytest.raises(ValidationError):
        transfers_announce(
            meeting=MeetingFactory(body=board(), status=Meeting.Status.OPEN),
            announced_by=secretary,
        )
