"""A library's calendar import pages: who sees them, uploading a file twice without
duplicates, refusals kept on the form, a feed, the progress region for htmx."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from conftest import lt
from lrba.events.models import MemberCalendarImport, MemberCalendarSource, MemberEvent
from lrba.members.models import StaffAuthorisation
from lrba.members.tests.factories import authorised_employee

HERE = Path(__file__).parent / "ical"
MIXED = (HERE / "library_mixed.ics").read_bytes()

pytestmark = pytest.mark.django_db


def _url(library) -> str:
    return reverse("events:calendar_import", args=[library.pk])


def _post_file(client, library, data: bytes, name: str = "kalendorius.ics"):
    upload = SimpleUploadedFile(name, data, content_type="text/calendar")
    return client.post(_url(library), {"action": "file", "file": upload})


def test_page_for_a_representative(client, alice, library_a):
    client.force_login(alice)
    response = client.get(_url(library_a))
    assert response.status_code == 200
    page = response.content.decode()
    assert lt("Import events from iCalendar") in page
    assert 'enctype="multipart/form-data"' in page
    assert "csrfmiddlewaretoken" in page


def test_calendar_authorised_employee_may_import(client, library_a):
    user = authorised_employee(library_a, scope=StaffAuthorisation.Scope.CALENDAR)
    client.force_login(user)
    assert client.get(_url(library_a)).status_code == 200


def test_anonymous_is_sent_to_sign_in(client, library_a):
    response = client.get(_url(library_a))
    assert response.status_code == 302
    assert "login" in response.url
    assert _post_file(client, library_a, MIXED).status_code == 302
    assert not MemberCalendarImport.objects.exists()


@pytest.mark.parametrize("who", ["bob", "charlie", "ordering_only", "carol"])
def test_others_get_404(client, request, library_a, library_c, who):
    if who == "ordering_only":
        client.force_login(authorised_employee(library_a, scope=StaffAuthorisation.Scope.ORDERING))
    else:
        client.force_login(request.getfixturevalue(who))
    assert client.get(_url(library_a)).status_code == 404
    assert _post_file(client, library_a, MIXED).status_code == 404
    # A non-member library has no import either, even for its own librarian.
    assert client.get(_url(library_c)).status_code == 404
    assert not MemberCalendarImport.objects.exists()


def test_upload_twice_imports_once(client, alice, library_a, django_capture_on_commit_callbacks):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = _post_file(client, library_a, MIXED)
    record = MemberCalendarImport.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("events:calendar_import_detail", args=[library_a.pk, record.pk])
    detail = client.get(response.url).content.decode()
    assert lt("New events") in detail
    assert lt("The event ends before it starts.") in detail
    assert MemberEvent.objects.filter(library=library_a).count() == 5

    with django_capture_on_commit_callbacks(execute=True):
        _post_file(client, library_a, MIXED)
    second = MemberCalendarImport.objects.order_by("-pk").first()
    assert second is not None
    assert (second.created_count, second.unchanged_count) == (0, 5)
    assert MemberEvent.objects.filter(library=library_a).count() == 5
    listing = client.get(_url(library_a)).content.decode()
    assert listing.count(reverse("events:calendar_import_detail", args=[library_a.pk, second.pk]))


def test_not_a_calendar_stays_on_the_form_with_a_message(client, alice, library_a):
    client.force_login(alice)
    response = _post_file(client, library_a, (HERE / "not_a_calendar.ics").read_bytes())
    assert response.status_code == 400
    page = response.content.decode()
    assert lt(
        "This is not an iCalendar file (.ics): it does not start with BEGIN:VCALENDAR."
    ) in page.replace("&nbsp;", " ")
    assert not MemberCalendarImport.objects.exists()


def test_wrong_extension_refused(client, alice, library_a):
    client.force_login(alice)
    response = _post_file(client, library_a, MIXED, name="kalendorius.pdf")
    assert response.status_code == 400
    assert lt("Choose an iCalendar file (its name ends in .ics).") in response.content.decode()


def test_bad_feed_address_keeps_what_was_typed(client, alice, library_a):
    client.force_login(alice)
    response = client.post(_url(library_a), {"action": "feed", "url": "ftp://biblioteka.lt/k"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "ftp://biblioteka.lt/k" in page
    assert escape(lt("Give the feed's full address, starting with https:// or http://.")) in page
    assert not MemberCalendarSource.objects.exists()


def test_feed_saved_then_stopped(client, alice, library_a):
    client.force_login(alice)
    response = client.post(
        _url(library_a), {"action": "feed", "url": "https://kalendorius.example.lt/a.ics"}
    )
    assert response.status_code == 302
    source = MemberCalendarSource.objects.get()
    assert source.active and source.library == library_a
    assert MemberCalendarImport.objects.filter(source=source).count() == 1
    client.post(reverse("events:calendar_source_read", args=[library_a.pk, source.pk]))
    assert MemberCalendarImport.objects.filter(source=source).count() == 2
    client.post(reverse("events:calendar_source_stop", args=[library_a.pk, source.pk]))
    source.refresh_from_db()
    assert not source.active


def test_another_librarys_source_is_404(client, alice, carol, library_a, library_b):
    source = MemberCalendarSource.objects.create(library=library_b, url="https://b.example.lt/")
    client.force_login(alice)
    url = reverse("events:calendar_source_stop", args=[library_a.pk, source.pk])
    assert client.post(url).status_code == 404
    source.refresh_from_db()
    assert source.active


def test_detail_polls_while_waiting_and_htmx_gets_the_region(client, alice, library_a):
    record = MemberCalendarImport.objects.create(library=library_a, file_name="a.ics")
    client.force_login(alice)
    url = reverse("events:calendar_import_detail", args=[library_a.pk, record.pk])
    page = client.get(url).content.decode()
    assert 'hx-trigger="every 2s"' in page
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith("<section")
    assert "<html" not in fragment


def test_detail_of_another_librarys_import_is_404(client, alice, library_a, library_b):
    record = MemberCalendarImport.objects.create(library=library_b, file_name="b.ics")
    client.force_login(alice)
    url_a = reverse("events:calendar_import_detail", args=[library_a.pk, record.pk])
    url_b = reverse("events:calendar_import_detail", args=[library_b.pk, record.pk])
    assert client.get(url_a).status_code == 404
    assert client.get(url_b).status_code == 404
