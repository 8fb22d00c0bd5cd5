"""The help desk's pages as each persona meets them: alice asks for library A, bob is her
colleague, carol stands for another library, the consultant answers, the secretary
manages, the auditor reads and writes nothing."""

import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from conftest import lt
from lrba.knowledge.models import HelpAttachment, HelpMessage, HelpRequest
from lrba.knowledge.services import helpdesk

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%test\n"


def _url(name, help_request, *args):
    return reverse(f"knowledge:{name}", args=[help_request.number, *args])


def test_a_librarian_asks_a_question_with_an_attachment(
    client_for, alice, library_a, topic, consultant, django_capture_on_commit_callbacks
):
    client = client_for(alice)
    assert client.get(reverse("knowledge:help_create")).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("knowledge:help_create"),
            {
                "library": library_a.pk,
                "topic": topic.pk,
                "subject": "Vasaros skaitymo iššūkis",
                "description": "Nuo ko pradėti?",
                "attachments": [SimpleUploadedFile("planas.pdf", PDF, "application/pdf")],
            },
        )

    help_request = HelpRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == help_request.get_absolute_url()
    assert help_request.assignee == consultant
    assert HelpAttachment.objects.get().original_name == "planas.pdf"
    assert mail.outbox[0].to == [consultant.email]


def test_a_bad_attachment_keeps_the_form_as_typed(client_for, alice, library_a):
    response = client_for(alice).post(
        reverse("knowledge:help_create"),
        {
            "library": library_a.pk,
            "subject": "Klausimas",
            "description": "Mano klausimas, kurio neturi dingti.",
            "attachments": [SimpleUploadedFile("planas.pdf", b"MZ", "application/pdf")],
        },
    )

    assert response.status_code == 400
    assert "Mano klausimas, kurio neturi dingti." in response.content.decode()
    assert not HelpRequest.objects.exists()


def test_only_the_staff_of_a_member_library_may_ask(client_for, charlie, dave):
    assert client_for(charlie).get(reverse("knowledge:help_create")).status_code == 403
    assert client_for(dave).get(reverse("knowledge:help_create")).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, asked):
    response = client.get(asked.get_absolute_url())

    assert response.status_code == 302
    assert "/login" in response["Location"] or "prisijungti" in response["Location"]


@pytest.mark.parametrize("persona", ["alice", "bob", "consultant", "secretary", "auditor"])
def test_the_parties_and_the_association_read_the_request(client_for, asked, persona, request):
    response = client_for(request.getfixturevalue(persona)).get(asked.get_absolute_url())

    assert response.status_code == 200
    assert asked.subject in response.content.decode()


@pytest.mark.parametrize("persona", ["carol", "charlie", "dave"])
def test_nobody_else_learns_the_request_exists(client_for, asked, persona, request):
    client = client_for(request.getfixturevalue(persona))

    assert client.get(asked.get_absolute_url()).status_code == 404
    response = client.post(_url("help_reply", asked), {"body": "Labas"})
    assert response.status_code == 404
    assert asked.messages.count() == 1


def test_the_list_shows_a_library_its_own_requests_only(client_for, asked, carol, alice):
    assert asked.number in client_for(alice).get(reverse("knowledge:help_list")).content.decode()
    assert (
        asked.number not in client_for(carol).get(reverse("knowledge:help_list")).content.decode()
    )


