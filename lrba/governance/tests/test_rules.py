"""The rules engine by hand-computed cases at both edges of every threshold, and by
properties (`hypothesis`). No database: `lrba.governance.rules` is plain arithmetic."""

import pytest
from django.utils import translation
from hypothesis import assume, given
from hypothesis import strategies as st

from lrba.governance import rules
from lrba.governance.rules import MajorityRule, QuorumRule, Share, Tally

MORE_THAN_HALF = Share(1, 2, strict=True)
TWO_THIRDS = Share(2, 3)

GENERAL_MEETING_QUORUM = QuorumRule(MORE_THAN_HALF, "Asociacijų įstatymo 8 str. 7 d.")
REPEAT_MEETING = QuorumRule(MORE_THAN_HALF, "Asociacijų įstatymo 8 str. 8 d.", required=False)
ORDINARY = MajorityRule(
    "Ordinary decision", rules.FOR_OVER_AGAINST, Share(1, 2), "Asociacijų įstatymo 8 str. 7 d."
)
STATUTE_AMENDMENT = MajorityRule(
    "Statute amendment",
    rules.SHARE_OF_PARTICIPANTS,
    TWO_THIRDS,
    "Asociacijų įstatymo 8 str. 1 d. 1 p., 7 d.",
)
BOARD_ORDINARY = MajorityRule(
    "Admission", rules.FOR_OVER_AGAINST, Share(1, 2), "CK 2.93 str. 2 d.", casting_vote=True
)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def motion(votes_for=0, against=0, abstain=0, *, rule=ORDINARY, participants=None, **kwargs):
    tally = Tally(votes_for, against, abstain)
    if participants is None:
        participants = tally.cast
    return rules.motion_result(
        tally=tally,
        rule=rule,
        participants=participants,
        entitled=kwargs.pop("entitled", 100),
        **kwargs,
    )


# Shares -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("share", "base", "needed"),
    [
        (MORE_THAN_HALF, 40, 21),  # even: half is 20, more than half is 21
        (MORE_THAN_HALF, 41, 21),  # odd: 20.5 → 21
        (MORE_THAN_HALF, 1, 1),
        (MORE_THAN_HALF, 0, 1),
        (TWO_THIRDS, 30, 20),  # two thirds exactly
        (TWO_THIRDS, 40, 27),  # 26.67 → 27
        (TWO_THIRDS, 31, 21),  # 20.67 → 21
        (TWO_THIRDS, 3, 2),
        (TWO_THIRDS, 0, 0),
        (Share(2, 3, strict=True), 30, 21),  # more than two thirds of 30
        (Share(1, 1), 7, 7),  # unanimity
    ],
)
def test_a_share_needs_the_smallest_count_that_meets_it(share, base, needed):
    assert share.needed(base) == needed
    assert share.is_met(needed, base)
    assert needed == 0 or not share.is_met(needed - 1, base)


@pytest.mark.parametrize(
    ("numerator", "denominator", "strict"),
    [(1, 0, False), (3, 2, False), (0, 2, False), (-1, 2, False), (2, 2, True)],
)
def test_a_share_that_means_nothing_is_refused(numerator, denominator, strict):
    with pytest.raises(ValueError):
        Share(numerator, denominator, strict)


def test_a_share_reads_in_words():
    assert MORE_THAN_HALF.words() == "more than half"
    assert TWO_THIRDS.words() == "at least two thirds"
    assert Share(3, 5).words() == "at least 3/5"


# Quorum -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entitled", "short", "enough"),
    [
        (40, 20, 21),  # even: exactly half is not a quorum
        (41, 20, 21),  # odd
        (2, 1, 2),
        (1, 0, 1),
    ],
)
def test_the_general_meeting_needs_more_than_half_of_the_members(entitled, short, enough):
    below = rules.quorum(present=short, entitled=entitled, rule=GENERAL_MEETING_QUORUM)
    at = rules.quorum(present=enough, entitled=entitled, rule=GENERAL_MEETING_QUORUM)

    assert (below.reached, at.reached) == (False, True)
    assert below.needed == at.needed == enough


def test_no_one_present_is_never_a_quorum():
    assert not rules.quorum(present=0, entitled=0, rule=GENERAL_MEETING_QUORUM).reached
    at_least_a_third = QuorumRule(Share(1, 3), "Įstatų 5.3 p.")
    assert not rules.quorum(present=0, entitled=0, rule=at_least_a_third).reached


