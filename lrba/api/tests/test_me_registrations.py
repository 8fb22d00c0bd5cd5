"""POST/GET/DELETE /api/v1/me/registrations/: a person registers and cancels through the
API with the same service as the event page, and sees the same rows as "My registrations"."""

import datetime
import json

import pytest
from django.utils import timezone

from lrba.api.tests.factories import token_for
from lrba.events.models import Event, Registration
from lrba.events.tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/me/registrations/"
MINE_PAGE = "/renginiai/mano-registracijos/"


def _post(client, token, body, **extra):
    return client.post(
        URL,
        data=body if isinstance(body, str | bytes) else json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=token,
        **extra,
    )


def _error(response, status, code):
    assert response.status_code == status, response.content[:500]
    error = response.json()["error"]
    assert error["code"] == code, error
    return error


# Registering ------------------------------------------------------------------------------


def test_a_person_registers_and_the_page_shows_the_same_row(client, client_for, bob):
    event = EventFactory(title="Skaitmeninių paslaugų seminaras")
    response = _post(client, token_for(bob, write=True), {"event": event.pk})
    assert response.status_code == 201, response.content
    body = response.json()
    registration = Registration.objects.get()
    assert body["id"] == registration.pk
    assert body["status"] == "confirmed"
    assert body["event"]["id"] == event.pk
    assert body["may_cancel"] is True
    assert registration.person == bob.person
    assert registration.registered_by == bob
    assert registration.library is not None  # counted against bob's library, as the page does
    # The page lists exactly this row.
    page = client_for(bob).get(MINE_PAGE).content.decode()
    assert "Skaitmeninių paslaugų seminaras" in page
    listed = client.get(URL, HTTP_AUTHORIZATION=token_for(bob)).json()
    assert [item["id"] for item in listed["items"]] == [registration.pk]
    assert listed["count"] == 1


def test_a_full_event_puts_the_person_on_the_waiting_list(client, bob):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    response = _post(client, token_for(bob, write=True), {"event": event.pk})
    assert response.status_code == 201
    assert response.json()["status"] == "waitlisted"
    assert response.json()["waitlist_position"] == 1


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"registration_closes_at": "past"}, "Registracija baigėsi"),
        ({"status": Event.Status.CANCELLED}, ""),
    ],
)
def test_closed_registration_is_refused_with_the_services_message(client, bob, changes, words):
    if changes.get("registration_closes_at") == "past":
        changes = {"registration_closes_at": timezone.now() - datetime.timedelta(hours=1)}
    event = EventFactory(**changes)
    error = _error(_post(client, token_for(bob, write=True), {"event": event.pk}), 422, "refused")
    assert error["message"]
    assert words in error["message"]
    assert not Registration.objects.exists()


def test_a_second_registration_is_refused_and_nothing_is_written(client, bob):
    event = EventFactory()
    token = token_for(bob, write=True)
    assert _post(client, token, {"event": event.pk}).status_code == 201
    error = _error(_post(client, token, {"event": event.pk}), 422, "refused")
    assert "Bronius Bitinas" in error["message"]
    assert Registration.objects.count() == 1


def test_a_members_only_event_refuses_a_non_member(client, charlie):
    event = EventFactory(audience=Event.Audience.MEMBERS)
    error = _error(
        _post(client, token_for(charlie, write=True), {"event": event.pk}), 422, "refused"
    )
    assert error["message"]
    assert not Registration.objects.exists()


def test_a_draft_or_unknown_event_is_not_found(client, bob):
    draft = EventFactory(status=Event.Status.DRAFT)
    token = token_for(bob, write=True)
    _error(_post(client, token, {"event": draft.pk}), 404, "not_found")
    _error(_post(client, token, {"event": draft.pk + 1000}), 404, "not_found")
    assert not Registration.objects.exists()


def test_an_account_without_a_person_fills_in_the_public_form(client, dave):
    event = EventFactory()
    token = token_for(dave, write=True)
    body = {"event": event.pk, "first_name": "Dovydas", "last_name": "Dainius"}
    body |= {"email": "dave@example.lt", "institution": "Mokykla"}
    # Without consent, as on the page's form: refused, naming the field.
    error = _error(_post(client, token, body), 422, "invalid")
    assert [d["field"] for d in error["details"]] == ["consent"]
    error = _error(
        _post(client, token, body | {"consent": True, "email": "ne-adresas"}), 422, "invalid"
    )
    assert [d["field"] for d in error["details"]] == ["email"]
    assert not Registration.objects.exists()
    response = _post(client, token, body | {"consent": True})
    assert response.status_code == 201, response.content
    registration = Registration.objects.get()
    assert (registration.person, registration.registered_by) == (None, dave)
    assert registration.institution == "Mokykla"
    # "My registrations" of dave lists it, and so does the API.
    listed = client.get(URL, HTTP_AUTHORIZATION=token_for(dave)).json()
    assert [item["id"] for item in listed["items"]] == [registration.pk]


def test_a_person_in_the_register_does_not_send_form_fields(client, bob):
    event = EventFactory()
    body = {"event": event.pk, "first_name": "Kitas", "email": "kitas@example.lt"}
    error = _error(_post(client, token_for(bob, write=True), body), 422, "invalid")
    assert sorted(d["field"] for d in error["details"]) == ["email", "first_name"]
    assert not Registration.objects.exists()


