"""The site search page (/paieska/) as visitors meet it: a stranger, a member's librarian,
a Board member; with and without htmx; with input that is not what the form sends."""

import pytest
from django.test import Client
from django.urls import reverse

from conftest import lt
from lrba.accounts.tests.factories import MODEL_BACKEND
from lrba.core.models import SearchEntry
from lrba.events.tests.factories import EventFactory
from lrba.website.models import Document
from lrba.website.tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db

URL = reverse("website:search")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def documents() -> dict[str, Document]:
    return {
        access: DocumentFactory(title=f"Bibliotekų {word} ataskaita", access=access)
        for access, word in (
            (Document.Access.PUBLIC, "viešoji"),
            (Document.Access.MEMBERS, "narių"),
            (Document.Access.BOARD, "valdybos"),
        )
    }


def _event(title: str, **fields):
    bare = {"summary": "", "venue_name": "", "address": "", "municipality": None}
    return EventFactory(title=title, **{**bare, **fields})


def test_a_stranger_finds_public_documents_only(client, documents):
    response = client.get(URL, {"q": "bibliotekose"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Bibliotekų viešoji ataskaita" in page
    assert "Bibliotekų narių ataskaita" not in page
    assert "Bibliotekų valdybos ataskaita" not in page


def test_a_member_also_finds_members_only_documents_and_sees_they_are(member_client, documents):
    page = member_client.get(URL, {"q": "ataskaitos"}).content.decode()

    assert "Bibliotekų viešoji ataskaita" in page
    assert "Bibliotekų narių ataskaita" in page
    assert lt("Members only") in page
    assert "Bibliotekų valdybos ataskaita" not in page


def test_a_board_member_finds_board_documents(board_member, documents):
    client = Client()
    client.force_login(board_member, backend=MODEL_BACKEND)

    page = client.get(URL, {"q": "ataskaitos"}).content.decode()

    assert "Bibliotekų valdybos ataskaita" in page


def test_the_kind_filter_narrows_the_results_and_counts_each_kind(client, documents):
    _event("Bibliotekų ataskaitų seminaras")

    everything = client.get(URL, {"q": "ataskaita"}).content.decode()
    events = client.get(URL, {"q": "ataskaita", "kind": "event"}).content.decode()

    assert "Bibliotekų viešoji ataskaita" in everything
    assert "Bibliotekų ataskaitų seminaras" in everything
    assert 'id="search-count-document"' in everything
    assert "Bibliotekų ataskaitų seminaras" in events
    assert "Bibliotekų viešoji ataskaita" not in events
    assert 'value="event" id="search-kind-event" checked' in events


def test_htmx_gets_the_results_and_the_counts_only(client, documents):
    response = client.get(URL, {"q": "ataskaita"}, headers={"HX-Request": "true"})

    page = response.content.decode()
    assert "Bibliotekų viešoji ataskaita" in page
    assert "<form" not in page
    assert 'id="search-count-document" hx-swap-oob="true"' in page
    assert "HX-Request" in response["Vary"]


def test_without_a_query_the_page_invites_typing(client, documents):
    page = client.get(URL).content.decode()

    assert lt("Type what you are looking for.") in page
    assert "Bibliotekų viešoji ataskaita" not in page


@pytest.mark.parametrize(
    "parameters",
    [
        {"q": '"'},
        {"q": "NEAR(a b) OR * ^ title:x"},
        {"q": "x" * 5000},
        {"q": "bibliotekų\x00"},
        {"q": "biblioteka", "kind": ["nope", "<script>"]},
        {"q": "biblioteka", "page": "999"},
        {"q": "biblioteka", "page": "-1x"},
    ],
)
def test_input_the_form_does_not_send_still_gets_a_page(client, documents, parameters):
    response = client.get(URL, parameters)

    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[-1].split("</main>")[0]


def test_an_overlong_query_is_cut_with_a_note(client):
    page = client.get(URL, {"q": "biblioteka " * 100}).content.decode()

    assert lt("The search text was cut to %(limit)s characters.") % {"limit": 200} in page


def test_an_unknown_kind_is_ignored_with_a_note(client, documents):
    page = client.get(URL, {"q": "ataskaita", "kind": "nope"}).content.decode()

    assert lt("Unknown kinds of results were ignored.") in page
    assert "Bibliotekų viešoji ataskaita" in page


def test_results_are_paginated_keeping_the_query_and_kinds(client):
    for n in range(23):
        _event(f"Bibliotekų seminaras {n}")

    first = client.get(URL, {"q": "seminaras", "kind": "event"}).content.decode()
    second = client.get(URL, {"q": "seminaras", "kind": "event", "page": "2"}).content.decode()

    assert first.count('class="search-result"') == 20
    assert second.count('class="search-result"') == 3
    assert "?q=seminaras&amp;kind=event&amp;page=2" in first


def test_a_reader_of_english_gets_the_english_text_where_there_is_one(client):
    DocumentFactory(title="Bibliotekų metinė ataskaita", description="Ką nuveikėme.")
    DocumentFactory(title="Bibliotekų protokolas")
    # The sources write English where their records have it; documents have none.
    SearchEntry.objects.filter(title="Bibliotekų metinė ataskaita").update(
        title_en="Annual report of the libraries", summary_en="What we did."
    )

    english = client.get(URL, {"q": "bibliotekos"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    lithuanian = client.get(URL, {"q": "bibliotekos"}, HTTP_ACCEPT_LANGUAGE="lt").content.decode()

    assert "Annual report of the libraries" in english and "What we did." in english
    assert "Bibliotekų protokolas" in english  # no English title: the Lithuanian one
    assert "Bibliotekų metinė ataskaita" in lithuanian and "Ką nuveikėme." in lithuanian
    assert "Annual report" not in lithuanian
