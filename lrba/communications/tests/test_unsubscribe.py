"""One-click unsubscribe (RFC 8058): the link works without signing in, a POST withdraws
the newsletter consent and records it, a forged link is refused, a reused one says so,
and the next newsletter leaves the person out."""

import pytest
from django.core import mail
from django.urls import reverse

from lrba.accounts.models import ConsentRecord
from lrba.communications.models import Message
from lrba.communications.rendering import unsubscribe_token
from lrba.communications.services import messages as services
from lrba.communications.tests.factories import MessageFactory, subscriber
from lrba.members.tests.factories import UserFactory, member_library

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(django_capture_on_commit_callbacks, settings):
    """A newsletter sent to two readers; returns (message, the first reader, their link)."""
    settings.LRBA_NEWSLETTER_RATE = 0
    library = member_library("Šiaulių miesto biblioteka")
    reader = subscriber(library, email="skaitytoja@example.lt")
    subscriber(library, email="kitas@example.lt")
    message = MessageFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.message_send(message=message, by=None)
    email = next(m for m in mail.outbox if m.to == ["skaitytoja@example.lt"])
    header = " ".join(email.extra_headers["List-Unsubscribe"].split())
    link = header.split(">")[0].lstrip("<").replace("http://localhost:8000", "")
    return message, reader, link


def _consent_active(person) -> bool:
    return person.consents.filter(
        purpose=ConsentRecord.Purpose.NEWSLETTER, withdrawn_at__isnull=True
    ).exists()


def test_a_one_click_post_without_signing_in_withdraws_the_consent(client, sent):
    _message, reader, link = sent
    client.handler.enforce_csrf_checks = True  # as a mail program posts: no CSRF token
    response = client.post(link, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert response.context["state"] == "done"
    assert not _consent_active(reader)
    record = reader.consents.get(purpose=ConsentRecord.Purpose.NEWSLETTER)
    assert record.withdrawn_at is not None  # the consent change is on record


def test_opening_the_link_asks_before_changing_anything(client, sent):
    _message, reader, link = sent
    response = client.get(link)
    assert response.status_code == 200
    assert response.context["state"] == "confirm"
    assert b'method="post"' in response.content
    assert _consent_active(reader)


def test_a_reused_link_says_the_person_is_already_unsubscribed(client, sent):
    _message, reader, link = sent
    client.post(link)
    again = client.post(link)
    assert again.status_code == 200
    assert again.context["state"] == "already"
    assert client.get(link).context["state"] == "already"
    assert reader.consents.filter(withdrawn_at__isnull=False).count() == 1


def test_a_forged_link_is_refused_with_a_clear_page_and_changes_nothing(client, sent):
    _message, reader, link = sent
    forged = link.rstrip("/")[:-3] + "abc/"
    response = client.post(forged)
    assert response.status_code == 400
    assert "communications/unsubscribe_invalid.html" in [t.name for t in response.templates]
    invented = reverse("communications:unsubscribe", args=["eyJkIjoxfQ:forged:signature"])
    assert client.get(invented).status_code == 400
    assert _consent_active(reader)


def test_a_token_signed_for_another_purpose_is_refused(client, sent):
    from django.core import signing

    _message, reader, _link = sent
    delivery = Message.objects.get().deliveries.get(email="skaitytoja@example.lt")
    other = signing.dumps({"d": delivery.pk}, salt="lrba.something.else")
    assert client.post(reverse("communications:unsubscribe", args=[other])).status_code == 400
    assert _consent_active(reader)


def test_the_next_newsletter_skips_a_person_who_unsubscribed(
    client, sent, django_capture_on_commit_callbacks
):
    _message, _reader, link = sent
    client.post(link)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.message_send(message=MessageFactory(), by=None)
    assert [m.to for m in mail.outbox] == [["kitas@example.lt"]]


def test_a_test_emails_link_changes_nobodys_consent(client, sent):
    message, reader, _link = sent
    token = unsubscribe_token(test_message_id=message.pk)
    response = client.post(reverse("communications:unsubscribe", args=[token]))
    assert response.status_code == 200 and response.context["state"] == "test"
    assert _consent_active(reader)


def test_the_page_speaks_the_language_the_newsletter_was_sent_in(
    client, django_capture_on_commit_callbacks, settings
):
    settings.LRBA_NEWSLETTER_RATE = 0
    library = member_library("Šiaulių miesto biblioteka")
    user = UserFactory(email="reader@example.lt", language="en")
    subscriber(library, email="reader@example.lt", user=user)
    with django_capture_on_commit_callbacks(execute=True):
        services.message_send(message=MessageFactory(), by=None)
    delivery = Message.objects.get().deliveries.get()
    token = unsubscribe_token(delivery_id=delivery.pk)
    response = client.get(reverse("communications:unsubscribe", args=[token]))
    assert "Stop sending the association" in response.content.decode()
