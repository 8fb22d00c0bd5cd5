"""The minutes' pages: who reads them and the PDF, who signs (others refused and the
attempt audited), who comments, drawing them up from the control page."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from conftest import lt
from lrba.governance.models import Attendance, Meeting, Minutes
from lrba.governance.tests.factories import MeetingFactory
from lrba.members.models import Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(alice, bob, library_a):
    """A closed General Meeting chaired by Alė, Bronius its secretary, Alė present for A."""
    meeting = MeetingFactory(
        reference="VNS-2026-4",
        starts_at=timezone.now() - datetime.timedelta(days=2),
        status=Meeting.Status.CLOSED,
        chair=alice.person,
        secretary=bob.person,
    )
    Attendance.objects.create(
        meeting=meeting,
        membership=Membership.objects.get(library=library_a),
        person=alice.person,
        capacity=Attendance.Capacity.DIRECTOR,
    )
    return meeting


@pytest.fixture
def minutes(meeting):
    minutes = Minutes.objects.create(
        meeting=meeting,
        number=meeting.reference,
        signing_deadline=meeting.date + datetime.timedelta(days=30),
        generated_at=timezone.now(),
        comments_open_from=timezone.now() - datetime.timedelta(hours=1),
        comments_open_until=timezone.now() + datetime.timedelta(days=3),
    )
    minutes.pdf.save("protokolas.pdf", ContentFile(b"%PDF-1.7 test"), save=True)
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.MINUTED)
    return minutes


def test_the_secretariat_draws_up_the_minutes_from_a_closed_meeting(
    client_for, secretary, meeting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(secretary).post(
            reverse("governance:minutes_generate", args=[meeting.pk])
        )

    minutes = Minutes.objects.get(meeting=meeting)
    assert response["Location"] == reverse("governance:minutes_detail", args=[minutes.pk])
    assert minutes.pdf.name.endswith(".pdf")


def test_the_auditor_may_not_draw_up_minutes(client_for, auditor, meeting):
    response = client_for(auditor).post(reverse("governance:minutes_generate", args=[meeting.pk]))

    assert response.status_code == 403
    assert not Minutes.objects.exists()


def test_a_member_reads_the_minutes_and_downloads_the_pdf(client_for, carol, minutes):
    client = client_for(carol)

    page = client.get(reverse("governance:minutes_detail", args=[minutes.pk]))
    pdf = client.get(reverse("governance:minutes_pdf", args=[minutes.pk]))

    assert page.status_code == 200
    assert minutes.number in page.content.decode()
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")


def test_someone_outside_the_association_gets_no_minutes(client_for, charlie, minutes):
    client = client_for(charlie)

    assert client.get(reverse("governance:minutes_detail", args=[minutes.pk])).status_code == 403
    assert client.get(reverse("governance:minutes_pdf", args=[minutes.pk])).status_code == 403


def test_the_chair_signs_with_the_signed_copy_and_the_page_shows_it(client_for, alice, minutes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(alice)
    signed = SimpleUploadedFile("pasirasyta.pdf", b"%PDF-1.7 signed", "application/pdf")

    client.post(
        reverse("governance:minutes_sign", args=[minutes.pk]),
        {"confirm": "on", "signed_file": signed},
    )

    minutes.refresh_from_db()
    assert minutes.chair_signed_by == alice
    download = client.get(reverse("governance:minutes_signed_chair", args=[minutes.pk]))
    assert download.status_code == 200


def test_signing_by_someone_else_is_refused_and_audited(client_for, carol, minutes):
    response = client_for(carol).post(
        reverse("governance:minutes_sign", args=[minutes.pk]), {"confirm": "on"}, follow=True
    )

    minutes.refresh_from_db()
    assert minutes.chair_signed_at is None and minutes.secretary_signed_at is None
    assert lt("Only the meeting's chair and secretary sign the minutes.") in (
        response.content.decode()
    )
    refusal = LogEntry.objects.get(object_pk=str(minutes.pk), action=LogEntry.Action.ACCESS)
    assert refusal.actor == carol
    assert refusal.additional_data["refused"] == "minutes_sign"


def test_a_participant_comments_and_a_non_participant_is_refused(client_for, alice, carol, minutes):
    url = reverse("governance:minutes_comment", args=[minutes.pk])

    client_for(alice).post(url, {"text": "Pataisyti datą."})
    client_for(carol).post(url, {"text": "Ne dalyvio pastaba."})

    assert [c.text for c in minutes.comments.all()] == ["Pataisyti datą."]


def test_the_overdue_flag_shows_after_the_deadline(client_for, secretary, minutes):
    Minutes.objects.filter(pk=minutes.pk).update(
        signing_deadline=timezone.localdate() - datetime.timedelta(days=1)
    )

    page = client_for(secretary).get(reverse("governance:minutes_detail", args=[minutes.pk]))

    assert "badge--overdue" in page.content.decode()
