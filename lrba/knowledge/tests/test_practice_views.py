"""Good-practice pages as each persona meets them (conftest.py): alice writes for library A,
bob is her colleague at A, carol a librarian of library B, dave has an account and no
library (a stranger), charlie works at a library that is not a member; the secretary
reviews, the auditor only reads."""

import pytest
from django.core import mail
from django.urls import reverse

from lrba.knowledge.member_pages import library_page_sections, my_library_sections
from lrba.knowledge.models import PracticeArticle
from lrba.knowledge.tests.factories import (
    PracticeArticleFactory,
    PracticeAttachmentFactory,
    PracticeImageFactory,
    TopicFactory,
)
from lrba.website.tests.factories import png_file

pytestmark = pytest.mark.django_db

Status = PracticeArticle.Status


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def draft(alice, library_a):
    return PracticeArticleFactory(
        library=library_a,
        author=alice,
        status=Status.DRAFT,
        published_at=None,
        submitted_at=None,
        title="Vasaros skaitymo iššūkis",
        slug="vasaros-skaitymo-issukis",
    )


@pytest.fixture
def members_only(library_a):
    article = PracticeArticleFactory(
        library=library_a, audience=PracticeArticle.Audience.MEMBERS, slug="tik-nariams"
    )
    PracticeAttachmentFactory(article=article)
    return article


def _detail(article):
    return reverse("knowledge:article_detail", args=[article.slug])


def _edit(article):
    return reverse("knowledge:article_edit", args=[article.slug])


def _review(article):
    return reverse("knowledge:article_review", args=[article.slug])


# The public list and articles ---------------------------------------------------------------


def test_the_list_shows_public_articles_to_anyone_and_members_only_ones_to_members(
    client_for, carol, members_only
):
    public = PracticeArticleFactory(title="Kiemo skaitykla")
    url = reverse("knowledge:article_list")

    anonymous = client_for(None).get(url)
    member = client_for(carol).get(url)

    assert public.title in anonymous.text
    assert members_only.title not in anonymous.text
    assert members_only.title in member.text


def test_the_list_filters_by_topic_and_county(client_for, library_a, library_b):
    children, digital = TopicFactory(name="Vaikai"), TopicFactory(name="Skaitmena")
    PracticeArticleFactory(title="Pasakų valanda", topic=children, library=library_a)
    PracticeArticleFactory(title="Kompiuterinis raštingumas", topic=digital, library=library_b)
    url = reverse("knowledge:article_list")
    client = client_for(None)

    by_topic = client.get(url, {"tema": children.slug})
    by_county = client.get(url, {"apskritis": library_b.municipality.county.code})

    assert "Pasakų valanda" in by_topic.text
    assert "Kompiuterinis raštingumas" not in by_topic.text
    assert "Kompiuterinis raštingumas" in by_county.text


def test_the_list_ignores_an_unknown_topic_and_a_page_past_the_end(client_for):
    PracticeArticleFactory(title="Kiemo skaitykla")

    response = client_for(None).get(
        reverse("knowledge:article_list"), {"tema": "nera", "page": "99"}
    )

    assert response.status_code == 200
    assert "Kiemo skaitykla" in response.text


def test_the_list_pages_long_results(client_for):
    PracticeArticleFactory.create_batch(13)

    first = client_for(None).get(reverse("knowledge:article_list"))
    second = client_for(None).get(reverse("knowledge:article_list"), {"page": "2"})

    assert len(first.context["page_obj"].object_list) == 12
    assert len(second.context["page_obj"].object_list) == 1


