"""Who holds a vote at a meeting (`voting_rights`, `entitled_count`) and who counts as
taking part (`participants_count`): the one entitlement answer every part asks."""

import datetime

import pytest
from django.utils import timezone

from lrba.governance.models import Attendance, BoardSeat, Meeting
from lrba.governance.selectors.attendance import (
    desk_rows,
    entitled_count,
    participants_count,
    right_refusal_reason,
    transfers_to_announce,
    voting_right_for,
    voting_rights,
)
from lrba.governance.tests.factories import (
    BoardSeatFactory,
    MeetingFactory,
    VotingRightsTransferFactory,
    board,
)
from lrba.members.models import Mandate, Membership
from lrba.members.tests.factories import (
    EmploymentFactory,
    LibraryFactory,
    MandateFactory,
    MembershipFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db

Capacity = Attendance.Capacity


def meeting_on(day: datetime.date, **fields) -> Meeting:
    starts_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(11)))
    return MeetingFactory(starts_at=starts_at, **fields)


@pytest.fixture
def meeting():
    return meeting_on(datetime.date(2026, 4, 28), reference="VNS-2026-1")


def capacities(person, meeting):
    return [
        (right.membership, right.capacity)
        for right in voting_rights(person=person, meeting=meeting)
    ]


def test_a_director_holds_the_vote_of_the_library_she_directs(alice, library_a, meeting):
    membership = Membership.objects.get(library=library_a)
    assert capacities(alice.person, meeting) == [(membership, Capacity.DIRECTOR)]


def test_an_employee_without_a_mandate_holds_no_vote(bob, meeting):
    assert voting_rights(person=bob.person, meeting=meeting) == []


def test_a_period_mandate_holder_holds_the_vote_of_her_library(carol, library_b, meeting):
    membership = Membership.objects.get(library=library_b)
    [right] = voting_rights(person=carol.person, meeting=meeting)
    assert (right.membership, right.capacity) == (membership, Capacity.MANDATE)
    assert right.mandate.person == carol.person


def test_a_librarian_of_a_library_that_is_not_a_member_holds_no_vote(charlie, meeting):
    assert voting_rights(person=charlie.person, meeting=meeting) == []


def test_a_mandate_that_expired_before_the_meeting_gives_no_vote(library_a, meeting):
    person = PersonFactory()
    MandateFactory(person=person, library=library_a, valid_until=datetime.date(2026, 4, 27))
    assert voting_rights(person=person, meeting=meeting) == []
    membership = Membership.objects.get(library=library_a)
    reason = right_refusal_reason(person=person, meeting=meeting, membership=membership)
    assert "2026-04-28" in reason


def test_a_mandate_valid_until_the_meeting_day_gives_the_vote(library_a, meeting):
    person = PersonFactory()
    MandateFactory(person=person, library=library_a, valid_until=datetime.date(2026, 4, 28))
    assert [r.capacity for r in voting_rights(person=person, meeting=meeting)] == [Capacity.MANDATE]


def test_a_mandate_starting_after_the_meeting_gives_no_vote(library_a, meeting):
    person = PersonFactory()
    MandateFactory(person=person, library=library_a, valid_from=datetime.date(2026, 4, 29))
    assert voting_rights(person=person, meeting=meeting) == []


def test_a_revoked_mandate_gives_no_vote(library_a, meeting):
    person = PersonFactory()
    MandateFactory(person=person, library=library_a, revoked_at=timezone.now())
    assert voting_rights(person=person, meeting=meeting) == []
    membership = Membership.objects.get(library=library_a)
    reason = right_refusal_reason(person=person, meeting=meeting, membership=membership)
    assert "revoked" in reason or "atšauk" in reason


def test_a_one_meeting_mandate_holds_the_vote_only_at_the_meeting_it_names(library_a, meeting):
    person = PersonFactory()
    MandateFactory(
        person=person,
        library=library_a,
        scope=Mandate.Scope.MEETING,
        meeting_reference="VNS-2026-1",
        valid_from=datetime.date(2026, 4, 1),
    )
    other = meeting_on(datetime.date(2026, 4, 28), reference="VNS-2026-2")
    assert [r.capacity for r in voting_rights(person=person, meeting=meeting)] == [Capacity.MANDATE]
    assert voting_rights(person=person, meeting=other) == []
    membership = Membership.objects.get(library=library_a)
    assert "VNS-2026-2" in right_refusal_reason(person=person, meeting=other, membership=membership)


def test_a_mandate_for_another_library_gives_no_vote_for_this_one(carol, library_a, meeting):
    membership_a = Membership.objects.get(library=library_a)
    assert voting_right_for(person=carol.person, meeting=meeting, membership=membership_a) is None


