"""Findability: sitemap.xml, robots.txt, canonical and hreflang addresses, ?lang=en, and
the tags a shared link is shown with."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from lrba.events.tests.factories import EventFactory
from lrba.knowledge.models import PracticeArticle
from lrba.knowledge.tests.factories import PracticeArticleFactory
from lrba.members.tests.factories import LibraryFactory, MembershipFactory
from lrba.website.models import NewsItem, Page
from lrba.website.search_pages import page_document
from lrba.website.tests.factories import (
    NewsItemFactory,
    PageFactory,
    PageImageFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db

SITE = "https://www.lrba.example"


@pytest.fixture(autouse=True)
def _site(settings, tmp_path):
    settings.LRBA_SITE_URL = SITE
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "internal"]
    settings.MEDIA_ROOT = tmp_path


def sitemap_locations(client):
    response = client.get(reverse("website:sitemap"), HTTP_HOST="internal:8000")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    xml = response.content.decode()
    return xml, re.findall(r"<loc>([^<]+)</loc>", xml)


# sitemap.xml ---------------------------------------------------------------------------------


def test_the_sitemap_lists_public_content_in_both_languages(client):
    page = PageFactory(slug="viesas")
    news = NewsItemFactory(slug="viesa-naujiena")
    project = ProjectFactory(slug="viesas-projektas")
    article = PracticeArticleFactory(slug="viesa-patirtis")
    event = EventFactory()
    library = LibraryFactory(slug="nare")
    MembershipFactory(library=library)

    xml, locations = sitemap_locations(client)

    for path in (
        page.get_absolute_url(),
        news.get_absolute_url(),
        project.get_absolute_url(),
        article.get_absolute_url(),
        event.get_absolute_url(),
        library.get_absolute_url(),
        "/",
        "/apie-asociacija/",
    ):
        assert f"{SITE}{path}" in locations, path
        assert f"{SITE}{path}?lang=en" in locations, path
    assert f'hreflang="en" href="{SITE}{page.get_absolute_url()}?lang=en"' in xml
    assert f'hreflang="x-default" href="{SITE}{page.get_absolute_url()}"' in xml
    assert not any("internal:8000" in location for location in locations)


def test_the_sitemap_leaves_out_what_visitors_cannot_open(client):
    draft = PageFactory(slug="juodrastis", status=Page.Status.DRAFT)
    hidden_child = PageFactory(slug="vaikas", parent=draft)
    scheduled = NewsItemFactory(publish_at=timezone.now() + datetime.timedelta(days=1))
    news_draft = NewsItemFactory(status=NewsItem.Status.DRAFT)
    unpublished_project = ProjectFactory(is_published=False)
    members_only = PracticeArticleFactory(audience=PracticeArticle.Audience.MEMBERS)
    not_a_member = LibraryFactory(slug="ne-nare")

    _xml, locations = sitemap_locations(client)
    paths = {location.removeprefix(SITE).split("?")[0] for location in locations}

    for obj in (
        draft,
        hidden_child,
        scheduled,
        news_draft,
        unpublished_project,
        members_only,
        not_a_member,
    ):
        assert obj.get_absolute_url() not in paths, obj
    assert "/admin/" not in paths


# robots.txt ----------------------------------------------------------------------------------


def test_robots_keeps_crawlers_off_the_back_office_and_points_to_the_sitemap(client):
    response = client.get(reverse("website:robots"))

    text = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "User-agent: *" in text
    for path in ("/admin/", "/paskyra/", "/finansai/", "/valdymas/", "/mano-biblioteka/"):
        assert f"Disallow: {path}\n" in text
    assert "Allow: /valdymas/valdyba/" in text  # the Board's composition is public
    assert f"Sitemap: {SITE}/sitemap.xml" in text


# Canonical, hreflang and ?lang=en ------------------------------------------------------------


def test_every_page_names_its_canonical_address_and_its_languages(client):
    html = client.get("/apie-asociacija/?utm_source=x&page=2").content.decode()

    assert f'<link rel="canonical" href="{SITE}/apie-asociacija/?page=2">' in html
    assert f'<link rel="alternate" hreflang="lt" href="{SITE}/apie-asociacija/?page=2">' in html
    assert (
        f'<link rel="alternate" hreflang="en" href="{SITE}/apie-asociacija/?page=2&amp;lang=en">'
        in html
    )
    assert f'hreflang="x-default" href="{SITE}/apie-asociacija/?page=2"' in html


def test_lang_en_shows_the_page_in_english_without_setting_a_cookie(client):
    response = client.get("/apie-asociacija/?lang=en")

    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "<h1>About the association</h1>" in html
    assert f'<link rel="canonical" href="{SITE}/apie-asociacija/?lang=en">' in html
    assert response["Content-Language"] == "en"
    assert "lrba_language" not in response.cookies
    # The next page, without the parameter, is Lithuanian again.
    assert '<html lang="lt">' in client.get("/apie-asociacija/").content.decode()


def test_an_unknown_language_is_ignored(client):
    assert '<html lang="lt">' in client.get("/apie-asociacija/?lang=xx").content.decode()


def test_cached_pages_are_kept_apart_by_language(client):
    lithuanian = client.get(reverse("website:home")).content.decode()
    english = client.get(reverse("website:home") + "?lang=en").content.decode()
    again = client.get(reverse("website:home")).content.decode()

    assert '<html lang="lt">' in lithuanian and '<html lang="en">' in english
    assert ">About us</a>" in english and ">Apie mus</a>" in again
    assert "Lithuanian Regional Libraries Association" in english


# Sharing tags --------------------------------------------------------------------------------


def test_a_page_is_shared_with_its_title_summary_address_and_locale(client):
    page = PageFactory(slug="dalintis", title="Bendradarbiavimas & partnerystė", summary="Trumpai.")

    html = client.get(page.get_absolute_url()).content.decode()

    assert '<meta property="og:title" content="Bendradarbiavimas &amp; partnerystė">' in html
    assert "<title>Bendradarbiavimas &amp; partnerystė · " in html
    assert '<meta property="og:description" content="Trumpai.">' in html
    assert f'<meta property="og:url" content="{SITE}/dalintis/">' in html
    assert '<meta property="og:locale" content="lt_LT">' in html
    assert '<meta property="og:locale:alternate" content="en_GB">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta name="twitter:card" content="summary">' in html
    assert "og:image" not in html


def test_a_page_with_a_picture_is_shared_with_it(client):
    image = PageImageFactory(page=PageFactory(slug="su-nuotrauka"), alt_text="Skaitykla")

    html = client.get(image.page.get_absolute_url()).content.decode()

    url = reverse("website:page_image", args=[image.page.pk, image.pk, 1600])
    assert f'<meta property="og:image" content="{SITE}{url}">' in html
    assert '<meta property="og:image:alt" content="Skaitykla">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html


def test_an_english_reader_shares_with_the_english_locale(client):
    html = client.get("/apie-asociacija/?lang=en").content.decode()
    assert '<meta property="og:locale" content="en_GB">' in html
    assert '<meta property="og:title" content="About the association">' in html


# The site search's view of pages -------------------------------------------------------------


def test_the_search_indexes_a_visible_page_and_drops_a_hidden_one():
    page = PageFactory(title="Įstatai", body="<p>Asociacijos <b>tikslai</b></p>")
    document = page_document(page)
    assert document is not None
    assert document.url == page.get_absolute_url() and "tikslai" in document.body
    assert "<b>" not in document.body

    child = PageFactory(parent=page)
    page.status = Page.Status.DRAFT
    assert page_document(page) is None
    Page.objects.filter(pk=page.pk).update(status=Page.Status.DRAFT)
    assert page_document(child) is None


def test_the_search_hides_a_page_until_its_publication_starts():
    later = timezone.now() + datetime.timedelta(days=2)
    page = PageFactory(published_from=later)
    document = page_document(page)
    assert document is not None and document.published_at == later
