"""Polls and ballots (issue 9, points 5 and "Bad input"): who may vote, on which channel,
how often, and the result `poll_close` computes from the ballots."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from conftest import lt
from lrba.governance.models import (
    Attendance,
    BallotChannel,
    BoardSeat,
    Decision,
    Meeting,
    Poll,
    PollParticipation,
    RoomCount,
    SecretBallot,
    Vote,
)
from lrba.governance.selectors.attendance import voting_rights
from lrba.governance.services.attendance import attendance_register
from lrba.governance.services.voting import (
    poll_advance_open,
    poll_close,
    poll_create,
    poll_open,
    receipt_normalise,
    room_count_enter,
    vote_cast,
)
from lrba.governance.tests import factories as gf
from lrba.members.tests import factories as mf

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

ADVANCE = BallotChannel.ADVANCE_PORTAL
ELECTRONIC = BallotChannel.ELECTRONIC


def _result(poll: Poll) -> dict:
    """The stored result of a closed poll."""
    assert poll.result is not None
    return poll.result


@pytest.fixture
def meeting(library_a, library_b):
    """A General Meeting of two members (A and B), convened, a week ahead."""
    return gf.MeetingFactory(
        status=Meeting.Status.CONVENED,
        starts_at=timezone.now() + datetime.timedelta(days=7),
    )


def _item(meeting, code="ordinary"):
    return gf.AgendaItemFactory(meeting=meeting, decision_kind=gf.decision_kind(code))


def _poll(meeting, code="ordinary", **options):
    options.setdefault("allows_advance", True)
    return poll_create(item=_item(meeting, code), title="Klausimas", created_by=None, **options)


def _open(meeting):
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.OPEN)
    meeting.refresh_from_db()
    return meeting


def _right(user, meeting):
    (right,) = voting_rights(person=user.person, meeting=meeting)
    return right


def _vote(user, poll, choice="for", channel=ADVANCE, **kwargs):
    meeting = poll.item.meeting
    right = kwargs.pop("right", None) or _right(user, meeting)
    return vote_cast(
        poll=poll,
        right=right,
        person=user.person,
        choice=choice,
        channel=channel,
        cast_by=user,
        **kwargs,
    )


def _register_in_room(user, meeting):
    right = _right(user, meeting)
    return attendance_register(
        meeting=meeting,
        person=user.person,
        membership=right.membership,
        board_seat=right.board_seat,
        channel=Attendance.Channel.IN_ROOM,
        registered_by=None,
    )


# Creating and opening -----------------------------------------------------------------------


def test_poll_create_refuses_electronic_voting_the_statutes_do_not_allow(meeting):
    gf.rules_default().__class__.objects.update(allows_electronic=False)
    with pytest.raises(ValidationError, match="do not allow electronic voting"):
        _poll(meeting, allows_electronic=True)
    assert not Poll.objects.exists()


def test_poll_create_refuses_an_item_that_is_only_heard(meeting):
    item = gf.AgendaItemFactory(meeting=meeting, decision_kind=None)
    with pytest.raises(ValidationError, match="only heard"):
        poll_create(item=item, title="Ataskaita", created_by=None)


def test_poll_create_refuses_an_election_without_candidates(meeting):
    with pytest.raises(ValidationError, match="needs candidates"):
        _poll(meeting, "board_election", kind=Poll.Kind.ELECTION)


def test_advance_voting_opens_only_on_a_convened_meeting(meeting):
    poll = _poll(meeting)
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.DRAFT)
    with pytest.raises(ValidationError, match="once the meeting is convened"):
        poll_advance_open(poll=poll, opened_by=None)
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.CONVENED)
    assert poll_advance_open(poll=poll, opened_by=None).status == Poll.Status.ADVANCE


def test_a_poll_opens_only_at_an_open_meeting_and_becomes_the_current_item(meeting):
    poll = _poll(meeting)
    with pytest.raises(ValidationError, match="open the meeting first"):
        poll_open(poll=poll, opened_by=None)
    _open(meeting)
    poll_open(poll=poll, opened_by=None)
    meeting.refresh_from_db()
    assert meeting.current_item == poll.item


# Advance and electronic ballots ---------------------------------------------------------------


def test_a_director_votes_in_advance_and_takes_part_by_advance_written_ballot(alice, meeting):
    poll = _poll(meeting)
    poll_advance_open(poll=poll, opened_by=None)
    assert _vote(alice, poll) is None
    vote = Vote.objects.get(poll=poll)
    assert (vote.choice, vote.channel, vote.cast_by) == ("for", ADVANCE, alice)
    attendance = Attendance.objects.get(meeting=meeting)
    assert attendance.person == alice.person
    assert attendance.channel == Attendance.Channel.ADVANCE_WRITTEN


def test_a_changed_vote_replaces_the_first_and_the_last_counts(alice, meeting):
    poll = _poll(meeting)
    poll_advance_open(poll=poll, opened_by=None)
    _vote(alice, poll, "for")
    _vote(alice, poll, "against")
    assert list(Vote.objects.filter(poll=poll).values_list("choice", flat=True)) == ["against"]
    assert Attendance.objects.filter(meeting=meeting).count() == 1


def test_an_employee_without_a_mandate_cannot_vote_for_the_library(alice, bob, meeting):
    poll = _poll(meeting)
    poll_advance_open(poll=poll, opened_by=None)
    with pytest.raises(ValidationError, match="may not vote for this member"):
        _vote(bob, poll, right=_right(alice, meeting))
    assert not Vote.objects.exists()
    assert not Attendance.objects.exists()


def test_a_mandate_holder_cannot_cast_another_librarys_vote(alice, carol, meeting):
    poll = _poll(meeting)
    poll_advance_open(poll=poll, opened_by=None)
    with pytest.raises(ValidationError, match="may not vote for this member"):
        _vote(carol, poll, right=_right(alice, meeting))
    assert not Vote.objects.exists()


def test_an_expired_mandate_gives_no_vote(carol, meeting):
    poll = _poll(meeting)
    poll_advance_open(poll=poll, opened_by=None)
    right = _right(carol, meeting)
    carol.person.mandates.update(valid_until=timezone.localdate() - datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="mandate for this member is not valid"):
        _vote(carol, poll, right=right)
    assert not Vote.objects.exists()


def test_a_second_representative_of_a_voting_library_is_refused(alice, library_a, meeting):
    deputy = mf.MandateFactory(library=library_a, person=mf.PersonFactory(user=mf.UserFactory()))
    poll = _poll(meeting)
    poll_advance_open(poll=poll, opened_by=None)
    _vote(alice, poll, "for")
    right = voting_rights(person=deputy.person, meeting=meeting)[0]
    with pytest.raises(ValidationError, match="already represented"):
        vote_cast(
            poll=poll,
            right=right,
            person=deputy.person,
            choice="against",
            channel=ADVANCE,
            cast_by=deputy.person.user,
        )
    assert list(Vote.objects.values_list("choice", "cast_by")) == [("for", alice.pk)]


def test_an_electronic_vote_needs_a_registered_participant(alice, meeting):
    poll = _poll(meeting)
    _open(meeting)
    poll_open(poll=poll, opened_by=None)
    with pytest.raises(ValidationError, match="Register as a participant"):
        _vote(alice, poll, channel=ELECTRONIC)
    _register_in_room(alice, meeting)
    _vote(alice, poll, channel=ELECTRONIC)
    assert Vote.objects.get(poll=poll).channel == ELECTRONIC


def test_advance_ballots_are_refused_once_the_poll_is_open_at_the_meeting(alice, meeting):
    poll = _poll(meeting)
    poll_advance_open(poll=poll, opened_by=None)
    _open(meeting)
    poll_open(poll=poll, opened_by=None)
    with pytest.raises(ValidationError, match="Advance voting on this poll is not open"):
        _vote(alice, poll)


def test_a_paper_ballot_entered_by_the_secretariat_counts_for_the_signatory(
    alice, secretary, meeting
):
    poll = _poll(meeting)
    poll_advance_open(poll=poll, opened_by=None)
    vote_cast(
        poll=poll,
        right=_right(alice, meeting),
        person=alice.person,
        choice="against",
        channel=BallotChannel.ADVANCE_PAPER,
        cast_by=secretary,
    )
    vote = Vote.objects.get()
    assert (vote.channel, vote.cast_by, vote.membership.library.name) == (
        BallotChannel.ADVANCE_PAPER,
        secretary,
        alice.person.employments.get().library.name,
    )


def test_nobody_votes_after_the_poll_closed(alice, carol, meeting):
    poll = _poll(meeting)
    _open(meeting)
    poll_open(poll=poll, opened_by=None)
    _register_in_room(alice, meeting)
    _register_in_room(carol, meeting)
    _vote(alice, poll, channel=ELECTRONIC)
    poll_close(poll=poll, closed_by=None)
    with pytest.raises(ValidationError, match="poll is closed"):
        _vote(alice, poll, "against", channel=ELECTRONIC)
    assert Vote.objects.get().choice == "for"


# Secret polls --------------------------------------------------------------------------------


def test_a_secret_ballot_gives_a_receipt_and_keeps_the_voter_apart_from_the_choice(alice, meeting):
    poll = _poll(meeting, secrecy=Poll.Secrecy.SECRET)
    poll_advance_open(poll=poll, opened_by=None)
    receipt = _vote(alice, poll, "against")
    assert receipt and len(receipt) == 14
    assert not Vote.objects.exists()
    participation = PollParticipation.objects.get(poll=poll)
    ballot = SecretBallot.objects.get(poll=poll)
    assert participation.membership == _right(alice, meeting).membership
    assert (ballot.receipt, ballot.choice) == (receipt, "against")
    # The ballot row holds nothing but the poll, a random key, the receipt and the choice.
    assert {f.name for f in SecretBallot._meta.concrete_fields} == {
        "id",
        "poll",
        "receipt",
        "choice",
        "candidate_ids",
    }


def test_a_secret_ballot_is_changed_only_with_its_receipt(alice, meeting):
    poll = _poll(meeting, secrecy=Poll.Secrecy.SECRET)
    poll_advance_open(poll=poll, opened_by=None)
    receipt = _vote(alice, poll, "against")
    with pytest.raises(ValidationError, match="give the receipt code"):
        _vote(alice, poll, "for")
    with pytest.raises(ValidationError, match="No ballot of this poll has that receipt"):
        _vote(alice, poll, "for", receipt="AAAA-BBBB-CCCC")
    typed_back = receipt.lower().replace("-", " ")
    assert _vote(alice, poll, "for", receipt=typed_back) == receipt
    assert list(SecretBallot.objects.values_list("choice", flat=True)) == ["for"]
    assert PollParticipation.objects.count() == 1


def test_receipt_normalise_reads_what_a_voter_types():
    assert receipt_normalise(" k7qm 3xwa-pd9f ") == "K7QM-3XWA-PD9F"


def test_closing_a_secret_poll_counts_the_ballots_and_keeps_every_receipt(alice, carol, meeting):
    poll = _poll(meeting, secrecy=Poll.Secrecy.SECRET)
    poll_advance_open(poll=poll, opened_by=None)
    receipts = {_vote(alice, poll, "for"), _vote(carol, poll, "against")}
    _open(meeting)
    poll_open(poll=poll, opened_by=None)
    poll = poll_close(poll=poll, closed_by=None)
    assert set(SecretBallot.objects.filter(poll=poll).values_list("receipt", flat=True)) == receipts
    assert _result(poll)["counts"] == {"for": 1, "against": 1, "abstain": 0}
    assert poll.adopted is False


def test_secret_ballots_and_participation_are_kept_out_of_the_audit_log():
    from auditlog.registry import auditlog

    assert not auditlog.contains(SecretBallot)
    assert not auditlog.contains(PollParticipation)


# Closing and the computed result ---------------------------------------------------------------


def test_an_ordinary_decision_is_adopted_with_more_for_than_against_and_registered(
    alice, carol, meeting
):
    poll = _poll(meeting)
    _open(meeting)
    poll_open(poll=poll, opened_by=None)
    _register_in_room(alice, meeting)
    _register_in_room(carol, meeting)
    _vote(alice, poll, "for", channel=ELECTRONIC)
    _vote(carol, poll, "abstain", channel=ELECTRONIC)
    poll = poll_close(poll=poll, closed_by=None)
    assert poll.status == Poll.Status.CLOSED
    assert poll.adopted is True
    assert _result(poll)["base"] == 1 and _result(poll)["needed"] == 1
    assert _result(poll)["participants"] == 2 and _result(poll)["entitled"] == 2
    assert "1 for, 0 against, 1 abstain → adopted" in _result(poll)["sentence"]["en"]
    assert set(_result(poll)["sentence"]) == {"lt", "en"}
    decision = Decision.objects.get(poll=poll)
    assert decision.item == poll.item
    assert decision.number.startswith("VNS-")


def test_a_statute_amendment_needs_two_thirds_of_the_members_taking_part(
    alice, carol, library_a, meeting
):
    third = mf.MembershipFactory()
    director = mf.PersonFactory(user=mf.UserFactory())
    mf.EmploymentFactory(person=director, library=third.library, is_director=True)
    poll = _poll(meeting, "statute_amendment")
    _open(meeting)
    poll_open(poll=poll, opened_by=None)
    for user in (alice, carol, director.user):
        _register_in_room(user, meeting)
    _vote(alice, poll, "for", channel=ELECTRONIC)
    _vote(carol, poll, "for", channel=ELECTRONIC)
    _vote(director.user, poll, "against", channel=ELECTRONIC)
    poll = poll_close(poll=poll, closed_by=None)
    # 3 members taking part, at least two thirds needed = 2; 2 for → adopted.
    assert (_result(poll)["base"], _result(poll)["needed"], poll.adopted) == (3, 2, True)


def test_a_statute_amendment_with_one_vote_short_is_not_adopted(alice, carol, meeting):
    third = mf.MembershipFactory()
    director = mf.PersonFactory(user=mf.UserFactory())
    mf.EmploymentFactory(person=director, library=third.library, is_director=True)
    poll = _poll(meeting, "statute_amendment")
    _open(meeting)
    poll_open(poll=poll, opened_by=None)
    for user in (alice, carol, director.user):
        _register_in_room(user, meeting)
    _vote(alice, poll, "for", channel=ELECTRONIC)
    _vote(carol, poll, "abstain", channel=ELECTRONIC)
    poll = poll_close(poll=poll, closed_by=None)
    assert (_result(poll)["base"], _result(poll)["needed"], poll.adopted) == (3, 2, False)
    assert not Decision.objects.exists()


def test_without_a_quorum_nothing_is_adopted(alice, meeting):
    mf.MembershipFactory()  # three members; one takes part
    poll = _poll(meeting)
    _open(meeting)
    poll_open(poll=poll, opened_by=None)
    _register_in_room(alice, meeting)
    _vote(alice, poll, "for", channel=ELECTRONIC)
    poll = poll_close(poll=poll, closed_by=None)
    assert poll.adopted is False
    assert _result(poll)["quorum"]["reached"] is False
    assert "Without a quorum" in _result(poll)["sentence"]["en"]
    assert not Decision.objects.exists()


def test_a_closed_poll_cannot_be_closed_again(alice, meeting):
    poll = _poll(meeting)
    _open(meeting)
    poll_open(poll=poll, opened_by=None)
    poll_close(poll=poll, closed_by=None)
    with pytest.raises(ValidationError, match="already closed"):
        poll_close(poll=poll, closed_by=None)


# The tellers ---------------------------------------------------------------------------------


def test_the_room_count_adds_to_the_electronic_votes(alice, carol, meeting):
    poll = _poll(meeting)
    _open(meeting)
    poll_open(poll=poll, opened_by=None)
    _register_in_room(alice, meeting)
    _register_in_room(carol, meeting)
    _vote(alice, poll, "against", channel=ELECTRONIC)
    room_count_enter(poll=poll, votes_for=1, entered_by=None)
    poll = poll_close(poll=poll, closed_by=None)
    assert _result(poll)["counts"] == {"for": 1, "against": 1, "abstain": 0}
    assert poll.adopted is False


def test_the_room_count_cannot_exceed_the_voters_in_the_room_who_did_not_vote_otherwise(
    alice, carol, meeting
):
    poll = _poll(meeting)
    _open(meeting)
    poll_open(poll=poll, opened_by=None)
    _register_in_room(alice, meeting)
    _register_in_room(carol, meeting)
    _vote(alice, poll, "for", channel=ELECTRONIC)
    with pytest.raises(
        ValidationError, match="Hands counted: 2; voters in the room who did not vote otherwise: 1"
    ):
        room_count_enter(poll=poll, votes_for=1, abstentions=1, entered_by=None)
    assert not RoomCount.objects.exists()


# Elections -----------------------------------------------------------------------------------


def _election(meeting, seats=2, choices=2, names=("Ona", "Petras", "Rasa")):
    people = [mf.PersonFactory(first_name=name, last_name="Kandidatė") for name in names]
    poll = _poll(
        meeting,
        "board_election",
        kind=Poll.Kind.ELECTION,
        seats=seats,
        choices_per_voter=choices,
        candidates=people,
    )
    return poll, list(poll.candidates.order_by("position"))


def test_an_election_elects_the_candidates_with_most_votes(alice, carol, meeting):
    poll, (ona, petras, rasa) = _election(meeting)
    poll_advance_open(poll=poll, opened_by=None)
    _vote(alice, poll, "", candidate_ids=[ona.pk, petras.pk])
    _vote(carol, poll, "", candidate_ids=[ona.pk, rasa.pk])
    _open(meeting)
    poll_open(poll=poll, opened_by=None)
    poll = poll_close(poll=poll, closed_by=None)
    # Ona 2; Petras and Rasa 1 each, tied for the second seat: a new round among them.
    assert _result(poll)["elected"] == [ona.pk]
    assert sorted(_result(poll)["tied"]) == sorted([petras.pk, rasa.pk])
    assert "a new round is needed" in _result(poll)["sentence"]["en"]
    assert (
        lt("Elected: %(names)s.") % {"names": "Ona Kandidatė"}
        in Decision.objects.get(poll=poll).text
    )


def test_a_voter_cannot_choose_more_candidates_than_allowed(alice, meeting):
    poll, (ona, petras, rasa) = _election(meeting, seats=1, choices=1)
    poll_advance_open(poll=poll, opened_by=None)
    with pytest.raises(ValidationError, match="at most 1 candidate"):
        _vote(alice, poll, "", candidate_ids=[ona.pk, petras.pk])
    assert not Vote.objects.exists()


def test_a_voter_cannot_choose_someone_who_is_not_a_candidate(alice, meeting):
    poll, _candidates = _election(meeting, seats=1, choices=1)
    other, _ = _election(meeting, seats=1, choices=1, names=("Zita",))
    poll_advance_open(poll=poll, opened_by=None)
    with pytest.raises(ValidationError, match="not a candidate"):
        _vote(alice, poll, "", candidate_ids=[other.candidates.get().pk])


# The Board ------------------------------------------------------------------------------------


def test_a_board_tie_is_decided_by_the_chairs_open_vote():
    head = gf.BoardSeatFactory(
        office=BoardSeat.Office.HEAD, person=mf.PersonFactory(user=mf.UserFactory())
    )
    member = gf.BoardSeatFactory(person=mf.PersonFactory(user=mf.UserFactory()))
    meeting = gf.MeetingFactory(
        body=gf.board(),
        reference="V-2026-1",
        status=Meeting.Status.OPEN,
        chair=head.person,
        starts_at=timezone.now(),
    )
    poll = poll_create(item=_item(meeting), title="Klausimas", created_by=None)
    poll_open(poll=poll, opened_by=None)
    for seat, choice in ((head, "for"), (member, "against")):
        user = seat.person.user
        _register_in_room(user, meeting)
        _vote(user, poll, choice, channel=ELECTRONIC)
    poll = poll_close(poll=poll, closed_by=None)
    assert _result(poll)["tie"] is True
    assert _result(poll)["casting_vote_used"] is True
    assert poll.adopted is True
    assert Decision.objects.get(poll=poll).number.startswith("V-")


def test_a_repeat_meeting_decides_without_a_quorum(alice, meeting):
    mf.MembershipFactory()
    mf.MembershipFactory()  # four members; one takes part
    Meeting.objects.filter(pk=meeting.pk).update(kind=Meeting.Kind.REPEAT)
    meeting.refresh_from_db()
    poll = _poll(meeting)
    _open(meeting)
    poll_open(poll=poll, opened_by=None)
    _register_in_room(alice, meeting)
    _vote(alice, poll, "for", channel=ELECTRONIC)
    poll = poll_close(poll=poll, closed_by=None)
    assert _result(poll)["quorum"]["reached"] is True
    assert poll.adopted is True


def test_the_room_counts_an_election_per_candidate(alice, carol, meeting):
    poll, (ona, petras, rasa) = _election(meeting, seats=1, choices=1)
    _open(meeting)
    poll_open(poll=poll, opened_by=None)
    _register_in_room(alice, meeting)
    _register_in_room(carol, meeting)
    with pytest.raises(
        ValidationError,
        match="Votes for one candidate: 3; voters in the room who did not vote otherwise: 2",
    ):
        room_count_enter(poll=poll, candidate_votes={ona.pk: 3}, entered_by=None)
    room_count_enter(poll=poll, candidate_votes={ona.pk: 1, rasa.pk: 1}, entered_by=None)
    room_count_enter(poll=poll, candidate_votes={ona.pk: 2}, entered_by=None)  # corrected
    poll = poll_close(poll=poll, closed_by=None)
    assert _result(poll)["elected"] == [ona.pk]
    assert _result(poll)["votes"] == {str(ona.pk): 2, str(petras.pk): 0, str(rasa.pk): 0}


def test_the_published_receipts_of_a_secret_election_name_the_candidates_chosen(
    alice, carol, meeting
):
    from lrba.governance.selectors.voting import receipts_published

    poll, (ona, petras, _rasa) = _election(meeting, seats=1, choices=1)
    Poll.objects.filter(pk=poll.pk).update(secrecy=Poll.Secrecy.SECRET)
    poll.refresh_from_db()
    poll_advance_open(poll=poll, opened_by=None)
    first = _vote(alice, poll, "", candidate_ids=[ona.pk])
    second = _vote(carol, poll, "", candidate_ids=[petras.pk])
    assert receipts_published(poll) == []  # nothing before the close
    _open(meeting)
    poll_open(poll=poll, opened_by=None)
    poll = poll_close(poll=poll, closed_by=None)
    published = {row.receipt: row.choice for row in receipts_published(poll)}
    assert published == {first: "Ona Kandidatė", second: "Petras Kandidatė"}
    assert list(published) == sorted(published)
    assert set(_result(poll)["tied"]) == {ona.pk, petras.pk}  # one vote each, one seat


def test_an_advance_voter_who_comes_to_the_meeting_may_change_the_vote_there(alice, meeting):
    from lrba.governance.services.voting import room_voters_count

    poll = _poll(meeting)
    poll_advance_open(poll=poll, opened_by=None)
    _vote(alice, poll, "for")
    _open(meeting)
    poll_open(poll=poll, opened_by=None)
    _register_in_room(alice, meeting)  # the advance participant arrives at the door
    assert room_voters_count(poll) == 0  # her hand is not counted again
    _vote(alice, poll, "against", channel=ELECTRONIC)
    vote = Vote.objects.get(poll=poll)
    assert (vote.choice, vote.channel) == ("against", ELECTRONIC)
