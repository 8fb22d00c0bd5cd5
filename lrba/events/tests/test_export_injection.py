"""A formula typed into the public registration form reaches every staff export as text.

Security probe (issue 7, point 10): an anonymous registrant named
`=HYPERLINK("http://x","y")` showed up as a live formula in the attendance CSV/XLSX and
in the back office's export. Every export now goes through lrba.core.tables.
"""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.text import capfirst
from openpyxl import load_workbook

from conftest import lt
from lrba.events.models import Registration
from lrba.events.tests.factories import EventFactory

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://x","y")'
NEUTRALISED = "'" + FORMULA


@pytest.fixture
def event(django_capture_on_commit_callbacks):
    event = EventFactory(title="Forumas")
    form = {
        "first_name": FORMULA,
        "last_name": "+37060000000",
        "email": "ona@example.lt",
        "institution": "@SUM(A1:A9)",
        "consent": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(event.get_absolute_url(), form)  # anonymous
    assert response.status_code == 302
    assert Registration.objects.get().first_name == FORMULA  # stored as typed
    return event


def _csv_cells(content: bytes) -> set[str]:
    return {cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for cell in row}


def _xlsx_cells(content: bytes) -> set[str]:
    workbook = load_workbook(io.BytesIO(content))
    return {
        str(cell)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    }


def _assert_neutralised(cells: set[str]) -> None:
    assert NEUTRALISED in cells
    assert "'+37060000000" in cells
    assert "'@SUM(A1:A9)" in cells
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)


@pytest.mark.parametrize(("name", "read"), [("csv", _csv_cells), ("xlsx", _xlsx_cells)])
def test_the_attendance_export_neutralises_formulas(staff_client, event, name, read):
    response = staff_client.get(reverse(f"events:attendance_{name}", args=[event.slug]))
    assert response.status_code == 200
    _assert_neutralised(read(response.content))


def test_the_admin_attendance_workbook_neutralises_formulas(staff_client, event):
    response = staff_client.post(
        reverse("admin:events_event_changelist"),
        {"action": "download_attendance", "_selected_action": [event.pk]},
    )
    assert response.status_code == 200
    _assert_neutralised(_xlsx_cells(response.content))


@pytest.mark.parametrize(("file_format", "read"), [("0", _csv_cells), ("1", _xlsx_cells)])
def test_the_admin_export_neutralises_formulas(staff_client, event, file_format, read):
    response = staff_client.post(
        reverse("admin:events_registration_export"), {"format": file_format, "resource": "0"}
    )
    assert response.status_code == 200
    _assert_neutralised(read(response.content))


def test_the_admin_export_has_human_headers_and_a_named_sheet(staff_client, event):
    response = staff_client.post(
        reverse("admin:events_registration_export"), {"format": "1", "resource": "0"}
    )
    workbook = load_workbook(io.BytesIO(response.content))
    (sheet,) = workbook.worksheets
    assert sheet.title == capfirst(lt("registrations"))
    headers = next(sheet.iter_rows(values_only=True))
    assert capfirst(lt("first name")) in headers and "first_name" not in headers
    values = next(sheet.iter_rows(min_row=2, values_only=True))
    assert "Forumas" in values  # the event's title, not its id
    # Choice labels, not codes: the language and the status in words.
    assert lt("Lithuanian") in values and "lt" not in values
    assert lt("confirmed") in values
