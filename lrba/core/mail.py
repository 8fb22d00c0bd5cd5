"""Every e-mail the system sends: a subject and a body template, rendered in the
recipient's language, with optional attachments.

How an app sends one:

1. a service enqueues the app's task after commit, with ids only —
   `transaction.on_commit(partial(tasks.send_invitation.enqueue, invitation_id=pk))`,
   so no e-mail goes out about a change that was rolled back;
2. the task (it may run later, on another machine) loads the rows afresh, decides whether
   the e-mail is still due, and calls `mail_send(...)` with the context.

The tasks stay in their apps because only the app knows how to load and check its rows;
rendering, language, the association's requisites and sending are done here, once.
Templates come in pairs, `<template>_subject.txt` and `<template>_body.txt`; both see
the context plus `association`, `site_name` and `secretariat_email`.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from email.mime.application import MIMEApplication
from email.mime.base import MIMEBase
from email.mime.text import MIMEText
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.utils import translation

from lrba.core.association import association


@dataclass(frozen=True)
class Attachment:
    """A file attached to an e-mail. `params` are extra Content-Type parameters, such as
    `{"method": "PUBLISH"}`, which makes calendar programs offer to add an .ics."""

    filename: str
    content: bytes
    mimetype: str
    params: Mapping[str, str] = field(default_factory=dict)

    def attach_to(self, message: EmailMessage) -> None:
        if not self.params:
            message.attach(self.filename, self.content, self.mimetype)
            return
        maintype, subtype = self.mimetype.split("/", 1)
        part: MIMEBase
        if maintype == "text":
            part = MIMEText(self.content.decode(), subtype, "utf-8")
        else:
            part = MIMEApplication(self.content, subtype)
        for name, value in self.params.items():
            part.set_param(name, value)
        part.add_header("Content-Disposition", "attachment", filename=self.filename)
        message.attach(part)


def mail_context() -> dict[str, Any]:
    """What every e-mail template may use besides its own context."""
    requisites = association()
    return {
        "association": requisites,
        "site_name": requisites.name,
        "secretariat_email": requisites.email,
    }


def mail_render(*, template: str, context: Mapping[str, Any], language: str) -> tuple[str, str]:
    """The subject (on one line) and body of `template` in `language`."""
    full_context = {**mail_context(), **context}
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"{template}_subject.txt", full_context)
        body = render_to_string(f"{template}_body.txt", full_context)
    # A subject template may wrap; a header must not.
    return " ".join(subject.split()), body


def mail_connection() -> Any:
    """One connection to the mail server for many messages (a newsletter's batch):
    `with mail_connection() as connection: message.send(connection=connection)`."""
    return get_connection()


def mail_message(
    *,
    to: str | Sequence[str],
    template: str,
    context: Mapping[str, Any],
    language: str,
    attachments: Sequence[Attachment] = (),
    reply_to: Sequence[str] = (),
    headers: Mapping[str, str] | None = None,
    html: str = "",
) -> EmailMessage:
    """The e-mail `template` renders in `language`, ready to send (alone or with others
    over one connection). `reply_to` routes answers (the help desk's conversation
    address); `headers` adds header lines (a newsletter's List-Unsubscribe); `html`, when
    given, goes as the HTML alternative of the plain-text body."""
    subject, body = mail_render(template=template, context=context, language=language)
    # EmailMultiAlternatives is an EmailMessage that may carry an HTML part besides.
    message = EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to] if isinstance(to, str) else list(to),
        reply_to=list(reply_to),
        headers=dict(headers or {}),
    )
    if html:
        message.attach_alternative(html, "text/html")
    for attachment in attachments:
        attachment.attach_to(message)
    return message


def mail_send(
    *,
    to: str | Sequence[str],
    template: str,
    context: Mapping[str, Any],
    language: str,
    attachments: Sequence[Attachment] = (),
    reply_to: Sequence[str] = (),
    headers: Mapping[str, str] | None = None,
) -> None:
    """Render `template` (e.g. "events/email/promotion_notice") in `language` and send it.

    Sends at once: call it from a task (see the module docstring), never from a service
    inside a transaction."""
    mail_message(
        to=to,
        template=template,
        context=context,
        language=language,
        attachments=attachments,
        reply_to=reply_to,
        headers=headers,
    ).send()
