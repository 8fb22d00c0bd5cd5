"""Changing an event goes through `event_update`, under the event's lock: seats that grow
go to the waiting list at once, whether the change comes from a service call or from the
back office's change form."""

from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from lrba.events.models import Event, Registration
from lrba.events.services import registration as services
from lrba.events.services.registration import event_update
from lrba.events.tests.factories import EventFactory, RegistrationFactory
from lrba.members.tests.factories import LibraryFactory

pytestmark = pytest.mark.django_db


def _full_event_with_a_waiting_list(**kwargs):
    event = EventFactory(capacity=1, **kwargs)
    RegistrationFactory(event=event)
    first = RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    second = RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    return event, first, second


def _statuses(*registrations: Registration) -> list[str]:
    return [Registration.objects.get(pk=r.pk).status for r in registrations]


def test_more_seats_move_the_waiting_list_up_in_order(django_capture_on_commit_callbacks):
    event, first, second = _full_event_with_a_waiting_list()

    with django_capture_on_commit_callbacks() as callbacks:
        update = event_update(event=event, changes={"capacity": 2})

    assert update.promoted == [first]
    assert _statuses(first, second) == ["confirmed", "waitlisted"]
    assert len(callbacks) == 1  # the promotion notice, after commit


def test_lifting_the_limit_seats_everyone_waiting():
    event, first, second = _full_event_with_a_waiting_list()

    event_update(event=event, changes={"capacity": None})

    assert _statuses(first, second) == ["confirmed", "confirmed"]


def test_a_raised_per_library_limit_seats_the_library_s_waiting_staff():
    library = LibraryFactory()
    event = EventFactory(capacity=None, per_library_limit=1)
    RegistrationFactory(event=event, library=library)
    waiting = RegistrationFactory(event=event, library=library, status="waitlisted")

    event_update(event=event, changes={"per_library_limit": 2})

    assert _statuses(waiting) == ["confirmed"]


def test_fewer_seats_or_other_changes_move_nobody():
    event, first, second = _full_event_with_a_waiting_list()

    update = event_update(event=event, changes={"title": "Naujas pavadinimas"})
    event_update(event=event, changes={"capacity": 0})

    assert update.promoted == []
    assert Event.objects.get(pk=event.pk).title == "Naujas pavadinimas"
    assert _statuses(first, second) == ["waitlisted", "waitlisted"]


def test_a_draft_event_keeps_its_waiting_list():
    event, first, _second = _full_event_with_a_waiting_list(status=Event.Status.DRAFT)

    event_update(event=event, changes={"capacity": 5})

    assert _statuses(first) == ["waitlisted"]


def test_an_invalid_change_is_refused_and_writes_nothing():
    event, first, _second = _full_event_with_a_waiting_list()

    with pytest.raises(ValidationError, match="capacity"):
        event_update(event=event, changes={"capacity": -3})

    assert Event.objects.get(pk=event.pk).capacity == 1
    assert _statuses(first) == ["waitlisted"]


def test_the_back_office_change_form_saves_through_the_service(staff_user, monkeypatch):
    calls = []

    def spy(**kwargs):
        calls.append(kwargs["changes"])
        return event_update(**kwargs)

    monkeypatch.setattr(services, "event_update", spy)
    event, first, _second = _full_event_with_a_waiting_list()
    request = RequestFactory().post("/admin/events/event/")
    request.user = staff_user
    request.session = {}
    request._messages = FallbackStorage(request)
    edited = Event.objects.get(pk=event.pk)
    edited.capacity = 2  # as the admin's form leaves it before save_model

    admin.site._registry[Event].save_model(
        request, edited, SimpleNamespace(changed_data=["capacity"]), change=True
    )

    assert calls == [{"capacity": 2}]
    assert Event.objects.get(pk=event.pk).capacity == 2
    assert _statuses(first) == ["confirmed"]
    assert [str(m) for m in request._messages] == ["Perkelta iš laukiančiųjų sąrašo: 1."]