def test_a_director_who_also_holds_a_mandate_has_one_vote_as_director(alice, library_a, meeting):
    MandateFactory(person=alice.person, library=library_a)
    assert [r.capacity for r in voting_rights(person=alice.person, meeting=meeting)] == [
        Capacity.DIRECTOR
    ]


def test_a_former_director_holds_no_vote(library_a, meeting):
    person = PersonFactory()
    EmploymentFactory(
        person=person, library=library_a, is_director=True, end_date=datetime.date(2026, 1, 31)
    )
    assert voting_rights(person=person, meeting=meeting) == []


def test_the_director_of_a_suspended_member_still_holds_its_vote(meeting):
    library = LibraryFactory()
    MembershipFactory(
        library=library, status=Membership.Status.SUSPENDED, suspended_on=datetime.date(2026, 1, 1)
    )
    person = PersonFactory()
    EmploymentFactory(person=person, library=library, is_director=True)
    assert [r.capacity for r in voting_rights(person=person, meeting=meeting)] == [
        Capacity.DIRECTOR
    ]


def test_the_director_of_a_former_member_holds_no_vote(meeting):
    library = LibraryFactory()
    MembershipFactory(
        library=library,
        status=Membership.Status.ENDED,
        ended_on=datetime.date(2025, 12, 31),
        end_reason=Membership.EndReason.LEFT,
    )
    person = PersonFactory()
    EmploymentFactory(person=person, library=library, is_director=True)
    assert voting_rights(person=person, meeting=meeting) == []


def test_an_individual_member_votes_personally(meeting):
    person = PersonFactory()
    membership = MembershipFactory(library=None, person=person)
    assert capacities(person, meeting) == [(membership, Capacity.MEMBER_IN_PERSON)]


def test_an_effective_transfer_moves_the_vote_from_the_director_to_the_transferee(
    alice, library_a, meeting
):
    membership = Membership.objects.get(library=library_a)
    transferee = PersonFactory()
    transfer = VotingRightsTransferFactory(
        transferor=membership,
        transferee=transferee,
        valid_from=datetime.date(2026, 1, 1),
        notified_on=datetime.date(2026, 4, 28),
    )
    [right] = voting_rights(person=transferee, meeting=meeting)
    assert (right.membership, right.capacity, right.transfer) == (
        membership,
        Capacity.TRANSFER,
        transfer,
    )
    assert voting_rights(person=alice.person, meeting=meeting) == []
    reason = right_refusal_reason(person=alice.person, meeting=meeting, membership=membership)
    assert "transfer" in reason or "perleid" in reason


def test_a_transfer_the_association_was_not_told_of_by_the_meeting_is_not_honoured(
    alice, library_a, meeting
):
    membership = Membership.objects.get(library=library_a)
    transferee = PersonFactory()
    VotingRightsTransferFactory(
        transferor=membership, transferee=transferee, notified_on=datetime.date(2026, 4, 29)
    )
    assert voting_rights(person=transferee, meeting=meeting) == []
    assert [r.capacity for r in voting_rights(person=alice.person, meeting=meeting)] == [
        Capacity.DIRECTOR
    ]


def test_an_expired_or_revoked_transfer_gives_the_vote_back_to_the_director(
    alice, library_a, meeting
):
    membership = Membership.objects.get(library=library_a)
    expired = VotingRightsTransferFactory(
        transferor=membership,
        valid_from=datetime.date(2025, 1, 1),
        valid_until=datetime.date(2026, 4, 27),
        notified_on=datetime.date(2025, 1, 1),
    )
    revoked = VotingRightsTransferFactory(transferor=membership, revoked_at=timezone.now())
    assert voting_rights(person=expired.transferee, meeting=meeting) == []
    assert voting_rights(person=revoked.transferee, meeting=meeting) == []
    assert [r.capacity for r in voting_rights(person=alice.person, meeting=meeting)] == [
        Capacity.DIRECTOR
    ]


def test_a_transferee_of_two_members_holds_two_votes(library_a, library_b, meeting):
    transferee = PersonFactory()
    for library in (library_a, library_b):
        VotingRightsTransferFactory(
            transferor=Membership.objects.get(library=library), transferee=transferee
        )
    assert {r.membership.library for r in voting_rights(person=transferee, meeting=meeting)} == {
        library_a,
        library_b,
    }


