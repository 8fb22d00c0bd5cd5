"""Convening and numbering under concurrency, on PostgreSQL (SQLite serialises writers)."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from lrba.governance.models import Meeting, Notice
from lrba.governance.services import meetings as services
from lrba.governance.tests.factories import AgendaItemFactory, MeetingFactory, body
from lrba.members.tests.factories import MembershipFactory, PersonFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("migrated_data_restored"),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrency is tested on PostgreSQL"
    ),
]


def _run_at_once(jobs) -> list[BaseException]:
    barrier = threading.Barrier(len(jobs))
    errors: list[BaseException] = []

    def run(job) -> None:
        try:
            barrier.wait()
            job()
        except BaseException as error:  # noqa: BLE001  (reported below)
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_two_secretaries_convening_at_once_convene_once():
    for _ in range(3):
        MembershipFactory(library=None, person=PersonFactory())
    meeting = MeetingFactory(reference="VNS-C-1")
    AgendaItemFactory(meeting=meeting)
    errors = _run_at_once(
        [lambda: services.meeting_convene(meeting=meeting, convened_by=None) for _ in range(2)]
    )
    assert len(errors) == 1 and isinstance(errors[0], ValidationError)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CONVENED
    assert Notice.objects.filter(meeting=meeting).count() == 3


def test_meetings_created_at_once_get_consecutive_references():
    starts_at = timezone.now() + datetime.timedelta(days=30)

    def create() -> None:
        services.meeting_create(
            body=body(),
            kind="ordinary",
            title="Susirinkimas",
            starts_at=starts_at,
            place="Šiauliai",
            created_by=None,
        )

    assert _run_at_once([create for _ in range(4)]) == []
    year = timezone.localtime(starts_at).year
    references = set(Meeting.objects.values_list("reference", flat=True))
    assert references == {f"VNS-{year}-{n}" for n in range(1, 5)}
