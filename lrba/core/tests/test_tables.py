"""Staff tables: human values, titled sheets, and no formula from user input."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.contrib import admin
from import_export.admin import ExportMixin
from openpyxl import load_workbook

from lrba.core.tables import (
    ExportResource,
    Sheet,
    neutralise,
    table_csv,
    table_response,
    table_xlsx,
)


@pytest.mark.parametrize(
    "text", ["=1+1", "+370", "-2", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://x","y")']
)
def test_text_a_spreadsheet_would_run_gets_an_apostrophe(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["Ona", "", "a=b", 5, -5, Decimal("-1.5"), None])
def test_other_values_are_left_alone(value):
    assert neutralise(value) == value


SHEET = Sheet(
    title="Forumas: skaitymas / rašymas",
    headers=["Vardas", "Suma", "Kada", "Narys"],
    rows=[
        ["=cmd|' /C calc'!A0", Decimal("12.50"), datetime.datetime(2026, 4, 18, 10, 2), True],
        ["Žydrūnė", None, None, False],
    ],
)


def test_csv_is_utf8_with_bom_and_neutralised(english):
    content = table_csv(SHEET)
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows == [
        ["Vardas", "Suma", "Kada", "Narys"],
        ["'=cmd|' /C calc'!A0", "12.5", "2026-04-18 10:02", "yes"],
        ["Žydrūnė", "", "", "no"],
    ]


def test_xlsx_has_a_titled_sheet_numbers_dates_and_no_formula(english):
    workbook = load_workbook(io.BytesIO(table_xlsx(SHEET, SHEET)))
    first, second = workbook.worksheets
    assert first.title == "Forumas  skaitymas   rašymas"[:28]
    assert second.title != first.title
    assert first["A2"].value == "'=cmd|' /C calc'!A0"
    assert first["A2"].data_type == "s"
    assert first["B2"].value == 12.5
    assert first["C2"].value == datetime.datetime(2026, 4, 18, 10, 2)
    assert first["D2"].value == "yes"
    assert first.freeze_panes == "A2"


def test_the_response_is_a_named_download():
    response = table_response(file_format="xlsx", filename="lankomumas-Šiauliai", sheets=[SHEET])
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith(
        'attachment; filename="lankomumas-Siauliai.xlsx"'
    )
    with pytest.raises(ValueError):
        table_response(file_format="html", filename="x", sheets=[SHEET])


def test_every_back_office_export_uses_the_neutralising_resource():
    """A new admin with an "Export" button must base its resources on ExportResource."""
    exporting = [
        model_admin
        for model_admin in admin.site._registry.values()
        if isinstance(model_admin, ExportMixin)
    ]
    assert exporting
    for model_admin in exporting:
        for resource in model_admin.get_export_resource_classes(None):
            assert issubclass(resource, ExportResource), resource


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("page", "resource_admin"),
    [("import", "members_person"), ("export", "members_person"), ("export", "events_registration")],
)
def test_the_import_and_export_pages_list_the_columns_a_file_has(
    staff_client, page, resource_admin
):
    """Not the model's field names ("first_name"): the headers an exported file has and
    an import reads, in the interface's language."""
    from django.urls import reverse

    response = staff_client.get(reverse(f"admin:{resource_admin}_{page}"))
    [(_name, columns)] = response.context["fields_list"]
    model_admin = next(
        a
        for m, a in admin.site._registry.items()
        if m._meta.label_lower.replace(".", "_") == resource_admin
    )
    [resource_class] = model_admin.resource_classes
    headers = resource_class().get_export_headers()
    assert "first_name" not in columns
    assert set(columns) <= set(headers)
    assert ", ".join(columns) in response.content.decode()


@pytest.mark.django_db
def test_an_import_preview_heads_its_table_with_the_files_headers(staff_client):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from lrba.members.admin import PersonResource
    from lrba.members.tests.factories import PersonFactory

    PersonFactory(first_name="Ona", last_name="Onaitė")
    exported = staff_client.post(reverse("admin:members_person_export"), {"format": "0"})
    upload = SimpleUploadedFile("asmenys.csv", exported.getvalue())
    response = staff_client.post(
        reverse("admin:members_person_import"), {"import_file": upload, "format": "0"}
    )
    result = response.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert "first_name" not in result.diff_headers
    assert set(result.diff_headers) <= set(PersonResource().get_export_headers())
