"""Importing a member library's iCalendar file or feed into the shared calendar
(lrba.events.services.calendar_import): counts, re-import without duplicates, moderation,
nothing half-saved, access, and feeds read from a loopback server."""

import datetime
import io
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from conftest import lt
from lrba.core.tests.samples import SAMPLES_DIR, needs_samples
from lrba.events.ical_import import MAX_BYTES
from lrba.events.models import (
    MemberCalendarImport,
    MemberCalendarSettings,
    MemberCalendarSource,
    MemberEvent,
)
from lrba.events.services import calendar_import as service
from lrba.events.services.calendar_import import (
    calendar_import_file_start,
    calendar_import_run,
    calendar_source_add,
    calendar_sources_refresh,
    feed_fetch,
)
from lrba.events.tests.factories import MemberCalendarSourceFactory, MemberEventFactory

HERE = Path(__file__).parent / "ical"
UTC = datetime.UTC

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _upload(data: bytes, name: str = "kalendorius.ics") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/calendar")


def _import_file(library, user, data: bytes) -> MemberCalendarImport:
    record = calendar_import_file_start(
        library=library, uploaded_file=_upload(data), by=user, enqueue=False
    )
    return calendar_import_run(record.pk)


def _counts(record: MemberCalendarImport) -> tuple[int, int, int, int]:
    return (
        record.created_count,
        record.updated_count,
        record.unchanged_count,
        record.rejected_count,
    )


MIXED = (HERE / "library_mixed.ics").read_bytes()


def test_file_import_creates_events_with_library_place_and_origin(alice, library_a):
    record = _import_file(library_a, alice, MIXED)
    assert record.status == MemberCalendarImport.Status.DONE, record.error
    assert _counts(record) == (5, 0, 0, 2)
    events = MemberEvent.objects.filter(library=library_a)
    assert events.count() == 5
    assert set(events.values_list("municipality", flat=True)) == {library_a.municipality_id}
    assert set(events.values_list("origin", flat=True)) == {MemberEvent.Origin.FILE}
    assert set(events.values_list("created_by", flat=True)) == {alice.pk}
    cancelled = events.get(uid="atsaukta-4@biblioteka.lt")
    assert cancelled.status == MemberEvent.Status.CANCELLED
    reading = events.get(uid="skaitymai-1@biblioteka.lt")
    assert reading.status == MemberEvent.Status.PUBLISHED
    assert reading.starts_at == datetime.datetime(2030, 1, 15, 15, 0, tzinfo=UTC)
    reasons = [entry["reason"] for entry in record.rejections if not entry.get("note")]
    assert lt("The event ends before it starts.") in reasons
    notes = [entry["reason"] for entry in record.rejections if entry.get("note")]
    assert any("Kaunas Library Time" in note for note in notes)


def test_second_import_of_the_same_file_duplicates_nothing(alice, library_a):
    _import_file(library_a, alice, MIXED)
    again = _import_file(library_a, alice, MIXED)
    assert _counts(again) == (0, 0, 5, 2)
    assert MemberEvent.objects.filter(library=library_a).count() == 5


def test_changed_event_is_updated_and_a_cancelled_one_cancelled(alice, library_a):
    _import_file(library_a, alice, MIXED)
    changed = MIXED.replace(b"Kompiuterinio", b"Skaitmeninio").replace(
        b"UID:paroda-2@biblioteka.lt\r\n", b"UID:paroda-2@biblioteka.lt\r\nSTATUS:CANCELLED\r\n"
    )
    again = _import_file(library_a, alice, changed)
    assert _counts(again) == (0, 2, 3, 2)
    course = MemberEvent.objects.get(uid="kursai-3@biblioteka.lt")
    assert course.title == "Skaitmeninio raštingumo kursai"
    exhibition = MemberEvent.objects.get(uid="paroda-2@biblioteka.lt")
    assert exhibition.status == MemberEvent.Status.CANCELLED


def test_withdrawn_event_is_not_brought_back(alice, library_a):
    _import_file(library_a, alice, MIXED)
    MemberEvent.objects.filter(uid="kursai-3@biblioteka.lt").update(
        status=MemberEvent.Status.WITHDRAWN
    )
    again = _import_file(library_a, alice, MIXED.replace(b"Kompiuterinio", b"Kitokio"))
    course = MemberEvent.objects.get(uid="kursai-3@biblioteka.lt")
    assert course.status == MemberEvent.Status.WITHDRAWN
    assert course.title == "Kompiuterinio raštingumo kursai"
    assert again.unchanged_count == 5


