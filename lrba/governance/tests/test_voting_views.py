"""The voting pages through the client: the member's ballots, refusals (shown, nothing
changed, recorded), the poll's control page, the room view and the receipts."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone, translation

from conftest import lt
from lrba.governance.models import Attendance, Meeting, Poll, SecretBallot, Vote
from lrba.governance.selectors.attendance import voting_rights
from lrba.governance.selectors.voting import right_value
from lrba.governance.services.attendance import attendance_register
from lrba.governance.services.voting import poll_advance_open, poll_create, poll_open, vote_cast
from lrba.governance.tests import factories as gf

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

# The pages speak Lithuanian (the default language): messages are looked for as `lt()`
# renders them.
NO_RIGHT = (
    "This person may not vote for this member: not its director, and no valid mandate "
    "or voting-rights transfer."
)
CLOSED = "This poll is closed: votes can no longer be cast or changed."
REGISTER_FIRST = (
    "To vote during the meeting, register as a participant first: at the door, or online "
    "if the meeting has a link for remote participants."
)


def lt_plural(singular: str, plural: str, count: int) -> str:
    with translation.override("lt"):
        return translation.ngettext(singular, plural, count) % {"count": count}


def _result(poll: Poll) -> dict:
    poll.refresh_from_db()
    assert poll.result is not None
    return poll.result


@pytest.fixture
def meeting(library_a, library_b):
    return gf.MeetingFactory(
        status=Meeting.Status.CONVENED, starts_at=timezone.now() + datetime.timedelta(days=7)
    )


def _poll(meeting, **options):
    item = gf.AgendaItemFactory(meeting=meeting, decision_kind=gf.decision_kind("ordinary"))
    options.setdefault("allows_advance", True)
    poll = poll_create(item=item, title="Dėl ataskaitos", created_by=None, **options)
    poll_advance_open(poll=poll, opened_by=None)
    return poll


def _ballot_data(user, meeting, poll, **data):
    (right,) = voting_rights(person=user.person, meeting=meeting)
    return {"poll": poll.pk, "right": right_value(right), **data}


def _open_and_register(meeting, poll, *users):
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.OPEN)
    meeting.refresh_from_db()
    poll_open(poll=poll, opened_by=None)
    for user in users:
        (right,) = voting_rights(person=user.person, meeting=meeting)
        attendance_register(
            meeting=meeting,
            person=user.person,
            membership=right.membership,
            channel=Attendance.Channel.IN_ROOM,
            registered_by=None,
        )


def test_the_voting_page_shows_a_ballot_for_each_vote_the_member_holds(client_for, alice, meeting):
    poll = _poll(meeting)
    response = client_for(alice).get(reverse("governance:vote", args=[meeting.pk]))
    assert response.status_code == 200
    assert f'id="ballot-{poll.pk}-membership-' in response.content.decode()


def test_a_member_votes_without_javascript_and_sees_the_vote(client_for, alice, meeting):
    poll = _poll(meeting)
    url = reverse("governance:vote", args=[meeting.pk])
    response = client_for(alice).post(url, _ballot_data(alice, meeting, poll, choice="against"))
    assert response.status_code == 200
    assert lt("Your vote is recorded.") in response.content.decode()
    assert Vote.objects.get(poll=poll).choice == "against"


def test_a_vote_with_htmx_swaps_only_the_ballot(client_for, alice, meeting):
    poll = _poll(meeting)
    url = reverse("governance:vote", args=[meeting.pk])
    response = client_for(alice).post(
        url, _ballot_data(alice, meeting, poll, choice="for"), HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div class="ballot card"')
    assert "<html" not in body


def test_a_refused_vote_with_htmx_comes_back_in_the_ballot_it_swaps(client_for, alice, meeting):
    poll = _poll(meeting, secrecy=Poll.Secrecy.SECRET)
    client = client_for(alice)
    url = reverse("governance:vote", args=[meeting.pk])
    client.post(url, _ballot_data(alice, meeting, poll, choice="for"))
    response = client.post(
        url, _ballot_data(alice, meeting, poll, choice="against"), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200  # htmx swaps only a successful answer
    assert 'role="alert"' in response.content.decode()
    assert list(SecretBallot.objects.values_list("choice", flat=True)) == ["for"]


def test_a_vote_for_another_library_is_refused_shown_and_recorded(
    client_for, alice, carol, meeting
):
    poll = _poll(meeting)
    url = reverse("governance:vote", args=[meeting.pk])
    data = _ballot_data(alice, meeting, poll, choice="for")
    response = client_for(carol).post(url, data)
    assert response.status_code == 400
    assert lt(NO_RIGHT) in response.content.decode()
    assert not Vote.objects.exists()
    entry = LogEntry.objects.get(action=LogEntry.Action.ACCESS, object_pk=str(poll.pk))
    assert entry.actor == carol
    assert entry.additional_data["refused"] == "vote"


def test_a_vote_after_the_poll_closed_is_refused_and_recorded(client_for, alice, meeting):
    poll = _poll(meeting)
    Poll.objects.filter(pk=poll.pk).update(status=Poll.Status.CLOSED)
    url = reverse("governance:vote", args=[meeting.pk])
    data = _ballot_data(alice, meeting, poll, choice="for")
    response = client_for(alice).post(url, data)
    # The closed poll is no longer on the page, but the refusal still is.
    assert response.status_code == 400
    assert lt(CLOSED) in response.content.decode()
    assert not Vote.objects.exists()
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=alice).exists()


def test_a_secret_ballots_receipt_is_shown_once_and_kept_nowhere_with_the_voter(
    client_for, alice, meeting
):
    poll = _poll(meeting, secrecy=Poll.Secrecy.SECRET)
    client = client_for(alice)
    url = reverse("governance:vote", args=[meeting.pk])
    response = client.post(url, _ballot_data(alice, meeting, poll, choice="for"))
    receipt = SecretBallot.objects.get(poll=poll).receipt
    assert receipt in response.content.decode()
    assert receipt not in client.get(url).content.decode()
    for session in Session.objects.all():
        assert receipt not in str(session.get_decoded())
    assert not LogEntry.objects.filter(changes__icontains=receipt).exists()


def test_the_room_view_names_no_voter_of_a_secret_poll(client_for, alice, carol, meeting):
    poll = _poll(meeting, secrecy=Poll.Secrecy.SECRET)
    for user in (alice, carol):
        (right,) = voting_rights(person=user.person, meeting=meeting)
        vote_cast(
            poll=poll,
            right=right,
            person=user.person,
            choice="for",
            channel="advance_portal",
            cast_by=user,
        )
    _open_and_register(meeting, poll)
    client = client_for(alice)
    page = client.get(reverse("governance:room", args=[meeting.pk])).content.decode()
    assert lt_plural("%(count)s ballot cast", "%(count)s ballots cast", 2) in page
    for user in (alice, carol):
        assert user.person.last_name not in page
    fragment = client.get(reverse("governance:room", args=[meeting.pk]), HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 3s"' in fragment.content.decode()
    assert "<html" not in fragment.content.decode()


def test_the_receipts_are_published_only_after_the_secret_poll_closes(
    client_for, staff_client, alice, meeting
):
    poll = _poll(meeting, secrecy=Poll.Secrecy.SECRET)
    (right,) = voting_rights(person=alice.person, meeting=meeting)
    receipt = vote_cast(
        poll=poll,
        right=right,
        person=alice.person,
        choice="against",
        channel="advance_portal",
        cast_by=alice,
    )
    url = reverse("governance:receipts", args=[poll.pk])
    assert receipt not in client_for(alice).get(url).content.decode()
    _open_and_register(meeting, poll)
    staff_client.post(reverse("governance:poll_manage", args=[poll.pk]), {"action": "close"})
    page = client_for(alice).get(url).content.decode()
    assert receipt in page
    assert alice.person.last_name not in page


def test_the_secretariat_closes_a_poll_and_the_page_states_the_computed_result(
    staff_client, alice, carol, meeting
):
    poll = _poll(meeting)
    _open_and_register(meeting, poll, alice, carol)
    url = reverse("governance:poll_manage", args=[poll.pk])
    staff_client.post(
        url, {"action": "room_count", "votes_for": 2, "votes_against": 0, "abstentions": 0}
    )
    response = staff_client.post(url, {"action": "close"}, follow=True)
    poll.refresh_from_db()
    assert poll.status == Poll.Status.CLOSED and poll.adopted is True
    assert _result(poll)["sentence"]["lt"] in response.content.decode()


def test_a_second_close_says_already_closed_and_changes_nothing(staff_client, meeting):
    poll = _poll(meeting)
    _open_and_register(meeting, poll)
    url = reverse("governance:poll_manage", args=[poll.pk])
    staff_client.post(url, {"action": "close"})
    closed_at = Poll.objects.get(pk=poll.pk).closed_at
    response = staff_client.post(url, {"action": "close"}, follow=True)
    assert lt("This poll is already closed.") in response.content.decode()
    assert Poll.objects.get(pk=poll.pk).closed_at == closed_at


def test_a_teller_closes_the_poll_but_enters_no_paper_ballots(client_for, bob, meeting):
    poll = _poll(meeting)
    meeting.tellers.add(bob)
    _open_and_register(meeting, poll)
    client = client_for(bob)
    url = reverse("governance:poll_manage", args=[poll.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"action": "paper"}).status_code == 403
    client.post(url, {"action": "close"})
    assert Poll.objects.get(pk=poll.pk).status == Poll.Status.CLOSED


def test_a_member_who_is_no_teller_cannot_run_a_poll(client_for, bob, meeting):
    poll = _poll(meeting)
    url = reverse("governance:poll_manage", args=[poll.pk])
    assert client_for(bob).get(url).status_code == 403
    assert client_for(bob).post(url, {"action": "open"}).status_code == 403


def test_the_auditor_reads_the_control_page_and_closes_nothing(client_for, auditor, meeting):
    poll = _poll(meeting)
    url = reverse("governance:poll_manage", args=[poll.pk])
    client = client_for(auditor)
    assert client.get(url).status_code == 200
    assert client.post(url, {"action": "open"}).status_code == 403
    assert Poll.objects.get(pk=poll.pk).status == Poll.Status.ADVANCE


def test_the_secretariat_enters_a_paper_ballot_for_its_signatory(
    staff_client, staff_user, alice, meeting
):
    poll = _poll(meeting)
    (right,) = voting_rights(person=alice.person, meeting=meeting)
    url = reverse("governance:poll_manage", args=[poll.pk])
    signatory = f"{alice.person.pk}:{right_value(right)}"
    staff_client.post(url, {"action": "paper", "signatory": signatory, "choice": "for"})
    vote = Vote.objects.get(poll=poll)
    assert (vote.channel, vote.cast_by) == ("advance_paper", staff_user)


def test_the_secretariat_creates_a_poll_and_a_forbidden_channel_is_a_form_error(
    staff_client, meeting
):
    item = gf.AgendaItemFactory(meeting=meeting, decision_kind=gf.decision_kind("ordinary"))
    url = reverse("governance:poll_create", args=[meeting.pk])
    data = {
        "item": item.pk,
        "title": "Dėl ataskaitos",
        "kind": "motion",
        "secrecy": "open",
        "allows_electronic": "on",
        "seats": 1,
        "choices_per_voter": 1,
    }
    type(gf.rules_default()).objects.update(allows_electronic=False)
    response = staff_client.post(url, data)
    assert response.status_code == 400
    assert lt("The statutes in force do not allow electronic voting.") in response.content.decode()
    assert not Poll.objects.exists()
    del data["allows_electronic"]
    data["allows_in_room"] = "on"
    response = staff_client.post(url, data)
    poll = Poll.objects.get()
    assert response.url == reverse("governance:poll_manage", args=[poll.pk])


def test_the_back_office_shows_polls_and_votes_read_only(staff_client, alice, meeting):
    poll = _poll(meeting)
    (right,) = voting_rights(person=alice.person, meeting=meeting)
    vote_cast(
        poll=poll,
        right=right,
        person=alice.person,
        choice="for",
        channel="advance_portal",
        cast_by=alice,
    )
    for name, args in (
        ("admin:governance_poll_changelist", []),
        ("admin:governance_poll_change", [poll.pk]),
        ("admin:governance_vote_changelist", []),
        ("admin:governance_pollparticipation_changelist", []),
    ):
        assert staff_client.get(reverse(name, args=args)).status_code == 200, name
    assert staff_client.get(reverse("admin:governance_poll_add")).status_code == 403


def test_the_voting_page_asks_an_unregistered_holder_to_register_during_the_meeting(
    client_for, alice, meeting
):
    poll = _poll(meeting)
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.OPEN)
    poll_open(poll=poll, opened_by=None)
    url = reverse("governance:vote", args=[meeting.pk])
    assert lt(REGISTER_FIRST) in client_for(alice).get(url).content.decode()
    _open_and_register_only(meeting, alice)
    assert lt(REGISTER_FIRST) not in client_for(alice).get(url).content.decode()


def _open_and_register_only(meeting, user):
    (right,) = voting_rights(person=user.person, meeting=meeting)
    attendance_register(
        meeting=meeting,
        person=user.person,
        membership=right.membership,
        channel=Attendance.Channel.IN_ROOM,
        registered_by=None,
    )


def test_an_elections_control_page_counts_and_takes_paper_ballots_per_candidate(
    staff_client, alice, meeting
):
    from lrba.members.tests.factories import PersonFactory

    item = gf.AgendaItemFactory(meeting=meeting, decision_kind=gf.decision_kind("board_election"))
    people = [PersonFactory(first_name=n, last_name="Kandidatė") for n in ("Ona", "Rasa")]
    poll = poll_create(
        item=item,
        title="Valdybos rinkimai",
        kind=Poll.Kind.ELECTION,
        seats=1,
        candidates=people,
        allows_advance=True,
        created_by=None,
    )
    poll_advance_open(poll=poll, opened_by=None)
    url = reverse("governance:poll_manage", args=[poll.pk])
    page = staff_client.get(url).content.decode()
    assert "Ona Kandidatė" in page and 'name="candidates"' in page
    (right,) = voting_rights(person=alice.person, meeting=meeting)
    ona = poll.candidates.get(person=people[0])
    staff_client.post(
        url,
        {
            "action": "paper",
            "signatory": f"{alice.person.pk}:{right_value(right)}",
            "candidates": [ona.pk],
        },
    )
    assert list(Vote.objects.get(poll=poll).candidates.all()) == [ona]
    _open_and_register(meeting, poll)
    page = staff_client.get(url).content.decode()
    assert f'name="candidate_{ona.pk}"' in page  # the tellers count per candidate


def test_a_ballot_that_cannot_be_read_changes_nothing(client_for, alice, meeting):
    poll = _poll(meeting)
    url = reverse("governance:vote", args=[meeting.pk])
    client = client_for(alice)
    for data in ({"poll": "x"}, {"poll": poll.pk, "right": "membership-x", "choice": "for"}):
        assert client.post(url, data).status_code == 400
    assert not Vote.objects.exists()


def test_the_projector_link_shows_the_room_without_signing_in(client_for):
    from lrba.governance.services.meetings import meeting_open

    poll = gf.PollFactory(item__meeting__status=Meeting.Status.CONVENED)
    meeting = meeting_open(meeting=poll.item.meeting, opened_by=None)
    assert meeting.projector_token
    poll_open(poll=poll, opened_by=None)  # the room shows the item under vote

    url = reverse("governance:room_projector", args=[meeting.projector_token])
    page = client_for(None).get(url)
    fragment = client_for(None).get(url, HTTP_HX_REQUEST="true")

    assert page.status_code == 200 and poll.item.title in page.content.decode()
    assert fragment.status_code == 200
    assert f'hx-get="{url}"' in fragment.content.decode()  # it keeps polling its own link
    assert client_for(None).get(reverse("governance:room_projector", args=["x"])).status_code == 404


def test_the_control_page_gives_the_projector_link(client_for, secretary):
    poll = gf.PollFactory(item__meeting__status=Meeting.Status.CONVENED)
    meeting = poll.item.meeting
    meeting.projector_token = "ekrano-raktas"
    meeting.save()

    page = client_for(secretary).get(reverse("governance:meeting_manage", args=[meeting.pk]))

    assert "/valdymas/ekranas/ekrano-raktas/" in page.content.decode()
