import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from lrba.events.models import Event, Registration
from lrba.events.services.registration import (
    event_cancel,
    event_delete,
    registration_cancel,
    registration_create,
    registrations_create_for_colleagues,
)
from lrba.events.tests.factories import EventFactory, RegistrationFactory
from lrba.members.tests.factories import (
    BranchFactory,
    EmploymentFactory,
    MembershipFactory,
    PersonFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def register(event, n=0, **kwargs):
    data = {
        "first_name": "Jonas",
        "last_name": f"Jonaitis{n}",
        "email": f"jonas{n}@example.lt",
        "language": "lt",
    }
    return registration_create(event=event, **{**data, **kwargs})


def test_registration_create_confirms_while_seats_are_left(django_capture_on_commit_callbacks):
    event = EventFactory(capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(event)
    assert registration.status == Registration.Status.CONFIRMED
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["jonas0@example.lt"]


def test_registration_create_waitlists_when_the_event_is_full():
    event = EventFactory(capacity=1)
    assert register(event, 1).status == "confirmed"
    assert register(event, 2).status == "waitlisted"


def test_no_capacity_means_no_limit():
    event = EventFactory(capacity=None)
    assert all(register(event, n).status == "confirmed" for n in range(5))


def test_registration_create_refuses_a_second_registration_with_the_same_email():
    event = EventFactory()
    register(event, email="Jonas@Example.lt")
    with pytest.raises(ValidationError, match="already registered"):
        register(event, 2, email="jonas@example.lt")
    assert Registration.objects.count() == 1


def test_registration_create_refuses_the_same_person_twice(bob):
    event = EventFactory()
    register(event, person=bob.person, email=bob.email)
    with pytest.raises(ValidationError, match="already registered"):
        register(event, 2, person=bob.person)


def test_a_cancelled_registration_does_not_block_registering_again():
    event = EventFactory()
    registration_cancel(registration=register(event))
    assert register(event).status == "confirmed"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"registration_closes_at_days": -1}, "Registration closed"),
        ({"registration_opens_at_days": 2}, "Registration opens"),
        ({"status": Event.Status.DRAFT}, "not open for registration"),
        ({"status": Event.Status.CANCELLED}, "cancelled"),
    ],
)
def test_registration_create_refuses_outside_the_window(changes, message):
    now = timezone.now()
    kwargs = {}
    if "registration_closes_at_days" in changes:
        kwargs["registration_opens_at"] = now - datetime.timedelta(days=5)
        kwargs["registration_closes_at"] = now + datetime.timedelta(
            days=changes["registration_closes_at_days"]
        )
    if "registration_opens_at_days" in changes:
        kwargs["registration_opens_at"] = now + datetime.timedelta(
            days=changes["registration_opens_at_days"]
        )
    if "status" in changes:
        kwargs["status"] = changes["status"]
    event = EventFactory(**kwargs)
    with pytest.raises(ValidationError, match=message):
        register(event)
    assert not Registration.objects.exists()


def test_registration_create_refuses_after_the_event_started():
    now = timezone.now()
    event = EventFactory(
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(hours=1),
        registration_opens_at=None,
        registration_closes_at=None,
    )
    with pytest.raises(ValidationError, match="already started"):
        register(event)


def test_members_only_refuses_a_non_member_and_the_public(charlie):
    event = EventFactory(audience=Event.Audience.MEMBERS)
    with pytest.raises(ValidationError, match="Only members"):
        register(event, person=charlie.person)
    with pytest.raises(ValidationError, match="Only members"):
        register(event)
    assert not Registration.objects.exists()


def test_members_only_admits_an_employee_of_a_member_library_and_an_individual_member(
    bob, library_a
):
    individual_member = MembershipFactory(library=None, person=PersonFactory()).person
    event = EventFactory(audience=Event.Audience.MEMBERS)
    registration = register(event, person=bob.person, email=bob.email)
    assert registration.status == "confirmed"
    assert registration.library == library_a
    assert registration.institution == library_a.name
    registration = register(event, 2, person=individual_member, email=individual_member.email)
    assert registration.status == "confirmed"


def test_members_only_admits_an_employee_of_a_branch_of_a_member_library(library_a):
    branch = BranchFactory(parent=library_a)
    person = EmploymentFactory(library=branch).person
    event = EventFactory(audience=Event.Audience.MEMBERS)
    assert register(event, person=person, email=person.email).status == "confirmed"


