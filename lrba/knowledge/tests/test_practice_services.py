"""Good practice's services: writing, submitting, reviewing, and an article from an
answered help request. Personas from conftest.py: alice (library A), bob (A), secretary."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from lrba.knowledge.models import HelpMessage, HelpRequest, PracticeArticle
from lrba.knowledge.services import practice as services
from lrba.knowledge.tests.factories import (
    HelpMessageFactory,
    HelpRequestFactory,
    PracticeArticleFactory,
    PracticeAttachmentFactory,
    TopicFactory,
)
from lrba.website.tests.factories import png_file

pytestmark = pytest.mark.django_db

Status = PracticeArticle.Status


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _draft(alice, library_a, **fields):
    values = {
        "library": library_a,
        "by": alice,
        "title": "Skaitymo klubai bibliotekose",
        "summary": "Kaip kaimo bibliotekose veikia skaitymo klubai.",
        "body": "Pirma pastraipa.\n\nAntra pastraipa.",
        "topic": TopicFactory(),
    }
    return services.article_create(**{**values, **fields})


def test_a_new_article_is_a_draft_of_the_library_in_its_county_by_its_author(alice, library_a):
    article = _draft(alice, library_a)

    assert article.status == Status.DRAFT
    assert article.library == library_a
    assert article.county == library_a.municipality.county
    assert article.author == alice
    assert article.author_name == "Alė Aukštaitė"
    assert article.slug == "skaitymo-klubai-bibliotekose"


def test_plain_text_becomes_paragraphs(alice, library_a):
    article = _draft(alice, library_a)

    assert article.body == "<p>Pirma pastraipa.</p>\n\n<p>Antra pastraipa.</p>"


def test_a_script_and_an_event_handler_in_the_body_are_removed(alice, library_a):
    article = _draft(
        alice,
        library_a,
        body=(
            '<p onclick="steal()">Tekstas<script>alert(1)</script></p><img src=x onerror=alert(2)>'
        ),
    )

    assert "script" not in article.body
    assert "onclick" not in article.body
    assert "onerror" not in article.body
    assert "Tekstas" in article.body


def test_two_articles_with_one_title_get_different_addresses(alice, library_a):
    first = _draft(alice, library_a)
    second = _draft(alice, library_a)

    assert first.slug != second.slug


def test_an_article_never_takes_the_address_of_a_page_of_the_list(alice, library_a):
    article = _draft(alice, library_a, title="Nauja")

    assert article.slug == "nauja-2"


def test_the_author_submits_a_draft_for_review(alice, library_a):
    article = _draft(alice, library_a)

    services.article_submit(article=article, by=alice)

    article.refresh_from_db()
    assert article.status == Status.SUBMITTED
    assert article.submitted_at is not None


def test_a_submitted_article_cannot_be_changed(alice, library_a):
    article = _draft(alice, library_a)
    services.article_submit(article=article, by=alice)

    with pytest.raises(ValidationError):
        services.article_update(
            article=article,
            title="Kitas",
            summary="Kita",
            body="Kita",
            topic=article.topic,
            county=article.county,
            audience=article.audience,
        )
    article.refresh_from_db()
    assert article.title == "Skaitymo klubai bibliotekose"


def test_the_secretariat_publishes_a_submitted_article_for_members_and_the_author_is_told(
    alice, library_a, secretary, django_capture_on_commit_callbacks
):
    article = _draft(alice, library_a)
    services.article_submit(article=article, by=alice)

    with django_capture_on_commit_callbacks(execute=True):
        services.article_publish(article=article, by=secretary, audience="members")

    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert article.audience == "members"
    assert article.published_at is not None
    assert article.reviewed_by == secretary
    assert [message.to for message in mail.outbox] == [[alice.email]]
    assert "Skaitymo klubai bibliotekose" in mail.outbox[0].subject


def test_a_draft_cannot_be_published(alice, library_a, secretary):
    article = _draft(alice, library_a)

    with pytest.raises(ValidationError):
        services.article_publish(article=article, by=secretary, audience="public")


def test_returning_an_article_needs_a_note(alice, library_a, secretary):
    article = _draft(alice, library_a)
    services.article_submit(article=article, by=alice)

    with pytest.raises(ValidationError):
        services.article_return(article=article, by=secretary, note="  ")
    article.refresh_from_db()
    assert article.status == Status.SUBMITTED


def test_a_returned_article_e_mails_the_author_the_note_after_commit(
    alice, library_a, secretary, django_capture_on_commit_callbacks
):
    article = _draft(alice, library_a)
    services.article_submit(article=article, by=alice)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.article_return(article=article, by=secretary, note="Pridėkite nuotrauką.")
    assert mail.outbox == []  # nothing before the commit
    for callback in callbacks:
        callback()

    article.refresh_from_db()
    assert article.status == Status.RETURNED
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [alice.email]
    assert "Pridėkite nuotrauką." in mail.outbox[0].body
    assert "Laba diena, Ale," in mail.outbox[0].body


def test_the_author_changes_a_returned_article_and_submits_it_again(alice, library_a, secretary):
    article = _draft(alice, library_a)
    services.article_submit(article=article, by=alice)
    services.article_return(article=article, by=secretary, note="Trumpiau.")

    services.article_update(
        article=article,
        title="Skaitymo klubai",
        summary="Trumpiau.",
        body="Tekstas.",
        topic=article.topic,
        county=article.county,
        audience="public",
    )
    services.article_submit(article=article, by=alice)

    article.refresh_from_db()
    assert (article.title, article.status) == ("Skaitymo klubai", Status.SUBMITTED)


def test_a_withdrawn_article_published_again_keeps_its_first_date(alice, library_a, secretary):
    article = _draft(alice, library_a)
    services.article_submit(article=article, by=alice)
    services.article_publish(article=article, by=secretary, audience="public")
    first = article.published_at

    services.article_withdraw(article=article, by=secretary)
    assert article.status == Status.WITHDRAWN
    services.article_publish(article=article, by=secretary, audience="public")

    article.refresh_from_db()
    assert article.published_at == first


def test_an_image_without_alternative_text_is_refused(alice, library_a):
    article = _draft(alice, library_a)

    with pytest.raises(ValidationError) as refusal:
        services.article_image_add(article=article, image=png_file(), alt_text=" ")

    assert "alt_text" in refusal.value.message_dict
    assert article.images.count() == 0


def test_an_image_gets_its_renditions(alice, library_a, django_capture_on_commit_callbacks):
    article = _draft(alice, library_a)

    with django_capture_on_commit_callbacks(execute=True):
        image = services.article_image_add(
            article=article, image=png_file(size=(1200, 800)), alt_text="Skaitymo klubas"
        )

    image.refresh_from_db()
    assert {"480", "960"} <= set(image.renditions)


def test_a_file_that_is_not_what_its_name_says_is_refused(alice, library_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    article = _draft(alice, library_a)
    fake = SimpleUploadedFile("planas.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")

    with pytest.raises(ValidationError):
        services.article_attachment_add(article=article, file=fake, title="Planas")
    assert article.attachments.count() == 0


def test_files_of_a_published_article_cannot_be_removed_by_its_author(alice, library_a):
    article = PracticeArticleFactory(library=library_a, author=alice)
    attachment = PracticeAttachmentFactory(article=article)

    with pytest.raises(ValidationError):
        services.article_attachment_remove(attachment=attachment)
    assert article.attachments.count() == 1


def _answered_request(library):
    request = HelpRequestFactory(
        library=library,
        status=HelpRequest.Status.ANSWERED,
        subject="Kaip surengti vasaros skaitymo iššūkį?",
        description="Norime vasarą <b>skaityti</b> su vaikais.",
    )
    HelpMessageFactory(request=request, body="Pradėkite nuo taisyklių ir prizų.")
    HelpMessageFactory(request=request, body="Vidinė pastaba: paklausti Rasos.", is_internal=True)
    return request


def test_an_answered_help_request_becomes_a_draft_with_the_question_and_answers(
    alice, library_a, secretary
):
    request = _answered_request(library_a)

    article = services.article_from_help_request(help_request=request, by=secretary)

    assert article.status == Status.DRAFT
    assert article.help_request == request
    assert article.library == library_a
    assert article.topic == request.topic
    assert article.title == "Kaip surengti vasaros skaitymo iššūkį?"
    assert "Pradėkite nuo taisyklių ir prizų." in article.body
    assert "&lt;b&gt;skaityti&lt;/b&gt;" in article.body  # the question's text, not markup


def test_internal_notes_never_reach_the_article(alice, library_a, secretary):
    request = _answered_request(library_a)

    article = services.article_from_help_request(help_request=request, by=secretary)

    assert HelpMessage.objects.filter(request=request, is_internal=True).exists()
    assert "Vidinė pastaba" not in article.body


def test_an_unanswered_help_request_does_not_become_an_article(library_a, secretary):
    request = HelpRequestFactory(library=library_a, status=HelpRequest.Status.NEW)

    with pytest.raises(ValidationError):
        services.article_from_help_request(help_request=request, by=secretary)
    assert not PracticeArticle.objects.exists()


def test_a_help_request_without_a_topic_does_not_become_an_article(library_a, secretary):
    request = HelpRequestFactory(library=library_a, status=HelpRequest.Status.ANSWERED, topic=None)

    with pytest.raises(ValidationError):
        services.article_from_help_request(help_request=request, by=secretary)
