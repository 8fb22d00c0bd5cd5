"""Projects, partners and a library's projects, as visitors and members meet them."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from conftest import lt
from lrba.website.models import Document, Partner, Project
from lrba.website.tests.factories import (
    DocumentFactory,
    NewsItemFactory,
    PartnerFactory,
    ProjectFactory,
    ProjectImageFactory,
    png_file,
)

pytestmark = pytest.mark.django_db


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_list_shows_published_projects_and_filters_by_status(client):
    ProjectFactory(title="Vykdomas projektas", status=Project.Status.RUNNING)
    ProjectFactory(title="Baigtas projektas", status=Project.Status.COMPLETED)
    ProjectFactory(title="Nepaskelbtas projektas", is_published=False)
    url = reverse("website:project_list")

    everything = _page(client, url)
    completed = _page(client, url + "?status=completed")
    unknown = _page(client, url + "?status=<b>kita</b>")

    assert "Vykdomas projektas" in everything and "Baigtas projektas" in everything
    assert "Nepaskelbtas projektas" not in everything
    assert "Baigtas projektas" in completed and "Vykdomas projektas" not in completed
    # An unknown status is ignored with a note, escaped; the whole list is shown.
    assert "Vykdomas projektas" in unknown and "Baigtas projektas" in unknown
    assert "&lt;b&gt;kita&lt;/b&gt;" in unknown and "<b>kita</b>" not in unknown


def test_a_project_page_shows_its_funding_period_partners_results_and_news(
    client, library_a, library_b
):
    partner = PartnerFactory(name="Kultūros ministerija")
    project = ProjectFactory(
        title="Skaitmeniniai įgūdžiai",
        programme="Kultūros rėmimo fondas",
        funder="Lietuvos kultūros taryba",
        budget=Decimal("12345.50"),
        results="<p>Apmokyta 300 bibliotekininkų.</p>",
    )
    project.partner_libraries.add(library_a, library_b)
    project.partners.add(partner)
    NewsItemFactory(title="Projektas prasidėjo", project=project)
    ProjectImageFactory(project=project, alt_text="Mokymai bibliotekoje")

    html = _page(client, project.get_absolute_url())

    assert "Kultūros rėmimo fondas" in html and "Lietuvos kultūros taryba" in html
    assert "12\xa0345,50\xa0€" in html  # the reader's money format
    assert project.starts_on.strftime("%Y-%m-%d") in html
    assert library_a.get_absolute_url() in html and library_b.get_absolute_url() in html
    assert "Kultūros ministerija" in html
    assert "Apmokyta 300 bibliotekininkų." in html
    assert "Projektas prasidėjo" in html
    assert 'alt="Mokymai bibliotekoje"' in html


def test_a_project_lists_only_the_documents_the_reader_may_open(client_for, alice):
    project = ProjectFactory()
    project.documents.add(
        DocumentFactory(title="Viešas aprašas", access=Document.Access.PUBLIC),
        DocumentFactory(title="Narių ataskaita", access=Document.Access.MEMBERS),
        DocumentFactory(title="Valdybos sprendimas", access=Document.Access.BOARD),
    )

    public = _page(client_for(None), project.get_absolute_url())
    member = _page(client_for(alice), project.get_absolute_url())

    assert "Viešas aprašas" in public
    assert "Narių ataskaita" not in public and "Valdybos sprendimas" not in public
    assert "Narių ataskaita" in member and "Valdybos sprendimas" not in member


def test_an_unpublished_project_and_its_pictures_are_hidden_but_editors_preview_it(
    client, client_for, secretary
):
    project = ProjectFactory(title="Ruošiamas projektas", is_published=False)
    image = ProjectImageFactory(project=project)
    image_url = reverse("website:project_image", args=[project.slug, image.pk, 480])

    assert client.get(project.get_absolute_url()).status_code == 404
    assert client.get(image_url).status_code == 404
    editor = client_for(secretary)
    html = _page(editor, project.get_absolute_url())
    assert lt("Preview: this project is not published; the public does not see it.") in html
    response = editor.get(image_url)
    assert response.status_code == 200 and "private" in response["Cache-Control"]


def test_a_library_page_lists_the_projects_it_takes_part_in(client, library_a):
    shown = ProjectFactory(title="Bendras projektas")
    hidden = ProjectFactory(title="Juodraštinis projektas", is_published=False)
    shown.partner_libraries.add(library_a)
    hidden.partner_libraries.add(library_a)

    html = _page(client, library_a.get_absolute_url())

    assert "Bendras projektas" in html and shown.get_absolute_url() in html
    assert "Juodraštinis projektas" not in html


def test_a_library_page_follows_a_new_project_although_the_page_is_cached(client, library_a):
    _page(client, library_a.get_absolute_url())

    ProjectFactory(title="Naujas projektas").partner_libraries.add(library_a)

    assert "Naujas projektas" in _page(client, library_a.get_absolute_url())


def test_a_library_without_projects_has_no_projects_section(client, library_a):
    assert 'id="library-projects-title"' not in _page(client, library_a.get_absolute_url())


def test_the_partners_page_groups_partners_by_kind_with_named_logos(client):
    PartnerFactory(name="Lietuvos nacionalinė biblioteka", kind=Partner.Kind.LIBRARY)
    with_logo = PartnerFactory(
        name="Savivaldybių asociacija", kind=Partner.Kind.PUBLIC_BODY, logo=png_file("logo.png")
    )
    PartnerFactory(name="Paslėptas partneris", is_active=False)

    html = _page(client, reverse("website:partner_list"))

    # Each group is headed in the plural.
    with translation.override("lt"):
        heading = translation.pgettext("partner group", "Libraries and library associations")
    assert f">{heading}</h2>" in html

    assert html.index("Savivaldybių asociacija") < html.index("Lietuvos nacionalinė biblioteka")
    logo_url = reverse("website:partner_logo", args=[with_logo.pk])
    assert f'src="{logo_url}" alt="Savivaldybių asociacija"' in html
    assert "Paslėptas partneris" not in html
    response = client.get(logo_url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("inline")


def test_a_hidden_partner_s_logo_is_not_served(client):
    partner = PartnerFactory(is_active=False, logo=png_file("logo.png"))

    assert client.get(reverse("website:partner_logo", args=[partner.pk])).status_code == 404