def test_the_per_library_limit_waitlists_the_library_s_extra_people(library_a):
    event = EventFactory(capacity=10, per_library_limit=1)
    assert register(event, 1, library=library_a).status == "confirmed"
    assert register(event, 2, library=library_a).status == "waitlisted"
    assert register(event, 3).status == "confirmed"


def test_cancelling_promotes_the_first_in_line_and_tells_them(django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    first = register(event, 1)
    second = register(event, 2)
    third = register(event, 3)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=first)
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == "confirmed" and second.promoted_at is not None
    assert third.status == "waitlisted"
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert (
        "vieta" in subjects["jonas2@example.lt"].lower() or "seat" in subjects["jonas2@example.lt"]
    )
    assert "jonas1@example.lt" in subjects


def test_promotion_skips_a_person_whose_library_is_at_its_limit(library_a):
    event = EventFactory(capacity=2, per_library_limit=1)
    holder = register(event, 1, library=library_a)
    other = register(event, 2)
    same_library = register(event, 3, library=library_a)  # waits: library at its limit
    outsider = register(event, 4)  # waits: event full
    assert same_library.status == outsider.status == "waitlisted"
    registration_cancel(registration=other)
    same_library.refresh_from_db()
    outsider.refresh_from_db()
    assert same_library.status == "waitlisted"
    assert outsider.status == "confirmed"
    registration_cancel(registration=holder)
    same_library.refresh_from_db()
    assert same_library.status == "confirmed"


def test_cancelling_twice_is_refused_with_a_clear_message():
    registration = register(EventFactory())
    registration_cancel(registration=registration)
    with pytest.raises(ValidationError, match="already cancelled"):
        registration_cancel(registration=registration)


def test_cancelling_after_the_deadline_is_refused_except_for_staff(staff_user):
    event = EventFactory()
    registration = register(event)
    Event.objects.filter(pk=event.pk).update(
        cancellation_deadline=timezone.now() - datetime.timedelta(hours=1)
    )
    with pytest.raises(ValidationError, match="could be cancelled until"):
        registration_cancel(registration=registration)
    registration.refresh_from_db()
    assert registration.status == "confirmed"
    registration_cancel(registration=registration, by=staff_user)
    registration.refresh_from_db()
    assert registration.status == "cancelled"


def test_a_waitlisted_cancellation_promotes_nobody():
    event = EventFactory(capacity=1)
    register(event, 1)
    waiting = register(event, 2)
    third = register(event, 3)
    registration_cancel(registration=waiting)
    third.refresh_from_db()
    assert third.status == "waitlisted"


def test_event_cancel_tells_everyone_registered(django_capture_on_commit_callbacks, staff_user):
    event = EventFactory(capacity=1)
    register(event, 1)
    register(event, 2)
    registration_cancel(registration=register(event, 3))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        event_cancel(event=event, reason="Lektorė susirgo.", by=staff_user)
    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED
    assert sorted(m.to[0] for m in mail.outbox) == ["jonas1@example.lt", "jonas2@example.lt"]
    assert "Lektorė susirgo." in mail.outbox[0].body
    with pytest.raises(ValidationError, match="already cancelled"):
        event_cancel(event=event, reason="x", by=staff_user)


def test_deleting_an_event_with_registrations_is_refused():
    event = EventFactory()
    RegistrationFactory(event=event, status="cancelled")
    with pytest.raises(ValidationError, match="cannot be deleted"):
        event_delete(event=event)
    assert Event.objects.filter(pk=event.pk).exists()
    empty = EventFactory()
    event_delete(event=empty)
    assert not Event.objects.filter(pk=empty.pk).exists()


def test_colleagues_are_registered_one_by_one_with_a_result_each(library_a, alice, bob):
    event = EventFactory(capacity=10, per_library_limit=1)
    stranger = PersonFactory.create()
    register(event, 9, person=bob.person, email=bob.email)
    results = registrations_create_for_colleagues(
        event=event,
        library=library_a,
        people=[
            alice.person,
            bob.person,
            stranger,
            EmploymentFactory.create(library=library_a).person,
        ],
        registered_by=alice,
    )
    outcomes = [result.outcome for result in results]
    assert outcomes == ["waitlisted", "refused", "refused", "waitlisted"]
    assert "already registered" in results[1].error
    assert "does not work" in results[2].error
    assert Registration.objects.filter(event=event).count() == 3
