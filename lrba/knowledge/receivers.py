"""Receivers of the knowledge app, connected when the app is ready (apps.py imports this
module):

- `library_admitted` (lrba.members.signals): the new member's onboarding checklist starts
  inside the admission's transaction, so it commits or rolls back with it; starting twice
  does nothing (`onboarding_start` is idempotent);
- anymail's `inbound` signal: an e-mail the mail provider received for the help desk's
  reply address goes into its request's conversation (the same service as
  `manage.py helpdesk_receive`, which takes a message from an MTA's pipe).
"""

import logging
from typing import Any

from anymail.signals import inbound
from django.dispatch import receiver

from lrba.members.signals import library_admitted

logger = logging.getLogger(__name__)


@receiver(library_admitted, dispatch_uid="knowledge_onboarding_start")
def onboarding_start_on_admission(sender: Any, membership: Any, **kwargs: Any) -> None:
    from lrba.knowledge.services.onboarding import onboarding_start

    if membership.library_id is not None:
        onboarding_start(library=membership.library)


@receiver(inbound, dispatch_uid="knowledge_help_reply_inbound")
def help_reply_inbound(sender: Any, event: Any, esp_name: str = "", **kwargs: Any) -> None:
    """An inbound e-mail from the provider's webhook. A refused one is logged (the
    provider has nowhere to return it); nothing else raises, so the webhook answers 200
    and the provider does not deliver it again and again."""
    from lrba.knowledge.services.helpdesk import HelpEmailRefused, help_reply_from_email

    message = event.message
    if message is None:
        return
    recipient = getattr(message, "envelope_recipient", None)
    if recipient and not message.get("Delivered-To"):
        # Some providers give the plus-address only as the envelope recipient.
        message["Delivered-To"] = recipient
    try:
        outcome = help_reply_from_email(message=message)
    except HelpEmailRefused as refusal:
        logger.warning("Inbound e-mail (%s) refused by the help desk: %s", esp_name, refusal)
        return
    logger.info(
        "Inbound e-mail (%s) %s in help request %s",
        esp_name,
        outcome.outcome,
        outcome.help_request.number,
    )
