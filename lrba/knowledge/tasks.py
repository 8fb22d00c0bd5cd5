"""Background jobs of the help desk: the e-mails of a conversation.

Each task loads its rows afresh (it may run later, on another machine) and writes in the
recipient's language (lrba.core.mail). Every e-mail carries the request's reply address
(lrba.knowledge.services.helpdesk.help_reply_address), so answering it by e-mail lands in
the conversation, and "Auto-Submitted" (RFC 3834), so out-of-office programs do not answer
it. Internal notes are never e-mailed: the services do not enqueue them, and the task
checks again.
"""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.urls import reverse
from django_tasks import task

from lrba.accounts.models import User
from lrba.core.association import association
from lrba.core.mail import mail_send
from lrba.core.urls import absolute_url
from lrba.knowledge.models import HelpMessage, HelpRequest
from lrba.members.models import Person

AUTO_GENERATED = {"Auto-Submitted": "auto-generated"}


def _reply_to(help_request: HelpRequest) -> list[str]:
    from lrba.knowledge.services.helpdesk import help_reply_address

    return [help_reply_address(help_request)]


@dataclass(frozen=True)
class Recipient:
    email: str
    language: str
    first_name: str = ""  # "" greets without a name (the secretariat, a library's mailbox)


def _first_name(user: User) -> str:
    person = Person.objects.filter(user=user).only("first_name").first()
    if person is not None:
        return person.first_name
    return user.full_name.split(" ")[0] if user.full_name else ""


def desk_recipient(help_request: HelpRequest) -> Recipient:
    """The desk: the assignee, or the secretariat's address."""
    assignee = help_request.assignee
    if assignee is not None and assignee.is_active and assignee.email:
        return Recipient(
            assignee.email, assignee.language or settings.LANGUAGE_CODE, _first_name(assignee)
        )
    return Recipient(association().email, settings.LANGUAGE_CODE)


def library_recipient(help_request: HelpRequest) -> Recipient:
    """The library: whoever asked, or the library's own e-mail when their account is gone."""
    asker = help_request.asked_by
    if asker is not None and asker.is_active and asker.email:
        return Recipient(asker.email, asker.language or settings.LANGUAGE_CODE, _first_name(asker))
    return Recipient(help_request.library.email, settings.LANGUAGE_CODE)


def help_context(help_request: HelpRequest, **extra: Any) -> dict[str, Any]:
    return {
        "help_request": help_request,
        "library": help_request.library,
        "request_url": absolute_url(help_request.get_absolute_url()),
        **extra,
    }


def _load_request(request_id: int) -> HelpRequest:
    return HelpRequest.objects.select_related("library", "assignee", "asked_by", "topic").get(
        pk=request_id
    )


@task()
def help_message_notify(message_id: int, to_library: bool) -> None:
    """E-mail a new turn of the conversation to the other party: the desk's answer to the
    library, the library's question or reply to the assignee (or the secretariat)."""
    message = HelpMessage.objects.select_related("request").get(pk=message_id)
    if message.is_internal:
        return
    help_request = _load_request(message.request_id)
    recipient = library_recipient(help_request) if to_library else desk_recipient(help_request)
    if not recipient.email:
        return
    first = not help_request.messages.filter(created_at__lt=message.created_at).exists()
    template = (
        "knowledge/email/help_new" if first and not to_library else "knowledge/email/help_reply"
    )
    mail_send(
        to=recipient.email,
        template=template,
        context=help_context(
            help_request,
            message=message,
            attachments=[attachment.original_name for attachment in message.attachments.all()],
            to_library=to_library,
            first_name=recipient.first_name,
        ),
        language=recipient.language,
        reply_to=_reply_to(help_request),
        headers=AUTO_GENERATED,
    )


@task()
def help_request_notify_desk(request_id: int) -> None:
    """Tell the desk a request is theirs now (handed over, or reopened by the library)."""
    help_request = _load_request(request_id)
    if help_request.status == HelpRequest.Status.CLOSED:
        return
    recipient = desk_recipient(help_request)
    message = help_request.messages.filter(is_internal=False).order_by("created_at", "pk").first()
    mail_send(
        to=recipient.email,
        template="knowledge/email/help_new",
        context=help_context(
            help_request,
            message=message,
            attachments=[],
            to_library=False,
            first_name=recipient.first_name,
        ),
        language=recipient.language,
        reply_to=_reply_to(help_request),
        headers=AUTO_GENERATED,
    )


@task()
def help_closed_answer(request_id: int, to: str) -> None:
    """The automatic answer to an e-mail reply that came after the request was closed."""
    from lrba.knowledge.services.helpdesk import may_reopen, reopen_days

    help_request = _load_request(request_id)
    asker = help_request.asked_by
    language = (
        asker.language
        if asker is not None and asker.email.lower() == to.lower() and asker.language
        else settings.LANGUAGE_CODE
    )
    mail_send(
        to=to,
        template="knowledge/email/help_closed",
        context=help_context(
            help_request,
            may_reopen=may_reopen(help_request),
            reopen_days=reopen_days(),
            ask_url=absolute_url(reverse("knowledge:help_create")),
        ),
        language=language,
        headers={"Auto-Submitted": "auto-replied"},
    )