def test_the_colleague_replies_and_the_consultant_is_e_mailed(
    client_for, asked, bob, consultant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(bob).post(
            _url("help_reply", asked), {"body": "Vaikams nuo 7 iki 12 metų."}
        )

    assert response.status_code == 302
    assert asked.messages.last().body == "Vaikams nuo 7 iki 12 metų."
    assert mail.outbox[0].to == [consultant.email]


def test_the_consultant_answers_and_the_library_is_e_mailed(
    client_for, asked, alice, consultant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(consultant).post(
            _url("help_reply", asked), {"body": "Pradėkite nuo taisyklių.", "status": "answered"}
        )

    asked.refresh_from_db()
    assert asked.status == HelpRequest.Status.ANSWERED
    (message,) = mail.outbox
    assert message.to == [alice.email]
    assert "Pradėkite nuo taisyklių." in message.body


def test_an_internal_note_is_never_shown_to_the_library(
    client_for, asked, alice, consultant, secretary, auditor
):
    client_for(consultant).post(
        _url("help_reply", asked),
        {"body": "Slapta pastaba sekretoriatui.", "internal": "on"},
    )
    note = HelpMessage.objects.get(is_internal=True)
    HelpAttachment.objects.create(
        message=note,
        file=SimpleUploadedFile("vidinis.pdf", PDF, "application/pdf"),
        original_name="vidinis.pdf",
    )
    attachment = note.attachments.get()

    library_page = client_for(alice).get(asked.get_absolute_url()).content.decode()
    assert "Slapta pastaba" not in library_page
    assert client_for(alice).get(_url("help_attachment", asked, attachment.pk)).status_code == 404
    for persona in (secretary, auditor, consultant):
        assert (
            "Slapta pastaba" in client_for(persona).get(asked.get_absolute_url()).content.decode()
        )
    response = client_for(secretary).get(_url("help_attachment", asked, attachment.pk))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_the_library_cannot_write_an_internal_note(client_for, asked, alice):
    client_for(alice).post(_url("help_reply", asked), {"body": "Tik sau", "internal": "on"})

    assert not HelpMessage.objects.filter(is_internal=True).exists()
    assert asked.messages.last().body == "Tik sau"  # the field is not there: a plain reply


def test_the_auditor_reads_but_writes_nothing(client_for, asked, auditor):
    client = client_for(auditor)

    assert client.post(_url("help_reply", asked), {"body": "Ne"}).status_code == 403
    response = client.post(_url("help_update", asked), {"action": "status", "status": "closed"})
    assert response.status_code == 403
    asked.refresh_from_db()
    assert asked.status == HelpRequest.Status.NEW


def test_a_reply_to_a_closed_request_is_refused_with_a_clear_message(
    client_for, asked, alice, consultant
):
    helpdesk.help_request_status_set(
        help_request=asked, status=HelpRequest.Status.CLOSED, by=consultant
    )

    response = client_for(alice).post(_url("help_reply", asked), {"body": "Dar vienas klausimas"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "Dar vienas klausimas" in page  # kept as typed
    assert lt("This request is closed: it takes no more replies.") in page
    assert asked.messages.count() == 1


def test_the_library_closes_and_reopens_its_request(client_for, asked, alice):
    client = client_for(alice)

    client.post(_url("help_update", asked), {"action": "close"})
    asked.refresh_from_db()
    assert asked.status == HelpRequest.Status.CLOSED

    client.post(_url("help_update", asked), {"action": "reopen"})
    asked.refresh_from_db()
    assert asked.status == HelpRequest.Status.IN_PROGRESS


def test_the_library_may_not_set_the_desk_s_statuses(client_for, asked, bob):
    response = client_for(bob).post(
        _url("help_update", asked), {"action": "status", "status": "answered"}
    )

    assert response.status_code == 403


def test_the_secretary_hands_the_request_back_to_the_secretariat(client_for, asked, secretary):
    due = timezone.localdate() + datetime.timedelta(days=20)

    response = client_for(secretary).post(
        _url("help_update", asked), {"action": "reassign", "assignee": "", "due_on": due}
    )

    assert response.status_code == 302
    asked.refresh_from_db()
    assert asked.assignee is None
    assert asked.due_on == due


def test_the_consultant_may_not_hand_the_request_over(client_for, asked, consultant):
    response = client_for(consultant).post(
        _url("help_update", asked), {"action": "reassign", "assignee": ""}
    )

    assert response.status_code == 403
    asked.refresh_from_db()
    assert asked.assignee == consultant


def test_response_times_are_for_the_secretariat_and_the_auditor(
    client_for, asked, consultant, secretary, auditor, alice
):
    helpdesk.help_message_add(help_request=asked, author=consultant, body="Atsakymas", desk=True)

    for persona in (secretary, auditor):
        response = client_for(persona).get(reverse("knowledge:help_stats"))
        assert response.status_code == 200
        assert asked.topic.name in response.content.decode()
    assert client_for(alice).get(reverse("knowledge:help_stats")).status_code == 403
    assert client_for(consultant).get(reverse("knowledge:help_stats")).status_code == 403


def test_my_library_lists_the_open_requests(client_for, asked, alice, library_a):
    response = client_for(alice).get(
        reverse("members:my_library_detail", kwargs={"slug": library_a.slug})
    )

    assert response.status_code == 200
    assert asked.number in response.content.decode()


def test_the_secretary_turns_an_answered_request_into_a_draft_article(
    client_for, asked, consultant, secretary
):
    from lrba.knowledge.models import PracticeArticle

    helpdesk.help_message_add(help_request=asked, author=consultant, body="Atsakymas", desk=True)

    response = client_for(secretary).post(_url("help_to_article", asked))

    article = PracticeArticle.objects.get(help_request=asked)
    assert response.status_code == 302
    assert response["Location"] == reverse("knowledge:article_edit", args=[article.slug])
    assert article.status == PracticeArticle.Status.DRAFT


def test_an_unanswered_request_does_not_become_an_article(client_for, asked, secretary):
    from lrba.knowledge.models import PracticeArticle

    response = client_for(secretary).post(_url("help_to_article", asked), follow=True)

    assert not PracticeArticle.objects.exists()
    assert lt("Only an answered question can become a good-practice article.") in (
        response.content.decode()
    )


def test_only_the_secretariat_turns_requests_into_articles(client_for, asked, consultant):
    helpdesk.help_message_add(help_request=asked, author=consultant, body="Atsakymas", desk=True)

    assert client_for(consultant).post(_url("help_to_article", asked)).status_code == 403
