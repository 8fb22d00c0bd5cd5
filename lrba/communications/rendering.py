"""A message as one recipient receives it: subject and text in their language, HTML plus
plain text, and — for a newsletter — the RFC 8058 one-click unsubscribe headers.

The unsubscribe link carries a signed token naming the delivery (django.core.signing with
its own salt), so it needs no sign-in and cannot be forged or pointed at someone else.
"""

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from django.core import signing
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe

from lrba.communications.models import Message
from lrba.core.mail import EmailMessage, mail_context, mail_message
from lrba.core.urls import absolute_url

UNSUBSCRIBE_SALT = "lrba.communications.unsubscribe"
TEMPLATE = "communications/email/message"
ENGLISH = "en"


@dataclass(frozen=True)
class Content:
    language: str
    subject: str
    body: str  # sanitised HTML (the field sanitises on save)


def message_content(message: Message, language: str) -> Content:
    """The subject and text in `language`: English when it is asked for and the message
    has both an English subject and text, Lithuanian otherwise."""
    if language == ENGLISH and message.subject_en.strip() and message.body_en.strip():
        return Content(ENGLISH, message.subject_en, message.body_en)
    return Content("lt", message.subject, message.body)


# Unsubscribe tokens ---------------------------------------------------------------------------


def unsubscribe_token(*, delivery_id: int | None = None, test_message_id: int | None = None) -> str:
    """A token naming one delivery, or (for a test e-mail) only the message, so that
    following a test's link changes nobody's consent."""
    payload: dict[str, int | None] = (
        {"d": delivery_id} if delivery_id is not None else {"t": test_message_id}
    )
    return signing.dumps(payload, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_token_read(token: str) -> dict[str, int]:
    """The payload of a genuine token; raises `signing.BadSignature` for any other."""
    payload = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if not isinstance(payload, dict) or not (
        isinstance(payload.get("d"), int) or isinstance(payload.get("t"), int)
    ):
        raise signing.BadSignature("Not an unsubscribe token")
    return payload


def unsubscribe_url(token: str) -> str:
    return absolute_url(reverse("communications:unsubscribe", args=[token]))


def unsubscribe_headers(token: str) -> dict[str, str]:
    """RFC 2369 List-Unsubscribe with RFC 8058 one-click: mail programs POST
    "List-Unsubscribe=One-Click" to the https address, no sign-in, no page to read."""
    mailto = f"mailto:{mail_context()['secretariat_email']}?subject=unsubscribe"
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(token)}>, <{mailto}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


# Plain text from the HTML ---------------------------------------------------------------------


class _TextWriter(HTMLParser):
    """Just enough of an HTML-to-text conversion for the editor's markup: paragraphs and
    headings on their own lines, list items with a dash, links with their address."""

    BLOCKS = {"p", "h2", "h3", "blockquote", "ul", "ol"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.href: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BLOCKS:
            self.parts.append("\n\n")
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag == "a":
            self.href.append(dict(attrs).get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.href:
            href = self.href.pop()
            if href and not href.startswith("mailto:"):
                self.parts.append(f" ({href})")

    def handle_data(self, data: str) -> None:
        self.parts.append(re.sub(r"\s+", " ", data))

    def text(self) -> str:
        lines = [line.strip() for line in "".join(self.parts).splitlines()]
        out: list[str] = []
        for line in lines:
            if line or (out and out[-1]):
                out.append(line)
        return "\n".join(out).strip()


def html_to_text(html: str) -> str:
    writer = _TextWriter()
    writer.feed(html)
    writer.close()
    return writer.text()


# The e-mail -----------------------------------------------------------------------------------


def message_email(
    *,
    message: Message,
    to: str,
    language: str,
    delivery_id: int | None = None,
    test: bool = False,
    extra_context: dict[str, Any] | None = None,
) -> EmailMessage:
    """The e-mail of `message` to `to`, HTML and plain text; a newsletter carries the
    one-click unsubscribe headers and link (a test's link changes nothing)."""
    content = message_content(message, language)
    newsletter = message.kind == Message.Kind.NEWSLETTER
    headers: dict[str, str] = {}
    link = ""
    if newsletter:
        token = (
            unsubscribe_token(test_message_id=message.pk)
            if test
            else unsubscribe_token(delivery_id=delivery_id)
        )
        headers = unsubscribe_headers(token)
        link = unsubscribe_url(token)
    context = {
        "message": message,
        "subject": content.subject,
        "body_html": mark_safe(content.body),  # sanitised by the field on save
        "text": html_to_text(content.body),
        "newsletter": newsletter,
        "unsubscribe_url": link,
        "archive_url": absolute_url(reverse("communications:archive_list")) if newsletter else "",
        "test": test,
        **(extra_context or {}),
    }
    with translation.override(content.language):
        html = render_to_string(f"{TEMPLATE}.html", {**mail_context(), **context})
    email = mail_message(
        to=to,
        template=TEMPLATE,
        context=context,
        language=content.language,
        headers=headers,
        html=html,
    )
    if delivery_id is not None:
        # django-anymail hands metadata to the provider, which echoes it in its tracking
        # events: a bounce then names the very delivery (the SMTP backend ignores it).
        email.metadata = {"delivery": str(delivery_id)}  # type: ignore[attr-defined]
    return email
