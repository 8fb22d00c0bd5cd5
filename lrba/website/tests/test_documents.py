"""Documents with access levels and the Board page, tested with personas:
anonymous, a member, a Board member, the secretariat and the auditor."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from lrba.accounts.tests.factories import MODEL_BACKEND, totp_activate
from lrba.website.models import Document
from lrba.website.selectors import document_list

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%test\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _document(access: str, title: str, category: str = Document.Category.MINUTES) -> Document:
    return Document.objects.create(
        title=title,
        access=access,
        category=category,
        file=SimpleUploadedFile(f"{access}.pdf", PDF),
    )


@pytest.fixture
def documents() -> dict[str, Document]:
    return {
        "public": _document(
            Document.Access.PUBLIC, "Asociacijos įstatų redakcija", Document.Category.STATUTES
        ),
        "members": _document(Document.Access.MEMBERS, "Narių susirinkimo protokolas"),
        "board": _document(Document.Access.BOARD, "Valdybos posėdžio protokolas"),
    }


@pytest.fixture
def personas(member_user, charlie, dave, staff_user, board_member, auditor) -> dict[str, Client]:
    totp_activate(staff_user)  # the document pages are staff pages for the secretariat
    users = {
        "member": member_user,  # works at a member library
        "nonmember_staff": charlie,  # works at a library that is not a member
        "stranger": dave,
        "board": board_member,
        "secretariat": staff_user,
        "auditor": auditor,
    }
    clients = {"anonymous": Client()}
    for name, user in users.items():
        clients[name] = Client()
        clients[name].force_login(user, backend=MODEL_BACKEND)
    return clients


# Who sees which level: (persona, level) → download status. 302 = sent to sign in.
MATRIX = {
    "anonymous": {"public": 200, "members": 302, "board": 302},
    "member": {"public": 200, "members": 200, "board": 403},
    # Signed in, but neither working in a library nor a member (e.g. a former employee).
    "stranger": {"public": 200, "members": 403, "board": 403},
    # Staff of a library that is not a member: members-only is for members.
    "nonmember_staff": {"public": 200, "members": 403, "board": 403},
    "board": {"public": 200, "members": 200, "board": 200},
    "secretariat": {"public": 200, "members": 200, "board": 200},
    "auditor": {"public": 200, "members": 200, "board": 403},
}


@pytest.mark.parametrize("persona", MATRIX)
def test_the_document_list_shows_what_each_persona_may_read(personas, documents, persona):
    html = personas[persona].get(reverse("website:document_list")).content.decode()

    for level, status in MATRIX[persona].items():
        assert (documents[level].title in html) == (status == 200), (persona, level)


@pytest.mark.parametrize("persona", MATRIX)
def test_downloads_follow_the_access_levels(personas, documents, persona):
    for level, status in MATRIX[persona].items():
        response = personas[persona].get(documents[level].get_absolute_url())
        assert response.status_code == status, (persona, level)
        if status == 200:
            assert b"".join(response.streaming_content) == PDF
            assert "attachment" in response["Content-Disposition"]
        if status == 302:
            assert response["Location"].startswith("/paskyra/login/?next=/dokumentai/")


def test_a_members_file_is_not_kept_in_shared_caches(personas, documents):
    response = personas["member"].get(documents["members"].get_absolute_url())
    assert "no-store" in response["Cache-Control"]


def test_an_unknown_document_is_not_found(client):
    assert client.get(reverse("website:document_download", args=[999])).status_code == 404


def test_the_list_filters_by_category(client, documents):
    response = client.get(reverse("website:document_list"), {"category": "minutes"})
    assert documents["public"].title not in response.content.decode()
    response = client.get(reverse("website:document_list"), {"category": "statutes"})
    assert documents["public"].title in response.content.decode()


def test_the_selector_gives_anonymous_visitors_only_public_documents(documents):
    assert list(document_list(user=AnonymousUser())) == [documents["public"]]


@pytest.mark.parametrize(
    ("persona", "status"),
    [("anonymous", 302), ("member", 403), ("auditor", 403), ("board", 200), ("secretariat", 200)],
)
def test_the_board_page_is_for_the_board_and_the_secretariat(personas, documents, persona, status):
    response = personas[persona].get(reverse("website:board"))

    assert response.status_code == status
    if status == 200:
        html = response.content.decode()
        assert documents["board"].title in html
        assert documents["members"].title not in html
        assert "valdyba" in html  # the Board member's name


def test_the_header_links_to_the_board_page_for_board_members_only(personas):
    board_link = f'href="{reverse("website:board")}"'
    assert board_link in personas["board"].get("/dokumentai/").content.decode()
    assert board_link not in personas["member"].get("/dokumentai/").content.decode()
    assert board_link not in personas["anonymous"].get("/dokumentai/").content.decode()


def test_uploads_must_be_genuine_documents():
    document = Document(
        title="Skriptas", file=SimpleUploadedFile("virusas.pdf", b"MZ\x90\x00not a pdf")
    )
    with pytest.raises(ValidationError) as error:
        document.full_clean()
    assert "file" in error.value.message_dict


def test_the_secretariat_uploads_a_document_in_the_back_office(staff_client, staff_user):
    response = staff_client.post(
        reverse("admin:website_document_add"),
        {
            "title": "Ataskaita",
            "description": "",
            "category": "report",
            "access": "board",
            "published_on": "2026-03-01",
            "file": SimpleUploadedFile("ataskaita.pdf", PDF),
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    document = Document.objects.get(title="Ataskaita")
    assert document.created_by == staff_user
    assert document.file.name.startswith("documents/")
