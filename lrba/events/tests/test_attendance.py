"""Checking people in at the desk: the service and the desk's reads."""

import pytest
from django.core.exceptions import ValidationError

from lrba.events.models import Event, Registration
from lrba.events.selectors.attendance import (
    checkin_arrived,
    checkin_counts,
    checkin_expected,
    participant_list,
)
from lrba.events.services.attendance import (
    checked_in_message,
    registration_check_in,
    registration_undo_check_in,
)
from lrba.events.tests.factories import EventFactory, RegistrationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

S = Registration.Status


def test_check_in_marks_the_registration_attended_with_time_and_staff(staff_user):
    registration = RegistrationFactory()
    result = registration_check_in(
        registration=registration, event=registration.event, by=staff_user
    )
    registration.refresh_from_db()
    assert result.is_new
    assert registration.status == S.ATTENDED
    assert registration.checked_in_at is not None
    assert registration.checked_in_by == staff_user


def test_check_in_refuses_a_registration_of_another_event_and_changes_nothing(staff_user):
    registration = RegistrationFactory(event__title="Vasaros skaitymų konferencija")
    other_event = EventFactory()
    with pytest.raises(ValidationError) as error:
        registration_check_in(registration=registration, event=other_event, by=staff_user)
    assert "another event" in error.value.messages[0]
    assert "Vasaros skaitymų konferencija" in error.value.messages[0]
    registration.refresh_from_db()
    assert registration.status == S.CONFIRMED
    assert registration.checked_in_at is None


@pytest.mark.parametrize("status", [S.CANCELLED, S.WAITLISTED])
def test_check_in_refuses_a_registration_that_is_not_confirmed(staff_user, status):
    registration = RegistrationFactory(status=status)
    with pytest.raises(ValidationError):
        registration_check_in(registration=registration, event=registration.event, by=staff_user)
    registration.refresh_from_db()
    assert registration.status == status
    assert registration.checked_in_at is None


def test_check_in_refuses_at_a_cancelled_event(staff_user):
    registration = RegistrationFactory(event__status=Event.Status.CANCELLED)
    with pytest.raises(ValidationError):
        registration_check_in(registration=registration, event=registration.event, by=staff_user)


def test_check_in_twice_keeps_the_first_time_and_says_when(staff_user):
    registration = RegistrationFactory(first_name="Aušra", last_name="Žemaitė")
    first = registration_check_in(
        registration=registration, event=registration.event, by=staff_user
    )
    second = registration_check_in(
        registration=registration, event=registration.event, by=staff_user
    )
    assert not second.is_new
    assert second.registration.checked_in_at == first.registration.checked_in_at
    message = checked_in_message(second)
    assert "Aušra Žemaitė" in message
    assert ":" in message  # the time, HH:MM


def test_undo_puts_the_registration_back_to_confirmed(staff_user):
    registration = RegistrationFactory()
    registration_check_in(registration=registration, event=registration.event, by=staff_user)
    registration_undo_check_in(registration=registration, event=registration.event, by=staff_user)
    registration.refresh_from_db()
    assert registration.status == S.CONFIRMED
    assert registration.checked_in_at is None
    assert registration.checked_in_by is None


def test_undo_refuses_a_registration_that_was_not_checked_in(staff_user):
    registration = RegistrationFactory()
    with pytest.raises(ValidationError):
        registration_undo_check_in(
            registration=registration, event=registration.event, by=staff_user
        )


def test_undo_refuses_a_registration_of_another_event(staff_user):
    registration = RegistrationFactory()
    registration_check_in(registration=registration, event=registration.event, by=staff_user)
    with pytest.raises(ValidationError):
        registration_undo_check_in(registration=registration, event=EventFactory(), by=staff_user)
    registration.refresh_from_db()
    assert registration.status == S.ATTENDED


def test_check_in_is_recorded_in_the_audit_log_with_the_staff_member(staff_user):
    from auditlog.models import LogEntry

    registration = RegistrationFactory()
    registration_check_in(registration=registration, event=registration.event, by=staff_user)
    entry = LogEntry.objects.get_for_object(registration).order_by("-timestamp").first()
    assert entry is not None
    assert entry.actor == staff_user


def test_the_desk_counts_expected_arrived_and_waiting():
    event = EventFactory()
    RegistrationFactory.create_batch(3, event=event)
    RegistrationFactory(event=event, status=S.ATTENDED)
    RegistrationFactory(event=event, status=S.WAITLISTED)
    RegistrationFactory(event=event, status=S.CANCELLED)
    assert checkin_counts(event) == {"expected": 3, "arrived": 1, "waitlisted": 1}


def test_the_desk_search_ignores_case_and_diacritics():
    event = EventFactory()
    RegistrationFactory(event=event, first_name="Šarūnė", last_name="Žukauskienė")
    RegistrationFactory(event=event, first_name="Jonas", last_name="Petraitis")
    RegistrationFactory(
        event=event, first_name="Ona", last_name="Kairienė", institution="Šiaulių rajono biblioteka"
    )
    assert [r.first_name for r in checkin_expected(event, query="sarune zuk")] == ["Šarūnė"]
    assert [r.first_name for r in checkin_expected(event, query="SIAULIU")] == ["Ona"]
    assert len(checkin_expected(event)) == 3


def test_the_expected_list_is_in_lithuanian_order_and_arrived_latest_first(staff_user):
    event = EventFactory()
    for last_name in ["Žilinskas", "Čepulis", "Cibulskis", "Zabiela"]:
        RegistrationFactory(event=event, last_name=last_name, first_name="Vardas")
    assert [r.last_name for r in checkin_expected(event)] == [
        "Cibulskis",
        "Čepulis",
        "Zabiela",
        "Žilinskas",
    ]
    first, second = checkin_expected(event)[:2]
    registration_check_in(registration=first, event=event, by=staff_user)
    registration_check_in(registration=second, event=event, by=staff_user)
    assert [r.pk for r in checkin_arrived(event)] == [second.pk, first.pk]


def test_the_participant_list_holds_the_seated_in_lithuanian_order():
    event = EventFactory()
    RegistrationFactory(event=event, last_name="Šimkus")
    RegistrationFactory(event=event, last_name="Sabaliauskas", status=S.ATTENDED)
    RegistrationFactory(event=event, last_name="Tamošiūnas")
    RegistrationFactory(event=event, last_name="Ambrazas", status=S.WAITLISTED)
    RegistrationFactory(event=event, last_name="Butkus", status=S.CANCELLED)
    assert [r.last_name for r in participant_list(event)] == [
        "Sabaliauskas",
        "Šimkus",
        "Tamošiūnas",
    ]