@pytest.mark.parametrize(("entitled", "short", "enough"), [(30, 9, 10), (31, 10, 11)])
def test_a_statute_quorum_of_at_least_a_third_counts_the_edge_in(entitled, short, enough):
    rule = QuorumRule(Share(1, 3), "Įstatų 5.3 p.")

    assert not rules.quorum(present=short, entitled=entitled, rule=rule).reached
    assert rules.quorum(present=enough, entitled=entitled, rule=rule).reached


def test_a_repeat_meeting_decides_whatever_the_number_present():
    result = rules.quorum(present=1, entitled=40, rule=REPEAT_MEETING)

    assert result.reached
    assert result.needed == 0
    assert result.sentence() == (
        "1 of 40 take part; a repeat meeting needs no quorum (Asociacijų įstatymo 8 str. 8 d.)."
    )


def test_a_repeat_meeting_that_the_statutes_hold_to_a_quorum_needs_one():
    rule = QuorumRule(MORE_THAN_HALF, "Įstatų 5.4 p.", required=True)

    assert not rules.quorum(present=20, entitled=40, rule=rule).reached


@pytest.mark.parametrize(("seats", "short", "enough"), [(7, 3, 4), (6, 3, 4), (5, 2, 3)])
def test_the_board_needs_more_than_half_of_its_members(seats, short, enough):
    rule = QuorumRule(MORE_THAN_HALF, "Asociacijų įstatymo 9 str. 7 d.")

    assert not rules.quorum(present=short, entitled=seats, rule=rule).reached
    assert rules.quorum(present=enough, entitled=seats, rule=rule).reached


def test_the_quorum_sentence_states_present_needed_rule_and_outcome():
    reached = rules.quorum(present=21, entitled=40, rule=GENERAL_MEETING_QUORUM)
    missed = rules.quorum(present=20, entitled=40, rule=GENERAL_MEETING_QUORUM)

    assert reached.sentence() == (
        "21 of 40 take part; more than half needed = 21 (Asociacijų įstatymo 8 str. 7 d.): "
        "quorum reached."
    )
    assert missed.sentence().endswith(": no quorum.")


def test_negative_counts_are_refused():
    with pytest.raises(ValueError):
        rules.quorum(present=-1, entitled=10, rule=GENERAL_MEETING_QUORUM)
    with pytest.raises(ValueError):
        Tally(-1, 0, 0)
    with pytest.raises(ValueError):
        motion(1, participants=-1)


# Ordinary decisions: more for than against, abstentions do not count -------------------------


@pytest.mark.parametrize(
    ("votes_for", "against", "abstain", "adopted"),
    [
        (10, 9, 0, True),  # one more for than against (odd base)
        (9, 9, 0, False),  # a tie (even base)
        (11, 10, 0, True),
        (10, 10, 0, False),
        (9, 10, 20, False),
        (1, 0, 30, True),  # abstainers are treated as not voting
        (0, 0, 5, False),  # nobody for: nothing adopted
        (0, 0, 0, False),
    ],
)
def test_an_ordinary_decision_needs_more_for_than_against(votes_for, against, abstain, adopted):
    result = motion(votes_for, against, abstain, participants=40)

    assert result.adopted is adopted
    assert result.base == votes_for + against
    assert result.tie is (votes_for == against > 0)


def test_an_ordinary_decision_reads_as_a_sentence():
    result = motion(10, 9, 21, participants=40)

    assert result.sentence() == (
        "Ordinary decision: 19 votes for or against (abstentions do not count), more for "
        "than against needed = 10; 10 for, 9 against, 21 abstain → adopted "
        "(Asociacijų įstatymo 8 str. 7 d.)."
    )
    assert (
        motion(9, 9).sentence().endswith("→ a tie → not adopted (Asociacijų įstatymo 8 str. 7 d.).")
    )


# Statute amendment, reorganisation: at least 2/3 of the members taking part ------------------


@pytest.mark.parametrize(
    ("participants", "short", "enough"),
    [
        (40, 26, 27),  # the issue's example: 2/3 of 40 = 26.67 → 27
        (30, 19, 20),  # two thirds exactly
        (31, 20, 21),  # odd
        (3, 1, 2),
        (1, 0, 1),
    ],
)
def test_a_statute_amendment_needs_two_thirds_of_those_taking_part(participants, short, enough):
    below = motion(short, 0, 0, rule=STATUTE_AMENDMENT, participants=participants)
    at = motion(enough, 0, 0, rule=STATUTE_AMENDMENT, participants=participants)

    assert (below.adopted, at.adopted) == (False, True)
    assert below.needed == at.needed == enough
    assert at.base == participants


