"""Votes under concurrency, on PostgreSQL (issue 9, "Correctness"): two representatives
of one library voting at once leave one vote; two tellers closing a poll at once close
it once; a vote racing the close is either counted or refused."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from lrba.core.tests.concurrency import POSTGRES_RACE, run_at_once
from lrba.governance.models import (
    Attendance,
    Decision,
    Meeting,
    Poll,
    PollParticipation,
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
    vote_cast,
)
from lrba.governance.tests import factories as gf
from lrba.members.tests import factories as mf

pytestmark = POSTGRES_RACE + [pytest.mark.usefixtures("english")]


def _result(poll: Poll) -> dict:
    """The stored result of a closed poll."""
    assert poll.result is not None
    return poll.result


def _library_with_two_representatives():
    library = mf.LibraryFactory()
    mf.MembershipFactory(library=library)
    director = mf.PersonFactory(user=mf.UserFactory())
    mf.EmploymentFactory(person=director, library=library, is_director=True)
    deputy = mf.PersonFactory(user=mf.UserFactory())
    mf.MandateFactory(person=deputy, library=library)
    return director, deputy


def _advance_poll(**options) -> Poll:
    meeting = gf.MeetingFactory(
        status=Meeting.Status.CONVENED, starts_at=timezone.now() + datetime.timedelta(days=7)
    )
    item = gf.AgendaItemFactory(meeting=meeting, decision_kind=gf.decision_kind("ordinary"))
    poll = poll_create(
        item=item, title="Dėl ataskaitos", allows_advance=True, created_by=None, **options
    )
    return poll_advance_open(poll=poll, opened_by=None)


def _cast(poll: Poll, person, choice: str):
    def job():
        (right,) = voting_rights(person=person, meeting=poll.item.meeting)
        return vote_cast(
            poll=poll,
            right=right,
            person=person,
            choice=choice,
            channel="advance_portal",
            cast_by=person.user,
        )

    return job


@pytest.mark.parametrize("secrecy", [Poll.Secrecy.OPEN, Poll.Secrecy.SECRET])
def test_two_representatives_of_one_library_voting_at_once_leave_one_vote(secrecy):
    director, deputy = _library_with_two_representatives()
    poll = _advance_poll(secrecy=secrecy)
    results, errors = run_at_once([_cast(poll, director, "for"), _cast(poll, deputy, "against")])
    assert len(results) == 1 and len(errors) == 1
    assert isinstance(errors[0], ValidationError)
    assert "already" in errors[0].messages[0]
    assert Attendance.objects.filter(meeting=poll.item.meeting).count() == 1
    if secrecy == Poll.Secrecy.OPEN:
        assert Vote.objects.filter(poll=poll).count() == 1
    else:
        assert PollParticipation.objects.filter(poll=poll).count() == 1
        assert SecretBallot.objects.filter(poll=poll).count() == 1


def test_one_representative_voting_twice_at_once_leaves_one_vote():
    director, _deputy = _library_with_two_representatives()
    poll = _advance_poll()
    results, errors = run_at_once([_cast(poll, director, "for"), _cast(poll, director, "against")])
    assert errors == []
    assert Vote.objects.filter(poll=poll).count() == 1


def _open_at_meeting(poll: Poll) -> Poll:
    Meeting.objects.filter(pk=poll.item.meeting_id).update(status=Meeting.Status.OPEN)
    return poll_open(poll=Poll.objects.get(pk=poll.pk), opened_by=None)


def test_two_tellers_closing_a_poll_at_once_close_it_once():
    director, _deputy = _library_with_two_representatives()
    poll = _advance_poll()
    _cast(poll, director, "for")()
    poll = _open_at_meeting(poll)
    tellers = [mf.UserFactory(), mf.UserFactory()]
    jobs = [lambda t=teller: poll_close(poll=poll, closed_by=t) for teller in tellers]
    results, errors = run_at_once(jobs)
    assert len(results) == 1 and len(errors) == 1
    assert "already closed" in errors[0].messages[0]
    poll.refresh_from_db()
    assert poll.status == Poll.Status.CLOSED
    assert poll.closed_by == results[0].closed_by
    assert _result(poll)["counts"] == {"for": 1, "against": 0, "abstain": 0}
    assert Decision.objects.filter(item=poll.item).count() == 1


def test_votes_racing_the_close_are_each_counted_or_refused():
    voters = [_library_with_two_representatives()[0] for _n in range(6)]
    poll = _open_at_meeting(_advance_poll())
    meeting = poll.item.meeting
    for person in voters:
        attendance_register(
            meeting=meeting, person=person, channel=Attendance.Channel.IN_ROOM, registered_by=None
        )

    def electronic(person):
        def job():
            (right,) = voting_rights(person=person, meeting=meeting)
            return vote_cast(
                poll=poll,
                right=right,
                person=person,
                choice="for",
                channel="electronic",
                cast_by=person.user,
            )

        return job

    jobs = [electronic(person) for person in voters]
    jobs.insert(3, lambda: poll_close(poll=poll, closed_by=None))
    results, errors = run_at_once(jobs)
    poll.refresh_from_db()
    stored = Vote.objects.filter(poll=poll).count()
    # Never a stored vote the result left out, never a refusal that was stored anyway.
    assert _result(poll)["counts"]["for"] == stored
    assert stored + len(errors) == len(voters)
    assert all("closed" in error.messages[0] for error in errors)


def test_closing_a_secret_poll_leaves_no_transaction_id_or_order_linking_ballot_and_voter():
    voters = []
    for _n in range(4):
        director, _deputy = _library_with_two_representatives()
        voters.append(director)
    poll = _advance_poll(secrecy=Poll.Secrecy.SECRET)
    for person in voters:
        _cast(poll, person, "for")()

    def xmins(table: str) -> list[str]:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT xmin::text FROM {table} WHERE poll_id = %s ORDER BY ctid", [poll.pk]
            )
            return [row[0] for row in cursor.fetchall()]

    # While the poll runs, each ballot was written with its voter's participation.
    assert set(xmins("governance_secretballot")) == set(xmins("governance_pollparticipation"))
    poll_close(poll=_open_at_meeting(poll), closed_by=None)
    ballots = xmins("governance_secretballot")
    assert len(set(ballots)) == 1  # all rewritten by the closing transaction
    assert not set(ballots) & set(xmins("governance_pollparticipation"))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT receipt FROM governance_secretballot WHERE poll_id = %s ORDER BY ctid",
            [poll.pk],
        )
        stored_order = [row[0] for row in cursor.fetchall()]
    assert stored_order == sorted(stored_order)  # receipt order, not the order of casting
