"""The suppliers' and catalogue imports' staff pages: the secretariat uploads (a price list
without a saved mapping gets its columns chosen and the mapping saved), follows the
import while it runs (htmx) and reads or downloads its rejections; the auditor reads;
librarians and visitors get nothing."""

import io
import os
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from conftest import lt
from lrba.acquisition.models import CatalogueImport, ColumnMapping, ImportRejection, Offer, Title
from lrba.acquisition.tests.factories import (
    ColumnMappingFactory,
    OfferFactory,
    SupplierFactory,
    isbn13,
)

pytestmark = pytest.mark.django_db

CSV = (
    "ISBN;Pavadinimas;Autorius;Kaina\n"
    f"{isbn13(1)};Eglė žalčių karalienė;Žemaitė;12,50\n"
    "978-609-000002-0;Klaidingas ISBN;Autorius;5,00\n"
).encode()


def upload(client, supplier, content: bytes, name: str, captured, **data):
    with captured(execute=True):
        return client.post(
            reverse("acquisition:import_new", args=[supplier.pk]),
            {"file": SimpleUploadedFile(name, content), **data},
        )


@pytest.fixture
def supplier():
    return SupplierFactory(code="pegasas", name="UAB „Pegasas“", terms="Pristatymas per 5 d.")


def test_the_supplier_list_and_page_show_offers_terms_and_imports(staff_client, supplier):
    OfferFactory(supplier=supplier)
    OfferFactory(supplier=supplier, price=None)
    listing = staff_client.get(reverse("acquisition:supplier_list"))
    assert listing.status_code == 200
    assert "UAB „Pegasas“" in listing.content.decode()
    page = staff_client.get(reverse("acquisition:supplier_detail", args=[supplier.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Pristatymas per 5 d." in text
    assert reverse("acquisition:import_new", args=[supplier.pk]) in text


def test_the_auditor_reads_but_cannot_import(client_for, auditor, supplier):
    client = client_for(auditor)
    page = client.get(reverse("acquisition:supplier_detail", args=[supplier.pk]))
    assert page.status_code == 200
    assert reverse("acquisition:import_new", args=[supplier.pk]) not in page.content.decode()
    assert client.get(reverse("acquisition:import_new", args=[supplier.pk])).status_code == 403


def test_librarians_and_visitors_see_none_of_it(member_client, client, supplier):
    for url in (
        reverse("acquisition:supplier_list"),
        reverse("acquisition:supplier_detail", args=[supplier.pk]),
        reverse("acquisition:import_new", args=[supplier.pk]),
    ):
        assert member_client.get(url).status_code == 403
        assert client.get(url).status_code in (302, 403)


def test_the_secretariat_imports_a_price_list_with_a_saved_mapping(
    staff_client, supplier, django_capture_on_commit_callbacks
):
    mapping = ColumnMappingFactory(supplier=supplier)
    response = upload(
        staff_client,
        supplier,
        CSV,
        "kainorastis.csv",
        django_capture_on_commit_callbacks,
        mapping=mapping.pk,
    )
    catalogue_import = CatalogueImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("acquisition:import_detail", args=[catalogue_import.pk])
    assert Title.objects.get().isbn == isbn13(1)

    page = staff_client.get(response["Location"])
    text = page.content.decode()
    assert lt("imported") in text
    assert 'hx-trigger="every 2s"' not in text  # done: no more polling
    assert lt("ISBN %(isbn)s has a wrong check digit.") % {"isbn": "978-609-000002-0"} in text
    assert (
        reverse("acquisition:import_rejections_download", args=[catalogue_import.pk, "xlsx"])
        in text
    )


def test_a_file_that_is_no_catalogue_is_refused_on_the_form(
    staff_client, supplier, django_capture_on_commit_callbacks
):
    response = upload(
        staff_client,
        supplier,
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
        "katalogas.xml",
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 400
    assert "katalogas.xml" in response.content.decode()
    assert CatalogueImport.objects.count() == 0


def test_a_price_list_without_a_mapping_gets_its_columns_chosen_and_the_mapping_saved(
    staff_client, supplier, django_capture_on_commit_callbacks
):
    first = upload(
        staff_client, supplier, CSV, "kainorastis.csv", django_capture_on_commit_callbacks
    )
    text = first.content.decode()
    assert first.status_code == 200
    assert CatalogueImport.objects.count() == 0  # nothing imported before the columns
    assert '<option value="Pavadinimas" selected>' in text  # guessed from the heading
    token = first.context["token"]

    url = reverse("acquisition:import_new", args=[supplier.pk])
    data = {
        "pending": token,
        "name": "Pegaso kainoraštis",
        "header_row": "1",
        "column_isbn": "ISBN",
        "column_title": "Pavadinimas",
        "column_authors": "Autorius",
        "column_price": "Kaina",
    }
    # Two fields from one column: refused, nothing saved.
    refused = staff_client.post(url, {**data, "column_publisher": "Autorius"})
    assert refused.status_code == 400
    assert ColumnMapping.objects.count() == 0

    # The token names its supplier: another supplier's page does not take it.
    elsewhere = reverse("acquisition:import_new", args=[SupplierFactory().pk])
    assert staff_client.post(elsewhere, data)["Location"] == elsewhere
    assert ColumnMapping.objects.count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url, data)
    catalogue_import = CatalogueImport.objects.get()
    assert response.status_code == 302
    assert catalogue_import.mapping.name == "Pegaso kainoraštis"
    assert catalogue_import.mapping.columns == {
        "isbn": "ISBN",
        "title": "Pavadinimas",
        "authors": "Autorius",
        "price": "Kaina",
    }
    assert catalogue_import.status == CatalogueImport.Status.DONE
    assert (catalogue_import.titles_new, catalogue_import.rejected) == (1, 1)
    # The waiting upload is gone: the same token cannot import twice.
    again = staff_client.post(url, {**data, "name": "Kitas"})
    assert again.status_code == 302
    assert CatalogueImport.objects.count() == 1


def test_tables_whose_columns_were_never_chosen_are_removed_a_day_later(
    staff_client, supplier, django_capture_on_commit_callbacks
):
    from django.core.files.storage import default_storage

    def pending() -> set[str]:
        if not default_storage.exists("acquisition/pending"):
            return set()
        return set(default_storage.listdir("acquisition/pending")[1])

    upload(staff_client, supplier, CSV, "pirmas.csv", django_capture_on_commit_callbacks)
    (old,) = pending()
    day_ago = time.time() - 25 * 3600
    os.utime(default_storage.path(f"acquisition/pending/{old}"), (day_ago, day_ago))
    upload(staff_client, supplier, CSV, "antras.csv", django_capture_on_commit_callbacks)
    (left,) = pending()
    assert left.endswith("antras.csv")


def test_a_forged_token_sends_back_to_the_upload(staff_client, supplier):
    url = reverse("acquisition:import_new", args=[supplier.pk])
    response = staff_client.post(url, {"pending": "forged", "name": "x", "header_row": "1"})
    assert response.status_code == 302
    assert response["Location"] == url


def test_a_running_import_polls_and_the_fragment_is_served_to_htmx(staff_client, supplier):
    running = CatalogueImport.objects.create(
        supplier=supplier,
        file="acquisition/catalogues/x.xml",
        original_name="x.xml",
        file_format="onix30",
        status=CatalogueImport.Status.RUNNING,
        records_read=3000,
    )
    url = reverse("acquisition:import_detail", args=[running.pk])
    page = staff_client.get(url).content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert "3000" in page
    fragment = staff_client.get(url, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert "<html" not in fragment.content.decode()
    assert 'id="import-progress"' in fragment.content.decode()


def test_the_rejections_download_as_xlsx_and_csv(client_for, auditor, supplier):
    catalogue_import = CatalogueImport.objects.create(
        supplier=supplier,
        file="acquisition/catalogues/x.xml",
        original_name="x.xml",
        file_format="onix30",
        status=CatalogueImport.Status.DONE,
        rejected=2,
    )
    ImportRejection.objects.create(
        catalogue_import=catalogue_import, position=7, reference="=HACK()", reason="No ISBN."
    )
    ImportRejection.objects.create(
        catalogue_import=catalogue_import, position=2, reference="X", reason="No title."
    )
    client = client_for(auditor)
    xlsx = client.get(
        reverse("acquisition:import_rejections_download", args=[catalogue_import.pk, "xlsx"])
    )
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1:] == [(2, "X", "No title."), (7, "'=HACK()", "No ISBN.")]
    csv = client.get(
        reverse("acquisition:import_rejections_download", args=[catalogue_import.pk, "csv"])
    )
    assert csv.status_code == 200
    assert "No title." in csv.content.decode("utf-8-sig")
    pdf = client.get(
        reverse("acquisition:import_rejections_download", args=[catalogue_import.pk, "pdf"])
    )
    assert pdf.status_code == 404


def test_a_failed_import_is_resumed_from_its_page(
    staff_client, supplier, django_capture_on_commit_callbacks
):
    failed = CatalogueImport.objects.create(
        supplier=supplier,
        original_name="kainorastis.csv",
        file_format="csv",
        mapping=ColumnMappingFactory(supplier=supplier),
        status=CatalogueImport.Status.FAILED,
        error="Stopped.",
    )
    failed.file.save("kainorastis.csv", io.BytesIO(CSV))
    page = staff_client.get(reverse("acquisition:import_detail", args=[failed.pk]))
    assert reverse("acquisition:import_resume", args=[failed.pk]) in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reverse("acquisition:import_resume", args=[failed.pk]))
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == CatalogueImport.Status.DONE
    assert Offer.objects.filter(supplier=supplier).count() == 1