# Bad input ----------------------------------------------------------------------------------


def test_a_read_only_token_may_not_register(client, bob):
    event = EventFactory()
    _error(_post(client, token_for(bob), {"event": event.pk}), 403, "token_read_only")
    assert not Registration.objects.exists()


def test_revoked_and_expired_tokens_are_refused(client, bob):
    event = EventFactory()
    revoked = token_for(bob, write=True, revoked_at=timezone.now())
    expired = token_for(bob, write=True, expires_at=timezone.now() - datetime.timedelta(days=1))
    _error(_post(client, revoked, {"event": event.pk}), 401, "token_revoked")
    _error(_post(client, expired, {"event": event.pk}), 401, "token_expired")
    _error(client.get(URL, HTTP_AUTHORIZATION=revoked), 401, "token_revoked")
    assert not Registration.objects.exists()


def test_malformed_json_is_unparsable(client, bob):
    EventFactory()
    _error(_post(client, token_for(bob, write=True), b'{"event": 1,'), 400, "unparsable")
    assert not Registration.objects.exists()


def test_unknown_fields_are_named(client, bob):
    event = EventFactory()
    body = {"event": event.pk, "seats": 3}
    error = _error(_post(client, token_for(bob, write=True), body), 422, "invalid")
    assert [d["field"] for d in error["details"]] == ["seats"]
    assert not Registration.objects.exists()


def test_a_missing_or_wrongly_typed_event_is_invalid(client, bob):
    token = token_for(bob, write=True)
    error = _error(_post(client, token, {}), 422, "invalid")
    assert [d["field"] for d in error["details"]] == ["event"]
    error = _error(_post(client, token, {"event": "pirmas"}), 422, "invalid")
    assert [d["field"] for d in error["details"]] == ["event"]


# Cancelling ------------------------------------------------------------------------------


def test_a_person_cancels_their_registration_and_the_seat_goes_to_the_waiting_list(
    client, bob, alice
):
    event = EventFactory(capacity=1)
    mine = RegistrationFactory(event=event, person=bob.person)
    waiting = RegistrationFactory(event=event, person=alice.person, status="waitlisted")
    response = client.delete(f"{URL}{mine.pk}", HTTP_AUTHORIZATION=token_for(bob, write=True))
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "cancelled"
    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert mine.status == Registration.Status.CANCELLED
    assert waiting.status == Registration.Status.CONFIRMED


def test_someone_elses_registration_is_not_found(client, bob, alice):
    theirs = RegistrationFactory(person=alice.person)
    response = client.delete(f"{URL}{theirs.pk}", HTTP_AUTHORIZATION=token_for(bob, write=True))
    _error(response, 404, "not_found")
    theirs.refresh_from_db()
    assert theirs.status == Registration.Status.CONFIRMED


def test_a_cancellation_after_the_deadline_is_refused(client, bob):
    event = EventFactory(cancellation_deadline=timezone.now() - datetime.timedelta(hours=1))
    mine = RegistrationFactory(event=event, person=bob.person)
    response = client.delete(f"{URL}{mine.pk}", HTTP_AUTHORIZATION=token_for(bob, write=True))
    error = _error(response, 422, "refused")
    assert error["message"]
    mine.refresh_from_db()
    assert mine.status == Registration.Status.CONFIRMED


def test_a_read_only_token_may_not_cancel(client, bob):
    mine = RegistrationFactory(person=bob.person)
    _error(
        client.delete(f"{URL}{mine.pk}", HTTP_AUTHORIZATION=token_for(bob)), 403, "token_read_only"
    )
    mine.refresh_from_db()
    assert mine.status == Registration.Status.CONFIRMED


def test_the_list_holds_only_my_registrations_upcoming_first(client, bob, alice):
    past_start = timezone.now() - datetime.timedelta(days=20)
    past = RegistrationFactory(
        person=bob.person,
        status="attended",
        event=EventFactory(
            starts_at=past_start,
            ends_at=past_start + datetime.timedelta(hours=2),
            registration_opens_at=None,
            registration_closes_at=None,
            cancellation_deadline=None,
        ),
    )
    upcoming = RegistrationFactory(person=bob.person)
    RegistrationFactory(person=alice.person)
    body = client.get(URL, HTTP_AUTHORIZATION=token_for(bob)).json()
    assert [item["id"] for item in body["items"]] == [upcoming.pk, past.pk]
    assert body["items"][1]["may_cancel"] is False


def test_numbers_beyond_the_databases_range_are_not_found(client, bob, alice, library_a):
    huge = 2**70
    write = token_for(bob, write=True)
    _error(_post(client, write, {"event": huge}), 404, "not_found")
    _error(client.delete(f"{URL}{huge}", HTTP_AUTHORIZATION=write), 404, "not_found")
    read = token_for(alice)
    for part in ("invoices", "staff"):
        response = client.get(f"/api/v1/me/libraries/{huge}/{part}/", HTTP_AUTHORIZATION=read)
        _error(response, 404, "not_found")
    assert not Registration.objects.exists()