def test_search_finds_another_inflection_bibliotekose_finds_biblioteku(client_for):
    from lrba.members.tests.factories import LibraryFactory

    # Libraries whose names do not hold the word, so only the text can match.
    PracticeArticleFactory(
        library=LibraryFactory(name="Rokiškio kultūros centras"),
        title="Jaunimo erdvės",
        summary="Kaip įrengti erdvę paaugliams.",
        body="<p>Rajono bibliotekų patirtis su paaugliais.</p>",
    )
    PracticeArticleFactory(
        library=LibraryFactory(name="Utenos kultūros centras"),
        title="Senjorų kompiuterių kursai",
        summary="Kursai.",
        body="<p>Kursai senjorams.</p>",
    )

    response = client_for(None).get(reverse("knowledge:article_list"), {"q": "bibliotekose"})

    titles = [article.title for article in response.context["page_obj"].object_list]
    assert titles == ["Jaunimo erdvės"]


def test_search_never_shows_a_members_only_article_to_a_stranger(client_for, dave, members_only):
    response = client_for(dave).get(
        reverse("knowledge:article_list"), {"q": members_only.title.split()[0]}
    )

    assert members_only.title not in response.text


def test_a_members_only_article_asks_an_anonymous_visitor_to_sign_in(client_for, members_only):
    response = client_for(None).get(_detail(members_only))

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_a_members_only_article_and_its_file_are_hidden_from_a_stranger(
    client_for, dave, charlie, members_only
):
    attachment = members_only.attachments.get()
    file_url = reverse("knowledge:article_attachment", args=[members_only.slug, attachment.pk])

    for user in (dave, charlie, None):
        client = client_for(user)
        assert client.get(file_url).status_code == 404
        if user is not None:
            assert client.get(_detail(members_only)).status_code == 404


def test_a_member_reads_a_members_only_article_and_downloads_its_file_privately(
    client_for, carol, members_only
):
    attachment = members_only.attachments.get()
    client = client_for(carol)

    page = client.get(_detail(members_only))
    download = client.get(
        reverse("knowledge:article_attachment", args=[members_only.slug, attachment.pk])
    )

    assert page.status_code == 200
    assert download.status_code == 200
    assert download["Cache-Control"] == "private, no-store"
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_a_public_article_shows_its_picture_through_the_image_view(client_for):
    image = PracticeImageFactory(image=png_file(size=(1000, 600)))
    article = image.article

    page = client_for(None).get(_detail(article))
    picture = client_for(None).get(
        reverse("knowledge:article_image", args=[article.slug, image.pk, 480])
    )

    assert 'alt="Vaikai skaito bibliotekoje"' in page.text
    assert picture.status_code == 200
    assert picture["Content-Type"] == "image/webp"
    assert picture["Cache-Control"].startswith("public")


def test_a_draft_is_read_by_its_library_and_the_staff_and_nobody_else(
    client_for, draft, alice, bob, carol, dave, secretary, auditor
):
    for user in (alice, bob, secretary, auditor):
        assert client_for(user).get(_detail(draft)).status_code == 200, user
    for user in (carol, dave):
        assert client_for(user).get(_detail(draft)).status_code == 404, user
    assert client_for(None).get(_detail(draft)).status_code == 404


def test_a_guessed_address_is_404(client_for, carol):
    assert client_for(carol).get("/geroji-patirtis/nera-tokio/").status_code == 404


# Writing --------------------------------------------------------------------------------------


def _form(topic, county, **fields):
    return {
        "title": "Skaitymo klubas ūkyje",
        "summary": "Klubas susitinka ūkyje.",
        "body": "Pirmas.\n\n<script>alert(1)</script>Antras.",
        "topic": topic.pk,
        "county": county.pk,
        "audience": "public",
        **fields,
    }


def test_a_librarian_of_a_member_library_writes_a_draft_for_it(client_for, alice, library_a):
    topic = TopicFactory()
    client = client_for(alice)

    assert client.get(reverse("knowledge:article_create")).status_code == 200
    response = client.post(
        reverse("knowledge:article_create"),
        _form(topic, library_a.municipality.county, library=library_a.pk),
    )

    article = PracticeArticle.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _edit(article)
    assert (article.status, article.library, article.author) == (Status.DRAFT, library_a, alice)
    assert "script" not in article.body
    assert "Antras." in article.body


