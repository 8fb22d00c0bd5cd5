"""One-click unsubscribe (RFC 8058) and the addresses no message goes to any more.

Unsubscribing withdraws the person's newsletter consent through the consent service of
lrba.accounts (the record keeps when it was withdrawn: the consent change is on file),
so the next newsletter leaves them out. Service announcements still reach them: they
are not sent on consent.
"""

from dataclasses import dataclass

from django.core import signing
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest

from lrba.accounts.models import ConsentRecord
from lrba.accounts.privacy.consent import consent_withdraw
from lrba.communications.models import Delivery, Message, Suppression
from lrba.communications.rendering import unsubscribe_token_read
from lrba.communications.selectors.segments import newsletter_consent_active


@dataclass(frozen=True)
class UnsubscribeLink:
    """What a genuine link names: a delivery, or only a message (a test e-mail's link)."""

    delivery: Delivery | None
    message: Message | None

    @property
    def is_test(self) -> bool:
        return self.delivery is None

    @property
    def subscribed(self) -> bool:
        """Whether following the link would still change anything."""
        return self.delivery is not None and newsletter_consent_active(self.delivery.person_id)


def unsubscribe_link_read(token: str) -> UnsubscribeLink:
    """The delivery a token names; raises `signing.BadSignature` for a forged or damaged
    token and for one whose delivery no longer exists (erased)."""
    payload = unsubscribe_token_read(token)
    if "d" in payload:
        delivery = (
            Delivery.objects.select_related("message", "person").filter(pk=payload["d"]).first()
        )
        if delivery is None:
            raise signing.BadSignature("The delivery is gone")
        return UnsubscribeLink(delivery=delivery, message=delivery.message)
    message = Message.objects.filter(pk=payload["t"]).first()
    if message is None:
        raise signing.BadSignature("The message is gone")
    return UnsubscribeLink(delivery=None, message=message)


@transaction.atomic
def newsletter_unsubscribe(*, link: UnsubscribeLink) -> bool:
    """Withdraw the newsletter consent of the person the link was sent to; True when it
    was withdrawn now, False when it was already (or the link is a test's)."""
    if link.delivery is None or link.delivery.person_id is None:
        return False
    withdrawn = consent_withdraw(
        person=link.delivery.person, purpose=ConsentRecord.Purpose.NEWSLETTER, by=None
    )
    return withdrawn > 0


@transaction.atomic
def suppression_add(
    *, email: str, reason: str, detail: str = "", delivery_id: int | None = None
) -> Suppression:
    """Block `email` from every further message (a hard bounce, a complaint, or the
    secretariat's decision); the delivery that bounced, when known, is marked failed."""
    address = email.strip().lower()
    suppression = Suppression.objects.filter(email__iexact=address).first()
    if suppression is None:
        suppression = Suppression(email=address, reason=reason, detail=detail[:2000])
        suppression.full_clean()
        suppression.save()
    delivery = None
    if delivery_id is not None:
        delivery = Delivery.objects.filter(pk=delivery_id, email__iexact=address).first()
    if delivery is None:  # the provider did not echo our metadata: the latest one sent
        delivery = (
            Delivery.objects.filter(email__iexact=address, status=Delivery.Status.SENT)
            .order_by("-sent_at", "-pk")
            .first()
        )
    if delivery is not None and delivery.status == Delivery.Status.SENT:
        delivery.status = Delivery.Status.FAILED
        delivery.error = f"{Suppression.Reason(reason).label}: {detail}".strip(": ")[:2000]
        delivery.save(update_fields=["status", "error"])
        Message.objects.filter(pk=delivery.message_id).update(
            sent_count=Greatest(F("sent_count") - 1, 0), failed_count=F("failed_count") + 1
        )
    return suppression
