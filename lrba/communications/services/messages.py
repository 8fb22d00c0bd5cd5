"""Writing, scheduling, sending and cancelling a message to members.

Sending a message writes its deliveries, one per address, in one transaction that holds
the message row (SELECT … FOR UPDATE): the first "send" turns the draft into "sending",
and a second press of the button — or a second server, or the scheduler at the same
moment — finds it no longer a draft and is refused. The unique (message, e-mail)
constraint is the last guard. The e-mails themselves go out in the background
(`tasks.send_message_deliveries`), after commit.
"""

import datetime
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lrba.communications.models import Delivery, Message
from lrba.communications.selectors.segments import message_audience
from lrba.core.audit import acting_as

# Fields an editor writes; the rest is the sending's bookkeeping.
EDITABLE_FIELDS = (
    "kind",
    "subject",
    "subject_en",
    "body",
    "body_en",
    "segment",
    "county",
    "library_kind",
    "event",
    "in_public_archive",
)
EDITABLE_STATUSES = (Message.Status.DRAFT, Message.Status.SCHEDULED)
BULK_BATCH = 1000


def _segment_fields_clear(message: Message) -> None:
    """Keep only the detail the chosen segment uses (a county for "a county", …)."""
    Segment = Message.Segment
    if message.segment != Segment.COUNTY:
        message.county = None
    if message.segment != Segment.LIBRARY_KIND:
        message.library_kind = ""
    if message.segment != Segment.EVENT_PARTICIPANTS:
        message.event = None


def message_create(*, by: Any, **fields: Any) -> Message:
    """A new draft written by `by`."""
    message = Message(**{name: fields[name] for name in EDITABLE_FIELDS if name in fields})
    message.created_by = by if getattr(by, "is_authenticated", False) else None
    _segment_fields_clear(message)
    message.full_clean()
    with acting_as(by):
        message.save()
    return message


@transaction.atomic
def message_update(*, message: Message, by: Any, **fields: Any) -> Message:
    """Change a draft or a scheduled message; refused once sending has begun."""
    locked = Message.objects.select_for_update().get(pk=message.pk)
    if locked.status not in EDITABLE_STATUSES:
        raise ValidationError(
            _("This message has already been sent and can no longer be changed."),
            code="not_editable",
        )
    for name in EDITABLE_FIELDS:
        if name in fields:
            setattr(locked, name, fields[name])
    _segment_fields_clear(locked)
    locked.full_clean()
    with acting_as(by):
        locked.save()
    return locked


def _refuse_unless_draft(message: Message) -> None:
    if message.status in (Message.Status.SENDING, Message.Status.SENT):
        raise ValidationError(
            _("This message has already been sent: it is never sent twice."),
            code="already_sent",
        )
    if message.status == Message.Status.CANCELLED:
        raise ValidationError(_("This message was cancelled."), code="cancelled")


def _refuse_empty(count: int) -> None:
    if not count:
        raise ValidationError(
            _(
                "Nobody would receive this message: the chosen recipients have no e-mail "
                "address (or, for a newsletter, nobody among them has agreed to receive "
                "newsletters). Nothing was sent."
            ),
            code="empty_segment",
        )


@transaction.atomic
def message_send(*, message: Message, by: Any) -> Message:
    """Send `message` now: write one delivery per address and start the background
    sending after commit. Refused when the message is not a draft or a scheduled one
    (already sending, sent or cancelled) and when nobody would receive it.

    Holds a SELECT FOR UPDATE lock on the message while the deliveries are written."""
    locked = Message.objects.select_for_update().get(pk=message.pk)
    _refuse_unless_draft(locked)
    audience = message_audience(locked)
    _refuse_empty(audience.count)
    deliveries = [
        Delivery(message=locked, email=r.email, person_id=r.person_id, language=r.language)
        for r in audience.recipients
    ]
    deliveries += [
        Delivery(
            message=locked,
            email=r.email,
            person_id=r.person_id,
            language=r.language,
            status=Delivery.Status.SUPPRESSED,
        )
        for r in audience.suppressed
    ]
    Delivery.objects.bulk_create(deliveries, batch_size=BULK_BATCH)
    locked.status = Message.Status.SENDING
    locked.recipient_count = audience.count
    locked.sent_count = locked.failed_count = 0
    locked.started_at = timezone.now()
    with acting_as(by):
        locked.save()
    transaction.on_commit(partial(_enqueue_sending, locked.pk))
    return locked