def test_at_a_board_meeting_only_current_voting_seats_hold_a_vote(alice):
    meeting = meeting_on(datetime.date(2026, 5, 5), body=board(), reference="V-2026-1")
    head = BoardSeatFactory(office=BoardSeat.Office.HEAD)
    member = BoardSeatFactory()
    secretary = BoardSeatFactory(office=BoardSeat.Office.SECRETARY)
    ended = BoardSeatFactory(end_date=datetime.date(2026, 5, 4))
    [right] = voting_rights(person=head.person, meeting=meeting)
    assert (right.board_seat, right.capacity, right.membership) == (
        head,
        Capacity.BOARD_MEMBER,
        None,
    )
    assert voting_right_for(person=member.person, meeting=meeting, board_seat=member)
    assert voting_rights(person=secretary.person, meeting=meeting) == []
    assert voting_rights(person=ended.person, meeting=meeting) == []
    # A director holds no vote at the Board as a director.
    assert voting_rights(person=alice.person, meeting=meeting) == []
    assert entitled_count(meeting) == 2


def test_entitled_count_of_a_general_meeting_is_its_current_members(library_a, library_b, meeting):
    MembershipFactory(library=None, person=PersonFactory())
    MembershipFactory(library=LibraryFactory(), status=Membership.Status.APPLIED, joined_on=None)
    assert entitled_count(meeting) == 3


def test_participants_count_leaves_out_those_who_left_and_those_without_a_vote(
    library_a, library_b, meeting
):
    a, b = (Membership.objects.get(library=lib) for lib in (library_a, library_b))
    Attendance.objects.create(meeting=meeting, membership=a, capacity=Capacity.DIRECTOR)
    Attendance.objects.create(
        meeting=meeting, membership=b, capacity=Capacity.MANDATE, left_at=timezone.now()
    )
    Attendance.objects.create(
        meeting=meeting, board_seat=BoardSeatFactory(), capacity=Capacity.WITHOUT_VOTE
    )
    assert participants_count(meeting) == 1


def test_the_desk_lists_each_member_once_with_everyone_who_may_cast_its_vote(
    alice, carol, library_a, library_b, meeting
):
    second = PersonFactory(first_name="Šarūnas", last_name="Žemaitis")
    MandateFactory(person=second, library=library_a)
    rows = {row.name: row for row in desk_rows(meeting)}
    assert {c.person for c in rows[library_a.name].candidates} == {alice.person, second}
    assert [c.person for c in rows[library_b.name].candidates] == [carol.person]
    assert [row.name for row in desk_rows(meeting, query="zemaitis")] == [library_a.name]


def test_the_desk_lists_a_board_member_who_is_not_a_member_to_attend_without_a_vote(alice, meeting):
    seat = BoardSeatFactory()
    BoardSeatFactory(person=alice.person)  # alice votes for her library instead
    [row] = desk_rows(meeting, person=seat.person)
    assert row.candidates[0].right is None
    assert desk_rows(meeting, person=alice.person)[0].candidates[0].right.capacity == (
        Capacity.DIRECTOR
    )


def test_transfers_to_announce_are_those_told_by_the_meeting_and_not_yet_announced(meeting):
    told = VotingRightsTransferFactory(notified_on=datetime.date(2026, 4, 1))
    VotingRightsTransferFactory(notified_on=datetime.date(2026, 4, 29))
    VotingRightsTransferFactory(
        notified_on=datetime.date(2026, 3, 1), announced_at=meeting_on(datetime.date(2026, 3, 10))
    )
    assert list(transfers_to_announce(meeting)) == [told]


def test_the_board_desk_lists_the_voting_seats_and_the_secretary_without_a_vote():
    meeting = meeting_on(datetime.date(2026, 5, 5), body=board(), reference="V-2026-7")
    head = BoardSeatFactory(office=BoardSeat.Office.HEAD)
    secretary = BoardSeatFactory(office=BoardSeat.Office.SECRETARY)
    rows = {row.key: row for row in desk_rows(meeting)}
    assert rows[f"s{head.pk}"].candidates[0].right.capacity == Capacity.BOARD_MEMBER
    assert rows[f"s{secretary.pk}"].candidates[0].right is None


def test_the_desk_counts_votes_not_registered_board_members_without_a_vote_and_departures(
    library_a, library_b, meeting
):
    from lrba.governance.selectors.attendance import desk_counts

    a, b = (Membership.objects.get(library=lib) for lib in (library_a, library_b))
    assert desk_counts(meeting)["not_registered"] == 2
    Attendance.objects.create(meeting=meeting, membership=a, capacity=Capacity.DIRECTOR)
    Attendance.objects.create(
        meeting=meeting, membership=b, capacity=Capacity.MANDATE, left_at=timezone.now()
    )
    Attendance.objects.create(
        meeting=meeting, board_seat=BoardSeatFactory(), capacity=Capacity.WITHOUT_VOTE
    )
    assert desk_counts(meeting) == {"not_registered": 0, "without_vote": 1, "left": 1}
