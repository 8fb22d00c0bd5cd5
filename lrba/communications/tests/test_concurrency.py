"""Sending under concurrency, on PostgreSQL: two presses of "send" (or two servers) at
once write one set of deliveries and send each e-mail once; two workers sending the same
message at once never send one delivery twice."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from lrba.communications.models import Delivery, Message
from lrba.communications.services import messages as services
from lrba.communications.services.sending import Pacer, message_deliver
from lrba.communications.tests.factories import MessageFactory, subscriber
from lrba.core.tests.concurrency import POSTGRES_RACE, run_at_once
from lrba.members.tests.factories import member_library

pytestmark = POSTGRES_RACE


@pytest.fixture
def readers(settings):
    settings.LRBA_NEWSLETTER_RATE = 0
    library = member_library("Šiaulių miesto biblioteka")
    return [subscriber(library, email=f"skaitytojas{n}@example.lt") for n in range(20)]


def test_two_sends_at_once_write_one_set_of_deliveries_and_send_each_once(readers):
    message = MessageFactory()
    outcome = run_at_once([lambda: services.message_send(message=message, by=None)] * 2)
    assert len(outcome.results) == 1
    assert len(outcome.errors) == 1
    assert isinstance(outcome.errors[0], ValidationError)
    assert outcome.errors[0].code == "already_sent"
    assert Delivery.objects.filter(message=message).count() == 20
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.email for r in readers)
    assert Message.objects.get(pk=message.pk).status == Message.Status.SENT


def test_two_workers_on_one_message_send_each_delivery_once(readers, settings, monkeypatch):
    settings.LRBA_NEWSLETTER_BATCH = 3
    monkeypatch.setattr(services, "_enqueue_sending", lambda message_id: None)
    message = services.message_send(message=MessageFactory(), by=None)
    outcome = run_at_once([lambda: message_deliver(message.pk, pacer=Pacer(0))] * 2)
    assert outcome.errors == []
    sent_to = [m.to[0] for m in mail.outbox]
    assert len(sent_to) == len(set(sent_to)) == 20
    message.refresh_from_db()
    assert (message.status, message.sent_count) == (Message.Status.SENT, 20)
