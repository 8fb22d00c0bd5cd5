"""Signature sheets, badges and the attendance export."""

import csv
import io

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from openpyxl import load_workbook

from lrba.events.exports import attendance_csv, attendance_xlsx
from lrba.events.models import Event, Registration
from lrba.events.selectors.attendance import participant_list
from lrba.events.tests.factories import EventFactory, RegistrationFactory
from lrba.members.tests.factories import LibraryFactory

pytestmark = pytest.mark.django_db

S = Registration.Status


@pytest.fixture
def event():
    event = EventFactory(title="Skaitymo skatinimo forumas")
    library = LibraryFactory(name="Telšių Karolinos Praniauskaitės viešoji biblioteka")
    RegistrationFactory(
        event=event, first_name="Žydrūnė", last_name="Čiurlionienė", library=library
    )
    RegistrationFactory(
        event=event,
        first_name="Andrius",
        last_name="Žukauskas",
        institution="Panevėžio apskrities biblioteka",
        status=S.ATTENDED,
    )
    RegistrationFactory(event=event, first_name="Ieva", last_name="Cicėnaitė", status=S.CANCELLED)
    return event


def _url(name, event):
    return reverse(f"events:{name}", kwargs={"slug": event.slug})


def test_the_signature_sheet_lists_the_seated_in_order_with_a_signature_column(event):
    html = render_to_string(
        "events/pdf/participant_sheet.html",
        {"event": event, "participants": participant_list(event)},
    )
    assert html.index("Čiurlionienė Žydrūnė") < html.index("Žukauskas Andrius")
    assert "Cicėnaitė" not in html
    assert "Telšių Karolinos Praniauskaitės viešoji biblioteka" in html
    assert "Skaitymo skatinimo forumas" in html


@pytest.mark.parametrize("name", ["participant_sheet", "badges"])
def test_staff_download_the_pdfs(staff_client, event, name):
    response = staff_client.get(_url(name, event))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def _pages(template, context):
    from weasyprint import HTML

    return len(HTML(string=render_to_string(template, context)).render().pages)


def test_badges_come_eight_to_a_page():
    event = EventFactory()
    RegistrationFactory.create_batch(9, event=event)
    from lrba.events.views.checkin import _chunks

    pages = _chunks(_chunks(participant_list(event), 2), 4)
    assert _pages("events/pdf/badges.html", {"event": event, "pages": pages}) == 2


def test_a_long_signature_sheet_runs_over_pages():
    event = EventFactory()
    RegistrationFactory.create_batch(30, event=event)
    context = {"event": event, "participants": participant_list(event)}
    assert _pages("events/pdf/participant_sheet.html", context) >= 2


@pytest.mark.parametrize(
    "name", ["participant_sheet", "badges", "attendance_csv", "attendance_xlsx"]
)
def test_the_papers_are_for_staff_only(member_client, event, name):
    assert member_client.get(_url(name, event)).status_code == 403


def test_the_csv_export_has_lithuanian_headers_and_every_registration(event):
    content = attendance_csv(event).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0][:3] == ["Vardas", "Pavardė", "El. paštas"] or rows[0][0] == "First name"
    assert [row[1] for row in rows[1:]] == ["Cicėnaitė", "Čiurlionienė", "Žukauskas"]
    assert rows[3][3] == "Panevėžio apskrities biblioteka"


def test_the_export_shows_the_check_in_time(event, staff_user):
    from lrba.events.services.attendance import registration_check_in

    registration = Registration.objects.get(last_name="Čiurlionienė")
    registration_check_in(registration=registration, event=event, by=staff_user)
    rows = list(csv.reader(io.StringIO(attendance_csv(event).decode("utf-8-sig"))))
    assert len(rows[2][7]) == len("2026-04-18 10:02")


def test_the_xlsx_export_opens_in_openpyxl(staff_client, event):
    response = staff_client.get(_url("attendance_xlsx", event))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    assert sheet.title == "Skaitymo skatinimo forumas"
    values = [row for row in sheet.iter_rows(values_only=True)]
    assert len(values) == 4
    assert values[2][4] == "Telšių Karolinos Praniauskaitės viešoji biblioteka"


def test_the_csv_download(staff_client, event):
    response = staff_client.get(_url("attendance_csv", event))
    assert response["Content-Type"].startswith("text/csv")
    assert "Žukauskas" in response.content.decode("utf-8-sig")


def test_one_workbook_holds_several_events_with_unique_sheet_names():
    first = EventFactory(title="Forumas: skaitymas / rašymas")
    second = EventFactory(title="Forumas: skaitymas / rašymas")
    events = Event.objects.filter(pk__in=[first.pk, second.pk]).order_by("pk")
    workbook = load_workbook(io.BytesIO(attendance_xlsx(events)))
    assert len(set(workbook.sheetnames)) == 2
    assert all(":" not in name and "/" not in name for name in workbook.sheetnames)


def test_the_event_admin_downloads_attendance_for_the_selected_events(staff_client, event):
    response = staff_client.post(
        reverse("admin:events_event_changelist"),
        {"action": "download_attendance", "_selected_action": [event.pk]},
    )
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Skaitymo skatinimo forumas"]