def test_abstaining_or_not_voting_at_a_statute_amendment_counts_against_it():
    # 30 take part: 20 needed whatever the others do.
    assert motion(20, 0, 10, rule=STATUTE_AMENDMENT, participants=30).adopted
    assert not motion(19, 0, 11, rule=STATUTE_AMENDMENT, participants=30).adopted
    assert not motion(19, 1, 0, rule=STATUTE_AMENDMENT, participants=30).adopted  # 10 silent


def test_a_member_who_voted_took_part_even_if_no_longer_counted_present():
    # 30 present when the poll closed, but 33 ballots (advance ballots, someone who left):
    # the base is 33, not an error, and 22 for are needed.
    result = motion(21, 12, 0, rule=STATUTE_AMENDMENT, participants=30)

    assert result.base == 33
    assert result.needed == 22
    assert not result.adopted


def test_a_statute_amendment_with_nobody_taking_part_is_not_adopted():
    result = motion(0, 0, 0, rule=STATUTE_AMENDMENT, participants=0)

    assert not result.adopted
    assert result.needed == 1


def test_a_statute_amendment_reads_as_the_issue_puts_it():
    result = motion(27, 5, 8, rule=STATUTE_AMENDMENT, participants=40)

    assert result.sentence() == (
        "Statute amendment: 40 members taking part, at least two thirds needed = 27; "
        "27 for, 5 against, 8 abstain → adopted (Asociacijų įstatymo 8 str. 1 d. 1 p., 7 d.)."
    )


def test_a_share_of_the_votes_cast_counts_abstentions_in_the_base():
    rule = MajorityRule("Fees", rules.SHARE_OF_VOTES_CAST, MORE_THAN_HALF, "Įstatų 6.2 p.")

    assert not motion(5, 3, 2, rule=rule, participants=40).adopted  # 5 of 10 is not more
    assert motion(6, 2, 2, rule=rule, participants=40).adopted
    assert motion(6, 2, 2, rule=rule).base == 10


def test_a_share_of_all_members_counts_those_absent():
    rule = MajorityRule("Liquidation", rules.SHARE_OF_ALL_MEMBERS, TWO_THIRDS, "Įstatų 9.1 p.")

    assert not motion(26, 0, 0, rule=rule, participants=26, entitled=40).adopted
    assert motion(27, 0, 0, rule=rule, participants=27, entitled=40).adopted


def test_plurality_is_not_a_motion_majority():
    rule = MajorityRule("Board election", rules.PLURALITY, Share(1, 2), "Įstatų 7.1 p.")

    with pytest.raises(ValueError):
        motion(1, rule=rule)


# Board ties and the chair's casting vote (Civil Code 2.93(2)) ---------------------------------


@pytest.mark.parametrize(
    ("chair_choice", "adopted", "casting_vote_used"),
    [
        ("for", True, True),
        ("against", False, True),
        ("abstain", False, False),
        (None, False, False),
    ],
)
def test_a_board_tie_is_decided_by_the_chairs_vote(chair_choice, adopted, casting_vote_used):
    result = motion(3, 3, 1, rule=BOARD_ORDINARY, chair_choice=chair_choice)

    assert result.tie
    assert result.adopted is adopted
    assert result.casting_vote_used is casting_vote_used


def test_a_tie_without_a_casting_vote_in_the_rules_is_not_adopted():
    assert not motion(3, 3, rule=ORDINARY, chair_choice="for").adopted


def test_the_chairs_vote_decides_nothing_without_a_tie():
    result = motion(4, 3, rule=BOARD_ORDINARY, chair_choice="against")

    assert result.adopted
    assert not result.casting_vote_used


def test_the_casting_vote_shows_in_the_sentence():
    adopted = motion(2, 2, rule=BOARD_ORDINARY, chair_choice="for").sentence()
    refused = motion(2, 2, rule=BOARD_ORDINARY, chair_choice="against").sentence()

    assert "a tie, decided by the chair's vote → adopted" in adopted
    assert "a tie, decided by the chair's vote → not adopted" in refused


# Elections ----------------------------------------------------------------------------------


