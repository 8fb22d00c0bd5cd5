"""Background jobs of the events app: the e-mails to registrants.

Each task loads the registration afresh (it may run on another machine, later) and
writes in the registrant's language, with times in Vilnius time.
"""

from typing import Any

from django.urls import reverse
from django_tasks import task

from lrba.core.mail import Attachment, mail_send
from lrba.core.qr import qr_png
from lrba.core.urls import absolute_url
from lrba.events import ical
from lrba.events.models import Registration


def ics_attachment(ics: bytes, filename: str = "renginys.ics") -> Attachment:
    """An .ics file calendar programs offer to add (method=PUBLISH)."""
    return Attachment(filename, ics, "text/calendar", params={"method": "PUBLISH"})


def registration_context(registration: Registration) -> dict[str, Any]:
    from lrba.events.selectors.registrations import waitlist_position

    event = registration.event
    return {
        "registration": registration,
        "event": event,
        "place": ical.location(event),
        "join_url": ical.join_url(registration),
        "waitlist_position": waitlist_position(registration),
        "personal_url": absolute_url(registration.get_absolute_url()),
        "event_url": absolute_url(event.get_absolute_url()),
    }


def send_registration_email(
    registration: Registration,
    template: str,
    *,
    with_ics: bool,
    with_qr: bool = False,
    extra: dict | None = None,
) -> None:
    """Send `events/email/<template>` in the registrant's language, with the registrant's
    own .ics attached when `with_ics` (tentative while waiting, see `ical.registration_ics`)
    and the QR code the registration desk scans when `with_qr` (never for an online event:
    there is no desk)."""
    attachments = []
    if with_ics:
        attachments.append(ics_attachment(ical.registration_ics(registration)))
    with_qr = with_qr and not registration.event.is_online
    if with_qr:
        qr_url = absolute_url(reverse("events:checkin_scan", kwargs={"token": registration.token}))
        attachments.append(Attachment("registracija-qr.png", qr_png(qr_url), "image/png"))
    mail_send(
        to=registration.email,
        template=f"events/email/{template}",
        context={**registration_context(registration), "qr_attached": with_qr, **(extra or {})},
        language=registration.language,
        attachments=attachments,
    )


def _load(registration_id: int) -> Registration:
    return Registration.objects.select_related("event__municipality").get(pk=registration_id)


@task()
def send_registration_confirmation(registration_id: int) -> None:
    """Confirm a registration (a seat or a place on the waiting list) with the personal link."""
    registration = _load(registration_id)
    holds_seat = registration.status == Registration.Status.CONFIRMED
    send_registration_email(
        registration, "registration_confirmation", with_ics=True, with_qr=holds_seat
    )


@task()
def send_promotion_notice(registration_id: int) -> None:
    """Tell a waiting person they now have a seat."""
    registration = _load(registration_id)
    if registration.status != Registration.Status.CONFIRMED:
        return  # cancelled again before the e-mail went out
    send_registration_email(registration, "promotion_notice", with_ics=True, with_qr=True)


@task()
def send_cancellation_notice(registration_id: int) -> None:
    """Confirm to the registrant that their registration is cancelled."""
    send_registration_email(_load(registration_id), "cancellation_notice", with_ics=False)


@task()
def send_event_cancelled_notice(registration_id: int) -> None:
    """Tell a registrant the event is called off (the .ics carries STATUS:CANCELLED)."""
    send_registration_email(_load(registration_id), "event_cancelled_notice", with_ics=True)


@task()
def send_feedback_request(registration_id: int) -> None:
    """Invite a participant who attended to the short survey (skipped once answered)."""
    registration = _load(registration_id)
    if hasattr(registration, "feedback") or registration.status != Registration.Status.ATTENDED:
        return
    feedback_url = absolute_url(
        reverse("events:feedback_form", kwargs={"token": registration.token})
    )
    send_registration_email(
        registration, "feedback_request", with_ics=False, extra={"feedback_url": feedback_url}
    )


@task()
def calendar_import_task(import_id: int) -> None:
    """Read a member library's iCalendar file or feed into the shared calendar (only a
    waiting import runs, so a task delivered twice reads once)."""
    from lrba.events.services.calendar_import import calendar_import_run

    calendar_import_run(import_id)
