"""The back office: messages with their deliveries read-only, blocked addresses, and the
"send now" action under the change permission."""

import pytest
from django.urls import reverse

from lrba.communications.models import Message, Suppression
from lrba.communications.tests.factories import DeliveryFactory, MessageFactory, SentMessageFactory

pytestmark = pytest.mark.django_db


def test_a_sent_message_shows_its_deliveries_and_cannot_be_changed(client_for, secretary):
    message = SentMessageFactory()
    DeliveryFactory(message=message, email="gavejas@example.lt")
    admin = client_for(secretary)
    assert admin.get(reverse("admin:communications_message_changelist")).status_code == 200
    page = admin.get(reverse("admin:communications_message_change", args=[message.pk]))
    assert page.status_code == 200
    assert "gavejas@example.lt" in page.content.decode()
    assert not page.context["has_change_permission"]


def test_the_send_action_refuses_an_empty_segment_and_sends_nothing(client_for, secretary):
    message = MessageFactory()
    response = client_for(secretary).post(
        reverse("admin:communications_message_changelist"),
        {"action": "send_now", "_selected_action": [message.pk]},
        follow=True,
    )
    assert response.status_code == 200
    message.refresh_from_db()
    assert message.status == Message.Status.DRAFT


def test_the_auditor_is_not_offered_the_send_action(client_for, auditor):
    MessageFactory()
    page = client_for(auditor).get(reverse("admin:communications_message_changelist"))
    assert page.status_code == 200
    assert "send_now" not in page.content.decode()


def test_a_blocked_address_is_stored_in_lower_case(client_for, secretary):
    response = client_for(secretary).post(
        reverse("admin:communications_suppression_add"),
        {"email": "Grizta@Example.LT", "reason": "manual", "detail": ""},
    )
    assert response.status_code == 302
    assert Suppression.objects.get().email == "grizta@example.lt"
