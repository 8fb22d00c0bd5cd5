"""The door desk, the notice's QR code, the live quorum panel, registering oneself online
and the back office of attendance and voting-rights transfers."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from lrba.governance.models import Attendance, Meeting, Notice, VotingRightsTransfer
from lrba.governance.tests.factories import MeetingFactory, VotingRightsTransferFactory
from lrba.members.models import Membership
from lrba.members.tests.factories import MandateFactory, PersonFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def meeting():
    return MeetingFactory(
        status=Meeting.Status.OPEN,
        starts_at=timezone.now(),
        online_url="https://meet.example.lt/vns",
        entitled_count=2,
    )


def desk(meeting):
    return reverse("governance:attendance_desk", args=[meeting.pk])


def register_url(meeting):
    return reverse("governance:attendance_register", args=[meeting.pk])


def member_of(library):
    return Membership.objects.get(library=library)


def test_the_desk_refuses_a_member_and_the_auditor(client_for, alice, auditor, meeting):
    assert client_for(alice).get(desk(meeting)).status_code == 403
    assert client_for(auditor).get(desk(meeting)).status_code == 403


def test_the_desk_lists_each_member_with_who_may_cast_its_vote(
    client_for, secretary, alice, carol, library_a, library_b, meeting
):
    page = client_for(secretary).get(desk(meeting)).content.decode()
    for text in (library_a.name, library_b.name, alice.person.full_name, carol.person.full_name):
        assert text in page


def test_the_desk_search_answers_htmx_with_the_results_only(
    client_for, secretary, alice, carol, library_a, library_b, meeting
):
    response = client_for(secretary).get(
        desk(meeting), {"q": "cepaite"}, HTTP_HX_TARGET="desk-results", **HTMX
    )
    page = response.content.decode()
    assert "<html" not in page
    assert carol.person.full_name in page and alice.person.full_name not in page


def test_one_tap_with_htmx_registers_and_swaps_the_row_with_the_quorum(
    client_for, secretary, alice, library_a, library_b, meeting
):
    response = client_for(secretary).post(
        register_url(meeting),
        {"person": alice.person.pk, "membership": member_of(library_a).pk},
        **HTMX,
    )
    page = response.content.decode()
    attendance = Attendance.objects.get(meeting=meeting)
    assert (attendance.person, attendance.registered_by) == (alice.person, secretary)
    assert f'id="desk-m{member_of(library_a).pk}"' in page
    assert 'id="quorum-panel"' in page and 'hx-swap-oob="true"' in page


def test_a_second_representative_is_refused_at_the_desk_and_the_attempt_is_audited(
    client_for, secretary, alice, library_a, meeting
):
    holder = PersonFactory()
    MandateFactory(person=holder, library=library_a)
    desk_client = client_for(secretary)
    membership = member_of(library_a)
    desk_client.post(
        register_url(meeting), {"person": alice.person.pk, "membership": membership.pk}
    )
    response = desk_client.post(
        register_url(meeting), {"person": holder.pk, "membership": membership.pk}, **HTMX
    )
    assert alice.person.full_name in response.content.decode()
    assert Attendance.objects.filter(meeting=meeting).count() == 1
    refusal = LogEntry.objects.get(action=LogEntry.Action.ACCESS, object_pk=str(membership.pk))
    assert refusal.additional_data["refused"] == "attendance_register"
    assert refusal.actor == secretary


def test_without_javascript_the_tap_comes_back_to_the_same_search(
    client_for, secretary, alice, library_a, meeting
):
    response = client_for(secretary).post(
        register_url(meeting),
        {"person": alice.person.pk, "membership": member_of(library_a).pk, "q": "akmen"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{desk(meeting)}?q=akmen"


def test_the_desk_marks_a_participant_as_left_and_undoes_a_mistake(
    client_for, secretary, alice, carol, meeting
):
    from lrba.governance.services.attendance import attendance_register

    desk_client = client_for(secretary)
    left = attendance_register(
        meeting=meeting, person=alice.person, channel="in_room", registered_by=secretary
    )
    mistake = attendance_register(
        meeting=meeting, person=carol.person, channel="in_room", registered_by=secretary
    )
    desk_client.post(reverse("governance:attendance_leave", args=[left.pk]), **HTMX)
    desk_client.post(reverse("governance:attendance_undo", args=[mistake.pk]), **HTMX)
    left.refresh_from_db()
    assert left.left_at is not None
    assert not Attendance.objects.filter(pk=mistake.pk).exists()


def test_taps_are_refused_on_get(client_for, secretary, meeting):
    assert client_for(secretary).get(register_url(meeting)).status_code == 405


def test_the_notice_qr_opens_the_desk_with_its_recipient_for_staff(
    client_for, secretary, alice, meeting
):
    notice = Notice.objects.create(
        meeting=meeting, person=alice.person, language="lt", token="durys-123"
    )
    response = client_for(secretary).get(reverse("governance:notice_scan", args=[notice.token]))
    assert response["Location"] == f"{desk(meeting)}?asmuo={alice.person.pk}"
    page = client_for(secretary).get(response["Location"]).content.decode()
    assert alice.person.full_name in page


def test_the_notice_qr_sends_anyone_else_to_the_meeting_page(client_for, alice, meeting):
    notice = Notice.objects.create(
        meeting=meeting, person=alice.person, language="lt", token="durys-456"
    )
    response = client_for(alice).get(reverse("governance:notice_scan", args=[notice.token]))
    assert response["Location"] == meeting.get_absolute_url()


def test_members_of_the_meeting_read_the_quorum_and_others_do_not(
    client_for, alice, charlie, meeting
):
    url = reverse("governance:quorum_panel", args=[meeting.pk])
    fragment = client_for(alice).get(url, **HTMX)
    assert fragment.status_code == 200
    assert 'hx-trigger="every 5s"' in fragment.content.decode()
    assert client_for(charlie).get(url).status_code in (403, 404)


def test_a_director_joins_an_open_meeting_online(client_for, alice, library_a, meeting):
    response = client_for(alice).post(reverse("governance:attend_remote", args=[meeting.pk]))
    assert response.status_code == 302
    attendance = Attendance.objects.get(meeting=meeting)
    assert (attendance.membership, attendance.channel, attendance.person) == (
        member_of(library_a),
        Attendance.Channel.REMOTE,
        alice.person,
    )


def test_an_employee_without_a_vote_cannot_join_online(client_for, bob, meeting):
    response = client_for(bob).post(reverse("governance:attend_remote", args=[meeting.pk]))
    assert response.status_code == 403
    assert not Attendance.objects.exists()


# The back office --------------------------------------------------------------------------


def test_the_transfer_form_refuses_more_than_ten_years(client_for, secretary, library_a):
    response = client_for(secretary).post(
        reverse("admin:governance_votingrightstransfer_add"),
        {
            "transferor": member_of(library_a).pk,
            "transferee": PersonFactory().pk,
            "basis": "Sutartis",
            "valid_from": "2026-01-02",
            "valid_until": "2036-01-03",
            "notified_on": "2026-01-03",
        },
    )
    assert response.status_code == 200
    assert "ten years" in response.content.decode() or "dešimt" in response.content.decode()
    assert not VotingRightsTransfer.objects.exists()


def test_a_transfer_recorded_in_the_back_office_tells_both_parties(
    client_for, secretary, alice, library_a, mailoutbox, django_capture_on_commit_callbacks
):
    transferee = PersonFactory(email="gavejas@example.lt")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(secretary).post(
            reverse("admin:governance_votingrightstransfer_add"),
            {
                "transferor": member_of(library_a).pk,
                "transferee": transferee.pk,
                "basis": "Sutartis",
                "valid_from": "2026-01-02",
                "valid_until": "2036-01-02",
                "notified_on": "2026-01-03",
            },
        )
    assert response.status_code == 302
    transfer = VotingRightsTransfer.objects.get()
    assert transfer.parties_notified_at is not None
    assert "gavejas@example.lt" in {to for message in mailoutbox for to in message.to}


def test_the_announce_action_puts_a_transfer_on_the_next_general_meeting(
    client_for, secretary, library_a
):
    upcoming = MeetingFactory(
        status=Meeting.Status.CONVENED, starts_at=timezone.now() + datetime.timedelta(days=20)
    )
    transfer = VotingRightsTransferFactory(
        transferor=member_of(library_a), notified_on=timezone.localdate()
    )
    client_for(secretary).post(
        reverse("admin:governance_votingrightstransfer_changelist"),
        {"action": "announce_selected", "_selected_action": [transfer.pk]},
    )
    transfer.refresh_from_db()
    assert transfer.announced_at == upcoming


def test_the_auditor_reads_attendance_and_transfers_but_has_no_actions(
    client_for, auditor, alice, meeting, secretary
):
    from lrba.governance.services.attendance import attendance_register

    attendance_register(
        meeting=meeting, person=alice.person, channel="in_room", registered_by=secretary
    )
    auditor_client = client_for(auditor)
    page = auditor_client.get(reverse("admin:governance_attendance_changelist"))
    assert page.status_code == 200
    assert "leave_selected" not in page.content.decode()
    transfers = auditor_client.get(reverse("admin:governance_votingrightstransfer_changelist"))
    assert transfers.status_code == 200
    assert "revoke_selected" not in transfers.content.decode()


# The attendance part of a meeting's page ------------------------------------------------------


def render_attendance_part(meeting, user) -> str:
    from django.template import Context, Template
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = user
    template = Template("{% load governance_attendance %}{% meeting_attendance meeting %}")
    return template.render(Context({"meeting": meeting, "request": request}))


def test_the_meeting_page_offers_a_director_to_join_online_until_she_does(
    alice, meeting, secretary
):
    from lrba.governance.services.attendance import attendance_register

    assert reverse("governance:attend_remote", args=[meeting.pk]) in render_attendance_part(
        meeting, alice
    )
    attendance_register(meeting=meeting, person=alice.person, channel="remote", registered_by=alice)
    part = render_attendance_part(meeting, alice)
    assert reverse("governance:attend_remote", args=[meeting.pk]) not in part
    assert str(Attendance.Channel.REMOTE.label) in part


def test_the_meeting_page_shows_the_desk_to_staff_only(alice, secretary, meeting):
    assert desk(meeting) in render_attendance_part(meeting, secretary)
    assert desk(meeting) not in render_attendance_part(meeting, alice)


def test_a_tap_on_the_desk_opened_by_a_qr_code_comes_back_to_that_person(
    client_for, secretary, alice, library_a, meeting
):
    response = client_for(secretary).post(
        register_url(meeting),
        {
            "person": alice.person.pk,
            "membership": member_of(library_a).pk,
            "asmuo": alice.person.pk,
        },
    )
    assert response["Location"] == f"{desk(meeting)}?asmuo={alice.person.pk}"