def test_the_candidates_with_most_votes_take_the_seats():
    result = rules.election_result(votes={1: 5, 2: 3, 3: 1}, seats=2, ballots=6)

    assert result.elected == (1, 2)
    assert result.tied == ()
    assert result.seats_unfilled == 0


def test_a_tie_across_the_last_seat_leaves_it_to_a_new_round():
    result = rules.election_result(votes={1: 5, 2: 3, 3: 3}, seats=2, ballots=6)

    assert result.elected == (1,)
    assert set(result.tied) == {2, 3}
    assert result.seats_unfilled == 1


def test_a_tie_for_a_single_seat_elects_nobody():
    result = rules.election_result(votes={1: 4, 2: 4}, seats=1, ballots=8)

    assert result.elected == ()
    assert set(result.tied) == {1, 2}


def test_candidates_tied_within_the_seats_are_all_elected():
    result = rules.election_result(votes={1: 4, 2: 4, 3: 4, 4: 1}, seats=3, ballots=6)

    assert set(result.elected) == {1, 2, 3}
    assert result.tied == ()


def test_a_candidate_without_a_vote_is_never_elected():
    result = rules.election_result(votes={1: 2, 2: 0}, seats=3, ballots=2)

    assert result.elected == (1,)
    assert result.seats_unfilled == 2


def test_an_election_reads_as_a_sentence():
    names = {1: "Rasa Petrauskienė", 2: "Jonas Kazlauskas", 3: "Ona Jonaitienė"}
    plain = rules.election_result(votes={1: 5, 2: 3, 3: 1}, seats=1, ballots=9)
    tied = rules.election_result(votes={1: 5, 2: 3, 3: 3}, seats=2, ballots=9)

    assert plain.sentence(names) == (
        "1 seat, 9 ballots: Rasa Petrauskienė 5; Jonas Kazlauskas 3; Ona Jonaitienė 1 "
        "→ elected: Rasa Petrauskienė."
    )
    # Equal votes list by name in Lithuanian order; names stand after a colon only.
    assert tied.sentence(names) == (
        "2 seats, 9 ballots: Rasa Petrauskienė 5; Jonas Kazlauskas 3; Ona Jonaitienė 3 "
        "→ elected: Rasa Petrauskienė. A tie for 1 seat: a new round is needed; tied: "
        "Jonas Kazlauskas, Ona Jonaitienė."
    )


def test_names_with_lithuanian_letters_sort_in_lithuanian_order():
    names = {1: "Žana", 2: "Zita", 3: "Česlovas", 4: "Cezaris"}
    result = rules.election_result(votes=dict.fromkeys(names, 2), seats=1, ballots=8)

    assert result.sentence(names).startswith(
        "1 seat, 8 ballots: Cezaris 2; Česlovas 2; Zita 2; Žana 2"
    )


def test_an_election_without_seats_or_with_negative_counts_is_refused():
    with pytest.raises(ValueError):
        rules.election_result(votes={1: 1}, seats=0, ballots=1)
    with pytest.raises(ValueError):
        rules.election_result(votes={1: -1}, seats=1, ballots=1)


# Properties ---------------------------------------------------------------------------------

counts = st.integers(min_value=0, max_value=500)


@st.composite
def valid_shares(draw):
    denominator = draw(st.integers(1, 12))
    numerator = draw(st.integers(1, denominator))
    strict = draw(st.booleans()) and numerator < denominator
    return Share(numerator, denominator, strict)


@given(share=valid_shares(), base=counts)
def test_needed_is_exactly_the_edge_of_the_share(share, base):
    needed = share.needed(base)

    assert share.is_met(needed, base)
    if needed > 0:
        assert not share.is_met(needed - 1, base)
    # The share, in exact fractions.
    if share.strict:
        assert needed * share.denominator > base * share.numerator
    else:
        assert needed * share.denominator >= base * share.numerator


@given(share=valid_shares(), entitled=counts, present=counts)
def test_a_quorum_is_reached_exactly_from_the_needed_count_up(share, entitled, present):
    rule = QuorumRule(share, "x")
    result = rules.quorum(present=present, entitled=entitled, rule=rule)
    more = rules.quorum(present=present + 1, entitled=entitled, rule=rule)

    assert result.reached == (present >= result.needed and present > 0)
    assert not result.reached or more.reached  # one more never loses a quorum


