"""The Board's composition under concurrency, on PostgreSQL (SQLite serialises writers)."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from lrba.governance.models import BoardSeat
from lrba.governance.services.bodies import board_seat_add
from lrba.members.tests import factories as members

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


def test_two_heads_elected_at_once_leave_one_head():
    people = []
    for _n in range(4):
        person = members.PersonFactory()
        members.MembershipFactory(library=None, person=person)
        people.append(person)

    def seat(person):
        return lambda: board_seat_add(
            person=person,
            office=BoardSeat.Office.HEAD,
            start_date=datetime.date(2026, 5, 1),
            added_by=None,
        )

    errors = _run_at_once([seat(person) for person in people])

    assert BoardSeat.objects.filter(office=BoardSeat.Office.HEAD).count() == 1
    assert len(errors) == 3
    assert all(isinstance(error, ValidationError) for error in errors)
