"""Attendance of an event as CSV and XLSX, with headers in the user's language."""

import csv
import datetime
import io
import re
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from lrba.events.models import Event, Registration
from lrba.events.selectors_attendance import attendance_list

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def attendance_headers() -> list[str]:
    return [
        _("First name"),
        _("Last name"),
        _("E-mail"),
        _("Institution"),
        _("Library"),
        _("Status"),
        _("Registered at"),
        _("Checked in at"),
    ]


def _local(moment: datetime.datetime | None) -> datetime.datetime | None:
    # Spreadsheets have no time zones: write the Vilnius wall-clock time.
    return timezone.localtime(moment).replace(tzinfo=None, microsecond=0) if moment else None


def attendance_rows(event: Event) -> list[list]:
    rows = []
    registration: Registration
    for registration in attendance_list(event):
        rows.append(
            [
                registration.first_name,
                registration.last_name,
                registration.email,
                registration.institution,
                registration.library.name if registration.library else "",
                registration.get_status_display(),
                _local(registration.created_at),
                _local(registration.checked_in_at),
            ]
        )
    return rows


def attendance_csv(event: Event) -> bytes:
    """UTF-8 with a byte-order mark, so spreadsheet programs read the Lithuanian letters."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(attendance_headers())
    for row in attendance_rows(event):
        writer.writerow(
            value.strftime("%Y-%m-%d %H:%M") if isinstance(value, datetime.datetime) else value
            for value in row
        )
    return ("\ufeff" + buffer.getvalue()).encode()


def _sheet_title(event: Event, taken: set[str]) -> str:
    # Excel: at most 31 characters, none of []:*?/\ and unique within the workbook.
    base = re.sub(r"[\[\]:*?/\\]", " ", event.title).strip()[:28] or event.slug[:28]
    title, n = base, 1
    while title in taken:
        n += 1
        title = f"{base[:25]} ({n})"
    taken.add(title)
    return title


def attendance_xlsx(events: Iterable[Event]) -> bytes:
    """One sheet per event: its registrations, alphabetically by last name."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    for event in events:
        sheet = workbook.create_sheet(_sheet_title(event, taken))
        sheet.append(attendance_headers())
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in attendance_rows(event):
            sheet.append(row)
        for column, width in zip("ABCDEFGH", (16, 20, 30, 30, 30, 16, 18, 18), strict=True):
            sheet.column_dimensions[column].width = width
        for column in "GH":
            for cell in sheet[column][1:]:
                cell.number_format = "yyyy-mm-dd hh:mm"
        sheet.freeze_panes = "A2"
    if not workbook.worksheets:
        workbook.create_sheet(_("Attendance"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
