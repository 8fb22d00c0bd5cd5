"""Bounces and complaints the mail provider reports (django-anymail's tracking signal)
block the address; the webhook reaches the receiver without a session."""

import base64
import json

import pytest
from anymail.signals import AnymailTrackingEvent, tracking
from django.core import mail

from lrba.communications.models import Delivery, Message, Suppression
from lrba.communications.services import messages as services
from lrba.communications.tests.factories import DeliveryFactory, MessageFactory, subscriber
from lrba.members.tests.factories import member_library

pytestmark = pytest.mark.django_db


def _report(event_type: str, recipient: str, **extra) -> None:
    event = AnymailTrackingEvent(event_type=event_type, recipient=recipient, **extra)
    tracking.send(sender=object, event=event, esp_name="Postmark")


def test_a_hard_bounce_blocks_the_address_and_marks_the_delivery():
    delivery = DeliveryFactory(email="grizta@example.lt")
    _report("bounced", "Grizta@Example.lt", description="mailbox does not exist")
    suppression = Suppression.objects.get()
    assert suppression.email == "grizta@example.lt"
    assert suppression.reason == Suppression.Reason.BOUNCED
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED
    assert "mailbox does not exist" in delivery.error


def test_the_delivery_the_provider_names_in_metadata_is_the_one_marked():
    older = DeliveryFactory(email="skundas@example.lt")
    named = DeliveryFactory(email="skundas@example.lt")
    newest = DeliveryFactory(email="skundas@example.lt")
    _report("complained", "skundas@example.lt", metadata={"delivery": str(named.pk)})
    assert Suppression.objects.get().reason == Suppression.Reason.COMPLAINED
    statuses = {d.pk: d.status for d in Delivery.objects.all()}
    assert statuses == {older.pk: "sent", named.pk: "failed", newest.pk: "sent"}


def test_other_events_block_nothing():
    DeliveryFactory(email="skaito@example.lt")
    for event_type in ("delivered", "opened", "deferred", "clicked"):
        _report(event_type, "skaito@example.lt")
    assert not Suppression.objects.exists()


def test_the_next_message_skips_a_bounced_address(django_capture_on_commit_callbacks, settings):
    settings.LRBA_NEWSLETTER_RATE = 0
    library = member_library("Šiaulių miesto biblioteka")
    subscriber(library, email="grizta@example.lt")
    subscriber(library, email="skaito@example.lt")
    _report("bounced", "grizta@example.lt")
    message = MessageFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.message_send(message=message, by=None)
    assert [m.to for m in mail.outbox] == [["skaito@example.lt"]]
    assert Message.objects.get().deliveries.get(email="grizta@example.lt").status == "suppressed"


def test_the_providers_webhook_reaches_the_receiver_without_signing_in(client, settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": "lrba:slaptas"}
    DeliveryFactory(email="grizta@example.lt")
    payload = {
        "RecordType": "Bounce",
        "Type": "HardBounce",
        "TypeCode": 1,
        "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
        "Email": "grizta@example.lt",
        "Description": "The server was unable to deliver your message",
        "Details": "smtp;550 5.1.1 user unknown",
        "BouncedAt": "2026-11-29T10:00:00Z",
        "Metadata": {},
    }
    auth = base64.b64encode(b"lrba:slaptas").decode()
    response = client.post(
        "/anymail/postmark/tracking/",
        data=json.dumps(payload),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Basic {auth}",
    )
    assert response.status_code == 200  # not a redirect to the sign-in page
    assert Suppression.objects.filter(email="grizta@example.lt").exists()


def test_the_webhook_refuses_a_caller_without_the_secret(client, settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": "lrba:slaptas"}
    response = client.post(
        "/anymail/postmark/tracking/", data="{}", content_type="application/json"
    )
    assert response.status_code in (400, 401, 403)
    assert not Suppression.objects.exists()
