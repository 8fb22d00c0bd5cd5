"""The short survey after an event: who may answer, the one answer per registration,
and which registrations are asked (see the `send_feedback_requests` command)."""

import copy
import datetime
from functools import partial

from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lrba.core.audit import audit_bulk
from lrba.events import tasks
from lrba.events.models import Event, Feedback, Registration


class FeedbackAlreadyGiven(ValidationError):
    """The registration has answered before; the first answer stands."""


def feedback_refusal(registration: Registration) -> str | None:
    """Why `registration` may not answer the survey now, or None when it may."""
    event = registration.event
    if registration.status != Registration.Status.ATTENDED:
        return _("The survey is for the participants who attended the event.")
    if event.status == Event.Status.CANCELLED:
        return _("This event was cancelled.")
    if event.ends_at > timezone.now():
        return _("The survey opens when the event has ended.")
    return None


@transaction.atomic
def feedback_submit(
    *, registration: Registration, overall: int, content: int, organisation: int, comment: str
) -> Feedback:
    """Record the answers of an attended registration of an ended event, once.

    A second answer raises FeedbackAlreadyGiven and changes nothing; two submissions at
    once are serialised by the lock on the registration (and the one-to-one key).
    """
    registration = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("event")
        .get(pk=registration.pk)
    )
    if Feedback.objects.filter(registration=registration).exists():
        raise FeedbackAlreadyGiven(
            _("Thank you, you have already answered."), code="already_answered"
        )
    refusal = feedback_refusal(registration)
    if refusal:
        raise ValidationError(refusal, code="not_allowed")
    feedback = Feedback(
        registration=registration,
        overall=overall,
        content=content,
        organisation=organisation,
        comment=comment.strip(),
    )
    # The one-to-one uniqueness is checked by the database below, not by a query here.
    feedback.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            feedback.save()
    except IntegrityError as error:
        raise FeedbackAlreadyGiven(
            _("Thank you, you have already answered."), code="already_answered"
        ) from error
    return feedback


def feedback_request_recipients(
    *, ended_on: datetime.date | None = None, event: Event | None = None
) -> QuerySet[Registration]:
    """The registrations to ask for feedback: attended, not yet asked nor answered, of
    events that ended on `ended_on` (a day in Europe/Vilnius) or of one `event` that has
    ended. The caller marks them asked (`feedback_requested_at`) when it queues the mail.
    """
    registrations = Registration.objects.filter(
        status=Registration.Status.ATTENDED,
        feedback__isnull=True,
        feedback_requested_at__isnull=True,
    ).exclude(event__status=Event.Status.CANCELLED)
    if event is not None:
        registrations = registrations.filter(event=event, event__ends_at__lte=timezone.now())
    if ended_on is not None:
        tz = timezone.get_default_timezone()
        start = datetime.datetime.combine(ended_on, datetime.time.min, tzinfo=tz)
        next_day = ended_on + datetime.timedelta(days=1)
        end = datetime.datetime.combine(next_day, datetime.time.min, tzinfo=tz)
        registrations = registrations.filter(
            event__ends_at__gte=start, event__ends_at__lt=min(end, timezone.now())
        )
    return registrations.select_related("event").order_by("event", "pk")


@transaction.atomic
def feedback_requests_mark(*, recipients: QuerySet[Registration]) -> list[int]:
    """Mark `recipients` (from `feedback_request_recipients`) as asked now and queue the
    survey e-mail to each after commit; returns their ids.

    Locks the registration rows (SELECT … FOR UPDATE, of the registrations only:
    PostgreSQL refuses it on the outer-joined side), so two runs at once ask nobody
    twice. One UPDATE for the batch, with its audit entries written explicitly.
    """
    registrations = list(recipients.select_for_update(of=("self",)))
    before = [copy.copy(registration) for registration in registrations]
    now = timezone.now()
    for registration in registrations:
        registration.feedback_requested_at = now
    Registration.objects.bulk_update(registrations, ["feedback_requested_at"])
    audit_bulk(
        list(zip(before, registrations, strict=True)),
        action=LogEntry.Action.UPDATE,
        fields=["feedback_requested_at"],
    )
    ids = [registration.pk for registration in registrations]
    for registration_id in ids:
        transaction.on_commit(partial(tasks.send_feedback_request.enqueue, registration_id))
    return ids