def test_moderated_calendar_makes_new_imported_events_wait(alice, library_a):
    settings_row = MemberCalendarSettings.current()
    settings_row.moderated = True
    settings_row.save()
    _import_file(library_a, alice, MIXED)
    statuses = set(
        MemberEvent.objects.exclude(uid="atsaukta-4@biblioteka.lt").values_list("status", flat=True)
    )
    assert statuses == {MemberEvent.Status.PENDING}


def test_same_uid_in_another_library_is_another_event(alice, carol, library_a, library_b):
    _import_file(library_a, alice, MIXED)
    record = _import_file(library_b, carol, MIXED)
    assert record.created_count == 5
    assert MemberEvent.objects.filter(uid="kursai-3@biblioteka.lt").count() == 2


def test_error_half_way_saves_nothing(alice, library_a, monkeypatch):
    real_write = service._write
    calls = []

    def write_then_fail(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return real_write(*args, **kwargs)

    monkeypatch.setattr(service, "_write", write_then_fail)
    record = _import_file(library_a, alice, MIXED)
    assert record.status == MemberCalendarImport.Status.FAILED
    assert record.error == lt(
        "The calendar could not be imported because of an error on our side; "
        "nothing of it was saved. The administrator has been told."
    )
    assert not MemberEvent.objects.filter(library=library_a).exists()
    assert _counts(record) == (0, 0, 0, 0)


def test_file_refused_when_read_fails_the_import_with_the_reason(alice, library_a):
    record = calendar_import_file_start(
        library=library_a, uploaded_file=_upload(MIXED), by=alice, enqueue=False
    )
    record.file.save("broken.ics", _upload((HERE / "cut_short.ics").read_bytes()), save=True)
    record = calendar_import_run(record.pk)
    assert record.status == MemberCalendarImport.Status.FAILED
    assert record.error == lt("The file is cut short: END:VCALENDAR is missing.")
    assert not MemberEvent.objects.exists()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("not_a_calendar.ics", "not an iCalendar file"),
        ("deeply_nested.ics", "nests its parts"),
    ],
)
def test_hostile_upload_refused_before_anything_is_stored(alice, library_a, name, message):
    with pytest.raises(ValidationError, match=message):
        calendar_import_file_start(
            library=library_a,
            uploaded_file=_upload((HERE / name).read_bytes()),
            by=alice,
            enqueue=False,
        )
    assert not MemberCalendarImport.objects.exists()


def test_oversized_upload_refused(alice, library_a):
    data = b"BEGIN:VCALENDAR\r\n" + b"X" * MAX_BYTES
    with pytest.raises(ValidationError, match="too large"):
        calendar_import_file_start(
            library=library_a, uploaded_file=_upload(data), by=alice, enqueue=False
        )
    assert not MemberCalendarImport.objects.exists()


def test_access_non_member_and_not_acting(alice, bob, charlie, library_a, library_c):
    with pytest.raises(ValidationError, match="Only member libraries"):
        calendar_import_file_start(
            library=library_c, uploaded_file=_upload(MIXED), by=charlie, enqueue=False
        )
    with pytest.raises(PermissionDenied):
        calendar_import_file_start(
            library=library_a, uploaded_file=_upload(MIXED), by=bob, enqueue=False
        )


