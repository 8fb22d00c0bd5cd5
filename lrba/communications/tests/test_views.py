"""The staff pages (write, preview, count, test, send, schedule, progress, recipients)
and the public archive, through the client with personas: the secretariat writes, the
auditor reads, a member and a stranger are refused."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from lrba.communications.models import Message
from lrba.communications.tests.factories import (
    AnnouncementFactory,
    MessageFactory,
    SentMessageFactory,
    subscriber,
)
from lrba.members.tests.factories import member_library

pytestmark = pytest.mark.django_db


@pytest.fixture
def readers(settings):
    settings.LRBA_NEWSLETTER_RATE = 0
    library = member_library("Šiaulių miesto biblioteka")
    return [subscriber(library, email=f"skaitytojas{n}@example.lt") for n in range(3)]


@pytest.fixture
def secretariat(client_for, secretary):
    return client_for(secretary)


def test_the_secretariat_writes_a_draft_with_the_editor(secretariat, readers):
    page = secretariat.get(reverse("communications:message_create"))
    assert page.status_code == 200
    assert b"prose-editor" in page.content  # the editor's widget and assets
    response = secretariat.post(
        reverse("communications:message_create"),
        {
            "kind": "newsletter",
            "subject": "Rudens naujienos",
            "body": "<p>Sveiki!</p><script>alert(1)</script>",
            "segment": "all_members",
            "in_public_archive": "on",
        },
    )
    message = Message.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("communications:message_detail", args=[message.pk])
    assert message.status == Message.Status.DRAFT
    assert "<script" not in message.body  # sanitised on save


def test_a_county_segment_without_a_county_is_refused_and_the_text_kept(secretariat):
    response = secretariat.post(
        reverse("communications:message_create"),
        {
            "kind": "announcement",
            "subject": "Apskričiai",
            "body": "<p>Tekstas</p>",
            "segment": "county",
        },
    )
    assert response.status_code == 400
    assert "county" in response.context["form"].errors
    assert "Apskričiai" in response.content.decode()
    assert not Message.objects.exists()


def test_the_message_page_shows_both_languages_and_the_recipient_count(secretariat, readers):
    message = MessageFactory(subject="Vasara", subject_en="Summer")
    response = secretariat.get(reverse("communications:message_detail", args=[message.pk]))
    assert response.status_code == 200
    assert response.context["audience"].count == 3
    languages = [code for code, _label, _content in response.context["previews"]]
    assert languages == ["lt", "en"]
    assert "Summer" in response.content.decode()


def test_an_empty_segment_is_announced_and_sending_is_refused(secretariat):
    message = MessageFactory()
    page = secretariat.get(reverse("communications:message_detail", args=[message.pk]))
    assert page.context["audience"].count == 0
    response = secretariat.post(
        reverse("communications:message_send", args=[message.pk]), {"when": "now"}, follow=True
    )
    errors = [m for m in response.context["messages"] if m.level_tag == "error"]
    assert len(errors) == 1
    message.refresh_from_db()
    assert message.status == Message.Status.DRAFT and not mail.outbox


def test_a_test_goes_to_the_secretary_alone(
    secretariat, secretary, readers, django_capture_on_commit_callbacks
):
    message = MessageFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat.post(reverse("communications:message_test", args=[message.pk]))
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[secretary.email]]


def test_send_now_then_a_second_press_is_refused(
    secretariat, readers, django_capture_on_commit_callbacks
):
    message = MessageFactory()
    url = reverse("communications:message_send", args=[message.pk])
    with django_capture_on_commit_callbacks(execute=True):
        secretariat.post(url, {"when": "now"})
    assert len(mail.outbox) == 3
    response = secretariat.post(url, {"when": "now"}, follow=True)
    assert response.status_code == 200
    assert len(mail.outbox) == 3
    assert any(m.level_tag == "error" for m in response.context["messages"])


def test_scheduling_records_the_time_and_a_past_time_is_refused(secretariat, readers):
    message = MessageFactory()
    url = reverse("communications:message_send", args=[message.pk])
    past = (timezone.localtime() - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    refused = secretariat.post(url, {"when": "later", "scheduled_at": past})
    assert refused.status_code == 400
    later = (timezone.localtime() + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    secretariat.post(url, {"when": "later", "scheduled_at": later})
    message.refresh_from_db()
    assert message.status == Message.Status.SCHEDULED
    assert message.scheduled_at is not None and not mail.outbox


def test_the_progress_fragment_polls_while_sending(secretariat):
    message = MessageFactory(status=Message.Status.SENDING, recipient_count=10, sent_count=4)
    response = secretariat.get(
        reverse("communications:message_progress", args=[message.pk]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert b'hx-trigger="every 2s"' in response.content


def test_the_recipients_page_lists_each_status(
    secretariat, readers, django_capture_on_commit_callbacks
):
    message = MessageFactory()
    with django_capture_on_commit_callbacks(execute=True):
        secretariat.post(reverse("communications:message_send", args=[message.pk]), {"when": "now"})
    response = secretariat.get(
        reverse("communications:message_deliveries", args=[message.pk]), {"status": "sent"}
    )
    assert response.status_code == 200
    assert len(response.context["items"]) == 3


def test_the_auditor_reads_but_cannot_write_send_or_test(client_for, auditor, readers):
    message = MessageFactory()
    reader = client_for(auditor)
    assert reader.get(reverse("communications:message_list")).status_code == 200
    assert (
        reader.get(reverse("communications:message_detail", args=[message.pk])).status_code == 200
    )
    for name in ("message_send", "message_test", "message_cancel"):
        assert reader.post(reverse(f"communications:{name}", args=[message.pk])).status_code == 403
    assert reader.get(reverse("communications:message_create")).status_code == 403
    assert reader.get(reverse("communications:message_edit", args=[message.pk])).status_code == 403
    assert not mail.outbox


def test_a_member_and_a_stranger_are_refused_the_staff_pages(client_for, member_user):
    message = MessageFactory()
    url = reverse("communications:message_detail", args=[message.pk])
    assert client_for(member_user).get(url).status_code == 403
    stranger = client_for(None).get(url)
    assert stranger.status_code == 302 and "/paskyra/login/" in stranger["Location"]


def test_the_archive_lists_sent_newsletters_never_announcements(client):
    shown = SentMessageFactory(subject="Archyve")
    SentMessageFactory(subject="Paslėptas", in_public_archive=False)
    SentMessageFactory(kind=Message.Kind.ANNOUNCEMENT, subject="Pranešimas")
    MessageFactory(subject="Juodraštis")
    response = client.get(reverse("communications:archive_list"))
    assert response.status_code == 200
    assert [m.pk for m in response.context["items"]] == [shown.pk]
    assert client.get(reverse("communications:archive_detail", args=[shown.pk])).status_code == 200
    hidden = Message.objects.exclude(pk=shown.pk)
    for message in hidden:
        assert (
            client.get(reverse("communications:archive_detail", args=[message.pk])).status_code
            == 404
        )


def test_the_archive_paginates(client):
    for _n in range(25):
        SentMessageFactory()
    first = client.get(reverse("communications:archive_list"))
    assert len(first.context["items"]) == 20
    assert (
        len(client.get(reverse("communications:archive_list"), {"page": 2}).context["items"]) == 5
    )


def test_an_announcement_page_offers_no_archive_link(secretariat):
    message = AnnouncementFactory(status=Message.Status.SENT)
    response = secretariat.get(reverse("communications:message_detail", args=[message.pk]))
    assert (
        reverse("communications:archive_detail", args=[message.pk]) not in response.content.decode()
    )