@given(votes_for=counts, against=counts, abstain=counts, extra=counts)
def test_abstentions_never_change_an_ordinary_decision(votes_for, against, abstain, extra):
    plain = motion(votes_for, against, abstain)
    more_abstaining = motion(votes_for, against, abstain + extra)

    assert plain.adopted == more_abstaining.adopted == (votes_for > against)


@given(votes_for=counts, against=counts, abstain=counts, silent=counts, share=valid_shares())
def test_a_share_majority_is_monotone(votes_for, against, abstain, silent, share):
    rule = MajorityRule("x", rules.SHARE_OF_PARTICIPANTS, share, "x")
    participants = votes_for + against + abstain + silent
    result = motion(votes_for, against, abstain, rule=rule, participants=participants)

    # Adopted exactly when "for" reach the share of those taking part, and never by nobody.
    assert result.adopted == (share.is_met(votes_for, participants) and votes_for > 0)
    # Turning one "against" into "for" never loses an adopted motion; one more silent
    # participant never wins a lost one.
    if against and result.adopted:
        assert motion(
            votes_for + 1, against - 1, abstain, rule=rule, participants=participants
        ).adopted
    if not result.adopted:
        assert not motion(
            votes_for, against, abstain, rule=rule, participants=participants + 1
        ).adopted


@given(
    votes_for=counts,
    against=counts,
    abstain=counts,
    chair=st.sampled_from(["for", "against", "abstain", None]),
)
def test_the_casting_vote_only_matters_in_a_tie(votes_for, against, abstain, chair):
    with_casting = motion(votes_for, against, abstain, rule=BOARD_ORDINARY, chair_choice=chair)
    without = motion(votes_for, against, abstain, rule=ORDINARY)

    if votes_for != against:
        assert with_casting.adopted == without.adopted
        assert not with_casting.casting_vote_used
    else:
        assert not without.adopted
        assert with_casting.adopted == (chair == "for" and votes_for > 0)


@given(
    votes=st.dictionaries(st.integers(1, 30), st.integers(0, 50), max_size=12),
    seats=st.integers(1, 8),
)
def test_an_election_fills_no_more_than_its_seats_and_elects_by_rank(votes, seats):
    result = rules.election_result(votes=votes, seats=seats, ballots=50)
    elected, tied = set(result.elected), set(result.tied)
    others = set(votes) - elected - tied

    assert len(elected) <= seats
    assert not elected & tied
    assert all(votes[pk] > 0 for pk in elected | tied)
    # Everyone elected has more votes than anyone tied, and the tied more than the rest.
    assert all(votes[e] > votes[t] for e in elected for t in tied)
    assert all(votes[e] >= votes[o] for e in elected for o in others)
    assert all(votes[t] > votes[o] for t in tied for o in others)
    # A tie is left only when its candidates outnumber the seats still free.
    assert not tied or len(tied) > result.seats_unfilled
    # Free seats are left only by a tie or by too few candidates with a vote.
    with_votes = sum(1 for count in votes.values() if count > 0)
    assert result.seats_unfilled == 0 or tied or with_votes < seats


@given(
    votes=st.dictionaries(st.integers(1, 30), st.integers(0, 50), min_size=1, max_size=12),
    seats=st.integers(1, 8),
    shift=st.integers(1, 1000),
)
def test_an_election_does_not_depend_on_the_candidates_ids(votes, seats, shift):
    renamed = {pk + shift: count for pk, count in votes.items()}
    result = rules.election_result(votes=votes, seats=seats, ballots=50)
    again = rules.election_result(votes=renamed, seats=seats, ballots=50)

    assert {pk + shift for pk in result.elected} == set(again.elected)
    assert {pk + shift for pk in result.tied} == set(again.tied)


@given(votes_for=counts, against=counts, abstain=counts, silent=counts)
def test_every_result_sentence_names_its_numbers_and_clause(votes_for, against, abstain, silent):
    assume(votes_for + against + abstain + silent > 0)
    for rule in (ORDINARY, STATUTE_AMENDMENT):
        result = motion(
            votes_for,
            against,
            abstain,
            rule=rule,
            participants=votes_for + against + abstain + silent,
        )
        sentence = result.sentence()
        assert f"{votes_for} for, {against} against, {abstain} abstain" in sentence
        assert f"needed = {result.needed}" in sentence
        assert rule.clause in sentence
        assert ("→ adopted" in sentence) == result.adopted
