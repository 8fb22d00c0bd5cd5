import icalendar
import pytest
from django.core import mail

from lrba.events.models import Registration
from lrba.events.tasks import send_registration_confirmation
from lrba.events.tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def _ics(message) -> icalendar.Calendar:
    (part,) = [a for a in message.attachments if getattr(a, "get_content_type", None)]
    assert part.get_content_type() == "text/calendar"
    assert part.get_param("method") == "PUBLISH"
    return icalendar.Calendar.from_ical(part.get_payload(decode=True))


def test_the_confirmation_is_in_the_registrant_s_language_with_the_ics():
    event = EventFactory(title="Konferencija")
    registration = RegistrationFactory(event=event, language="en")
    send_registration_confirmation.call(registration_id=registration.pk)
    (message,) = mail.outbox
    assert message.subject == "Registration confirmed: Konferencija"
    local = event.starts_at.astimezone(__import__("zoneinfo").ZoneInfo("Europe/Vilnius"))
    assert local.strftime("%Y-%m-%d %H:%M") in message.body
    assert f"/renginiai/registracija/{registration.token}/" in message.body
    assert message.body.count("http") >= 2
    vevent = _ics(message).walk("VEVENT")[0]
    assert str(vevent["uid"]) == f"event-{event.pk}@lrba"


def test_a_waitlisted_registrant_learns_their_place_in_lithuanian():
    event = EventFactory(capacity=0)
    RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    registration = RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    send_registration_confirmation.call(registration_id=registration.pk)
    (message,) = mail.outbox
    assert "Registration confirmed" not in message.subject
    # The Lithuanian catalogue may not translate this yet; either way the place is there.
    assert " 2" in message.body