def test_queued_on_commit_and_run_by_the_task(alice, library_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        record = calendar_import_file_start(
            library=library_a, uploaded_file=_upload(MIXED), by=alice
        )
    record.refresh_from_db()
    assert record.status == MemberCalendarImport.Status.DONE
    assert record.created_count == 5
    # Delivered twice: the second run does nothing.
    assert calendar_import_run(record.pk).created_count == 5
    assert MemberEvent.objects.count() == 5


@needs_samples
def test_shared_samples_import_and_reimport(alice, library_a):
    for path in sorted((SAMPLES_DIR / "ical").glob("*.ics")):
        first = _import_file(library_a, alice, path.read_bytes())
        assert first.status == MemberCalendarImport.Status.DONE, first.error
        assert first.created_count == 1
        assert _counts(_import_file(library_a, alice, path.read_bytes())) == (0, 0, 1, 0)
    assert MemberEvent.objects.count() == 2


def test_typed_event_of_the_library_is_left_alone(alice, library_a):
    typed = MemberEventFactory(library=library_a, title="Įvestas ranka")
    _import_file(library_a, alice, MIXED)
    typed.refresh_from_db()
    assert typed.title == "Įvestas ranka"
    assert MemberEvent.objects.filter(library=library_a).count() == 6


# Feeds --------------------------------------------------------------------------------------


class _Feed(BaseHTTPRequestHandler):
    body = MIXED
    status = 200

    def do_GET(self):  # noqa: N802 (http.server's name)
        if self.path == "/large.ics":
            self.send_response(200)
            self.send_header("Content-Type", "text/calendar")
            self.end_headers()
            chunk = b"X" * 65536
            try:
                for _ in range(MAX_BYTES // len(chunk) + 2):
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        if self.path == "/missing.ics":
            self.send_error(404)
            return
        if self.path == "/redirect.ics":
            self.send_response(302)
            self.send_header("Location", "http://10.0.0.1/private.ics")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/calendar; charset=utf-8")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args):
        pass


@pytest.fixture
def feed_server(settings) -> Iterator[str]:
    settings.LRBA_CALENDAR_FEEDS_ALLOW_LOOPBACK = True
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Feed)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_feed_is_read_into_the_calendar_and_remembered(alice, library_a, feed_server):
    source, record = calendar_source_add(
        library=library_a, url=f"{feed_server}/kalendorius.ics", by=alice, enqueue=False
    )
    record = calendar_import_run(record.pk)
    assert record.status == MemberCalendarImport.Status.DONE, record.error
    assert record.created_count == 5
    events = MemberEvent.objects.filter(library=library_a)
    assert set(events.values_list("origin", flat=True)) == {MemberEvent.Origin.FEED}
    assert set(events.values_list("source", flat=True)) == {source.pk}
    source.refresh_from_db()
    assert source.active and source.last_read_at is not None and source.last_error == ""


def test_refresh_command_reads_active_feeds_only(alice, library_a, library_b, feed_server):
    MemberCalendarSourceFactory(library=library_a, url=f"{feed_server}/a.ics")
    MemberCalendarSourceFactory(library=library_b, url=f"{feed_server}/b.ics", active=False)
    output = io.StringIO()
    call_command("refresh_member_calendars", stdout=output)
    assert "Feeds read: 1" in output.getvalue()
    assert MemberEvent.objects.filter(library=library_a).count() == 5
    assert not MemberEvent.objects.filter(library=library_b).exists()
    assert calendar_sources_refresh() == 1
    assert MemberEvent.objects.filter(library=library_a).count() == 5


def test_feed_failure_is_recorded_on_the_source(alice, library_a, feed_server):
    source, record = calendar_source_add(
        library=library_a, url=f"{feed_server}/missing.ics", by=alice, enqueue=False
    )
    record = calendar_import_run(record.pk)
    assert record.status == MemberCalendarImport.Status.FAILED
    assert "404" in record.error
    source.refresh_from_db()
    assert "404" in source.last_error


def test_oversized_feed_is_cut_off_while_streaming(feed_server):
    with pytest.raises(service.CalendarRefused, match="too large"):
        feed_fetch(f"{feed_server}/large.ics")


def test_redirect_to_a_private_address_is_refused(feed_server):
    with pytest.raises(service.CalendarRefused, match="not on the public internet"):
        feed_fetch(f"{feed_server}/redirect.ics")


def test_loopback_refused_unless_allowed(settings):
    settings.DEBUG = False
    settings.LRBA_CALENDAR_FEEDS_ALLOW_LOOPBACK = False
    with pytest.raises(service.CalendarRefused, match="not on the public internet"):
        feed_fetch("http://127.0.0.1:9/kalendorius.ics")


@pytest.mark.parametrize("url", ["ftp://example.lt/a.ics", "file:///etc/passwd", "kalendorius"])
def test_feed_address_must_be_http(alice, library_a, url):
    with pytest.raises(ValidationError, match="https://"):
        calendar_source_add(library=library_a, url=url, by=alice, enqueue=False)
    assert not MemberCalendarSource.objects.exists()


def test_webcal_address_is_read_as_https(alice, library_a):
    source, _record = calendar_source_add(
        library=library_a, url="webcal://kalendorius.example.lt/a.ics", by=alice, enqueue=False
    )
    assert source.url == "https://kalendorius.example.lt/a.ics"
