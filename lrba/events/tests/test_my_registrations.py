""" "My registrations", the registrant's own calendar file and who sees an online event's
join link."""

import datetime

import icalendar
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from lrba.events import ical
from lrba.events.models import Event, Registration
from lrba.events.tasks import send_registration_confirmation
from lrba.events.tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

JOIN = "https://susitikimai.example.lt/kambarys-42"
MINE = "/renginiai/mano-registracijos/"


def _online_event(**kwargs) -> Event:
    return EventFactory(
        online_url=JOIN, venue_name="", address="", municipality=None, kind="webinar", **kwargs
    )


def _past_event() -> Event:
    start = timezone.now() - datetime.timedelta(days=20)
    return EventFactory(
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        registration_opens_at=None,
        registration_closes_at=None,
        cancellation_deadline=None,
    )


def _vevent(ics: bytes) -> icalendar.Event:
    (vevent,) = icalendar.Calendar.from_ical(ics).walk("VEVENT")
    return vevent


# My registrations ------------------------------------------------------------------------


def test_my_registrations_lists_upcoming_and_past_in_every_status(client_for, bob):
    person = bob.person
    confirmed = RegistrationFactory(person=person, event=EventFactory(title="Būsimas seminaras"))
    waiting = RegistrationFactory(
        person=person, event=EventFactory(title="Pilnas seminaras"), status="waitlisted"
    )
    cancelled = RegistrationFactory(
        person=person, event=EventFactory(title="Atšauktas dalyvavimas"), status="cancelled"
    )
    past = RegistrationFactory(person=person, event=_past_event(), status="attended")
    RegistrationFactory(event=EventFactory(title="Svetimas renginys"))
    html = client_for(bob).get(MINE).content.decode()
    upcoming, past_part = html.split('id="past-heading"')
    for registration in (confirmed, waiting, cancelled):
        assert registration.event.title in upcoming
    assert past.event.title in past_part
    assert "Svetimas renginys" not in html
    assert "laukiančiųjų sąraše" in upcoming.lower()
    assert "atšaukta" in upcoming.lower()
    assert reverse("events:registration_ics", kwargs={"token": confirmed.token}) in upcoming


def test_my_registrations_is_in_the_signed_in_header(client_for, bob):
    assert f'href="{MINE}"' in client_for(bob).get("/").content.decode()


def test_my_registrations_needs_an_account(client):
    response = client.get(MINE)
    assert response.status_code == 302
    assert "/paskyra/" in response["Location"] or "login" in response["Location"]


def test_a_public_registration_made_while_signed_in_is_listed_for_an_account_without_a_person(
    client_for, dave
):
    RegistrationFactory(person=None, registered_by=dave, event=EventFactory(title="Viešas"))
    assert "Viešas" in client_for(dave).get(MINE).content.decode()


def test_cancelling_from_my_registrations_moves_it_to_cancelled(client_for, bob):
    registration = RegistrationFactory(person=bob.person)
    client = client_for(bob)
    response = client.post(reverse("events:my_registration_cancel", kwargs={"pk": registration.pk}))
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    html = client.get(MINE).content.decode()
    assert "atšaukta" in html.lower()
    assert reverse("events:my_registration_cancel", kwargs={"pk": registration.pk}) not in html


def test_nobody_cancels_someone_else_s_registration(client_for, bob, alice):
    registration = RegistrationFactory(person=alice.person)
    response = client_for(bob).post(
        reverse("events:my_registration_cancel", kwargs={"pk": registration.pk})
    )
    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


def test_cancelling_after_the_deadline_says_why(client_for, bob):
    event = EventFactory(cancellation_deadline=timezone.now() - datetime.timedelta(hours=1))
    registration = RegistrationFactory(person=bob.person, event=event)
    response = client_for(bob).post(
        reverse("events:my_registration_cancel", kwargs={"pk": registration.pk}), follow=True
    )
    assert "organizatori" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


# The registrant's calendar file ------------------------------------------------------------


