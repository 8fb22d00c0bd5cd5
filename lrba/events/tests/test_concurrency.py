"""Seats under concurrency, on PostgreSQL (SQLite serialises writers by itself)."""

from lrba.core.tests.concurrency import POSTGRES_RACE, run_at_once
from lrba.events.models import Registration
from lrba.events.services.registration import registration_cancel, registration_create
from lrba.events.tests.factories import EventFactory

pytestmark = POSTGRES_RACE


def _register(event, first_name: str, n: int):
    """A job registering the n-th person called `first_name` for `event`."""
    return lambda: registration_create(
        event=event,
        first_name=first_name,
        last_name=str(n),
        email=f"{first_name.lower()}{n}@example.lt",
        language="lt",
    )


def test_30_people_registering_at_once_for_10_seats():
    event = EventFactory(capacity=10)
    assert run_at_once([_register(event, "Jonas", n) for n in range(30)]).errors == []
    registrations = Registration.objects.filter(event=event)
    assert registrations.count() == 30
    assert registrations.filter(status="confirmed").count() == 10
    assert registrations.filter(status="waitlisted").count() == 20


def test_10_cancellations_at_once_keep_the_event_full_and_promote_in_order():
    event = EventFactory(capacity=10)
    seated = [
        Registration.objects.create(
            event=event,
            first_name="A",
            last_name=str(n),
            email=f"a{n}@example.lt",
            status="confirmed",
        )
        for n in range(10)
    ]
    waiting = [
        Registration.objects.create(
            event=event,
            first_name="B",
            last_name=str(n),
            email=f"b{n}@example.lt",
            status="waitlisted",
        )
        for n in range(15)
    ]
    assert (
        run_at_once([lambda r=r: registration_cancel(registration=r) for r in seated]).errors == []
    )
    registrations = Registration.objects.filter(event=event)
    assert registrations.filter(status="confirmed").count() == 10
    promoted = set(registrations.filter(status="confirmed").values_list("pk", flat=True))
    assert promoted == {r.pk for r in waiting[:10]}
    assert registrations.filter(status="waitlisted").count() == 5


def test_seats_added_while_people_register_leave_nobody_waiting_for_a_free_seat():
    """`event_update` takes the event's lock: a capacity change and registrations for
    the last seats are served one after the other, so at the end every seat the event has
    is taken before anyone waits."""
    from lrba.events.services.registration import event_update

    event = EventFactory(capacity=5)
    jobs = [_register(event, "Ona", n) for n in range(20)]
    jobs.insert(10, lambda: event_update(event=event, changes={"capacity": 12}))
    assert run_at_once(jobs).errors == []
    registrations = Registration.objects.filter(event=event)
    assert registrations.filter(status="confirmed").count() == 12
    assert registrations.filter(status="waitlisted").count() == 8
