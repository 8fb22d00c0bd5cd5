"""Sending: deliveries written once, the e-mail each recipient gets (language, HTML and
text, one-click unsubscribe headers), the rate limit, scheduling, test e-mails, cancel."""

import datetime
import email as email_parser

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from lrba.communications.models import Delivery, Message
from lrba.communications.services import messages as services
from lrba.communications.services.sending import Pacer, message_deliver
from lrba.communications.tests.factories import (
    AnnouncementFactory,
    MessageFactory,
    SuppressionFactory,
    subscriber,
)
from lrba.members.tests.factories import UserFactory, member_library

pytestmark = pytest.mark.django_db


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Send now, running what waits for the commit (the background sending) at once."""

    def send(message: Message) -> Message:
        with django_capture_on_commit_callbacks(execute=True):
            services.message_send(message=message, by=None)
        message.refresh_from_db()
        return message

    return send


@pytest.fixture
def library():
    return member_library("Šiaulių miesto biblioteka")


@pytest.fixture
def readers(library):
    english = UserFactory(email="reader@example.lt", language="en")
    return [
        subscriber(library, email="skaitytoja@example.lt"),
        subscriber(library, email="reader@example.lt", user=english),
    ]


def test_sending_writes_one_delivery_per_address_and_sends_each_once(send, readers, settings):
    settings.LRBA_NEWSLETTER_RATE = 0
    message = MessageFactory()
    send(message)
    assert message.status == Message.Status.SENT
    assert message.recipient_count == message.sent_count == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["reader@example.lt", "skaitytoja@example.lt"]
    assert set(message.deliveries.values_list("status", flat=True)) == {Delivery.Status.SENT}


def test_each_recipient_reads_their_language_in_html_and_plain_text(send, readers, settings):
    settings.LRBA_NEWSLETTER_RATE = 0
    message = MessageFactory(subject="Vasaros naujienos", subject_en="Summer news")
    send(message)
    by_address = {m.to[0]: m for m in mail.outbox}
    lithuanian, english = by_address["skaitytoja@example.lt"], by_address["reader@example.lt"]
    assert lithuanian.subject == "Vasaros naujienos"
    assert english.subject == "Summer news"
    assert "New services in the regional libraries." in english.body
    html, mimetype = english.alternatives[0]
    assert mimetype == "text/html"
    assert "<strong>regional</strong>" in html and 'lang="en"' in html


def test_english_readers_get_lithuanian_when_the_message_has_no_english(send, readers, settings):
    settings.LRBA_NEWSLETTER_RATE = 0
    message = MessageFactory(subject="Tik lietuviškai", subject_en="", body_en="")
    send(message)
    assert {m.subject for m in mail.outbox} == {"Tik lietuviškai"}


def test_a_newsletter_carries_the_one_click_unsubscribe_headers(send, readers, settings):
    settings.LRBA_NEWSLETTER_RATE = 0
    send(MessageFactory())
    raw = email_parser.message_from_bytes(mail.outbox[0].message().as_bytes())
    unsubscribe = " ".join(raw["List-Unsubscribe"].split())  # unfolded
    assert unsubscribe.startswith("<http") and "/naujienlaiskiai/atsisakyti/" in unsubscribe
    assert "<mailto:" in unsubscribe
    assert raw["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = unsubscribe.split(">")[0].lstrip("<")
    assert link in mail.outbox[0].body  # the same link in the text, for people


def test_an_announcement_has_no_unsubscribe_link(send, library, settings):
    settings.LRBA_NEWSLETTER_RATE = 0
    subscriber(library, email="skaitytoja@example.lt")
    send(AnnouncementFactory())
    assert "List-Unsubscribe" not in mail.outbox[0].extra_headers


def test_sending_a_message_twice_is_refused_and_sends_nothing_more(send, readers, settings):
    settings.LRBA_NEWSLETTER_RATE = 0
    message = MessageFactory()
    send(message)
    with pytest.raises(ValidationError) as refusal:
        services.message_send(message=message, by=None)
    assert refusal.value.code == "already_sent"
    assert len(mail.outbox) == 2
    assert message.deliveries.count() == 2


def test_a_message_to_an_empty_segment_is_refused_with_nothing_written(library):
    message = MessageFactory()  # nobody has consented
    with pytest.raises(ValidationError) as refusal:
        services.message_send(message=message, by=None)
    assert refusal.value.code == "empty_segment"
    message.refresh_from_db()
    assert message.status == Message.Status.DRAFT
    assert not message.deliveries.exists()
    assert not mail.outbox


def test_a_blocked_address_is_recorded_and_never_mailed(send, readers, settings):
    settings.LRBA_NEWSLETTER_RATE = 0
    SuppressionFactory(email="Reader@Example.lt")
    message = MessageFactory()
    send(message)
    assert [m.to[0] for m in mail.outbox] == ["skaitytoja@example.lt"]
    blocked = message.deliveries.get(email="reader@example.lt")
    assert blocked.status == Delivery.Status.SUPPRESSED


def test_consent_withdrawn_after_the_deliveries_were_written_stops_that_email(
    readers, django_capture_on_commit_callbacks
):
    message = MessageFactory()
    with django_capture_on_commit_callbacks(execute=False):
        services.message_send(message=message, by=None)
    readers[0].consents.update(withdrawn_at=timezone.now())
    message_deliver(message.pk, pacer=Pacer(0))
    assert [m.to[0] for m in mail.outbox] == ["reader@example.lt"]
    assert message.deliveries.get(email="skaitytoja@example.lt").status == "unsubscribed"


def test_a_refused_address_fails_alone_and_the_rest_are_sent(send, readers, settings, monkeypatch):
    settings.LRBA_NEWSLETTER_RATE = 0
    from django.core.mail import EmailMessage

    original = EmailMessage.send

    def failing_send(self, fail_silently=False):
        if self.to == ["reader@example.lt"]:
            raise OSError("550 mailbox unavailable")
        return original(self, fail_silently)

    monkeypatch.setattr(EmailMessage, "send", failing_send)
    message = send(MessageFactory())
    assert (message.sent_count, message.failed_count, message.status) == (1, 1, "sent")
    failed = message.deliveries.get(email="reader@example.lt")
    assert failed.status == Delivery.Status.FAILED and "550" in failed.error


def test_the_rate_limit_spaces_the_emails(library, settings, django_capture_on_commit_callbacks):
    settings.LRBA_NEWSLETTER_BATCH = 3  # several batches, the pace held across them
    for n in range(7):
        subscriber(library, email=f"skaitytojas{n}@example.lt")
    message = MessageFactory()
    with django_capture_on_commit_callbacks(execute=False):
        services.message_send(message=message, by=None)
    clock = [100.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        clock[0] += seconds

    message_deliver(message.pk, pacer=Pacer(5, clock=lambda: clock[0], sleep=sleep))
    assert len(mail.outbox) == 7
    # 7 e-mails at 5 a second: the last goes 6 × 0.2 s after the first.
    assert sum(slept) == pytest.approx(1.2)
    assert clock[0] - 100.0 == pytest.approx(1.2)


def test_the_rate_comes_from_the_setting(settings):
    from lrba.communications.services.sending import sending_rate

    settings.LRBA_NEWSLETTER_RATE = 12
    assert sending_rate() == 12
    settings.LRBA_NEWSLETTER_RATE = 0  # no limit
    assert sending_rate() == 0


def test_a_scheduled_message_waits_for_its_time_and_then_goes_once(
    readers, settings, django_capture_on_commit_callbacks
):
    settings.LRBA_NEWSLETTER_RATE = 0
    message = MessageFactory()
    at = timezone.now() + datetime.timedelta(hours=2)
    services.message_schedule(message=message, at=at, by=None)
    call_command("send_scheduled_messages")
    assert not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        assert services.messages_send_due(now=at + datetime.timedelta(minutes=1))
    assert len(mail.outbox) == 2
    assert not services.messages_send_due(now=at + datetime.timedelta(minutes=2))
    message.refresh_from_db()
    assert message.status == Message.Status.SENT
    assert len(mail.outbox) == 2


def test_scheduling_in_the_past_or_to_nobody_is_refused(library):
    message = MessageFactory()
    with pytest.raises(ValidationError):
        services.message_schedule(
            message=message, at=timezone.now() + datetime.timedelta(hours=1), by=None
        )
    subscriber(library)
    with pytest.raises(ValidationError) as refusal:
        services.message_schedule(
            message=message, at=timezone.now() - datetime.timedelta(hours=1), by=None
        )
    assert "scheduled_at" in refusal.value.error_dict


def test_a_scheduled_message_whose_segment_emptied_returns_to_draft(library):
    reader = subscriber(library)
    message = MessageFactory()
    at = timezone.now() + datetime.timedelta(hours=1)
    services.message_schedule(message=message, at=at, by=None)
    reader.consents.update(withdrawn_at=timezone.now())
    assert services.messages_send_due(now=at) == []
    message.refresh_from_db()
    assert message.status == Message.Status.DRAFT and not mail.outbox


def test_cancelling_a_schedule_makes_a_draft_and_nothing_is_sent(readers):
    message = MessageFactory()
    at = timezone.now() + datetime.timedelta(hours=1)
    services.message_schedule(message=message, at=at, by=None)
    services.message_cancel(message=message, by=None)
    assert services.messages_send_due(now=at) == []
    message.refresh_from_db()
    assert message.status == Message.Status.DRAFT and not mail.outbox


def test_a_cancelled_sending_stops_before_the_next_email(
    readers, django_capture_on_commit_callbacks
):
    message = MessageFactory()
    with django_capture_on_commit_callbacks(execute=False):
        services.message_send(message=message, by=None)
    services.message_cancel(message=message, by=None)
    message_deliver(message.pk, pacer=Pacer(0))
    assert not mail.outbox
    message.refresh_from_db()
    assert message.status == Message.Status.CANCELLED


def test_a_test_email_goes_only_to_the_tester_marked_as_a_test(
    readers, django_capture_on_commit_callbacks
):
    message = MessageFactory(subject_en="Summer news")
    with django_capture_on_commit_callbacks(execute=True):
        services.message_test_send(message=message, to="tester@example.lt", language="en")
    assert [m.to for m in mail.outbox] == [["tester@example.lt"]]
    assert mail.outbox[0].subject == "[Test] Summer news"
    assert "List-Unsubscribe" in mail.outbox[0].extra_headers
    assert not message.deliveries.exists()
    message.refresh_from_db()
    assert message.status == Message.Status.DRAFT


def test_a_sent_message_can_no_longer_be_edited(send, readers, settings):
    settings.LRBA_NEWSLETTER_RATE = 0
    message = MessageFactory()
    send(message)
    with pytest.raises(ValidationError):
        services.message_update(message=message, by=None, subject="Pakeista")
