"""The background half of sending: the pending deliveries go out in batches, each batch
over one SMTP connection, no faster than `LRBA_NEWSLETTER_RATE` e-mails a second.

A batch is claimed under row locks that other workers skip (SELECT … FOR UPDATE SKIP
LOCKED on PostgreSQL), so two workers sending the same message never send one delivery
twice; each delivery's outcome is written before the batch's transaction commits. Just
before an e-mail goes, the address is checked again: blocked meanwhile (a bounce) →
"not sent: address blocked"; a newsletter whose recipient withdrew consent meanwhile →
"not sent: unsubscribed".
"""

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from lrba.accounts.models import ConsentRecord
from lrba.communications.models import Delivery, Message, Suppression
from lrba.communications.rendering import message_email
from lrba.core.mail import mail_connection

logger = logging.getLogger(__name__)


def sending_rate() -> float:
    """E-mails a second (`LRBA_NEWSLETTER_RATE`; 0 means as fast as the server takes)."""
    return float(settings.LRBA_NEWSLETTER_RATE or 0)


def sending_batch() -> int:
    return max(1, int(settings.LRBA_NEWSLETTER_BATCH))


class Pacer:
    """Spaces e-mails `1/rate` seconds apart (a steady rate, no burst after a pause)."""

    def __init__(
        self,
        rate: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval = 1.0 / rate if rate > 0 else 0.0
        self.clock = clock
        self.sleep = sleep
        self.next_at: float | None = None

    def wait(self) -> None:
        if not self.interval:
            return
        now = self.clock()
        if self.next_at is not None and self.next_at > now:
            self.sleep(self.next_at - now)
            now = self.next_at
        self.next_at = now + self.interval


def _blocked(emails: list[str]) -> set[str]:
    query = Q(pk__in=[])
    for email in emails:
        query |= Q(email__iexact=email)
    return {e.lower() for e in Suppression.objects.filter(query).values_list("email", flat=True)}


def _consenting(person_ids: list[int]) -> set[int]:
    return set(
        ConsentRecord.objects.filter(
            person_id__in=person_ids,
            purpose=ConsentRecord.Purpose.NEWSLETTER,
            withdrawn_at__isnull=True,
        ).values_list("person_id", flat=True)
    )


def _batch_send(message: Message, batch: list[Delivery], pacer: Pacer) -> tuple[int, int]:
    """Send one claimed batch over one connection; returns (sent, failed). The outcomes
    are written by status, a few UPDATEs a batch (a bulk_update of each row's own values
    costs more than the sending); the sent ones share the batch's time."""
    blocked = _blocked([d.email for d in batch])
    newsletter = message.kind == Message.Kind.NEWSLETTER
    consenting = _consenting([d.person_id for d in batch if d.person_id]) if newsletter else set()
    outcome: dict[str, list[int]] = {status: [] for status in Delivery.Status.values}
    failed: list[Delivery] = []
    connection = mail_connection()
    with connection:
        for delivery in batch:
            if delivery.email.lower() in blocked:
                outcome[Delivery.Status.SUPPRESSED].append(delivery.pk)
                continue
            if newsletter and delivery.person_id not in consenting:
                outcome[Delivery.Status.UNSUBSCRIBED].append(delivery.pk)
                continue
            pacer.wait()
            try:
                email = message_email(
                    message=message,
                    to=delivery.email,
                    language=delivery.language,
                    delivery_id=delivery.pk,
                )
                email.connection = connection
                email.send()
            except Exception as error:  # one refused address must not stop the others
                logger.warning("Delivery %s not sent: %s", delivery.pk, error)
                delivery.error = str(error) or error.__class__.__name__
                failed.append(delivery)
            else:
                outcome[Delivery.Status.SENT].append(delivery.pk)
    now = timezone.now()
    rows = Delivery.objects.filter(message_id=message.pk)
    rows.filter(pk__in=outcome[Delivery.Status.SENT]).update(
        status=Delivery.Status.SENT, sent_at=now, attempts=F("attempts") + 1
    )
    for status in (Delivery.Status.SUPPRESSED, Delivery.Status.UNSUBSCRIBED):
        if outcome[status]:
            rows.filter(pk__in=outcome[status]).update(status=status)
    for delivery in failed:
        rows.filter(pk=delivery.pk).update(
            status=Delivery.Status.FAILED, error=delivery.error, attempts=F("attempts") + 1
        )
    return len(outcome[Delivery.Status.SENT]), len(failed)


def message_deliver(message_id: int, *, pacer: Pacer | None = None) -> Message:
    """Send `message_id`'s pending deliveries until none is left (or the message is
    cancelled), then mark it sent. Safe to run twice at once and to run again after a
    crash: only pending deliveries are sent, each once."""
    pacer = pacer or Pacer(sending_rate())
    size = sending_batch()
    while True:
        message = Message.objects.get(pk=message_id)
        if message.status != Message.Status.SENDING:
            return message
        with transaction.atomic():
            batch = list(
                Delivery.objects.select_for_update(skip_locked=True)
                .filter(message_id=message_id, status=Delivery.Status.PENDING)
                .order_by("pk")[:size]
            )
            if not batch:
                break
            sent, failed = _batch_send(message, batch, pacer)
            Message.objects.filter(pk=message_id).update(
                sent_count=F("sent_count") + sent, failed_count=F("failed_count") + failed
            )
    return _finish(message_id)


def _finish(message_id: int) -> Message:
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message_id)
        pending = message.deliveries.filter(status=Delivery.Status.PENDING).exists()
        if message.status == Message.Status.SENDING and not pending:
            counts = dict(
                message.deliveries.values_list("status").annotate(n=Count("pk")).order_by()
            )
            message.sent_count = counts.get(Delivery.Status.SENT, 0)
            message.failed_count = counts.get(Delivery.Status.FAILED, 0)
            message.status = Message.Status.SENT
            message.finished_at = timezone.now()
            message.save(update_fields=["status", "finished_at", "sent_count", "failed_count"])
    return message
