"""/api/v1/content/: published news only, public documents only, as the pages decide."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lrba.website.models import Document, NewsItem
from lrba.website.tests.factories import DocumentFactory, NewsItemFactory, TagFactory

pytestmark = pytest.mark.django_db

NEWS = "/api/v1/content/news/"
DOCUMENTS = "/api/v1/content/documents/"


def _ago(hours: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(hours=hours)


@pytest.fixture
def news():
    tag = TagFactory(name="skaitmeninimas", name_en="digitisation", slug="skaitmeninimas")
    newest = NewsItemFactory(
        title="Naujausia", title_en="Newest", lead_en="In English", publish_at=_ago(1)
    )
    newest.tags.add(tag)
    older = NewsItemFactory(title="Senesnė", publish_at=_ago(24 * 400))
    draft = NewsItemFactory(title="Juodraštis", status=NewsItem.Status.DRAFT)
    scheduled = NewsItemFactory(title="Suplanuota", publish_at=timezone.now() + _hours(5))
    return {"newest": newest, "older": older, "draft": draft, "scheduled": scheduled}


def _hours(hours: int) -> datetime.timedelta:
    return datetime.timedelta(hours=hours)


def _titles(response):
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["items"]]


def test_news_are_the_published_ones_newest_first_as_on_the_page(client, news):
    page = client.get(reverse("website:news_list"))
    api = client.get(NEWS)

    assert _titles(api) == ["Naujausia", "Senesnė"]
    assert _titles(api) == [item.title for item in page.context["items"]]


def test_news_of_a_year_or_a_tag_are_the_archive_and_tag_pages(client, news):
    year = news["older"].publish_at.year

    assert "Senesnė" in _titles(client.get(NEWS, {"year": year}))
    assert _titles(client.get(NEWS, {"tag": "skaitmeninimas"})) == ["Naujausia"]
    unknown = client.get(NEWS, {"tag": "nera"})
    assert unknown.status_code == 422
    assert unknown.json()["error"]["details"][0]["field"] == "tag"
    assert client.get(NEWS, {"year": 1999}).status_code == 422
    assert client.get(NEWS, {"tag": "a\x00b"}).status_code == 422
    assert client.get(f"{NEWS}a%00b").status_code == 404


def test_news_follow_accept_language_where_written(client, news):
    en = client.get(NEWS, HTTP_ACCEPT_LANGUAGE="en").json()["items"]
    lt = client.get(NEWS, HTTP_ACCEPT_LANGUAGE="lt").json()["items"]

    assert (en[0]["title"], en[0]["lead"]) == ("Newest", "In English")
    assert en[0]["tags"] == [{"slug": "skaitmeninimas", "name": "digitisation"}]
    assert lt[0]["title"] == "Naujausia"
    assert lt[0]["tags"][0]["name"] == "skaitmeninimas"
    assert en[1]["title"] == "Senesnė"  # not written in English: the Lithuanian one


def test_a_news_item_by_id_or_slug(client, news):
    item = news["newest"]
    item.body = "<p>Tekstas</p>"
    item.save()

    by_id = client.get(f"{NEWS}{item.pk}")
    by_slug = client.get(f"{NEWS}{item.slug}")

    assert by_id.status_code == 200
    assert by_id.json() == by_slug.json()
    assert by_id.json()["body_html"] == "<p>Tekstas</p>"
    assert by_id.json()["url"] == f"http://testserver{item.get_absolute_url()}"


@pytest.mark.parametrize("name", ["draft", "scheduled"])
def test_drafts_and_scheduled_items_are_404_even_for_an_editors_session(staff_client, news, name):
    item = news[name]

    for ref in (item.pk, item.slug):
        response = staff_client.get(f"{NEWS}{ref}")
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"
    assert item.title not in _titles(staff_client.get(NEWS))


def test_the_news_list_runs_a_bounded_number_of_queries(
    client, news, django_assert_max_num_queries
):
    tag = TagFactory()
    for n in range(30):
        NewsItemFactory(publish_at=_ago(n + 2)).tags.add(tag)
    with django_assert_max_num_queries(5):
        response = client.get(NEWS, {"page_size": 100})
    assert response.json()["count"] == 32


@pytest.fixture
def documents():
    return {
        "statutes": DocumentFactory(
            title="Įstatai",
            category=Document.Category.STATUTES,
            published_on=datetime.date(2024, 1, 1),
        ),
        "report": DocumentFactory(title="Ataskaita", published_on=datetime.date(2025, 1, 1)),
        "members": DocumentFactory(title="Nariams", access=Document.Access.MEMBERS),
        "board": DocumentFactory(title="Valdybai", access=Document.Access.BOARD),
    }


def test_documents_are_the_public_ones_as_the_page_lists_them_to_a_visitor(client, documents):
    page = client.get(reverse("website:document_list"))
    api = client.get(DOCUMENTS)

    assert _titles(api) == ["Ataskaita", "Įstatai"]
    assert _titles(api) == [document.title for document in page.context["documents"]]


def test_a_members_session_does_not_widen_the_public_documents(member_client, documents):
    titles = _titles(member_client.get(DOCUMENTS))

    assert titles == ["Ataskaita", "Įstatai"]
    for name in ("members", "board"):
        response = member_client.get(f"{DOCUMENTS}{documents[name].pk}")
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"


def test_documents_of_a_category_with_labels_in_the_requests_language(client, documents):
    en = client.get(DOCUMENTS, {"category": "statutes"}, HTTP_ACCEPT_LANGUAGE="en").json()
    lt = client.get(DOCUMENTS, {"category": "statutes"}, HTTP_ACCEPT_LANGUAGE="lt").json()

    assert [item["title"] for item in en["items"]] == ["Įstatai"]
    assert en["items"][0]["category_label"] == "Statutes"
    assert lt["items"][0]["category_label"] == "Įstatai"
    assert client.get(DOCUMENTS, {"category": "secret"}).status_code == 422


def test_a_public_document_points_at_the_access_checked_download(client, documents):
    document = documents["report"]

    answer = client.get(f"{DOCUMENTS}{document.pk}").json()
    download = client.get(answer["download_url"])

    assert answer["download_url"] == "http://testserver" + reverse(
        "website:document_download", args=[document.pk]
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize(
    ("ref", "status", "code"),
    [
        ("999999", 404, "not_found"),
        ("0", 422, "invalid"),
        ("-1", 422, "invalid"),
        ("x", 422, "invalid"),
        ("9" * 30, 422, "invalid"),
    ],
)
def test_unknown_documents_are_refused_in_the_error_shape(client, documents, ref, status, code):
    response = client.get(f"{DOCUMENTS}{ref}")

    assert response.status_code == status
    assert response.json()["error"]["code"] == code


def test_the_document_list_is_paginated_and_refuses_a_huge_page(client, documents):
    page = client.get(DOCUMENTS, {"page_size": 1}).json()
    huge = client.get(DOCUMENTS, {"page_size": 101})

    assert (page["count"], page["pages"], len(page["items"])) == (2, 2, 1)
    assert huge.status_code == 422
    assert huge.json()["error"]["code"] == "invalid"


def test_the_document_list_runs_a_bounded_number_of_queries(
    client, documents, django_assert_max_num_queries
):
    for _ in range(30):
        DocumentFactory()
    with django_assert_max_num_queries(3):
        response = client.get(DOCUMENTS, {"page_size": 100})
    assert response.json()["count"] == 32
