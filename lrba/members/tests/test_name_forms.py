"""A library's name in the genitive: suggested on entry, editable, carried from the
application to the library, filled in for existing rows, and used by the sentences."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.core import mail
from django.urls import reverse

from lrba.members.models import Library, MembershipApplication
from lrba.members.services.membership import application_admit
from lrba.members.tests import factories

pytestmark = pytest.mark.django_db

APPLY_URL = "/stoti/"


def test_an_application_without_the_genitive_stores_the_suggestion(
    client, application_form_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(APPLY_URL, application_form_data)

    application = MembershipApplication.objects.get()
    assert application.library_name_genitive == "Rietavo Oginskių kultūros centro bibliotekos"
    received = next(m for m in mail.outbox if m.to == ["ausra@rietavas.lt"])
    assert received.subject == "Gavome Rietavo Oginskių kultūros centro bibliotekos stojimo prašymą"
    assert received.body.startswith("Laba diena, Aušra,")


def test_the_applicant_may_correct_the_genitive(client, application_form_data):
    application_form_data["library_name_genitive"] = "Rietavo kultūros centro bibliotekos"

    client.post(APPLY_URL, application_form_data)

    assert MembershipApplication.objects.get().library_name_genitive == (
        "Rietavo kultūros centro bibliotekos"
    )


def test_the_application_form_offers_the_genitive_field(client):
    html = client.get(APPLY_URL).content.decode()

    assert 'name="library_name_genitive"' in html


def test_a_library_gets_the_suggestion_on_clean_and_keeps_a_typed_genitive():
    library = factories.LibraryFactory.build(name="Kelmės rajono savivaldybės viešoji biblioteka")
    library.clean()
    assert library.name_genitive == "Kelmės rajono savivaldybės viešosios bibliotekos"

    library.name_genitive = "Kelmės viešosios bibliotekos"
    library.clean()
    assert library.name_genitive == "Kelmės viešosios bibliotekos"


def test_an_admitted_library_takes_the_application_s_genitive(staff_user):
    application = factories.MembershipApplicationFactory(
        library_name="„Šilo“ biblioteka", library_name_genitive="„Šilo“ bibliotekos"
    )

    application_admit(
        application=application,
        decided_by=staff_user,
        decision="Valdybos nutarimas Nr. 3",
        decided_on=datetime.date.today(),
    )

    application.refresh_from_db()
    assert application.library is not None
    assert application.library.name_genitive == "„Šilo“ bibliotekos"


def test_the_back_office_edits_the_genitive(staff_client):
    library = factories.LibraryFactory(name_genitive="Bandomosios bibliotekos")

    response = staff_client.get(reverse("admin:members_library_change", args=[library.pk]))

    assert 'name="name_genitive"' in response.content.decode()
    assert "Bandomosios bibliotekos" in response.content.decode()


def test_the_migration_fills_the_genitive_of_existing_rows():
    library = factories.LibraryFactory(name="Šiaulių miesto savivaldybės centrinė biblioteka")
    kept = factories.LibraryFactory(name="Rokiškio biblioteka", name_genitive="Rokiškio b-kos")
    application = factories.MembershipApplicationFactory(library_name="Kuršėnų biblioteka")
    MembershipApplication.objects.filter(pk=application.pk).update(library_name_genitive="")
    migration = importlib.import_module("lrba.members.migrations.0004_name_genitive")

    migration.fill_genitives(apps, None)

    library.refresh_from_db()
    kept.refresh_from_db()
    application.refresh_from_db()
    assert library.name_genitive == "Šiaulių miesto savivaldybės centrinės bibliotekos"
    assert kept.name_genitive == "Rokiškio b-kos"
    assert application.library_name_genitive == "Kuršėnų bibliotekos"


def test_a_branch_card_names_its_parent_in_the_genitive(client):
    parent = factories.MembershipFactory(
        library=factories.LibraryFactory(
            name="Šiaulių miesto savivaldybės centrinė biblioteka",
            name_genitive="Šiaulių miesto savivaldybės centrinės bibliotekos",
        )
    ).library
    factories.LibraryFactory(
        name="Šiaulių miesto savivaldybės centrinės bibliotekos Lieporių filialas",
        short_name="Lieporių filialas",
        kind=Library.Kind.BRANCH,
        parent=parent,
        legal_entity_code="",
    )

    html = client.get(reverse("members:library_list") + "?kind=branch").content.decode()
    parent_page = client.get(parent.get_absolute_url()).content.decode()

    # The card: "Lieporių filialas", then "Šiaulių … centrinės bibliotekos filialas".
    assert ">Lieporių filialas</a>" in html
    assert "Šiaulių miesto savivaldybės centrinės bibliotekos filialas" in html
    assert "centrinė biblioteka filialas" not in html
    assert ">Lieporių filialas</a>" in parent_page


def test_the_page_asked_with_a_name_offers_its_genitive_in_the_field(client):
    # What htmx asks when the name changes; it takes the genitive's field from the answer.
    html = client.get(
        APPLY_URL, {"library_name": "Kuršėnų miesto bendruomenės biblioteka"}
    ).content.decode()

    assert 'value="Kuršėnų miesto bendruomenės bibliotekos"' in html
    assert 'hx-select="#id_library_name_genitive"' in html


def test_a_genitive_typed_before_the_name_changed_is_kept(client):
    html = client.get(
        APPLY_URL,
        {"library_name": "Kuršėnų biblioteka", "library_name_genitive": "Kuršėnų b-kos"},
    ).content.decode()

    assert 'value="Kuršėnų b-kos"' in html


def test_a_form_returned_with_errors_shows_the_suggested_genitive(client, application_form_data):
    application_form_data["library_email"] = "ne adresas"

    html = client.post(APPLY_URL, application_form_data).content.decode()

    assert 'value="Rietavo Oginskių kultūros centro bibliotekos"' in html


def _library_form_data(library: Library, **changes: str) -> dict[str, str]:
    data = {
        "name": library.name,
        "name_genitive": library.name_genitive,
        "slug": library.slug,
        "kind": library.kind,
        "legal_form": library.legal_form,
        "legal_entity_code": library.legal_entity_code,
        "municipality": str(library.municipality_id),
        "city": library.city,
        "street_address": library.street_address,
        "postal_code": library.postal_code,
        "email": library.email,
        "phone": library.phone,
        **changes,
    }
    for prefix in ("branches", "employments"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return data


def test_a_renamed_library_gets_the_new_name_s_genitive(staff_client):
    library = factories.LibraryFactory(name="Kelmės biblioteka", name_genitive="Kelmės bibliotekos")
    url = reverse("admin:members_library_change", args=[library.pk])

    response = staff_client.post(
        url, _library_form_data(library, name="Kelmės rajono savivaldybės viešoji biblioteka")
    )

    assert response.status_code == 302, response.content.decode()[-2000:]
    library.refresh_from_db()
    assert library.name_genitive == "Kelmės rajono savivaldybės viešosios bibliotekos"


def test_a_genitive_typed_with_the_new_name_is_kept(staff_client):
    library = factories.LibraryFactory(name="Kelmės biblioteka", name_genitive="Kelmės bibliotekos")
    url = reverse("admin:members_library_change", args=[library.pk])

    staff_client.post(
        url,
        _library_form_data(library, name="Kelmės VB", name_genitive="Kelmės viešosios bibliotekos"),
    )

    library.refresh_from_db()
    assert library.name_genitive == "Kelmės viešosios bibliotekos"
