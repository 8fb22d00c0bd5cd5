"""Two readings of one library's calendar at once, on PostgreSQL (SQLite serialises every
writer by itself): the second waits for the first (a lock on the library's row) and
finds its events, so nothing is duplicated and neither fails on the UID constraint."""

import threading
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections

from lrba.events.models import MemberCalendarImport, MemberEvent
from lrba.events.services.calendar_import import calendar_import_file_start, calendar_import_run

MIXED = (Path(__file__).parent / "ical" / "library_mixed.ics").read_bytes()

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("migrated_data_restored"),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks of PostgreSQL"),
]


def test_two_readings_of_one_file_at_once_make_each_event_once(alice, library_a):
    records = [
        calendar_import_file_start(
            library=library_a,
            uploaded_file=SimpleUploadedFile("k.ics", MIXED),
            by=alice,
            enqueue=False,
        )
        for _ in range(2)
    ]
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def read(pk: int) -> None:
        try:
            barrier.wait(timeout=10)
            calendar_import_run(pk)
        except BaseException as error:  # noqa: BLE001  (reported below)
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=read, args=(record.pk,)) for record in records]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    done = MemberCalendarImport.objects.filter(pk__in=[record.pk for record in records])
    assert {record.status for record in done} == {MemberCalendarImport.Status.DONE}, [
        record.error for record in done
    ]
    assert sorted(record.created_count for record in done) == [0, 5]
    assert sorted(record.unchanged_count for record in done) == [0, 5]
    assert MemberEvent.objects.filter(library=library_a).count() == 5
