"""The statute rules in the database, turned into the engine's rules: the version in force
on the meeting's date decides."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lrba.governance import rules as engine
from lrba.governance.models import DecisionKind, Meeting, StatuteRules
from lrba.governance.services import rules as services
from lrba.governance.tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

NEW_STATUTES = datetime.date(2026, 6, 1)


@pytest.fixture
def new_statutes() -> StatuteRules:
    """The association's own statutes from 2026-06-01: a third is a quorum, a repeat
    meeting needs a quorum too, and a tie on the Board is not decided by the chair."""
    rules = StatuteRules.objects.create(
        version="Įstatai, 2026 m. redakcija",
        in_force_from=NEW_STATUTES,
        quorum_numerator=1,
        quorum_denominator=3,
        quorum_strict=False,
        quorum_clause="Įstatų 5.3 p.",
        repeat_meeting_needs_quorum=True,
        repeat_meeting_clause="Įstatų 5.4 p.",
        chair_casting_vote=False,
    )
    DecisionKind.objects.create(
        rules=rules,
        code="ordinary",
        name="Įprastas sprendimas",
        majority=DecisionKind.Majority.FOR_OVER_AGAINST,
        clause="Įstatų 5.5 p.",
    )
    return rules


def meeting_on(day: datetime.date, **kwargs) -> Meeting:
    starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(11)))
    return factories.MeetingFactory(starts_at=starts, **kwargs)


def test_the_rules_in_force_are_the_latest_version_started_by_that_date(new_statutes):
    assert services.rules_for(NEW_STATUTES - datetime.timedelta(days=1)) == (
        factories.rules_default()
    )
    assert services.rules_for(NEW_STATUTES) == new_statutes


def test_a_date_before_any_statute_version_is_refused_in_words():
    with pytest.raises(ValidationError) as refused:
        services.rules_for(datetime.date(2011, 12, 31))

    assert refused.value.code == "no_rules"
    assert "No statute rules were in force" in refused.value.messages[0]


def test_a_general_meeting_needs_the_laws_quorum_under_the_defaults():
    rule = services.quorum_rule(meeting_on(datetime.date(2026, 3, 2)))

    assert rule == engine.QuorumRule(
        engine.Share(1, 2, strict=True), "Asociacijų įstatymo 8 str. 7 d.", required=True
    )


def test_a_repeat_meeting_needs_no_quorum_under_the_law():
    rule = services.quorum_rule(meeting_on(datetime.date(2026, 3, 2), kind=Meeting.Kind.REPEAT))

    assert not rule.required
    assert rule.clause == "Asociacijų įstatymo 8 str. 8 d."


def test_a_meeting_is_judged_by_the_statutes_in_force_on_its_date(new_statutes):
    before = services.quorum_rule(meeting_on(NEW_STATUTES - datetime.timedelta(days=1)))
    after = services.quorum_rule(meeting_on(NEW_STATUTES))
    repeat_after = services.quorum_rule(meeting_on(NEW_STATUTES, kind=Meeting.Kind.REPEAT))

    assert before.share == engine.Share(1, 2, strict=True)
    assert after.share == engine.Share(1, 3)
    assert after.clause == "Įstatų 5.3 p."
    assert repeat_after.required
    assert repeat_after.clause == "Įstatų 5.4 p."


def test_the_board_uses_the_board_quorum():
    rule = services.quorum_rule(meeting_on(datetime.date(2026, 3, 2), body=factories.board()))

    assert rule.share == engine.Share(1, 2, strict=True)
    assert rule.clause == "Asociacijų įstatymo 9 str. 7 d."
    assert rule.required


def test_a_written_procedure_counts_the_board_quorum_of_the_rules_given(new_statutes):
    rule = services.board_quorum_rule(new_statutes)

    assert rule == engine.QuorumRule(
        engine.Share(1, 2, strict=True), "Asociacijų įstatymo 9 str. 7 d.", required=True
    )


def test_only_the_board_has_the_chairs_casting_vote():
    rules = factories.rules_default()
    kind = factories.decision_kind("ordinary")

    on_board = services.majority_rule(kind=kind, body=factories.board(), rules=rules)
    at_general_meeting = services.majority_rule(kind=kind, body=factories.body(), rules=rules)

    assert on_board.casting_vote
    assert not at_general_meeting.casting_vote
    assert on_board.majority == engine.FOR_OVER_AGAINST


def test_statutes_without_a_casting_vote_leave_a_board_tie_unadopted(new_statutes):
    kind = new_statutes.decision_kinds.get(code="ordinary")
    rule = services.majority_rule(kind=kind, body=factories.board(), rules=new_statutes)

    result = engine.motion_result(
        tally=engine.Tally(2, 2, 0), rule=rule, participants=4, entitled=5, chair_choice="for"
    )
    assert not rule.casting_vote
    assert not result.adopted


def test_a_statute_amendment_needs_two_thirds_of_those_taking_part():
    rule = services.majority_rule(
        kind=factories.decision_kind("statute_amendment"),
        body=factories.body(),
        rules=factories.rules_default(),
    )

    assert rule.majority == engine.SHARE_OF_PARTICIPANTS
    assert rule.share == engine.Share(2, 3)
    assert rule.clause == "Asociacijų įstatymo 8 str. 1 d. 1 p., 7 d."


def test_an_item_prepared_under_older_statutes_is_decided_by_the_new_kind(new_statutes):
    old_kind = factories.decision_kind("ordinary")

    rule = services.majority_rule(kind=old_kind, body=factories.body(), rules=new_statutes)

    assert rule.clause == "Įstatų 5.5 p."


def test_a_kind_the_new_statutes_lack_is_refused_in_words(new_statutes):
    with pytest.raises(ValidationError) as refused:
        services.majority_rule(
            kind=factories.decision_kind("statute_amendment"),
            body=factories.body(),
            rules=new_statutes,
        )

    assert refused.value.code == "kind_not_in_rules"


def test_a_decision_kind_is_found_by_code_in_the_rules_in_force(new_statutes):
    assert services.decision_kind_for(code="ordinary", on=NEW_STATUTES).rules == new_statutes
    assert services.decision_kind_for(
        code="expulsion", on=NEW_STATUTES - datetime.timedelta(days=1)
    ) == factories.decision_kind("expulsion")
    with pytest.raises(ValidationError):
        services.decision_kind_for(code="expulsion", on=NEW_STATUTES)


def test_a_share_that_cannot_be_met_is_refused_not_crashed():
    rules = factories.rules_default()
    StatuteRules.objects.filter(pk=rules.pk).update(board_quorum_numerator=0)

    with pytest.raises(ValidationError) as refused:
        services.quorum_rule(meeting_on(datetime.date(2026, 3, 2), body=factories.board()))

    assert refused.value.code == "bad_share"


def test_every_default_decision_kind_turns_into_an_engine_rule():
    rules = factories.rules_default()
    for kind in rules.decision_kinds.all():
        rule = services.majority_rule(kind=kind, body=factories.body(), rules=rules)
        assert rule.clause
        if rule.majority != engine.PLURALITY:
            engine.motion_result(
                tally=engine.Tally(3, 1, 1), rule=rule, participants=5, entitled=9
            ).sentence()


@pytest.mark.parametrize(
    ("code", "participants", "short", "enough"),
    [
        # (for, against, abstain) just short of and just at the threshold.
        ("ordinary", 40, (15, 15, 10), (16, 15, 9)),
        ("statute_amendment", 40, (26, 0, 14), (27, 13, 0)),
        ("reorganisation", 30, (19, 1, 10), (20, 10, 0)),
        ("annual_statements", 21, (10, 10, 1), (10, 9, 2)),
        ("fees", 25, (0, 0, 25), (1, 0, 24)),
    ],
)
def test_each_general_meeting_kind_of_the_law_at_its_edge(code, participants, short, enough):
    rule = services.majority_rule(
        kind=factories.decision_kind(code), body=factories.body(), rules=factories.rules_default()
    )

    def adopted(counts) -> bool:
        return engine.motion_result(
            tally=engine.Tally(*counts), rule=rule, participants=participants, entitled=50
        ).adopted

    assert not adopted(short)
    assert adopted(enough)


@pytest.mark.parametrize("code", ["admission", "expulsion"])
def test_a_board_admission_or_expulsion_tie_goes_to_the_head(code):
    rule = services.majority_rule(
        kind=factories.decision_kind(code), body=factories.board(), rules=factories.rules_default()
    )

    def result(chair):
        return engine.motion_result(
            tally=engine.Tally(2, 2, 1), rule=rule, participants=5, entitled=7, chair_choice=chair
        )

    assert result("for").adopted
    assert not result("against").adopted
    assert not result(None).adopted


# New statute versions ---------------------------------------------------------------------


def test_a_new_version_starts_as_a_copy_with_every_decision_kind(staff_user):
    old = factories.rules_default()

    new = services.statute_rules_copy(
        rules=old,
        version="Įstatai, 2027 m.",
        in_force_from=datetime.date(2027, 1, 1),
        created_by=staff_user,
    )

    assert services.rules_for(datetime.date(2027, 1, 1)) == new
    assert new.quorum_clause == old.quorum_clause
    assert sorted(new.decision_kinds.values_list("code", flat=True)) == sorted(
        old.decision_kinds.values_list("code", flat=True)
    )
    assert old.decision_kinds.count() == 8  # the old version keeps its own


def test_a_new_version_may_not_change_the_rules_of_a_meeting_already_held(staff_user):
    held = meeting_on(datetime.date(2026, 4, 24), status=Meeting.Status.CLOSED)

    with pytest.raises(ValidationError) as refused:
        services.statute_rules_copy(
            rules=factories.rules_default(),
            version="Įstatai",
            in_force_from=datetime.date(2026, 4, 1),
            created_by=staff_user,
        )

    assert held.reference in refused.value.message_dict["in_force_from"][0]
    assert StatuteRules.objects.count() == 1
    # From the day after the meeting it is fine; a meeting not yet held does not stop it.
    meeting_on(datetime.date(2026, 9, 1), status=Meeting.Status.CONVENED)
    assert services.statute_rules_copy(
        rules=factories.rules_default(),
        version="Įstatai",
        in_force_from=datetime.date(2026, 4, 25),
        created_by=staff_user,
    )


def test_a_second_version_on_the_same_day_is_refused(staff_user):
    with pytest.raises(ValidationError) as refused:
        services.statute_rules_copy(
            rules=factories.rules_default(),
            version="Dar kartą",
            in_force_from=datetime.date(2012, 1, 1),
            created_by=staff_user,
        )

    assert "in_force_from" in refused.value.message_dict
