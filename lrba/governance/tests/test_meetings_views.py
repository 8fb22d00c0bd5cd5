"""The meetings' pages through the client, as the personas: alice (director of member
library A), charlie (at library C, not a member), the secretariat and the auditor."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from conftest import lt
from lrba.accounts import roles
from lrba.governance.models import Meeting, MeetingDocument, Notice
from lrba.governance.services import meetings as services
from lrba.governance.tests.factories import (
    AgendaItemFactory,
    BoardSeatFactory,
    MeetingFactory,
    board,
)
from lrba.members.tests.factories import MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _meeting(status=Meeting.Status.CONVENED, **kwargs) -> Meeting:
    meeting = MeetingFactory(reference=kwargs.pop("reference", "VNS-T-1"), status=status, **kwargs)
    AgendaItemFactory(meeting=meeting, title="Dėl nario mokesčio", draft_decision="Nustatyti.")
    return meeting


@pytest.fixture
def document(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    meeting = _meeting()
    return MeetingDocument.objects.create(
        meeting=meeting,
        title="Sąmata",
        file=SimpleUploadedFile("samata.pdf", b"%PDF-1.4\n%samata\n"),
    )


# The members' pages -------------------------------------------------------------------------


def test_a_member_librarys_director_sees_the_convened_general_meeting(client_for, alice):
    meeting = _meeting()
    draft = _meeting(status=Meeting.Status.DRAFT, reference="VNS-T-2", title="Juodraštis")
    response = client_for(alice).get(reverse("governance:meeting_list"))
    assert response.status_code == 200
    assert meeting.title in response.text and draft.title not in response.text
    page = client_for(alice).get(meeting.get_absolute_url())
    assert page.status_code == 200
    assert "Dėl nario mokesčio" in page.text and "Nustatyti." in page.text


def test_a_member_does_not_see_a_draft_or_the_boards_meetings(client_for, alice):
    draft = _meeting(status=Meeting.Status.DRAFT)
    board_meeting = _meeting(body=board(), reference="V-T-1")
    client = client_for(alice)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(board_meeting.get_absolute_url()).status_code == 404
    assert board_meeting.title not in client.get(reverse("governance:meeting_list")).text


def test_a_board_member_sees_the_boards_meetings(client_for):
    from lrba.accounts.tests.factories import totp_activate
    from lrba.members.tests.factories import UserFactory

    user = UserFactory(email="valdybos.narys@example.lt")
    roles.role_grant(user=user, role=roles.BOARD)
    totp_activate(user)
    BoardSeatFactory(person=PersonFactory(user=user))
    board_meeting = _meeting(body=board(), reference="V-T-1")
    response = client_for(user).get(board_meeting.get_absolute_url())
    assert response.status_code == 200


def test_a_non_member_is_refused_the_meetings(client_for, charlie):
    meeting = _meeting()
    client = client_for(charlie)
    assert client.get(reverse("governance:meeting_list")).status_code == 403
    assert client.get(meeting.get_absolute_url()).status_code == 403


def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("governance:meeting_list"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_meeting_page_links_the_control_page_for_the_secretariat_only(
    client_for, alice, secretary
):
    meeting = _meeting()
    manage = reverse("governance:meeting_manage", args=[meeting.pk])
    assert manage not in client_for(alice).get(meeting.get_absolute_url()).text
    assert manage in client_for(secretary).get(meeting.get_absolute_url()).text


# Documents ----------------------------------------------------------------------------------


def test_a_member_downloads_a_meetings_document(client_for, alice, document):
    response = client_for(alice).get(reverse("governance:document_download", args=[document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Cache-Control"] == "private, no-store"


def test_a_non_member_cannot_download_a_meetings_document(client_for, charlie, document):
    url = reverse("governance:document_download", args=[document.pk])
    assert client_for(charlie).get(url).status_code == 403
    assert client_for(None).get(url).status_code == 302


def test_a_drafts_document_is_a_404_to_a_member(client_for, alice, document):
    Meeting.objects.filter(pk=document.meeting_id).update(status=Meeting.Status.DRAFT)
    url = reverse("governance:document_download", args=[document.pk])
    assert client_for(alice).get(url).status_code == 404


# The control page ---------------------------------------------------------------------------


def _draft_to_convene() -> Meeting:
    meeting = MeetingFactory(
        reference="VNS-T-9", starts_at=timezone.now() + datetime.timedelta(days=20)
    )
    AgendaItemFactory(meeting=meeting)
    return meeting


def test_the_secretariat_convenes_a_meeting_from_the_control_page(
    client_for, secretary, alice, django_capture_on_commit_callbacks
):
    meeting = _draft_to_convene()
    url = reverse("governance:meeting_manage", args=[meeting.pk])
    client = client_for(secretary)
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "convene"}, follow=True)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CONVENED
    assert lt("The meeting is convened: the notices are being sent.") in response.text
    assert meeting.notices.filter(person=alice.person, status=Notice.Status.SENT).exists()
    assert alice.person.full_name in response.text  # the proof of convening


def test_convening_too_late_is_refused_shown_and_audited(client_for, secretary):
    meeting = _draft_to_convene()
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() + datetime.timedelta(days=3)
    )
    url = reverse("governance:meeting_manage", args=[meeting.pk])
    response = client_for(secretary).post(url, {"action": "convene"}, follow=True)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.DRAFT and not meeting.notices.exists()
    assert "14" in response.text
    entry = LogEntry.objects.get(object_pk=str(meeting.pk), action=LogEntry.Action.ACCESS)
    assert entry.additional_data["refused"] == "meeting_convene"
    assert entry.actor == secretary


def test_the_secretariat_marks_a_notice_as_posted(client_for, secretary, alice):
    meeting = _meeting()
    notice = Notice.objects.create(
        meeting=meeting, person=alice.person, language="lt", channel="post", token="t-1"
    )
    url = reverse("governance:meeting_manage", args=[meeting.pk])
    client_for(secretary).post(url, {"action": "posted", "notice": notice.pk})
    notice.refresh_from_db()
    assert notice.status == Notice.Status.SENT and notice.sent_at is not None


def test_the_secretariat_creates_the_repeat_meeting_of_one_without_quorum(client_for, secretary):
    MembershipFactory(library=None, person=PersonFactory())
    failed = _meeting(status=Meeting.Status.CLOSED)
    url = reverse("governance:meeting_manage", args=[failed.pk])
    client = client_for(secretary)
    assert lt("Create the repeat meeting") in client.get(url).text
    starts = (timezone.localtime() + datetime.timedelta(days=10)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(url, {"action": "repeat", "starts_at": starts, "place": "Biržai"})
    repeat = Meeting.objects.get(repeat_of=failed)
    assert response["Location"] == reverse("governance:meeting_manage", args=[repeat.pk])
    assert repeat.items.get().carried_from == failed.items.get()


def test_the_auditor_reads_the_control_page_but_cannot_convene(client_for, auditor):
    meeting = _draft_to_convene()
    url = reverse("governance:meeting_manage", args=[meeting.pk])
    client = client_for(auditor)
    page = client.get(url)
    assert page.status_code == 200
    assert lt("Convene the meeting") not in page.text
    assert client.post(url, {"action": "convene"}).status_code == 403
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.DRAFT


def test_a_member_is_refused_the_control_page(client_for, alice):
    meeting = _meeting()
    url = reverse("governance:meeting_manage", args=[meeting.pk])
    assert client_for(alice).get(url).status_code == 403
    assert client_for(alice).post(url, {"action": "open"}).status_code == 403
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CONVENED


def test_the_back_office_convenes_through_the_service(staff_client, alice):
    meeting = _draft_to_convene()
    response = staff_client.post(
        reverse("admin:governance_meeting_changelist"),
        {"action": "convene_selected", "_selected_action": [meeting.pk]},
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CONVENED
    assert meeting.notices.filter(person=alice.person).exists()


def test_the_back_office_creates_a_numbered_meeting(staff_client):
    from lrba.governance.tests.factories import body

    starts = timezone.localtime() + datetime.timedelta(days=30)
    response = staff_client.post(
        reverse("admin:governance_meeting_add"),
        {
            "body": body().pk,
            "kind": "ordinary",
            "title": "Eilinis susirinkimas",
            "starts_at_0": starts.strftime("%Y-%m-%d"),
            "starts_at_1": starts.strftime("%H:%M"),
            "place": "Šiauliai",
            "online_url": "",
            "notice_text": "",
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "0",
            "items-0-title": "Dėl ataskaitos",
            "items-0-position": "",
            "documents-TOTAL_FORMS": "0",
            "documents-INITIAL_FORMS": "0",
            "notices-TOTAL_FORMS": "0",
            "notices-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content[:3000]
    meeting = Meeting.objects.get(title="Eilinis susirinkimas")
    assert meeting.reference == f"VNS-{starts.year}-1"
    assert meeting.items.get().position == 1


def test_services_keep_the_back_office_from_adding_to_a_repeat_meeting(staff_user):
    failed = _meeting(status=Meeting.Status.CLOSED)
    repeat = services.meeting_repeat_create(
        failed=failed,
        starts_at=timezone.now() + datetime.timedelta(days=20),
        place="Biržai",
        created_by=staff_user,
    )
    from django.contrib.admin.sites import site

    from lrba.governance.admin.meetings import AgendaItemInline

    inline = AgendaItemInline(Meeting, site)
    assert inline.has_add_permission(None, repeat) is False


def test_the_control_page_offers_each_stage_its_tools(client_for, secretary):
    convened = _meeting()
    closed = _meeting(status=Meeting.Status.CLOSED, reference="VNS-T-3")
    client = client_for(secretary)
    convened_page = client.get(reverse("governance:meeting_manage", args=[convened.pk])).text
    closed_page = client.get(reverse("governance:meeting_manage", args=[closed.pk])).text
    desk = reverse("governance:attendance_desk", args=[convened.pk])
    generate = reverse("governance:minutes_generate", args=[closed.pk])
    assert desk in convened_page and generate not in convened_page
    assert generate in closed_page
    assert reverse("governance:attendance_desk", args=[closed.pk]) not in closed_page


def test_an_open_online_meeting_offers_remote_participation(client_for, alice):
    meeting = _meeting(status=Meeting.Status.OPEN, online_url="https://meet.example.lt/vns")
    page = client_for(alice).get(meeting.get_absolute_url()).text
    assert reverse("governance:attend_remote", args=[meeting.pk]) in page
    convened = _meeting(reference="VNS-T-5", online_url="https://meet.example.lt/vns")
    page = client_for(alice).get(convened.get_absolute_url()).text
    assert reverse("governance:attend_remote", args=[convened.pk]) not in page


def test_a_convened_meetings_page_lists_the_transfers_to_be_announced(client_for, alice):
    from lrba.governance.tests.factories import VotingRightsTransferFactory

    transfer = VotingRightsTransferFactory(
        valid_from=datetime.date(2026, 1, 1), notified_on=datetime.date(2026, 1, 5)
    )
    meeting = _meeting()
    page = client_for(alice).get(meeting.get_absolute_url()).text
    assert lt("Voting-rights transfers to be announced") in page
    assert transfer.transferee.full_name in page


@pytest.mark.parametrize("status", list(Meeting.Status.values))
def test_the_back_office_shows_a_meeting_at_every_stage(staff_client, status, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    meeting = _meeting(status=status)
    MeetingDocument.objects.create(
        meeting=meeting, title="Sąmata", file=SimpleUploadedFile("samata.pdf", b"%PDF-1.4\n")
    )
    Notice.objects.create(meeting=meeting, language="lt", channel="post", token=f"t-{status}")
    response = staff_client.get(reverse("admin:governance_meeting_change", args=[meeting.pk]))
    assert response.status_code == 200
    assert "Dėl nario mokesčio" in response.text
    assert staff_client.get(reverse("admin:governance_meeting_add")).status_code == 200
    assert staff_client.get(reverse("admin:governance_meeting_changelist")).status_code == 200


def test_the_back_office_edits_a_convened_meeting_through_the_service(staff_client):
    meeting = _meeting(convened_at=timezone.now())
    item = meeting.items.get()
    starts = timezone.localtime(meeting.starts_at)
    data = {
        "title": meeting.title,
        "starts_at_0": starts.strftime("%Y-%m-%d"),
        "starts_at_1": starts.strftime("%H:%M:%S"),
        "place": "Biržų viešoji biblioteka",
        "online_url": "",
        "notice_text": "",
        "chair": "",
        "secretary": "",
        "current_item": "",
        "items-TOTAL_FORMS": "2",
        "items-INITIAL_FORMS": "1",
        "items-0-id": item.pk,
        "items-0-meeting": meeting.pk,
        "items-0-position": "1",
        "items-0-title": item.title,
        "items-0-draft_decision": item.draft_decision,
        "items-0-decision_kind": item.decision_kind_id,
        "items-1-meeting": meeting.pk,
        "items-1-title": "Papildomas klausimas",
        "items-1-position": "",
        "documents-TOTAL_FORMS": "0",
        "documents-INITIAL_FORMS": "0",
        "notices-TOTAL_FORMS": "0",
        "notices-INITIAL_FORMS": "0",
    }
    response = staff_client.post(
        reverse("admin:governance_meeting_change", args=[meeting.pk]), data
    )
    assert response.status_code == 302, response.content[:4000]
    meeting.refresh_from_db()
    assert meeting.place == "Biržų viešoji biblioteka"
    assert list(meeting.items.values_list("position", "title")) == [
        (1, item.title),
        (2, "Papildomas klausimas"),
    ]
    assert LogEntry.objects.get_for_object(meeting).filter(action=LogEntry.Action.UPDATE).exists()
