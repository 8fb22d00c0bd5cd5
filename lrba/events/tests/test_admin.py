import pytest
from django.core import mail

from lrba.events.models import Event, Registration
from lrba.events.tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def test_the_event_changelist_and_form_open(staff_client):
    event = EventFactory()
    RegistrationFactory(event=event)
    assert staff_client.get("/admin/events/event/").status_code == 200
    page = staff_client.get(f"/admin/events/event/{event.pk}/change/")
    assert page.status_code == 200
    assert f"/admin/events/event/{event.pk}/delete/" not in page.content.decode()
    assert staff_client.get("/admin/events/event/?month=2026-04").status_code == 200


def test_an_event_with_registrations_cannot_be_deleted(staff_client):
    event = EventFactory()
    RegistrationFactory(event=event)
    response = staff_client.post(f"/admin/events/event/{event.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert Event.objects.filter(pk=event.pk).exists()


def test_the_cancel_action_asks_for_a_reason_then_tells_registrants(
    staff_client, django_capture_on_commit_callbacks
):
    event = EventFactory()
    RegistrationFactory(event=event, email="ona@example.lt")
    data = {"action": "cancel_selected", "_selected_action": [event.pk]}
    form = staff_client.post("/admin/events/event/", data)
    assert form.status_code == 200 and 'name="reason"' in form.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post("/admin/events/event/", {**data, "apply": "1", "reason": "Liga."})
    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED
    assert [m.to for m in mail.outbox] == [["ona@example.lt"]]


def test_the_registration_cancel_action_goes_through_the_service(staff_client):
    event = EventFactory(capacity=1)
    seated = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status="waitlisted")
    assert staff_client.get("/admin/events/registration/").status_code == 200
    staff_client.post(
        "/admin/events/registration/",
        {"action": "cancel_selected", "_selected_action": [seated.pk]},
    )
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED


def test_registrations_export_as_csv(staff_client):
    RegistrationFactory(email="ona@example.lt")
    response = staff_client.post(
        "/admin/events/registration/export/", {"format": "0", "resource": "0"}
    )
    assert response.status_code in (200, 302)