def test_a_waiting_registrant_s_calendar_file_is_tentative_and_says_so():
    registration = RegistrationFactory(status="waitlisted", event=EventFactory(title="Forumas"))
    vevent = _vevent(ical.registration_ics(registration))
    assert str(vevent["status"]) == "TENTATIVE"
    assert str(vevent["summary"]) == "Forumas (laukiančiųjų sąraše)"


def test_a_seated_registrant_s_calendar_file_is_confirmed_with_the_join_link():
    registration = RegistrationFactory(event=_online_event(title="Vebinaras"))
    vevent = _vevent(ical.registration_ics(registration))
    assert str(vevent["status"]) == "CONFIRMED"
    assert str(vevent["summary"]) == "Vebinaras"
    assert JOIN in str(vevent["description"])


def test_the_public_calendar_file_and_feed_never_carry_the_join_link(client):
    event = _online_event()
    assert JOIN.encode() not in ical.event_ics(event)
    assert JOIN.encode() not in client.get(f"/renginiai/{event.slug}/kalendorius.ics").content
    assert JOIN.encode() not in client.get("/renginiai/kalendorius.ics").content


def test_the_personal_link_s_calendar_file_is_the_registrant_s_own(client):
    registration = RegistrationFactory(status="waitlisted")
    response = client.get(f"/renginiai/registracija/{registration.token}/kalendorius.ics")
    assert str(_vevent(response.content)["status"]) == "TENTATIVE"


def _attachments(message) -> dict[str, bytes]:
    return {part.get_filename(): part.get_payload(decode=True) for part in message.attachments}


def test_a_waiting_registrant_s_confirmation_carries_a_tentative_calendar_file_and_no_qr():
    registration = RegistrationFactory(status="waitlisted")
    send_registration_confirmation.call(registration_id=registration.pk)
    (message,) = mail.outbox
    files = _attachments(message)
    assert list(files) == ["renginys.ics"]
    assert str(_vevent(files["renginys.ics"])["status"]) == "TENTATIVE"
    assert "registracija-qr.png" not in message.body


# The join link and the QR code of an online event --------------------------------------------


def test_the_join_link_is_shown_to_a_seated_registrant_only(client_for, bob, alice):
    event = _online_event()
    assert JOIN not in client_for(None).get(event.get_absolute_url()).content.decode()
    assert JOIN not in client_for(alice).get(event.get_absolute_url()).content.decode()
    waiting = RegistrationFactory(person=alice.person, event=event, status="waitlisted")
    assert JOIN not in client_for(alice).get(event.get_absolute_url()).content.decode()
    assert JOIN not in client_for(None).get(waiting.get_absolute_url()).content.decode()
    seated = RegistrationFactory(person=bob.person, event=event)
    html = client_for(bob).get(event.get_absolute_url()).content.decode()
    assert f'href="{JOIN}"' in html
    assert f'href="{JOIN}"' in client_for(None).get(seated.get_absolute_url()).content.decode()
    assert f'href="{JOIN}"' in client_for(bob).get(MINE).content.decode()
    assert JOIN not in client_for(alice).get(MINE).content.decode()


def test_an_online_event_s_confirmation_has_the_join_link_and_no_qr_code():
    registration = RegistrationFactory(event=_online_event())
    send_registration_confirmation.call(registration_id=registration.pk)
    (message,) = mail.outbox
    assert JOIN in message.body
    assert "registracija-qr.png" not in message.body
    assert list(_attachments(message)) == ["renginys.ics"]


def test_a_waiting_registrant_s_e_mail_has_no_join_link():
    registration = RegistrationFactory(event=_online_event(), status="waitlisted")
    send_registration_confirmation.call(registration_id=registration.pk)
    assert JOIN not in mail.outbox[0].body


def test_an_online_event_s_personal_page_offers_no_qr_code(client):
    registration = RegistrationFactory(event=_online_event())
    assert "<svg" not in client.get(registration.get_absolute_url()).content.decode()
    onsite = RegistrationFactory()
    assert "<svg" in client.get(onsite.get_absolute_url()).content.decode()