def _enqueue_sending(message_id: int) -> None:
    from lrba.communications.tasks import send_message_deliveries

    send_message_deliveries.enqueue(message_id)


@transaction.atomic
def message_schedule(*, message: Message, at: datetime.datetime, by: Any) -> Message:
    """Send `message` at `at` (`manage.py send_scheduled_messages` starts it then).
    The recipients are counted now too, so an empty segment is refused at once; they
    are read again when the sending starts."""
    locked = Message.objects.select_for_update().get(pk=message.pk)
    _refuse_unless_draft(locked)
    if at <= timezone.now():
        raise ValidationError(
            {"scheduled_at": _("Choose a time in the future, or send the message now.")},
            code="past",
        )
    _refuse_empty(message_audience(locked).count)
    locked.status = Message.Status.SCHEDULED
    locked.scheduled_at = at
    with acting_as(by):
        locked.save()
    return locked


@transaction.atomic
def message_cancel(*, message: Message, by: Any) -> Message:
    """A scheduled message goes back to being a draft; a message being sent stops (the
    e-mails already sent stay sent, the rest are not sent)."""
    locked = Message.objects.select_for_update().get(pk=message.pk)
    if locked.status == Message.Status.SCHEDULED:
        locked.status = Message.Status.DRAFT
        locked.scheduled_at = None
    elif locked.status == Message.Status.SENDING:
        locked.status = Message.Status.CANCELLED
        locked.finished_at = timezone.now()
    else:
        raise ValidationError(
            _("Only a scheduled message or one being sent can be cancelled."),
            code="not_cancellable",
        )
    with acting_as(by):
        locked.save()
    return locked


def messages_send_due(*, now: datetime.datetime | None = None) -> list[Message]:
    """Start every scheduled message whose time has come (run by cron; idempotent: a
    message started once is no longer scheduled). A message whose segment has become
    empty goes back to being a draft, with nothing sent."""
    now = now or timezone.now()
    started = []
    due = Message.objects.filter(status=Message.Status.SCHEDULED, scheduled_at__lte=now)
    for message in due.order_by("scheduled_at", "pk"):
        try:
            started.append(message_send(message=message, by=message.created_by))
        except ValidationError as refusal:
            if refusal.code == "empty_segment":
                _scheduled_back_to_draft(message.pk)
            # Otherwise it was started by another server meanwhile.
    return started


@transaction.atomic
def _scheduled_back_to_draft(message_id: int) -> None:
    message = Message.objects.select_for_update().get(pk=message_id)
    if message.status == Message.Status.SCHEDULED:
        message.status = Message.Status.DRAFT
        with acting_as(message.created_by):
            message.save(update_fields=["status", "updated_at"])


def messages_sending_resume() -> int:
    """Enqueue the sending again for messages left with e-mails waiting (a worker
    stopped mid-way). Safe beside a live worker: a delivery is claimed under a row lock
    and sent once."""
    waiting = Message.objects.filter(
        status=Message.Status.SENDING, deliveries__status=Delivery.Status.PENDING
    ).distinct()
    ids = list(waiting.values_list("pk", flat=True))
    for message_id in ids:
        _enqueue_sending(message_id)
    return len(ids)


def message_test_send(*, message: Message, to: str, language: str) -> None:
    """E-mail `message` to `to` alone, marked as a test, in `language` (after commit)."""
    from lrba.communications.tasks import send_test_message

    transaction.on_commit(
        partial(send_test_message.enqueue, message_id=message.pk, email=to, language=language)
    )
