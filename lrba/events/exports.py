"""Attendance of an event as CSV and XLSX, with headers in the user's language (written
by lrba.core.tables, which also neutralises what registrants typed)."""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from lrba.core.tables import Sheet, table_csv, table_xlsx
from lrba.events.models import Event, Registration
from lrba.events.selectors.attendance import attendance_list

COLUMN_WIDTHS = (16, 20, 30, 30, 30, 16, 18, 18)


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
                registration.created_at,
                registration.checked_in_at,
            ]
        )
    return rows


def attendance_sheet(event: Event) -> Sheet:
    """An event's registrations, alphabetically by last name."""
    return Sheet(
        title=event.title or event.slug,
        headers=attendance_headers(),
        rows=attendance_rows(event),
        widths=COLUMN_WIDTHS,
    )


def attendance_csv(event: Event) -> bytes:
    return table_csv(attendance_sheet(event))


def attendance_xlsx(events: Iterable[Event]) -> bytes:
    """One sheet per event."""
    return table_xlsx(*(attendance_sheet(event) for event in events))
