"""What the mail provider tells us (django-anymail's tracking webhooks): a hard bounce or
a complaint blocks the address, so no further message goes there (the provider would
otherwise count each one against the association's sending reputation)."""

from typing import Any

from anymail.signals import AnymailTrackingEvent, tracking
from django.dispatch import receiver

from lrba.communications.models import Suppression
from lrba.communications.services.unsubscribe import suppression_add

BLOCKING_EVENTS = {
    "bounced": Suppression.Reason.BOUNCED,  # anymail's "bounced" is a permanent failure
    "complained": Suppression.Reason.COMPLAINED,
}


@receiver(tracking, dispatch_uid="lrba.communications.tracking")
def tracking_event_received(
    sender: Any, event: AnymailTrackingEvent, esp_name: str, **kwargs: Any
) -> None:
    reason = BLOCKING_EVENTS.get(event.event_type or "")
    if reason is None or not event.recipient:
        return
    delivery = str((event.metadata or {}).get("delivery") or "")
    detail = event.description or event.reject_reason or event.mta_response or ""
    suppression_add(
        email=event.recipient,
        reason=reason,
        detail=f"{esp_name}: {detail}".strip(": "),
        delivery_id=int(delivery) if delivery.isdigit() else None,
    )
