"""The member register's back-office exports carry no formula typed by an applicant.

A library admitted from an anonymous application keeps the name the applicant typed;
the admin's "Export" (CSV and XLSX) must show it as text (lrba.core.tables.ExportResource).
"""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from lrba.members.tests.factories import LibraryFactory

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://x","y")'
NAME = "Pavadinimas"  # the column's header in the Lithuanian interface


def test_the_library_export_as_csv_neutralises_a_formula_in_the_name(staff_client):
    LibraryFactory(name=FORMULA)
    response = staff_client.post(
        reverse("admin:members_library_export"), {"format": "0", "resource": "0"}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    names = [row[rows[0].index(NAME)] for row in rows[1:]]
    assert names == ["'" + FORMULA]


def test_the_library_export_as_xlsx_neutralises_it_and_names_the_sheet(staff_client):
    LibraryFactory(name=FORMULA)
    response = staff_client.post(
        reverse("admin:members_library_export"), {"format": "1", "resource": "0"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title != "Tablib Dataset"
    headers = [cell.value for cell in sheet[1]]
    assert sheet.cell(row=2, column=headers.index(NAME) + 1).value == "'" + FORMULA
