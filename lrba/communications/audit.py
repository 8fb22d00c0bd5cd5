"""The change history of the communications app: who wrote, scheduled, sent or cancelled
a message, and who blocked an address. The deliveries are not in it: 30,000 rows a
newsletter, written in bulk, whose own status and time are their history."""

from auditlog.registry import auditlog

from lrba.communications.models import Message, Suppression

# The counters and times are the sending's bookkeeping, written by bulk update.
auditlog.register(
    Message,
    exclude_fields=[
        "recipient_count",
        "sent_count",
        "failed_count",
        "started_at",
        "finished_at",
        "updated_at",
    ],
)
auditlog.register(Suppression)
