import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from lrba.members.tests.factories import (
    EmploymentFactory,
    LibraryFactory,
    MembershipFactory,
    PersonFactory,
    municipality,
)
from lrba.website.models import Page

pytestmark = pytest.mark.django_db


@pytest.fixture
def members():
    siauliai = MembershipFactory().library
    MembershipFactory(library=LibraryFactory(municipality=municipality("kauno-miesto")))
    person = PersonFactory()
    MembershipFactory(library=None, person=person)
    EmploymentFactory(person=person, library=siauliai)


def test_home_shows_the_association_goals_counts_and_chart(client, members):
    response = client.get(reverse("website:home"))

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    # Labels and values are HTML text (legible on a phone), only the bars are drawn.
    assert html.count('<ul class="bar-chart" id="chart" aria-label=') == 1
    assert html.count('class="chart__bar"') == 10
    assert '<span class="bar-chart__label">Šiaulių apskritis</span>' in html
    assert "<text" not in html
    assert response.context["totals"].libraries == 2
    assert response.context["totals"].people == 1
    assert html.count("<li>", html.index("goals__list")) >= 7
    assert reverse("members:apply") in html
    assert reverse("members:library_list") in html


def test_home_bar_widths_use_a_dot_in_every_language(client, members):
    MembershipFactory(library=LibraryFactory(municipality=municipality("kauno-miesto")))
    MembershipFactory(library=LibraryFactory(municipality=municipality("kauno-miesto")))

    html = client.get(reverse("website:home")).content.decode()

    assert 'width="110.0"' in html  # 1 of 3 libraries: a third of the 330 px bar area


def test_home_with_no_members_has_no_empty_chart(client):
    html = client.get(reverse("website:home")).content.decode()

    assert "bar-chart" not in html


def test_about_renders_the_charter_with_its_lists(client):
    response = client.get(reverse("website:about"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Apie asociaciją</h1>" in html
    assert "<ol><li>Skatinti Lietuvos regionų bibliotekų bendradarbiavimą.</li>" in html
    assert "<ul><li>Organizuoja renginius, susirinkimus, konferencijas.</li>" in html
    assert html.count("<h1") == 1
    assert "/admin/" not in html.split("<main")[1]  # no edit link for the public


def test_about_shows_the_edit_link_to_staff(staff_client):
    page = Page.objects.get(slug="apie-asociacija")

    html = staff_client.get(reverse("website:about")).content.decode()

    assert reverse("admin:website_page_change", args=[page.pk]) in html


def test_about_in_english_shows_the_charter_in_english(client):
    client.cookies["lrba_language"] = "en"

    html = client.get(reverse("website:about")).content.decode()

    assert "<h1>About the association</h1>" in html
    assert "<ol><li>To promote cooperation among Lithuania" in html
    assert "Skatinti" not in html and 'lang="lt"' not in html.split("<h1>")[1]


def test_about_in_english_falls_back_to_the_lithuanian_text_and_says_so(client):
    Page.objects.filter(slug="apie-asociacija").update(body_en="")
    client.cookies["lrba_language"] = "en"

    html = client.get(reverse("website:about")).content.decode()

    assert "<h1>About the association</h1>" in html
    assert "has not been translated into English yet" in html
    assert 'lang="lt"' in html.split("<h1>")[1]  # the body is the Lithuanian original


def test_about_in_lithuanian_has_no_translation_note(client):
    html = client.get(reverse("website:about")).content.decode()

    assert "angl" not in html.split("<main")[1].lower()  # no word of an English version


def test_about_in_english_uses_the_english_body_when_written(client):
    # The text is rich text (HTML, sanitised when saved) since the pages form a tree.
    Page.objects.filter(slug="apie-asociacija").update(
        body_en="<p>We are.</p><ol><li>Cooperate.</li></ol>"
    )

    with translation.override("en"):
        client.cookies["lrba_language"] = "en"
        html = client.get(reverse("website:about")).content.decode()

    assert "<p>We are.</p>" in html and "<ol><li>Cooperate.</li></ol>" in html


def test_about_page_body_markup_is_escaped(client):
    Page.objects.filter(slug="apie-asociacija").update(body="<script>alert(1)</script>")

    html = client.get(reverse("website:about")).content.decode()

    assert "<script>alert(1)" not in html


def test_page_admin_change_form_opens(staff_client):
    page = Page.objects.get(slug="apie-asociacija")

    response = staff_client.get(reverse("admin:website_page_change", args=[page.pk]))

    assert response.status_code == 200


def test_floor_page_touches_no_database_once_the_menus_are_cached(client):
    client.get(reverse("website:floor"))  # the first request caches the menus

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("website:floor"))

    assert response.status_code == 200
    assert len(queries) == 0


def test_unknown_address_shows_the_404_page(client):
    response = client.get("/nera-tokio-puslapio/")

    assert response.status_code == 404
    assert response.content.decode().count("<h1") == 1


@pytest.mark.parametrize("name", ["website:home", "website:about", "members:library_list"])
def test_public_pages_have_landmarks_skip_link_and_language(client, name):
    html = client.get(reverse(name)).content.decode()

    assert '<html lang="lt">' in html
    for marker in [
        'class="skip-link" href="#main"',
        "<header",
        "<nav",
        '<main id="main"',
        "<footer",
    ]:
        assert marker in html


def test_no_template_comment_leaks_into_a_page(client):
    # Django's {# #} comments are single-line: a multi-line one is printed as text.
    for url in ["/", "/bibliotekos/", "/apie-asociacija/", "/stoti/"]:
        assert "{#" not in client.get(url).content.decode(), url
