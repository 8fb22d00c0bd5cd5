"""The statements pages: the imports with the upload form (the secretariat), an import
followed while it runs (htmx) with its per-line report; the auditor reads, others not."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from conftest import MODEL_BACKEND, lt
from lrba.core.tests.samples import SAMPLES_DIR, needs_samples
from lrba.finance.models import BankEntry, StatementImport
from lrba.finance.services.statements import statement_import_create, statement_import_run
from lrba.finance.tests.factories import StatementImportFactory

pytestmark = pytest.mark.django_db

CAMT = SAMPLES_DIR / "camt"
LIST = reverse("finance:statement_import_list")


def upload(client, name: str, content: bytes, captured):
    with captured(execute=True):
        return client.post(LIST, {"file": SimpleUploadedFile(name, content)})


@needs_samples
def test_the_secretariat_uploads_a_statement_and_sees_it_imported(
    staff_client, django_capture_on_commit_callbacks
):
    response = upload(
        staff_client,
        "test-camt053-txdtls.xml",
        (CAMT / "test-camt053-txdtls").read_bytes(),
        django_capture_on_commit_callbacks,
    )
    statement = StatementImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == statement.get_absolute_url()
    assert BankEntry.objects.count() == 2

    page = staff_client.get(statement.get_absolute_url())
    text = page.content.decode()
    assert page.status_code == 200
    assert lt("imported") in text  # the status
    assert "CH1111000000123456789" in text
    assert 'hx-trigger="every 2s"' not in text  # done: no more polling

    listing = staff_client.get(LIST).content.decode()
    assert "test-camt053-txdtls.xml" in listing


@needs_samples
def test_a_second_upload_of_the_same_file_says_so_and_adds_nothing(
    staff_client, django_capture_on_commit_callbacks
):
    content = (CAMT / "test-camt054").read_bytes()
    upload(staff_client, "a.xml", content, django_capture_on_commit_callbacks)
    upload(staff_client, "a.xml", content, django_capture_on_commit_callbacks)
    first, second = StatementImport.objects.order_by("pk")
    assert (second.new_count, second.known_count) == (0, 1)
    text = staff_client.get(second.get_absolute_url()).content.decode()
    assert first.get_absolute_url() in text
    assert BankEntry.objects.count() == 1


def test_a_refused_file_shows_why(staff_client, django_capture_on_commit_callbacks):
    upload(staff_client, "notes.txt", b"not a statement", django_capture_on_commit_callbacks)
    statement = StatementImport.objects.get()
    assert statement.status == StatementImport.Status.FAILED
    text = staff_client.get(statement.get_absolute_url()).content.decode()
    assert escape(statement.error) in text
    assert lt("refused") in text


@needs_samples
def test_refused_entries_are_listed_with_their_line(staff_client, staff_user):
    content = (CAMT / "camt053.v2.five.decimals.xml").read_bytes().replace(b"8.850", b"8.855")
    statement = statement_import_create(file=("a.xml", content), by=staff_user, enqueue=False)
    statement = statement_import_run(statement.pk)
    text = staff_client.get(statement.get_absolute_url()).content.decode()
    assert "<td>61</td>" in text
    assert statement.line_errors[0]["message"] in text


def test_an_empty_upload_is_refused_on_the_form(staff_client):
    response = staff_client.post(LIST, {"file": SimpleUploadedFile("a.xml", b"")})
    assert response.status_code == 400
    assert StatementImport.objects.count() == 0


def test_a_running_import_polls_its_progress_with_htmx(staff_client):
    statement = StatementImportFactory(
        status=StatementImport.Status.RUNNING, total_lines=10, processed_lines=4
    )
    response = staff_client.get(statement.get_absolute_url(), HTTP_HX_REQUEST="true")
    text = response.content.decode()
    assert response.status_code == 200
    assert text.lstrip().startswith('<section id="import-progress"')
    assert 'hx-trigger="every 2s"' in text
    assert '<progress max="10" value="4">' in text
    assert "<html" not in text


def test_the_auditor_reads_the_imports_but_cannot_upload(client, auditor):
    statement = StatementImportFactory()
    client.force_login(auditor, backend=MODEL_BACKEND)
    listing = client.get(LIST)
    assert listing.status_code == 200
    assert 'enctype="multipart/form-data"' not in listing.content.decode()
    assert client.get(statement.get_absolute_url()).status_code == 200
    refused = client.post(LIST, {"file": SimpleUploadedFile("a.xml", b"<x/>")})
    assert refused.status_code == 403
    assert StatementImport.objects.count() == 1


def test_a_member_sees_no_statements(member_client):
    statement = StatementImportFactory()
    assert member_client.get(LIST).status_code == 403
    assert member_client.get(statement.get_absolute_url()).status_code == 403


def test_a_csv_export_is_uploaded_with_its_mapping(
    staff_client, django_capture_on_commit_callbacks
):
    from lrba.finance.models import CsvMapping

    mapping = CsvMapping.objects.create(
        name="Bankas", column_date="Data", column_amount="Suma", account_iban="LT121000011101001000"
    )
    content = b"Data;Suma\n2026-03-02;120,00\n"
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            LIST, {"file": SimpleUploadedFile("israsas.csv", content), "csv_mapping": mapping.pk}
        )
    statement = StatementImport.objects.get()
    assert (statement.status, statement.file_format, statement.csv_mapping) == (
        "done",
        "csv",
        mapping,
    )
    assert BankEntry.objects.get().amount == 120
