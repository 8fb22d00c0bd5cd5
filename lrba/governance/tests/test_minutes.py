"""Minutes: drawn from the meeting's record, signed by the chair and the secretary only,
commented on within the window, and the PDF in Lithuanian."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.utils import translation

from lrba.core.association import association
from lrba.governance.models import Attendance, Meeting, Minutes, Notice, Poll
from lrba.governance.selectors.minutes import minutes_content, minutes_overdue
from lrba.governance.services.decisions import decision_record
from lrba.governance.services.minutes import (
    MINUTES_TEMPLATE,
    minutes_comment_add,
    minutes_generate,
    minutes_pdf_render,
    minutes_sign,
)
from lrba.governance.tests.factories import (
    AgendaItemFactory,
    MeetingFactory,
    PollFactory,
    decision_kind,
)
from lrba.members.models import Membership

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

STARTS = datetime.datetime(2026, 4, 20, 10, 0, tzinfo=datetime.UTC)
NOW = datetime.datetime(2026, 4, 22, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def meeting(alice, bob, library_a):
    """A closed General Meeting chaired by Alė (director of A), Bronius its secretary;
    Alė took part for library A; one item voted and decided; one notice sent."""
    meeting = MeetingFactory(
        reference="VNS-2026-1",
        starts_at=STARTS,
        status=Meeting.Status.CLOSED,
        closed_at=STARTS + datetime.timedelta(hours=2),
        chair=alice.person,
        secretary=bob.person,
        entitled_count=2,
    )
    membership = Membership.objects.get(library=library_a)
    Attendance.objects.create(
        meeting=meeting,
        membership=membership,
        person=alice.person,
        capacity=Attendance.Capacity.DIRECTOR,
    )
    item = AgendaItemFactory(
        meeting=meeting,
        position=1,
        title="Dėl 2025 m. veiklos ataskaitos",
        discussion="Ataskaitą pristatė asociacijos vadovė.",
    )
    poll = PollFactory(
        item=item,
        status=Poll.Status.CLOSED,
        result={
            "adopted": True,
            "sentence": {"lt": "Įprastas sprendimas: 1 už, 0 prieš → priimta.", "en": "x"},
        },
    )
    decision_record(
        body=meeting.body,
        kind=decision_kind(),
        title=item.title,
        text="Pritarti 2025 m. veiklos ataskaitai.",
        adopted_on=meeting.date,
        poll=poll,
    )
    Notice.objects.create(
        meeting=meeting,
        membership=membership,
        person=alice.person,
        email="alice@example.lt",
        language="lt",
        status=Notice.Status.SENT,
        sent_at=STARTS - datetime.timedelta(days=20),
        token="t-alice",
    )
    return meeting


def _with_pdf(minutes: Minutes) -> Minutes:
    minutes.pdf.save("protokolas.pdf", ContentFile(b"%PDF-1.7 test"), save=True)
    return minutes


def test_generating_minutes_minutes_the_meeting_with_its_deadline_and_comment_window(
    meeting, secretary
):
    minutes = minutes_generate(meeting=meeting, generated_by=secretary, now=NOW)

    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.MINUTED
    assert minutes.number == "VNS-2026-1"
    assert minutes.signing_deadline == datetime.date(2026, 5, 20)
    assert minutes.comments_open_until == NOW + datetime.timedelta(days=3)


def test_an_open_meeting_has_no_minutes_yet(meeting, secretary):
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.OPEN)

    with pytest.raises(ValidationError, match="once the meeting is closed"):
        minutes_generate(meeting=meeting, generated_by=secretary)
    assert not Minutes.objects.exists()


def test_refreshing_keeps_the_comment_window_of_the_first_generation(meeting, secretary):
    minutes_generate(meeting=meeting, generated_by=secretary, now=NOW)

    again = minutes_generate(
        meeting=meeting, generated_by=secretary, now=NOW + datetime.timedelta(days=1)
    )

    assert again.comments_open_from == NOW
    assert Minutes.objects.count() == 1


def test_the_task_stores_a_pdf(meeting, secretary, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        minutes = minutes_generate(meeting=meeting, generated_by=secretary)

    minutes.refresh_from_db()
    assert minutes.pdf.name.endswith(".pdf")
    with minutes.pdf.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"


def test_the_minutes_say_what_the_record_holds_in_lithuanian(meeting, secretary):
    minutes = minutes_generate(meeting=meeting, generated_by=secretary, now=NOW)
    minutes_comment_add(
        minutes=minutes, author_person=meeting.chair, text="Patikslinti laiką.", now=NOW
    )

    with translation.override("lt"):
        html = render_to_string(
            MINUTES_TEMPLATE, {"association": association(), **minutes_content(minutes)}
        )

    for expected in (
        "2026 m. balandžio 20 d.",
        "VNS-2026-1",
        meeting.place,
        "Alė Aukštaitė",  # the chair
        "Bronius Bitinas",  # the secretary
        "Ataskaitą pristatė asociacijos vadovė.",
        "Įprastas sprendimas: 1 už, 0 prieš → priimta.",
        "Pritarti 2025 m. veiklos ataskaitai.",
        "VNS-2026-1",  # the decision's number
        "Akmenės rajono savivaldybės viešoji biblioteka",  # for whom (annex 1)
        "alice@example.lt",  # proof of convening (annex 2)
        "Patikslinti laiką.",  # the comment (annex 3)
    ):
        assert expected in html


def test_the_chair_and_the_secretary_sign_and_the_minutes_are_signed(
    meeting, alice, bob, secretary
):
    minutes = _with_pdf(minutes_generate(meeting=meeting, generated_by=secretary))
    signed_copy = SimpleUploadedFile("pasirasytas.pdf", b"%PDF-1.7 signed", "application/pdf")

    minutes_sign(minutes=minutes, user=alice, signed_file=signed_copy)
    minutes_sign(minutes=minutes, user=bob)

    minutes.refresh_from_db()
    assert minutes.is_signed
    assert minutes.chair_signed_by == alice
    assert minutes.chair_signed_file.name.endswith(".pdf")
    assert not minutes.secretary_signed_file
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.MINUTED


def test_someone_else_may_not_sign(meeting, carol, secretary):
    minutes = _with_pdf(minutes_generate(meeting=meeting, generated_by=secretary))

    for user in (carol, secretary):
        with pytest.raises(ValidationError, match="Only the meeting's chair and secretary"):
            minutes_sign(minutes=minutes, user=user)

    minutes.refresh_from_db()
    assert minutes.chair_signed_at is None and minutes.secretary_signed_at is None


def test_signing_twice_is_refused_and_signed_minutes_are_not_drawn_again(meeting, alice, secretary):
    minutes = _with_pdf(minutes_generate(meeting=meeting, generated_by=secretary))
    minutes_sign(minutes=minutes, user=alice)

    with pytest.raises(ValidationError, match="already signed"):
        minutes_sign(minutes=minutes, user=alice)
    with pytest.raises(ValidationError, match="are signed"):
        minutes_generate(meeting=meeting, generated_by=secretary)


def test_unsigned_minutes_past_the_deadline_are_overdue(meeting, alice, secretary):
    minutes = _with_pdf(minutes_generate(meeting=meeting, generated_by=secretary))
    minutes_sign(minutes=minutes, user=alice)  # the secretary has not signed

    assert minutes.is_overdue(datetime.date(2026, 5, 21))
    assert not minutes.is_overdue(datetime.date(2026, 5, 20))
    assert list(minutes_overdue(datetime.date(2026, 5, 21))) == [minutes]
    assert list(minutes_overdue(datetime.date(2026, 5, 20))) == []


def test_a_participant_comments_within_the_window_and_the_comment_is_kept(
    meeting, alice, secretary
):
    minutes = minutes_generate(meeting=meeting, generated_by=secretary, now=NOW)

    minutes_comment_add(minutes=minutes, author_person=alice.person, text="Pastaba.", now=NOW)

    assert [c.text for c in minutes.comments.all()] == ["Pastaba."]
    with pytest.raises(ValidationError, match="not open for comments"):
        minutes_comment_add(
            minutes=minutes,
            author_person=alice.person,
            text="Per vėlai.",
            now=NOW + datetime.timedelta(days=4),
        )


def test_someone_who_did_not_take_part_may_not_comment(meeting, carol, secretary):
    minutes = minutes_generate(meeting=meeting, generated_by=secretary, now=NOW)

    with pytest.raises(ValidationError, match="participants"):
        minutes_comment_add(minutes=minutes, author_person=carol.person, text="X", now=NOW)
    assert not minutes.comments.exists()


def test_the_pdf_task_replaces_an_earlier_draft(meeting, secretary):
    minutes = minutes_generate(meeting=meeting, generated_by=secretary)
    minutes_pdf_render.call(minutes.pk)
    minutes.refresh_from_db()
    first = minutes.pdf.name

    minutes_pdf_render.call(minutes.pk)
    minutes.refresh_from_db()

    assert minutes.pdf.storage.exists(minutes.pdf.name)
    assert minutes.pdf.name != first
    assert not minutes.pdf.storage.exists(first)


def test_the_participants_are_told_once_that_the_minutes_are_open_for_comments(
    meeting, secretary, django_capture_on_commit_callbacks
):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        minutes_generate(meeting=meeting, generated_by=secretary, now=NOW)
    with django_capture_on_commit_callbacks(execute=True):
        minutes_generate(meeting=meeting, generated_by=secretary, now=NOW)

    told = [m for m in mail.outbox if "VNS-2026-1" in m.subject]
    assert [m.to for m in told] == [["alice@example.lt"]]
    assert "2026-04-25" in told[0].body  # until when to comment (Vilnius time)
