"""News as the public, editors and the back office meet it."""

import datetime
from unittest import mock

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from conftest import lt
from lrba.core.models import Audience
from lrba.core.search import search_entries
from lrba.events.tests.factories import EventFactory
from lrba.website.models import NewsImage, NewsItem
from lrba.website.tests.factories import (
    NewsImageFactory,
    NewsItemFactory,
    ProjectFactory,
    TagFactory,
    png_file,
)
from lrba.website.views_news import NEWS_PER_PAGE

pytestmark = pytest.mark.django_db


def _in(hours: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(hours=hours)


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_a_published_item_is_listed_and_opens_with_its_picture_and_links(client, library_a):
    project = ProjectFactory(title="Skaitmeninės bibliotekos")
    event = EventFactory(title="Rudens konferencija")
    tag = TagFactory(name="Skaitymas", slug="skaitymas")
    item = NewsItemFactory(
        title="Bibliotekose – naujos paslaugos",
        library=library_a,
        event=event,
        project=project,
        body="<p>Pirmoji <strong>pastraipa</strong>.</p>",
    )
    item.tags.add(tag)
    image = NewsImageFactory(news_item=item, alt_text="Skaitytojai prie lentynų")

    listing = _page(client, reverse("website:news_list"))
    page = _page(client, item.get_absolute_url())

    assert "Bibliotekose – naujos paslaugos" in listing
    assert 'alt="Skaitytojai prie lentynų"' in listing
    assert "<strong>pastraipa</strong>" in page
    image_url = reverse("website:news_image", args=[item.slug, image.pk, 960])
    assert image_url in page
    assert 'loading="eager"' in page  # the picture at the top of the item
    assert library_a.get_absolute_url() in page
    assert event.get_absolute_url() in page
    assert project.get_absolute_url() in page
    assert reverse("website:news_tag", args=["skaitymas"]) in page


def test_the_picture_view_sends_a_webp_rendition_of_a_published_item(client):
    image = NewsImageFactory()

    response = client.get(reverse("website:news_image", args=[image.news_item.slug, image.pk, 480]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert "public" in response["Cache-Control"]


def test_a_draft_is_hidden_from_the_public_with_its_pictures(client):
    item = NewsItemFactory(title="Juodraštis apie biudžetą", status=NewsItem.Status.DRAFT)
    image = NewsImageFactory(news_item=item)

    assert client.get(item.get_absolute_url()).status_code == 404
    assert "Juodraštis apie biudžetą" not in _page(client, reverse("website:news_list"))
    url = reverse("website:news_image", args=[item.slug, image.pk, 480])
    assert client.get(url).status_code == 404


def test_a_scheduled_item_appears_when_its_time_comes_on_a_list_already_cached(client):
    NewsItemFactory(title="Senesnė naujiena")
    item = NewsItemFactory(title="Suplanuota naujiena", publish_at=_in(2))
    list_url = reverse("website:news_list")

    assert "Suplanuota naujiena" not in _page(client, list_url)
    assert client.get(item.get_absolute_url()).status_code == 404

    later = _in(3)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert "Suplanuota naujiena" in _page(client, list_url)
        assert client.get(item.get_absolute_url()).status_code == 200


def test_an_editor_previews_a_draft_and_a_scheduled_item(client_for, secretary, auditor):
    draft = NewsItemFactory(title="Dar rašoma", status=NewsItem.Status.DRAFT)
    scheduled = NewsItemFactory(title="Rytojaus žinia", publish_at=_in(24))

    for user in (secretary, auditor):  # the auditor reads the back office too
        editor = client_for(user)
        html = _page(editor, draft.get_absolute_url())
        assert "Dar rašoma" in html
        assert lt("Preview: this news item is a draft; the public does not see it.") in html
        assert "Rytojaus žinia" in _page(editor, scheduled.get_absolute_url())


def test_a_librarian_without_the_permission_gets_no_preview(client_for, alice):
    draft = NewsItemFactory(status=NewsItem.Status.DRAFT)

    assert client_for(alice).get(draft.get_absolute_url()).status_code == 404


def test_a_user_granted_only_view_newsitem_may_preview(client_for, dave):
    dave.user_permissions.add(Permission.objects.get(codename="view_newsitem"))
    draft = NewsItemFactory(status=NewsItem.Status.DRAFT)

    assert client_for(dave).get(draft.get_absolute_url()).status_code == 200


def test_the_list_pages_and_bad_page_numbers_fall_back(client):
    for number in range(NEWS_PER_PAGE + 1):
        NewsItemFactory(
            title=f"Naujiena numeris {number:02d}",
            publish_at=timezone.now() - datetime.timedelta(days=number + 1),
        )
    url = reverse("website:news_list")

    first = _page(client, url)
    second = _page(client, url + "?page=2")
    garbage = _page(client, url + "?page=abc")
    too_far = _page(client, url + "?page=99")

    assert "Naujiena numeris 00" in first
    assert f"Naujiena numeris {NEWS_PER_PAGE:02d}" not in first
    assert f"Naujiena numeris {NEWS_PER_PAGE:02d}" in second
    assert "Naujiena numeris 00" in garbage
    assert f"Naujiena numeris {NEWS_PER_PAGE:02d}" in too_far
    assert "99" in too_far and 'class="message message--warning"' in too_far


def test_the_yearly_archive_shows_that_year_only(client):
    this_year = timezone.localdate().year
    NewsItemFactory(
        title="Praėjusių metų žinia",
        publish_at=timezone.make_aware(datetime.datetime(this_year - 1, 6, 1, 12)),
    )
    NewsItemFactory(title="Šių metų žinia")

    html = _page(client, reverse("website:news_year", args=[this_year - 1]))

    assert "Praėjusių metų žinia" in html
    assert "Šių metų žinia" not in html
    assert reverse("website:news_year", args=[this_year]) in html  # the archive's links
    assert client.get(reverse("website:news_year", args=[1999])).status_code == 404
    assert client.get(reverse("website:news_year", args=[this_year - 5])).status_code == 404


def test_a_tag_page_lists_its_items_and_an_unknown_tag_is_not_found(client):
    tag = TagFactory(name="Vaikai", slug="vaikai")
    NewsItemFactory(title="Vaikų skaitymo vasara").tags.add(tag)
    NewsItemFactory(title="Kita žinia")

    html = _page(client, reverse("website:news_tag", args=["vaikai"]))

    assert "Vaikų skaitymo vasara" in html
    assert "Kita žinia" not in html
    assert client.get(reverse("website:news_tag", args=["nera"])).status_code == 404


def test_an_edit_shows_at_once_on_cached_pages(client):
    item = NewsItemFactory(title="Pirmas pavadinimas")
    _page(client, reverse("website:news_list"))
    _page(client, item.get_absolute_url())

    item.title = "Pataisytas pavadinimas"
    item.save()

    assert "Pataisytas pavadinimas" in _page(client, reverse("website:news_list"))
    assert "Pataisytas pavadinimas" in _page(client, item.get_absolute_url())


def test_an_unpublished_project_is_not_linked_from_a_news_item(client):
    project = ProjectFactory(title="Slaptas projektas", is_published=False)
    item = NewsItemFactory(project=project)

    assert "Slaptas projektas" not in _page(client, item.get_absolute_url())


def test_a_script_in_the_body_never_reaches_the_page(client):
    item = NewsItemFactory(
        body='<p>Tekstas<script>alert(1)</script><img src="x" onerror="alert(2)"></p>'
    )

    html = _page(client, item.get_absolute_url())

    assert "alert(1)" not in html
    assert "onerror" not in html
    assert "Tekstas" in html


# The back office ---------------------------------------------------------------------


def _admin_form(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": "Naujiena iš administravimo",
        "slug": "naujiena-is-administravimo",
        "lead": "Trumpai apie tai, kas vyksta.",
        "body": "<p>Gera žinia</p>",
        "status": NewsItem.Status.PUBLISHED,
        "publish_at_0": timezone.localtime().strftime("%Y-%m-%d"),
        "publish_at_1": "08:00:00",
        "title_en": "",
        "lead_en": "",
        "body_en": "",
        "images-TOTAL_FORMS": "0",
        "images-INITIAL_FORMS": "0",
        "images-MIN_NUM_FORMS": "0",
        "images-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_the_back_office_strips_script_and_event_handlers_from_the_body(client_for, secretary):
    response = client_for(secretary).post(
        reverse("admin:website_newsitem_add"),
        _admin_form(body='<p onclick="x()">Gera žinia<script>alert(1)</script></p>'),
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    item = NewsItem.objects.get(slug="naujiena-is-administravimo")
    assert "script" not in item.body
    assert "onclick" not in item.body
    assert "Gera žinia" in item.body
    assert item.author == secretary


def test_the_back_office_saves_a_picture_and_draws_its_renditions(
    client_for, secretary, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(secretary).post(
            reverse("admin:website_newsitem_add"),
            _admin_form(
                **{
                    "images-TOTAL_FORMS": "1",
                    "images-0-image": png_file(size=(1200, 800)),
                    "images-0-alt_text": "Bibliotekos salė",
                    "images-0-position": "0",
                }
            ),
        )

    assert response.status_code == 302, response.content.decode()[:3000]
    image = NewsImage.objects.get()
    image.refresh_from_db()
    assert image.renditions.get("480", "").endswith(".webp")


def test_the_back_office_refuses_a_file_that_is_not_a_picture_and_says_why(client_for, secretary):
    fake = SimpleUploadedFile("nuotrauka.png", b"%PDF-1.4 not a picture", "image/png")

    response = client_for(secretary).post(
        reverse("admin:website_newsitem_add"),
        _admin_form(
            **{
                "images-TOTAL_FORMS": "1",
                "images-0-image": fake,
                "images-0-alt_text": "Netikra",
                "images-0-position": "0",
            }
        ),
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert not NewsItem.objects.exists()
    assert "paveiksl" in html.lower() or "image" in html.lower()
    errors = response.context["inline_admin_formsets"][0].formset.errors
    assert errors[0]["image"], errors


def test_the_publish_action_needs_the_change_permission(client_for, auditor, secretary):
    draft = NewsItemFactory(status=NewsItem.Status.DRAFT)
    data = {"action": "publish_selected", "_selected_action": [draft.pk]}
    url = reverse("admin:website_newsitem_changelist")

    client_for(auditor).post(url, data)
    draft.refresh_from_db()
    assert draft.status == NewsItem.Status.DRAFT

    client_for(secretary).post(url, data)
    draft.refresh_from_db()
    assert draft.status == NewsItem.Status.PUBLISHED


# The site search --------------------------------------------------------------------


def _found(query: str, kind: str) -> list[str]:
    entries = search_entries(query=query, audiences=[Audience.PUBLIC], kinds=[kind])
    return [entry.title for entry in entries]


def test_the_search_finds_published_news_and_projects_but_not_drafts():
    NewsItemFactory(title="Kraštotyros savaitė bibliotekose")
    NewsItemFactory(title="Kraštotyros juodraštis", status=NewsItem.Status.DRAFT)
    ProjectFactory(title="Kraštotyros projektas")
    ProjectFactory(title="Kraštotyros planas", is_published=False)

    assert _found("kraštotyros", "news") == ["Kraštotyros savaitė bibliotekose"]
    assert _found("kraštotyros", "project") == ["Kraštotyros projektas"]


def test_the_search_finds_a_scheduled_item_only_from_its_time():
    NewsItemFactory(title="Tautosakos vakaras", publish_at=_in(2))

    assert _found("tautosakos", "news") == []
    with mock.patch("django.utils.timezone.now", return_value=_in(3)):
        assert _found("tautosakos", "news") == ["Tautosakos vakaras"]
