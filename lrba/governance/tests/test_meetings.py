"""Meetings and convening, through the services: numbering, the agenda, the notice period,
who is notified (and in which language), the notice e-mail, opening, closing, cancelling
and the repeat meeting of one that had no quorum."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from lrba.governance.models import Attendance, Meeting, Notice, Poll
from lrba.governance.services import meetings as services
from lrba.governance.tests.factories import (
    AgendaItemFactory,
    BoardSeatFactory,
    PollFactory,
    board,
    body,
    decision_kind,
)
from lrba.members.tests.factories import (
    EmploymentFactory,
    LibraryFactory,
    MandateFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _in_days(days: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


def _meeting(*, days: int = 30, body_=None, created_by=None, **kwargs) -> Meeting:
    return services.meeting_create(
        body=body_ or body(),
        kind=kwargs.pop("kind", Meeting.Kind.ORDINARY),
        title=kwargs.pop("title", "Visuotinis narių susirinkimas"),
        starts_at=_in_days(days),
        place="Šiaulių apskrities viešoji biblioteka",
        created_by=created_by,
        **kwargs,
    )


def _with_item(meeting: Meeting, staff_user) -> Meeting:
    services.agenda_item_add(
        meeting=meeting,
        title="Dėl 2025 m. veiklos ataskaitos",
        decision_kind=decision_kind("ordinary"),
        draft_decision="Pritarti ataskaitai.",
        added_by=staff_user,
    )
    return meeting


@pytest.fixture
def director():
    """The director of a member library, with an English-speaking account."""
    library = LibraryFactory(name="Kelmės rajono savivaldybės viešoji biblioteka")
    MembershipFactory(library=library)
    user = UserFactory(email="direktore@example.lt", language="en")
    person = PersonFactory(user=user, email="direktore@example.lt", first_name="Rasa")
    EmploymentFactory(person=person, library=library, is_director=True)
    return person


# Creating and the agenda ----------------------------------------------------------------------


def test_meeting_create_numbers_meetings_per_body_and_year(staff_user):
    first, second = _meeting(created_by=staff_user), _meeting(created_by=staff_user)
    board_meeting = _meeting(body_=board(), created_by=staff_user)
    year = timezone.localtime(first.starts_at).year
    assert (first.reference, second.reference) == (f"VNS-{year}-1", f"VNS-{year}-2")
    assert board_meeting.reference == f"V-{year}-1"
    assert first.status == Meeting.Status.DRAFT


def test_meeting_create_refuses_a_repeat_meeting_without_the_failed_one(staff_user):
    with pytest.raises(ValidationError):
        _meeting(kind=Meeting.Kind.REPEAT, created_by=staff_user)


def test_agenda_items_are_numbered_in_order(staff_user):
    meeting = _meeting(created_by=staff_user)
    one = services.agenda_item_add(meeting=meeting, title="Pirmas", added_by=staff_user)
    two = services.agenda_item_add(meeting=meeting, title="Antras", added_by=staff_user)
    assert (one.position, two.position) == (1, 2)


def test_agenda_item_add_refuses_an_opened_meeting(staff_user):
    meeting = _meeting(created_by=staff_user)
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.OPEN)
    with pytest.raises(ValidationError, match="agenda can no longer change"):
        services.agenda_item_add(meeting=meeting, title="Vėlyvas", added_by=staff_user)


def test_agenda_item_add_refuses_a_kind_only_the_other_body_decides(staff_user, english):
    board_meeting = _meeting(body_=board(), created_by=staff_user)
    statutes = decision_kind("statute_amendment")
    assert statutes.body_kind == "general_meeting"  # the law's default (Art. 8(1))
    with pytest.raises(ValidationError, match="decided by"):
        services.agenda_item_add(
            meeting=board_meeting, title="Įstatai", decision_kind=statutes, added_by=staff_user
        )


def test_meeting_document_add_refuses_an_opened_meeting(staff_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    meeting = _meeting(created_by=staff_user)
    file = SimpleUploadedFile("ataskaita.pdf", b"%PDF-1.4\n%test\n")
    services.meeting_document_add(meeting=meeting, title="Ataskaita", file=file, added_by=None)
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.OPEN)
    with pytest.raises(ValidationError):
        services.meeting_document_add(meeting=meeting, title="Vėliau", file=file, added_by=None)
    assert meeting.documents.count() == 1


# Convening ------------------------------------------------------------------------------------


def test_convene_refuses_a_date_inside_the_notice_period(staff_user, english):
    meeting = _with_item(_meeting(days=13, created_by=staff_user), staff_user)
    with pytest.raises(ValidationError, match="at least 14 days"):
        services.meeting_convene(meeting=meeting, convened_by=staff_user)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.DRAFT
    assert not meeting.notices.exists()


def test_convene_accepts_exactly_the_notice_period(staff_user):
    meeting = _with_item(_meeting(days=14, created_by=staff_user), staff_user)
    services.meeting_convene(meeting=meeting, convened_by=staff_user)
    assert meeting.status == Meeting.Status.CONVENED


def test_a_repeat_meeting_needs_only_the_shorter_notice(staff_user):
    failed = _with_item(_meeting(created_by=staff_user), staff_user)
    Meeting.objects.filter(pk=failed.pk).update(status=Meeting.Status.CLOSED)
    repeat = services.meeting_repeat_create(
        failed=failed, starts_at=_in_days(7), place="Šiauliai", created_by=staff_user
    )
    services.meeting_convene(meeting=repeat, convened_by=staff_user)
    assert repeat.status == Meeting.Status.CONVENED


def test_convene_refuses_an_empty_agenda(staff_user, english):
    meeting = _meeting(created_by=staff_user)
    with pytest.raises(ValidationError, match="agenda is empty"):
        services.meeting_convene(meeting=meeting, convened_by=staff_user)


def test_convene_refuses_a_meeting_in_the_past(staff_user, english):
    meeting = _with_item(_meeting(days=30, created_by=staff_user), staff_user)
    later = meeting.starts_at + datetime.timedelta(hours=1)
    with pytest.raises(ValidationError, match="has passed"):
        services.meeting_convene(meeting=meeting, convened_by=staff_user, now=later)


def test_convene_refuses_a_meeting_convened_already(staff_user):
    meeting = _with_item(_meeting(created_by=staff_user), staff_user)
    services.meeting_convene(meeting=meeting, convened_by=staff_user)
    with pytest.raises(ValidationError):
        services.meeting_convene(meeting=meeting, convened_by=staff_user)
    assert meeting.notices.count() == Notice.objects.filter(meeting=meeting).count()


def test_convene_notifies_a_library_through_its_director_and_mandate_holders(
    staff_user, director, django_capture_on_commit_callbacks
):
    library = director.employments.get().library
    holder = PersonFactory(email="igaliotoji@example.lt")
    MandateFactory(person=holder, library=library)
    revoked = MandateFactory(library=library, revoked_at=timezone.now())
    employee = EmploymentFactory(library=library).person  # neither director nor mandated
    meeting = _with_item(_meeting(created_by=staff_user), staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_convene(meeting=meeting, convened_by=staff_user)
    notified = set(meeting.notices.values_list("person", flat=True))
    assert {director.pk, holder.pk} <= notified
    assert revoked.person_id not in notified and employee.pk not in notified
    assert {n.membership.library for n in meeting.notices.filter(person=director)} == {library}
    assert set(meeting.notices.values_list("status", flat=True)) == {Notice.Status.SENT}


def test_convene_notifies_an_individual_member_personally_and_a_board_member_who_is_not_one(
    staff_user,
):
    individual = PersonFactory()
    MembershipFactory(library=None, person=individual)
    outsider = BoardSeatFactory(person=PersonFactory())
    meeting = _with_item(_meeting(created_by=staff_user), staff_user)
    services.meeting_convene(meeting=meeting, convened_by=staff_user)
    notice = meeting.notices.get(person=individual)
    assert notice.membership.person == individual
    seat_notice = meeting.notices.get(person=outsider.person)
    assert seat_notice.board_seat == outsider and seat_notice.membership is None


def test_a_library_nobody_represents_is_notified_at_its_own_address(staff_user):
    library = LibraryFactory(email="info@kelme.example.lt")
    MembershipFactory(library=library)
    meeting = _with_item(_meeting(created_by=staff_user), staff_user)
    services.meeting_convene(meeting=meeting, convened_by=staff_user)
    notice = meeting.notices.get(membership__library=library)
    assert (notice.person, notice.email, notice.channel) == (None, "info@kelme.example.lt", "email")


def test_a_member_without_an_e_mail_gets_a_notice_to_post(staff_user):
    individual = PersonFactory(email="")
    MembershipFactory(library=None, person=individual)
    meeting = _with_item(_meeting(created_by=staff_user), staff_user)
    services.meeting_convene(meeting=meeting, convened_by=staff_user)
    notice = meeting.notices.get(person=individual)
    assert (notice.channel, notice.status) == (Notice.Channel.POST, Notice.Status.QUEUED)
    services.notice_mark_posted(notice=notice, marked_by=staff_user)
    notice.refresh_from_db()
    assert notice.status == Notice.Status.SENT and notice.sent_at is not None
    with pytest.raises(ValidationError):
        services.notice_mark_posted(notice=notice, marked_by=staff_user)


def test_a_board_meeting_notifies_every_seat_and_no_member(staff_user, director):
    head = BoardSeatFactory(office="head")
    secretary = BoardSeatFactory(office="secretary")
    ended = BoardSeatFactory(end_date=datetime.date(2025, 1, 1))
    meeting = _with_item(_meeting(body_=board(), created_by=staff_user), staff_user)
    services.meeting_convene(meeting=meeting, convened_by=staff_user)
    notified = set(meeting.notices.values_list("person", flat=True))
    assert notified == {head.person_id, secretary.person_id}
    assert ended.person_id not in notified and director.pk not in notified


def test_each_notice_has_its_own_token(staff_user, director):
    MembershipFactory(library=None, person=PersonFactory())
    meeting = _with_item(_meeting(created_by=staff_user), staff_user)
    services.meeting_convene(meeting=meeting, convened_by=staff_user)
    tokens = list(meeting.notices.values_list("token", flat=True))
    assert len(tokens) == len(set(tokens)) >= 2 and all(len(t) >= 24 for t in tokens)


def test_the_notice_mail_speaks_the_recipients_language_and_carries_the_agenda(
    staff_user, director, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    lithuanian = PersonFactory(email="narys@example.lt", first_name="Jonas")
    MembershipFactory(library=None, person=lithuanian)
    meeting = _with_item(_meeting(created_by=staff_user), staff_user)
    services.meeting_document_add(
        meeting=meeting,
        title="Veiklos ataskaita",
        file=SimpleUploadedFile("ataskaita.pdf", b"%PDF-1.4\n%test\n"),
        added_by=staff_user,
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_convene(meeting=meeting, convened_by=staff_user)
    english = next(m for m in mail.outbox if m.to == ["direktore@example.lt"])
    native = next(m for m in mail.outbox if m.to == ["narys@example.lt"])
    assert english.subject.startswith("Notice of the meeting")
    assert "Hello Rasa," in english.body
    assert "Kelmės rajono savivaldybės viešoji biblioteka" in english.body
    assert "Laba diena, Jonai," in native.body
    for message in (english, native):
        assert "Dėl 2025 m. veiklos ataskaitos" in message.body
        assert "Pritarti ataskaitai." in message.body
        assert meeting.get_absolute_url() in message.body
        assert "ataskaita.pdf" in [a[0] for a in message.attachments]


def test_a_failed_e_mail_is_recorded_and_can_be_sent_again(
    staff_user, director, monkeypatch, django_capture_on_commit_callbacks
):
    from lrba.governance import tasks

    def refuse(**kwargs):
        raise OSError("Connection refused")

    monkeypatch.setattr(tasks, "mail_send", refuse)
    meeting = _with_item(_meeting(created_by=staff_user), staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_convene(meeting=meeting, convened_by=staff_user)
    notice = meeting.notices.get(person=director)
    assert (notice.status, notice.error) == (Notice.Status.FAILED, "Connection refused")
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        services.notice_resend(notice=notice, resent_by=staff_user)
    notice.refresh_from_db()
    assert notice.status == Notice.Status.SENT and len(mail.outbox) == 1


# Opening, closing, cancelling, editing ----------------------------------------------------------


def _convened(staff_user) -> Meeting:
    meeting = _with_item(_meeting(created_by=staff_user), staff_user)
    return services.meeting_convene(meeting=meeting, convened_by=staff_user)


def test_open_snapshots_how_many_hold_a_vote(staff_user, director):
    MembershipFactory(library=None, person=PersonFactory())
    meeting = _convened(staff_user)
    services.meeting_open(meeting=meeting, opened_by=staff_user)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.OPEN
    assert meeting.entitled_count == 2


def test_open_refuses_a_draft(staff_user):
    meeting = _meeting(created_by=staff_user)
    with pytest.raises(ValidationError):
        services.meeting_open(meeting=meeting, opened_by=staff_user)


def test_close_refuses_while_a_poll_is_open(staff_user, english):
    meeting = _convened(staff_user)
    services.meeting_open(meeting=meeting, opened_by=staff_user)
    poll = PollFactory(item=meeting.items.get(), status=Poll.Status.OPEN)
    with pytest.raises(ValidationError, match="poll is still open"):
        services.meeting_close(meeting=meeting, closed_by=staff_user)
    Poll.objects.filter(pk=poll.pk).update(status=Poll.Status.CLOSED)
    services.meeting_close(meeting=meeting, closed_by=staff_user)
    assert meeting.status == Meeting.Status.CLOSED


def test_cancel_needs_a_reason_and_a_meeting_that_has_not_opened(staff_user):
    meeting = _convened(staff_user)
    with pytest.raises(ValidationError):
        services.meeting_cancel(meeting=meeting, reason=" ", cancelled_by=staff_user)
    services.meeting_cancel(meeting=meeting, reason="Karantinas", cancelled_by=staff_user)
    meeting.refresh_from_db()
    assert (meeting.status, meeting.cancel_reason) == (Meeting.Status.CANCELLED, "Karantinas")
    with pytest.raises(ValidationError):
        services.meeting_open(meeting=meeting, opened_by=staff_user)


def test_editing_a_closed_meeting_is_refused(staff_user, english):
    meeting = _convened(staff_user)
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.CLOSED)
    with pytest.raises(ValidationError, match="can no longer be edited"):
        services.meeting_update(meeting=meeting, changes={"place": "Kitur"}, updated_by=None)
    meeting.refresh_from_db()
    assert meeting.place != "Kitur"


def test_an_open_meeting_keeps_its_time_but_takes_its_chair(staff_user):
    meeting = _convened(staff_user)
    services.meeting_open(meeting=meeting, opened_by=staff_user)
    with pytest.raises(ValidationError):
        services.meeting_update(meeting=meeting, changes={"place": "Kitur"}, updated_by=None)
    chair = PersonFactory()
    services.meeting_update(meeting=meeting, changes={"chair": chair}, updated_by=staff_user)
    meeting.refresh_from_db()
    assert meeting.chair == chair


def test_a_convened_meeting_cannot_move_inside_its_notice_period(staff_user):
    meeting = _convened(staff_user)
    with pytest.raises(ValidationError):
        services.meeting_update(
            meeting=meeting, changes={"starts_at": _in_days(5)}, updated_by=staff_user
        )
    services.meeting_update(
        meeting=meeting, changes={"starts_at": _in_days(40)}, updated_by=staff_user
    )


# The repeat meeting ---------------------------------------------------------------------------


def _closed_without_quorum(staff_user) -> Meeting:
    MembershipFactory(library=None, person=PersonFactory())
    MembershipFactory(library=None, person=PersonFactory())
    meeting = _convened(staff_user)
    services.meeting_open(meeting=meeting, opened_by=staff_user)
    services.meeting_close(meeting=meeting, closed_by=staff_user)
    return meeting


def test_a_repeat_meeting_carries_the_failed_meetings_items_only(staff_user):
    failed = _closed_without_quorum(staff_user)
    repeat = services.meeting_repeat_create(
        failed=failed, starts_at=_in_days(40), place="Šiauliai", created_by=staff_user
    )
    assert repeat.kind == Meeting.Kind.REPEAT and repeat.repeat_of == failed
    copied = repeat.items.get()
    original = failed.items.get()
    assert copied.carried_from == original
    assert (copied.title, copied.draft_decision) == (original.title, original.draft_decision)


def test_a_repeat_meeting_takes_no_new_item(staff_user, english):
    failed = _closed_without_quorum(staff_user)
    repeat = services.meeting_repeat_create(
        failed=failed, starts_at=_in_days(40), place="Šiauliai", created_by=staff_user
    )
    with pytest.raises(ValidationError, match="no new items"):
        services.agenda_item_add(meeting=repeat, title="Naujas klausimas", added_by=staff_user)
    assert repeat.items.count() == 1


def test_a_meeting_repeats_once(staff_user):
    failed = _closed_without_quorum(staff_user)
    services.meeting_repeat_create(
        failed=failed, starts_at=_in_days(40), place="Šiauliai", created_by=staff_user
    )
    with pytest.raises(ValidationError):
        services.meeting_repeat_create(
            failed=failed, starts_at=_in_days(41), place="Šiauliai", created_by=staff_user
        )


def test_a_meeting_that_had_its_quorum_is_not_repeated(staff_user, english):
    member = PersonFactory()
    membership = MembershipFactory(library=None, person=member)
    meeting = _convened(staff_user)
    services.meeting_open(meeting=meeting, opened_by=staff_user)
    Attendance.objects.create(
        meeting=meeting, membership=membership, person=member, capacity="member_in_person"
    )
    services.meeting_close(meeting=meeting, closed_by=staff_user)
    with pytest.raises(ValidationError, match="had a quorum"):
        services.meeting_repeat_create(
            failed=meeting, starts_at=_in_days(40), place="Šiauliai", created_by=staff_user
        )


def test_an_open_meeting_is_not_repeated(staff_user):
    meeting = _convened(staff_user)
    with pytest.raises(ValidationError):
        services.meeting_repeat_create(
            failed=meeting, starts_at=_in_days(40), place="Šiauliai", created_by=staff_user
        )


def test_a_board_meeting_is_never_repeated(staff_user):
    meeting = AgendaItemFactory(meeting=_meeting(body_=board(), created_by=staff_user)).meeting
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.CLOSED)
    meeting.refresh_from_db()
    with pytest.raises(ValidationError):
        services.meeting_repeat_create(
            failed=meeting, starts_at=_in_days(40), place="Šiauliai", created_by=staff_user
        )


def test_cancelling_a_convened_meeting_tells_those_notified_by_e_mail(
    staff_user, director, django_capture_on_commit_callbacks
):
    MembershipFactory(library=None, person=PersonFactory(email=""))  # a notice to post
    meeting = _with_item(_meeting(created_by=staff_user), staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_convene(meeting=meeting, convened_by=staff_user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_cancel(meeting=meeting, reason="Karantinas", cancelled_by=staff_user)
    assert [m.to for m in mail.outbox] == [["direktore@example.lt"]]
    assert mail.outbox[0].subject.startswith("Meeting cancelled")
    assert "Karantinas" in mail.outbox[0].body


def test_cancelling_a_draft_tells_nobody(staff_user, director, django_capture_on_commit_callbacks):
    meeting = _with_item(_meeting(created_by=staff_user), staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_cancel(meeting=meeting, reason="Nereikia", cancelled_by=staff_user)
    assert mail.outbox == []


def test_opening_a_general_meeting_announces_the_voting_rights_transfers(staff_user):
    from lrba.governance.tests.factories import VotingRightsTransferFactory

    transfer = VotingRightsTransferFactory(
        valid_from=datetime.date(2026, 1, 1), notified_on=datetime.date(2026, 1, 5)
    )
    meeting = _convened(staff_user)
    services.meeting_open(meeting=meeting, opened_by=staff_user)
    transfer.refresh_from_db()
    assert transfer.announced_at == meeting
