"""The help desk's services: asking, routing, the conversation, statuses, reassigning."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from lrba.knowledge.models import HelpMessage, HelpRequest
from lrba.knowledge.services import helpdesk
from lrba.knowledge.tests.factories import TopicConsultantFactory, TopicFactory
from lrba.members.tests import factories as members


@pytest.fixture(autouse=True)
def _in_english():
    """The refusals are read in English here (the interface's Lithuanian is tested apart)."""
    with translation.override("en"):
        yield


pytestmark = pytest.mark.django_db

Status = HelpRequest.Status


def _ask(user, library, topic=None, **kwargs):
    return helpdesk.help_request_create(
        library=library,
        asked_by=user,
        topic=topic,
        subject=kwargs.pop("subject", "Klausimas"),
        description=kwargs.pop("description", "Kaip tai padaryti?"),
        **kwargs,
    )


def test_a_question_is_numbered_in_the_year_s_series_and_due_in_ten_days(alice, library_a):
    first = _ask(alice, library_a)
    second = _ask(alice, library_a)

    year = timezone.localdate().year
    assert first.number == f"MP-{year}-0001"
    assert second.number == f"MP-{year}-0002"
    assert first.due_on == timezone.localdate() + datetime.timedelta(days=10)
    assert first.reply_token and first.reply_token != second.reply_token
    assert first.status == Status.NEW


def test_the_due_days_follow_the_setting(alice, library_a, settings):
    settings.LRBA_HELPDESK_DUE_DAYS = 3

    help_request = _ask(alice, library_a)

    assert help_request.due_on == timezone.localdate() + datetime.timedelta(days=3)


def test_a_question_on_a_topic_with_a_consultant_goes_to_the_consultant(asked, consultant):
    assert asked.assignee == consultant
    first = asked.messages.get()
    assert first.body.startswith("Norime vasarą")


def test_without_a_consultant_the_question_goes_to_the_secretariat(alice, library_a):
    help_request = _ask(alice, library_a, topic=TopicFactory())

    assert help_request.assignee is None


def test_a_consultant_who_no_longer_works_at_a_member_library_gets_nothing(
    alice, library_a, topic, consultant
):
    consultant.person.employments.update(end_date=timezone.localdate() - datetime.timedelta(days=1))

    assert _ask(alice, library_a, topic=topic).assignee is None


def test_a_consultant_never_answers_their_own_library_s_question(bob, library_a, topic):
    colleague = members.PersonFactory(user=members.UserFactory())
    members.EmploymentFactory(person=colleague, library=library_a)
    TopicConsultantFactory(topic=topic, person=colleague)

    assert _ask(bob, library_a, topic=topic).assignee is None


def test_only_the_staff_of_a_member_library_may_ask_for_it(carol, charlie, library_a, library_c):
    with pytest.raises(ValidationError):
        _ask(carol, library_a)
    with pytest.raises(ValidationError):
        _ask(charlie, library_c)  # library C is not a member
    assert not HelpRequest.objects.exists()


def test_the_question_e_mails_the_consultant_with_the_reply_address(
    alice, library_a, topic, consultant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        help_request = _ask(alice, library_a, topic=topic, subject="Vasaros iššūkis")

    (message,) = mail.outbox
    assert message.to == [consultant.email]
    assert help_request.number in message.subject
    local, domain = helpdesk.help_base_address()
    assert message.reply_to == [f"{local}+{help_request.reply_token}@{domain}"]
    assert "Kaip tai padaryti?" in message.body
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"


def test_a_question_for_the_secretariat_e_mails_the_secretariat(
    alice, library_a, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _ask(alice, library_a)

    assert mail.outbox[0].to == [settings.LRBA_SECRETARIAT_EMAIL]


def test_the_desk_s_answer_stamps_the_first_response_and_e_mails_the_asker(
    asked, alice, consultant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        helpdesk.help_message_add(
            help_request=asked, author=consultant, body="Pradėkite nuo taisyklių.", desk=True
        )

    asked.refresh_from_db()
    assert asked.status == Status.ANSWERED
    assert asked.first_response_at is not None
    assert asked.answered_at is not None
    (message,) = mail.outbox
    assert message.to == [alice.email]
    assert "Pradėkite nuo taisyklių." in message.body


def test_a_second_answer_keeps_the_first_response_time(asked, consultant):
    helpdesk.help_message_add(
        help_request=asked,
        author=consultant,
        body="Kokio amžiaus vaikai?",
        desk=True,
        status=Status.WAITING,
    )
    asked.refresh_from_db()
    first = asked.first_response_at
    assert asked.status == Status.WAITING
    assert asked.answered_at is None

    helpdesk.help_message_add(help_request=asked, author=consultant, body="Štai planas.", desk=True)

    asked.refresh_from_db()
    assert asked.first_response_at == first
    assert asked.status == Status.ANSWERED


def test_the_library_s_reply_takes_an_answered_request_back_into_progress(
    asked, bob, consultant, django_capture_on_commit_callbacks
):
    helpdesk.help_message_add(help_request=asked, author=consultant, body="Atsakymas.", desk=True)

    with django_capture_on_commit_callbacks(execute=True):
        helpdesk.help_message_add(
            help_request=asked, author=bob, body="Dar vienas klausimas.", desk=False
        )

    asked.refresh_from_db()
    assert asked.status == Status.IN_PROGRESS
    (message,) = mail.outbox
    assert message.to == [consultant.email]


def test_an_internal_note_changes_nothing_and_is_never_e_mailed(
    asked, consultant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        note = helpdesk.help_message_add(
            help_request=asked,
            author=consultant,
            body="Paklausti sekretoriato.",
            desk=True,
            internal=True,
        )

    asked.refresh_from_db()
    assert note.is_internal
    assert asked.status == Status.NEW
    assert asked.first_response_at is None
    assert mail.outbox == []


def test_the_library_writes_no_internal_notes(asked, alice):
    with pytest.raises(ValidationError):
        helpdesk.help_message_add(
            help_request=asked, author=alice, body="Slapta", desk=False, internal=True
        )


def test_a_reply_to_a_closed_request_is_refused_and_nothing_is_written(asked, alice, consultant):
    helpdesk.help_request_status_set(help_request=asked, status=Status.CLOSED, by=consultant)

    with pytest.raises(ValidationError) as refused:
        helpdesk.help_message_add(help_request=asked, author=alice, body="Dar!", desk=False)

    assert "closed" in refused.value.messages[0]
    assert asked.messages.count() == 1


def test_closing_stamps_the_time_and_reopening_clears_it(asked, alice, consultant):
    helpdesk.help_request_close_by_library(help_request=asked, by=alice)
    asked.refresh_from_db()
    assert asked.status == Status.CLOSED
    assert asked.closed_at is not None

    helpdesk.help_request_reopen(help_request=asked, by=alice)

    asked.refresh_from_db()
    assert asked.status == Status.IN_PROGRESS
    assert asked.closed_at is None
    assert asked.due_on == timezone.localdate() + datetime.timedelta(days=10)


def test_the_library_may_not_reopen_a_request_closed_long_ago(asked, alice, consultant):
    helpdesk.help_request_status_set(help_request=asked, status=Status.CLOSED, by=consultant)
    HelpRequest.objects.filter(pk=asked.pk).update(
        closed_at=timezone.now() - datetime.timedelta(days=31)
    )
    asked.refresh_from_db()

    with pytest.raises(ValidationError):
        helpdesk.help_request_reopen(help_request=asked, by=alice)
    # The desk still may.
    helpdesk.help_request_reopen(help_request=asked, by=consultant)
    asked.refresh_from_db()
    assert asked.status == Status.IN_PROGRESS


def test_the_secretariat_hands_a_request_over_and_the_new_assignee_is_told(
    asked, secretary, consultant, alice, library_a, django_capture_on_commit_callbacks
):
    help_request = _ask(alice, library_a)
    assert help_request.assignee is None

    with django_capture_on_commit_callbacks(execute=True):
        helpdesk.help_request_reassign(help_request=help_request, assignee=consultant, by=secretary)

    help_request.refresh_from_db()
    assert help_request.assignee == consultant
    assert [message.to for message in mail.outbox] == [[consultant.email]]


def test_only_the_secretariat_hands_requests_over(asked, consultant):
    with pytest.raises(ValidationError):
        helpdesk.help_request_reassign(help_request=asked, assignee=None, by=consultant)


def test_a_request_goes_only_to_a_consultant(asked, secretary, carol):
    with pytest.raises(ValidationError):
        helpdesk.help_request_reassign(help_request=asked, assignee=carol, by=secretary)


def test_an_attachment_that_is_not_what_it_says_is_refused(alice, library_a):
    fake = SimpleUploadedFile("planas.pdf", b"MZ not a pdf", "application/pdf")

    with pytest.raises(ValidationError):
        _ask(alice, library_a, files=[fake])

    assert not HelpRequest.objects.exists()
    assert not HelpMessage.objects.exists()


def test_attachments_are_kept_with_the_question(alice, library_a):
    pdf = SimpleUploadedFile("planas.pdf", b"%PDF-1.4\n%test\n", "application/pdf")

    help_request = _ask(alice, library_a, files=[pdf])

    (attachment,) = help_request.messages.get().attachments.all()
    assert attachment.original_name == "planas.pdf"
