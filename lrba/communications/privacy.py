"""The communications' personal data (see lrba.accounts.privacy.declarations for the
contract): which messages went to a person's addresses, with what outcome, and whether
an address of theirs is blocked after a bounce or a complaint.

Erasure deletes the deliveries (no law keeps them; the message's counters stay) and the
blocks of the person's addresses: once erased, the person is in no segment any more, so
the block has nothing left to protect.
"""

from django.db.models import Q, QuerySet

from lrba.accounts.privacy.declarations import Erasure, PersonalTable, Subject, by_email
from lrba.communications.models import Delivery, Suppression


def _deliveries(subject: Subject) -> QuerySet[Delivery]:
    mine = by_email("email", subject.emails)
    if subject.person_id:
        mine |= Q(person_id=subject.person_id)
    return Delivery.objects.filter(mine).order_by("pk")


def _suppressions(subject: Subject) -> QuerySet[Suppression]:
    return Suppression.objects.filter(by_email("email", subject.emails)).order_by("pk")


TABLES = (
    PersonalTable(
        name="communications_deliveries",
        model=Delivery,
        fields=(
            "message__subject",
            "message__kind",
            "email",
            "person_id",
            "language",
            "status",
            "attempts",
            "sent_at",
            "error",
        ),
        rows=_deliveries,
        about=(
            "asociacijos naujienlaiškiai ir pranešimai, siųsti jums",
            "the association's newsletters and announcements sent to you",
        ),
    ),
    PersonalTable(
        name="communications_blocked_addresses",
        model=Suppression,
        fields=("email", "reason", "detail", "created_at"),
        rows=_suppressions,
        about=(
            "jūsų adresai, kuriais nebesiunčiami laiškai (grįžę laiškai, skundai)",
            "your addresses no message is sent to any more (bounces, complaints)",
        ),
    ),
)

NOT_EXPORTED = {
    "Message.body": "the text of a message sent to many members, not about one person",
    "Message.body_en": "the text of a message sent to many members, not about one person",
    "Message.created_by": "the secretariat member who wrote the message (an office record)",
}


def erase(erasure: Erasure) -> None:
    """Delete the person's deliveries and the blocks of their addresses; the blocks'
    change history loses the address (the deliveries have none)."""
    subject = erasure.subject
    if not subject.person_id and not subject.emails:
        return
    _deliveries(subject).delete()
    blocks = list(_suppressions(subject))
    erasure.redact_history(
        Suppression, [block.pk for block in blocks], contacts=["email"], names=["detail"]
    )
    for block in blocks:
        block.delete()
