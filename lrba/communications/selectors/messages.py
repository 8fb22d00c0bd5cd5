"""Reads of the staff pages and the public archive: lists, a message's progress and its
per-recipient statuses."""

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from lrba.communications.models import Delivery, Message


def message_list(*, status: str = "") -> QuerySet[Message]:
    messages = Message.objects.select_related("county", "event")
    if status:
        messages = messages.filter(status=status)
    return messages.order_by("-created_at", "-pk")


def delivery_list(*, message: Message, status: str = "") -> QuerySet[Delivery]:
    deliveries = message.deliveries.all()
    if status:
        deliveries = deliveries.filter(status=status)
    return deliveries.order_by("pk")


@dataclass(frozen=True)
class Progress:
    total: int  # e-mails to send
    sent: int
    failed: int
    by_status: dict[str, int]  # every delivery, by its status
    running: bool

    @property
    def done(self) -> int:
        return self.sent + self.failed

    @property
    def skipped(self) -> int:
        """Left out when their turn came: blocked or unsubscribed meanwhile."""
        return self.by_status.get(Delivery.Status.SUPPRESSED, 0) + self.by_status.get(
            Delivery.Status.UNSUBSCRIBED, 0
        )

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def message_progress(message: Message) -> Progress:
    """Counts of the message's deliveries by status (one query)."""
    by_status = dict(
        Delivery.objects.filter(message=message)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return Progress(
        total=message.recipient_count,
        sent=by_status.get(Delivery.Status.SENT, 0),
        failed=by_status.get(Delivery.Status.FAILED, 0),
        by_status=by_status,
        running=message.status == Message.Status.SENDING,
    )
