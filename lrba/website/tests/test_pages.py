"""The page tree: addresses kept right, loops refused, what visitors and editors see."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lrba.core.association import association
from lrba.website.models import Page
from lrba.website.services.pages import page_delete, page_save
from lrba.website.tests.factories import PageFactory, PageImageFactory

pytestmark = pytest.mark.django_db


def new_page(*, slug, parent=None, **fields):
    page = Page(slug=slug, parent=parent, title=fields.pop("title", slug.title()), **fields)
    page.status = fields.get("status", Page.Status.PUBLISHED)
    return page_save(page=page)


@pytest.fixture
def tree():
    """veikla → projektai → 2025 (three levels)."""
    top = new_page(slug="veikla", title="Veikla")
    middle = new_page(slug="projektai-apie", parent=top, title="Projektai")
    leaf = new_page(slug="2025", parent=middle, title="2025 metai")
    return top, middle, leaf


# Paths ---------------------------------------------------------------------------------------


def test_a_page_gets_the_path_of_its_ancestors_and_its_slug(tree):
    _top, _middle, leaf = tree
    assert leaf.path == "veikla/projektai-apie/2025"
    assert leaf.get_absolute_url() == "/veikla/projektai-apie/2025/"


def test_renaming_a_section_moves_every_page_under_it(tree):
    top, middle, leaf = tree
    top.slug = "musu-veikla"
    page_save(page=top)

    middle.refresh_from_db()
    leaf.refresh_from_db()
    assert middle.path == "musu-veikla/projektai-apie"
    assert leaf.path == "musu-veikla/projektai-apie/2025"


def test_moving_a_page_under_another_moves_its_children_along(tree):
    _top, middle, leaf = tree
    other = new_page(slug="apie-mus-kita")
    middle.parent = other
    page_save(page=middle)

    leaf.refresh_from_db()
    assert leaf.path == "apie-mus-kita/projektai-apie/2025"


def test_a_page_cannot_be_its_own_parent(tree):
    top, _middle, _leaf = tree
    top.parent = top
    with pytest.raises(ValidationError) as refused:
        page_save(page=top)
    assert "parent" in refused.value.message_dict
    top.refresh_from_db()
    assert top.parent is None and top.path == "veikla"


def test_a_page_cannot_go_under_its_own_descendant(tree):
    top, _middle, leaf = tree
    top.parent = leaf
    with pytest.raises(ValidationError) as refused:
        page_save(page=top)
    assert "parent" in refused.value.message_dict
    assert Page.objects.get(pk=top.pk).path == "veikla"


def test_two_pages_cannot_share_an_address(tree):
    top, _middle, _leaf = tree
    with pytest.raises(ValidationError):
        new_page(slug="projektai-apie", parent=top)


def test_a_top_page_cannot_take_an_address_another_part_of_the_site_answers():
    with pytest.raises(ValidationError) as refused:
        new_page(slug="dokumentai")
    assert "slug" in refused.value.message_dict


def test_a_page_with_pages_under_it_is_not_deleted(tree):
    top, _middle, _leaf = tree
    with pytest.raises(ValidationError):
        page_delete(page=top)
    assert Page.objects.filter(pk=top.pk).exists()


# What visitors see ---------------------------------------------------------------------------


def test_a_published_page_shows_with_breadcrumbs_and_its_children(client, tree):
    top, middle, leaf = tree
    new_page(slug="juodrastis", parent=middle, status=Page.Status.DRAFT, title="Juodraštis")
    # page_save sets the status from the argument; make sure the draft is a draft
    Page.objects.filter(slug="juodrastis").update(status=Page.Status.DRAFT)

    response = client.get(middle.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Projektai</h1>" in html
    assert f'<a href="{top.get_absolute_url()}">Veikla</a>' in html
    assert '<span aria-current="page">Projektai</span>' in html
    assert f'href="{leaf.get_absolute_url()}">2025 metai</a>' in html
    assert "Juodraštis" not in html


def test_a_draft_is_not_found_by_visitors(client):
    page = new_page(slug="ruosiamas")
    Page.objects.filter(pk=page.pk).update(status=Page.Status.DRAFT)
    assert client.get(page.get_absolute_url()).status_code == 404


def test_a_page_outside_its_publication_period_is_not_found(client):
    now = timezone.now()
    later = new_page(slug="busimas", published_from=now + datetime.timedelta(days=1))
    ended = new_page(slug="pasibaiges", published_until=now - datetime.timedelta(minutes=1))
    current = new_page(
        slug="dabartinis",
        published_from=now - datetime.timedelta(days=1),
        published_until=now + datetime.timedelta(days=1),
    )
    assert client.get(later.get_absolute_url()).status_code == 404
    assert client.get(ended.get_absolute_url()).status_code == 404
    assert client.get(current.get_absolute_url()).status_code == 200


def test_a_page_under_a_hidden_section_is_not_found(client, tree):
    top, _middle, leaf = tree
    Page.objects.filter(pk=top.pk).update(status=Page.Status.DRAFT)
    assert client.get(leaf.get_absolute_url()).status_code == 404


def test_the_about_address_still_shows_the_about_page_of_the_tree(client):
    response = client.get(reverse("website:about"))
    assert response.status_code == 200
    assert response.context["page"].path == "apie-asociacija"


def test_an_english_reader_gets_the_english_title_and_text(client):
    page = new_page(
        slug="anglu", title="Lietuviškai", title_en="In English", body_en="<p>English text.</p>"
    )
    html = client.get(page.get_absolute_url() + "?lang=en").content.decode()
    assert "<h1>In English</h1>" in html and "English text." in html


def test_script_in_a_page_body_is_removed_when_saved(client):
    page = new_page(
        slug="skriptas", body='<p onclick="steal()">Tekstas</p><script>alert(1)</script>'
    )
    page.refresh_from_db()
    assert "script" not in page.body and "onclick" not in page.body
    html = client.get(page.get_absolute_url()).content.decode()
    assert "alert(1)" not in html and "steal()" not in html


def test_the_contacts_page_shows_the_association_requisites(client, settings):
    settings.LRBA_ASSOCIATION_LEGAL_ENTITY_CODE = "302812345"
    settings.LRBA_ASSOCIATION_BANK_ACCOUNT = "LT121000011101001000"
    page = Page.objects.get(path="kontaktai")

    html = client.get(page.get_absolute_url()).content.decode()

    assert page.kind == Page.Kind.CONTACTS
    assert association().name in html
    assert "302812345" in html
    assert "LT12 1000 0111 0100 1000" in html


def test_the_default_pages_are_published_with_both_languages():
    for path in ("apie-asociacija/istatai", "kontaktai", "prieinamumas"):
        page = Page.objects.get(path=path)
        assert page.status == Page.Status.PUBLISHED
        assert page.title_en and page.body_en


def test_the_accessibility_statement_says_its_status_feedback_and_enforcement(client):
    lt_html = client.get("/prieinamumas/").content.decode()
    en_html = client.get("/prieinamumas/?lang=en").content.decode()
    assert "iš dalies atitinka" in lt_html
    assert "Įgyvendinimo užtikrinimo procedūra" in lt_html
    assert "partially compliant" in en_html
    assert "Feedback and contact information" in en_html
    assert "Enforcement procedure" in en_html


# Preview -------------------------------------------------------------------------------------


def test_an_editor_previews_a_draft_marked_as_preview(client_for, secretary):
    page = new_page(slug="naujas-puslapis", title="Naujas puslapis")
    Page.objects.filter(pk=page.pk).update(status=Page.Status.DRAFT)

    response = client_for(secretary).get(reverse("website:page_preview", args=[page.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "page-preview" in html and 'name="robots" content="noindex"' in html
    assert response["Cache-Control"] == "private, no-store"
    assert "<h1>Naujas puslapis</h1>" in html


def test_the_auditor_may_preview_too(client_for, auditor):
    page = new_page(slug="auditoriui")
    assert (
        client_for(auditor).get(reverse("website:page_preview", args=[page.pk])).status_code == 200
    )


@pytest.mark.parametrize("persona", ["alice", "dave"])
def test_a_member_or_a_stranger_may_not_preview(client_for, persona, request):
    page = new_page(slug="slaptas")
    user = request.getfixturevalue(persona)
    response = client_for(user).get(reverse("website:page_preview", args=[page.pk]))
    assert response.status_code == 403


def test_an_anonymous_visitor_asking_for_a_preview_is_sent_to_sign_in(client):
    page = new_page(slug="prisijunk")
    response = client.get(reverse("website:page_preview", args=[page.pk]))
    assert response.status_code == 302 and "/paskyra/" in response["Location"]


# Pictures ------------------------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_a_published_page_shows_its_picture_lazily_with_alt_text(client, media):
    image = PageImageFactory(page=PageFactory(slug="su-paveikslu"), alt_text="Skaitykla")

    html = client.get(image.page.get_absolute_url()).content.decode()

    url = reverse("website:page_image", args=[image.page.pk, image.pk, 960])
    assert f"{url} 960w" in html
    assert 'alt="Skaitykla"' in html and 'loading="lazy"' in html
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["Cache-Control"].startswith("public")


def test_a_drafts_picture_is_hidden_from_visitors_and_shown_to_editors(
    client, client_for, secretary, media
):
    image = PageImageFactory(page=PageFactory(slug="juodrascio", status=Page.Status.DRAFT))
    url = reverse("website:page_image", args=[image.page.pk, image.pk, 480])

    assert client.get(url).status_code == 404
    response = client_for(secretary).get(url)
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("private")


def test_a_picture_of_another_page_is_not_found(client, media):
    image = PageImageFactory()
    other = PageFactory()
    url = reverse("website:page_image", args=[other.pk, image.pk, 480])
    assert client.get(url).status_code == 404


# Back office ---------------------------------------------------------------------------------


def test_the_page_admin_saves_through_the_service_and_keeps_history(staff_client):
    top = new_page(slug="skyrius", title="Skyrius")
    child = new_page(slug="vaikas", parent=top)
    url = reverse("admin:website_page_change", args=[top.pk])
    form = staff_client.get(url)
    assert form.status_code == 200

    response = staff_client.post(
        url,
        {
            "title": "Skyrius",
            "slug": "naujas-skyrius",
            "status": "published",
            "kind": "standard",
            "position": 0,
            "body": "<p>Tekstas</p>",
            "images-TOTAL_FORMS": 0,
            "images-INITIAL_FORMS": 0,
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    child.refresh_from_db()
    assert child.path == "naujas-skyrius/vaikas"
    history = staff_client.get(reverse("admin:website_page_auditlog", args=[top.pk]))
    assert history.status_code == 200
    assert "naujas-skyrius" in history.content.decode()


def test_the_page_admin_refuses_a_loop_with_a_message(staff_client):
    top = new_page(slug="virsus")
    child = new_page(slug="apacia", parent=top)

    response = staff_client.post(
        reverse("admin:website_page_change", args=[top.pk]),
        {
            "title": "Viršus",
            "slug": "virsus",
            "parent": child.pk,
            "status": "published",
            "kind": "standard",
            "position": 0,
            "images-TOTAL_FORMS": 0,
            "images-INITIAL_FORMS": 0,
        },
    )

    assert response.status_code == 200
    assert "under it" in response.content.decode() or "po juo" in response.content.decode()
    top.refresh_from_db()
    assert top.parent is None


def test_a_page_image_without_alt_text_is_refused_in_the_admin(staff_client, media):
    from lrba.website.tests.factories import png_file

    page = new_page(slug="be-alt")
    response = staff_client.post(
        reverse("admin:website_page_change", args=[page.pk]),
        {
            "title": page.title,
            "slug": page.slug,
            "status": "published",
            "kind": "standard",
            "position": 0,
            "images-TOTAL_FORMS": 1,
            "images-INITIAL_FORMS": 0,
            "images-0-image": png_file(),
            "images-0-alt_text": "",
            "images-0-position": 0,
        },
    )
    assert response.status_code == 200
    assert not page.images.exists()