def test_a_librarian_cannot_write_for_another_library(client_for, alice, library_b):
    topic = TopicFactory()

    response = client_for(alice).post(
        reverse("knowledge:article_create"),
        _form(topic, library_b.municipality.county, library=library_b.pk),
    )

    assert response.status_code == 200  # the form, with the library refused
    assert "library" in response.context["form"].errors
    assert not PracticeArticle.objects.exists()


def test_people_without_a_member_library_may_not_write(client_for, dave, charlie):
    url = reverse("knowledge:article_create")

    assert client_for(dave).get(url).status_code == 403
    assert client_for(charlie).get(url).status_code == 403
    anonymous = client_for(None).get(url)
    assert anonymous.status_code == 302
    assert reverse("account_login") in anonymous["Location"]


def test_a_bad_form_keeps_what_was_typed(client_for, alice, library_a):
    topic = TopicFactory()

    response = client_for(alice).post(
        reverse("knowledge:article_create"),
        _form(topic, library_a.municipality.county, library=library_a.pk, title=""),
    )

    assert response.status_code == 200
    assert "Klubas susitinka ūkyje." in response.text
    assert not PracticeArticle.objects.exists()


def test_only_the_author_and_the_secretariat_edit_a_draft(
    client_for, draft, alice, bob, carol, secretary, auditor
):
    assert client_for(alice).get(_edit(draft)).status_code == 200
    assert client_for(secretary).get(_edit(draft)).status_code == 200
    assert client_for(bob).get(_edit(draft)).status_code == 403
    assert client_for(auditor).get(_edit(draft)).status_code == 403
    assert client_for(carol).get(_edit(draft)).status_code == 404


def test_the_author_saves_and_submits_from_the_edit_page(client_for, draft, alice):
    response = client_for(alice).post(
        _edit(draft),
        _form(draft.topic, draft.county, title="Vasaros iššūkis", submit="1"),
    )

    draft.refresh_from_db()
    assert response.status_code == 302
    assert (draft.title, draft.status) == ("Vasaros iššūkis", Status.SUBMITTED)


def test_a_submitted_article_is_no_longer_editable_on_the_site(client_for, draft, alice, secretary):
    draft.status = Status.SUBMITTED
    draft.save()

    assert client_for(alice).get(_edit(draft)).status_code == 403
    assert client_for(secretary).get(_edit(draft)).status_code == 403
    response = client_for(alice).post(
        reverse("knowledge:article_image_add", args=[draft.slug]),
        {"image": png_file(), "alt_text": "Nuotrauka"},
    )
    assert response.status_code == 403
    assert draft.images.count() == 0


def test_the_author_adds_a_picture_with_alternative_text(client_for, draft, alice):
    response = client_for(alice).post(
        reverse("knowledge:article_image_add", args=[draft.slug]),
        {"image": png_file(), "alt_text": "Vaikai prie knygų lentynos"},
    )

    assert response.status_code == 302
    assert draft.images.get().alt_text == "Vaikai prie knygų lentynos"


