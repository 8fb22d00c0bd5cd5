"""Registrations for different events do not queue behind a shared cache counter, on
PostgreSQL (SQLite serialises every writer by itself)."""

import threading

import pytest
from django.db import connection, connections, transaction

from lrba.events.models import Registration
from lrba.events.services.registration import registration_create
from lrba.events.tests.factories import EventFactory
from lrba.events.views import public

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("migrated_data_restored"),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks of PostgreSQL"),
]


def _register(event, n: int) -> Registration:
    return registration_create(
        event=event, first_name="Ona", last_name=str(n), email=f"ona{n}@example.lt", language="lt"
    )


def test_a_registration_does_not_wait_for_another_events_open_transaction():
    first, second = EventFactory(capacity=10), EventFactory(capacity=10)
    public.event_page(first.slug)  # both pages cached, so a counter row would exist to lock
    public.event_page(second.slug)
    first_registered, second_done = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def hold_a_registration_open() -> None:
        try:
            with transaction.atomic():
                _register(first, 1)
                first_registered.set()
                # Keep the transaction (and any lock it took) open until the other is done.
                second_done.wait(timeout=10)
        except BaseException as error:  # noqa: BLE001  (reported below)
            errors.append(error)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold_a_registration_open)
    holder.start()
    try:
        assert first_registered.wait(timeout=10)
        with connection.cursor() as cursor:
            # Blocked on any row the other transaction holds, this fails instead of waiting.
            cursor.execute("SET lock_timeout = '2s'")
        _register(second, 2)
    finally:
        second_done.set()
        holder.join()
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = 0")

    assert errors == []
    assert Registration.objects.filter(status="confirmed").count() == 2
    assert public.event_page(first.slug)["seats_left"] == 9
    assert public.event_page(second.slug)["seats_left"] == 9