def test_a_picture_without_alternative_text_or_not_a_picture_is_refused_clearly(
    client_for, draft, alice
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(alice)
    url = reverse("knowledge:article_image_add", args=[draft.slug])

    no_alt = client.post(url, {"image": png_file(), "alt_text": ""})
    not_a_picture = client.post(
        url,
        {"image": SimpleUploadedFile("x.png", b"not a picture", "image/png"), "alt_text": "X"},
    )

    assert no_alt.status_code == 400
    assert "alt_text" in no_alt.context["image_form"].errors
    assert not_a_picture.status_code == 400
    assert "image" in not_a_picture.context["image_form"].errors
    assert draft.images.count() == 0


def test_the_author_attaches_and_removes_a_file(client_for, draft, alice):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(alice)
    client.post(
        reverse("knowledge:article_attachment_add", args=[draft.slug]),
        {"file": SimpleUploadedFile("planas.pdf", b"%PDF-1.4\n%x\n", "application/pdf")},
    )
    attachment = draft.attachments.get()
    assert attachment.title == "planas.pdf"

    client.post(reverse("knowledge:article_attachment_remove", args=[draft.slug, attachment.pk]))
    assert draft.attachments.count() == 0


def test_my_articles_lists_the_authors_articles_in_every_state(client_for, draft, alice, bob):
    response = client_for(alice).get(reverse("knowledge:my_articles"))
    colleague = client_for(bob).get(reverse("knowledge:my_articles"))

    assert draft.title in response.text
    assert draft.title not in colleague.text


# Review ---------------------------------------------------------------------------------------


@pytest.fixture
def submitted(draft):
    from django.utils import timezone

    draft.status = Status.SUBMITTED
    draft.submitted_at = timezone.now()
    draft.save()
    return draft


def test_the_secretariat_publishes_for_members_only(client_for, submitted, secretary):
    client = client_for(secretary)

    assert client.get(reverse("knowledge:review_list")).status_code == 200
    response = client.post(_review(submitted), {"decision": "publish_members"})

    submitted.refresh_from_db()
    assert response.status_code == 302
    assert (submitted.status, submitted.audience) == (Status.PUBLISHED, "members")


def test_the_secretariat_returns_an_article_with_a_note_and_the_author_is_e_mailed(
    client_for, submitted, secretary, alice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(secretary).post(
            _review(submitted), {"decision": "return", "note": "Pridėkite nuotraukų."}
        )

    submitted.refresh_from_db()
    assert response.status_code == 302
    assert submitted.status == Status.RETURNED
    assert [message.to for message in mail.outbox] == [[alice.email]]
    assert client_for(alice).get(_edit(submitted)).status_code == 200


def test_returning_without_a_note_is_refused_and_nothing_changes(client_for, submitted, secretary):
    response = client_for(secretary).post(_review(submitted), {"decision": "return", "note": ""})

    submitted.refresh_from_db()
    assert response.status_code == 400
    assert "note" in response.context["form"].errors
    assert submitted.status == Status.SUBMITTED
    assert mail.outbox == []


def test_the_auditor_reads_the_review_pages_and_decides_nothing(client_for, submitted, auditor):
    client = client_for(auditor)

    assert client.get(reverse("knowledge:review_list")).status_code == 200
    assert client.get(_review(submitted)).status_code == 200
    assert client.post(_review(submitted), {"decision": "publish_public"}).status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_librarians_and_strangers_have_no_review_pages(client_for, submitted, alice, dave):
    for user in (alice, dave):
        client = client_for(user)
        assert client.get(reverse("knowledge:review_list")).status_code == 403
        assert client.post(_review(submitted), {"decision": "publish_public"}).status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_the_secretariat_withdraws_a_published_article_and_it_leaves_the_list(
    client_for, secretary
):
    article = PracticeArticleFactory(title="Išimamas straipsnis")

    client_for(secretary).post(_review(article), {"decision": "withdraw"})

    article.refresh_from_db()
    assert article.status == Status.WITHDRAWN
    assert "Išimamas straipsnis" not in client_for(None).get(reverse("knowledge:article_list")).text


def test_a_decision_not_offered_for_the_state_is_refused(client_for, secretary):
    article = PracticeArticleFactory()  # published: only withdrawing is offered

    response = client_for(secretary).post(_review(article), {"decision": "return", "note": "x"})

    assert response.status_code == 400
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED


def test_the_back_office_publishes_the_selected_articles(client_for, submitted, secretary):
    response = client_for(secretary).post(
        reverse("admin:knowledge_practicearticle_changelist"),
        {"action": "publish_for_everyone", "_selected_action": [submitted.pk]},
    )

    submitted.refresh_from_db()
    assert response.status_code == 302
    assert submitted.status == Status.PUBLISHED


def test_the_auditor_has_no_publishing_action_in_the_back_office(client_for, submitted, auditor):
    response = client_for(auditor).post(
        reverse("admin:knowledge_practicearticle_changelist"),
        {"action": "publish_for_everyone", "_selected_action": [submitted.pk]},
    )

    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED
    assert response.status_code in (200, 302, 403)


# The library's pages --------------------------------------------------------------------------


def test_the_library_page_lists_its_published_articles_the_visitor_may_read(
    rf, library_a, members_only, draft, carol
):
    from django.contrib.auth.models import AnonymousUser

    public = PracticeArticleFactory(library=library_a, title="Viešas straipsnis")
    request = rf.get("/")
    request.user = AnonymousUser()

    [(template, context)] = library_page_sections(request, library_a)
    request.user = carol
    [(_template, member_context)] = library_page_sections(request, library_a)

    assert template == "knowledge/article_library_section.html"
    assert context["articles"] == [public]
    assert set(member_context["articles"]) == {public, members_only}


def test_my_library_lists_the_articles_in_the_making(rf, library_a, draft, alice):
    request = rf.get("/")
    request.user = alice

    sections = my_library_sections(request, library_a)

    template, context = sections[0]
    assert template == "knowledge/article_my_library_section.html"
    assert context["articles"] == [draft]
    assert context["may_write"] is True


def test_my_account_links_librarians_and_authors_to_their_articles(rf, alice, dave):
    from lrba.knowledge.member_pages import my_account_sections

    request = rf.get("/")
    request.user = alice
    [(template, context)] = my_account_sections(request)
    request.user = dave

    assert template == "knowledge/article_account_section.html"
    assert context["may_write"] is True
    assert my_account_sections(request) == []


def test_the_back_office_pages_of_good_practice_open_for_the_secretariat(
    client_for, secretary, submitted
):
    PracticeImageFactory(article=submitted)
    PracticeAttachmentFactory(article=submitted)
    client = client_for(secretary)

    for url in (
        reverse("admin:knowledge_practicearticle_changelist"),
        reverse("admin:knowledge_practicearticle_change", args=[submitted.pk]),
        reverse("admin:knowledge_practicearticle_add"),
        reverse("admin:knowledge_topic_changelist"),
        reverse("admin:knowledge_topic_add"),
        reverse("admin:knowledge_topicconsultant_changelist"),
    ):
        assert client.get(url).status_code == 200, url


def test_the_back_office_home_panel_counts_the_articles_waiting_for_review(submitted):
    from django.utils import timezone

    from lrba.knowledge.dashboard_practice import submitted_articles_panel

    PracticeArticleFactory()  # published: not waiting

    panel = submitted_articles_panel(now=timezone.now())

    assert panel.count == 1
    assert [row.text.split(" (")[0] for row in panel.rows] == [submitted.title]
    assert "status__exact=submitted" in panel.link


def test_a_public_article_offers_its_picture_for_sharing_and_a_members_only_one_does_not(
    client_for, carol, members_only
):
    public = PracticeImageFactory().article
    PracticeImageFactory(article=members_only)

    shared = client_for(None).get(_detail(public))
    private = client_for(carol).get(_detail(members_only))

    assert '<meta property="og:type" content="article">' in shared.text
    assert 'property="og:image"' in shared.text
    assert 'property="og:image"' not in private.text


def test_the_secretariat_edits_the_draft_it_started_from_a_help_request(
    client_for, library_a, secretary
):
    from lrba.knowledge.models import HelpRequest
    from lrba.knowledge.services.practice import article_from_help_request
    from lrba.knowledge.tests.factories import HelpMessageFactory, HelpRequestFactory

    request = HelpRequestFactory(library=library_a, status=HelpRequest.Status.ANSWERED)
    HelpMessageFactory(request=request, body="Atsakymas.")
    article = article_from_help_request(help_request=request, by=secretary)
    client = client_for(secretary)

    assert client.get(_edit(article)).status_code == 200
    response = client.post(
        _edit(article), _form(article.topic, article.county, title="Vasaros iššūkis")
    )

    article.refresh_from_db()
    assert response.status_code == 302
    assert article.title == "Vasaros iššūkis"
