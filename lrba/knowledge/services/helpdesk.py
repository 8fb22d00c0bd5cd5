"""Writes of the methodological help desk: asking, answering (on the site or by e-mail),
internal notes, statuses, reassigning.

A request's life: new → in progress → waiting for the library → answered → closed. The
desk's answer stamps `first_response_at` (once) and `answered_at`; closing stamps
`closed_at`. The library may close its own request, and reopen a closed one for
`LRBA_HELPDESK_REOPEN_DAYS` days (default 30) — after that it asks again. A reply to a
closed request is refused (on the site a form error; by e-mail an automatic answer to the
sender, the e-mail itself kept as an internal note so nothing is lost).

E-mails go after commit through `lrba.knowledge.tasks`, each with the request's own reply
address (`help_reply_address`): "pagalba+<reply_token>@…" plus-addressing on the address
`LRBA_HELPDESK_REPLY_ADDRESS` (default: the secretariat's address), so an answer by e-mail
comes back to `help_reply_from_email` and lands in the conversation.
"""

import datetime
import email.utils
import hashlib
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from lrba.accounts.models import User
from lrba.core.association import association
from lrba.core.numbering import number_next
from lrba.knowledge import tasks
from lrba.knowledge.models import HelpAttachment, HelpMessage, HelpRequest, Topic
from lrba.knowledge.selectors.helpdesk import (
    asking_libraries,
    help_assignee_choices,
    is_desk_side,
    is_help_secretariat,
    is_library_side,
    topic_consultant_for,
)
from lrba.members.models import Employment, Library

Status = HelpRequest.Status


def due_days() -> int:
    return int(settings.LRBA_HELPDESK_DUE_DAYS)


def reopen_days() -> int:
    return int(settings.LRBA_HELPDESK_REOPEN_DAYS)


def help_base_address() -> tuple[str, str]:
    """The help desk's address as (local part, domain): `LRBA_HELPDESK_REPLY_ADDRESS`, or
    "pagalba@<the secretariat's domain>"."""
    configured = settings.LRBA_HELPDESK_REPLY_ADDRESS
    if not configured:
        domain = association().email.rsplit("@", 1)[-1] or "localhost"
        configured = f"pagalba@{domain}"
    local, _at, domain = configured.rpartition("@")
    return local, domain


def help_reply_address(help_request: HelpRequest) -> str:
    """The address whose replies land in `help_request`'s conversation."""
    local, domain = help_base_address()
    return f"{local}+{help_request.reply_token}@{domain}"


def _number(year: int) -> str:
    (number,) = number_next(series_key=f"helpdesk-{year}")
    return f"MP-{year}-{number:04d}"


def _attachments_add(message: HelpMessage, files: Sequence[UploadedFile]) -> None:
    for upload in files:
        attachment = HelpAttachment(
            message=message, file=upload, original_name=(upload.name or "")[:255]
        )
        attachment.full_clean()
        attachment.save()


def _notify(message: HelpMessage, *, to_library: bool) -> None:
    """E-mail the other party about `message` after commit; internal notes never."""
    if message.is_internal:
        return
    transaction.on_commit(
        partial(tasks.help_message_notify.enqueue, message_id=message.pk, to_library=to_library)
    )


@transaction.atomic
def help_request_create(
    *,
    library: Library,
    asked_by: User,
    topic: Topic | None,
    subject: str,
    description: str,
    files: Sequence[UploadedFile] = (),
) -> HelpRequest:
    """Ask a question for `library` (where `asked_by` works): numbered, due in
    `LRBA_HELPDESK_DUE_DAYS` days and routed to the topic's consultant or, without one,
    to the secretariat (assignee None). The question is the conversation's first message
    and the desk is e-mailed after commit."""
    if not asking_libraries(asked_by).filter(pk=library.pk).exists():
        raise ValidationError(
            _("You may ask only for a member library where you work."), code="not_staff"
        )
    now = timezone.now()
    help_request = HelpRequest(
        number=_number(timezone.localdate(now).year),
        library=library,
        asked_by=asked_by,
        topic=topic,
        subject=subject.strip(),
        description=description.strip(),
        assignee=topic_consultant_for(topic, library=library),
        due_on=timezone.localdate(now) + datetime.timedelta(days=due_days()),
        reply_token=secrets.token_urlsafe(24),
        created_at=now,
    )
    help_request.full_clean()
    help_request.save()
    message = HelpMessage(
        request=help_request,
        author=asked_by,
        author_name=asked_by.get_full_name(),
        body=help_request.description,
        created_at=now,
    )
    message.full_clean()
    message.save()
    _attachments_add(message, files)
    _notify(message, to_library=False)
    return help_request


def _locked(help_request: HelpRequest) -> HelpRequest:
    return HelpRequest.objects.select_for_update().get(pk=help_request.pk)


def _closed_error() -> ValidationError:
    return ValidationError(
        _(
            "This request is closed: it takes no more replies. Reopen it (within "
            "%(days)d days of closing) or ask a new question."
        )
        % {"days": reopen_days()},
        code="closed",
    )


DESK_REPLY_STATUSES = (Status.ANSWERED, Status.WAITING, Status.IN_PROGRESS)


def _message_save(
    *,
    help_request: HelpRequest,
    author: User | None,
    author_name: str,
    body: str,
    internal: bool,
    channel: str,
    email_message_id: str,
    files: Sequence[UploadedFile],
) -> HelpMessage:
    message = HelpMessage(
        request=help_request,
        author=author,
        author_name=author_name[:200],
        body=body.strip(),
        is_internal=internal,
        channel=channel,
        email_message_id=email_message_id[:250],
    )
    message.full_clean()
    message.save()
    _attachments_add(message, files)
    return message


@transaction.atomic
def help_message_add(
    *,
    help_request: HelpRequest,
    author: User | None,
    body: str,
    desk: bool,
    internal: bool = False,
    status: str = Status.ANSWERED,
    files: Sequence[UploadedFile] = (),
    channel: str = HelpMessage.Channel.SITE,
    email_message_id: str = "",
    author_name: str = "",
) -> HelpMessage:
    """Add a turn to the conversation; `desk` says which side writes (the caller checked
    that `author` stands there: lrba.knowledge.access_help or `help_reply_from_email`).

    The desk's reply moves the request to `status` (answered, or waiting for the library
    when it asks back) and stamps the first answer; the library's reply takes an answered
    or waiting request back to "in progress". An internal note (desk only) changes
    nothing and is never e-mailed. A closed request takes internal notes only.
    Takes SELECT FOR UPDATE on the request, so two replies cannot both be "the first"."""
    locked = _locked(help_request)
    if internal and not desk:
        raise ValidationError(_("Only those answering write internal notes."), code="internal")
    if locked.status == Status.CLOSED and not internal:
        raise _closed_error()
    now = timezone.now()
    message = _message_save(
        help_request=locked,
        author=author,
        author_name=author_name or (author.get_full_name() if author is not None else ""),
        body=body,
        internal=internal,
        channel=channel,
        email_message_id=email_message_id,
        files=files,
    )
    if not internal:
        if desk:
            if status not in DESK_REPLY_STATUSES:
                raise ValidationError(_("Choose what the answer does."), code="status")
            locked.status = status
            if locked.first_response_at is None:
                locked.first_response_at = now
            if status == Status.ANSWERED:
                locked.answered_at = now
        elif locked.status in (Status.WAITING, Status.ANSWERED):
            locked.status = Status.IN_PROGRESS
        locked.full_clean()
        locked.save(update_fields=["status", "first_response_at", "answered_at"])
        _notify(message, to_library=desk)
    help_request.refresh_from_db()
    return message


MANAGE_STATUSES = (Status.IN_PROGRESS, Status.WAITING, Status.ANSWERED, Status.CLOSED)


@transaction.atomic
def help_request_status_set(*, help_request: HelpRequest, status: str, by: User) -> HelpRequest:
    """The desk sets the status (taking it into work, closing it, reopening it). Closing
    stamps `closed_at`; any other status clears it."""
    locked = _locked(help_request)
    if not is_desk_side(by, locked):
        raise ValidationError(_("Only those answering the request may change it."))
    if status not in MANAGE_STATUSES:
        raise ValidationError(_("Choose a status."), code="status")
    _status_apply(locked, status)
    return locked


def _status_apply(locked: HelpRequest, status: str) -> None:
    now = timezone.now()
    locked.status = status
    if status == Status.CLOSED:
        locked.closed_at = locked.closed_at or now
    else:
        locked.closed_at = None
    if status == Status.ANSWERED and locked.answered_at is None:
        locked.answered_at = now
    locked.full_clean()
    locked.save(update_fields=["status", "closed_at", "answered_at"])


def may_reopen(help_request: HelpRequest, *, now: datetime.datetime | None = None) -> bool:
    """The library may reopen a request closed less than `LRBA_HELPDESK_REOPEN_DAYS` ago."""
    if help_request.status != Status.CLOSED or help_request.closed_at is None:
        return False
    now = now or timezone.now()
    return now - help_request.closed_at <= datetime.timedelta(days=reopen_days())


@transaction.atomic
def help_request_close_by_library(*, help_request: HelpRequest, by: User) -> HelpRequest:
    """The library says its question is settled."""
    locked = _locked(help_request)
    if not is_library_side(by, locked):
        raise ValidationError(_("Only the library may close its request here."))
    if locked.status == Status.CLOSED:
        raise ValidationError(_("The request is closed already."), code="closed")
    _status_apply(locked, Status.CLOSED)
    return locked


@transaction.atomic
def help_request_reopen(*, help_request: HelpRequest, by: User) -> HelpRequest:
    """The library (or the desk) reopens a closed request: back in progress with a new
    due date, and the desk is told. The library may do so within the reopening period."""
    locked = _locked(help_request)
    desk = is_desk_side(by, locked)
    if not (desk or is_library_side(by, locked)):
        raise ValidationError(_("Only the library and those answering may reopen it."))
    if locked.status != Status.CLOSED:
        raise ValidationError(_("The request is not closed."), code="not_closed")
    if not desk and not may_reopen(locked):
        raise ValidationError(
            _("The request was closed more than %(days)d days ago: ask a new question instead.")
            % {"days": reopen_days()},
            code="reopen_late",
        )
    locked.due_on = timezone.localdate() + datetime.timedelta(days=due_days())
    locked.save(update_fields=["due_on"])
    _status_apply(locked, Status.IN_PROGRESS)
    transaction.on_commit(partial(tasks.help_request_notify_desk.enqueue, request_id=locked.pk))
    return locked


@transaction.atomic
def help_request_reassign(
    *,
    help_request: HelpRequest,
    assignee: User | None,
    by: User,
    due_on: datetime.date | None = None,
    topic: Topic | None = None,
) -> HelpRequest:
    """The secretariat hands the request to a consultant (or back to itself with None),
    and may move its due date and file it under another topic (None: each unchanged);
    the new assignee is e-mailed after commit."""
    locked = _locked(help_request)
    if not is_help_secretariat(by):
        raise ValidationError(_("Only the secretariat may hand a request over."))
    if assignee is not None and not help_assignee_choices().filter(pk=assignee.pk).exists():
        raise ValidationError(
            _("Requests go to consultants who work at a member library."), code="assignee"
        )
    changed = locked.assignee_id != (assignee.pk if assignee is not None else None)
    locked.assignee = assignee
    if due_on is not None:
        locked.due_on = due_on
    if topic is not None:
        locked.topic = topic
    locked.full_clean()
    locked.save(update_fields=["assignee", "due_on", "topic"])
    if changed:
        transaction.on_commit(partial(tasks.help_request_notify_desk.enqueue, request_id=locked.pk))
    return locked


# Replies by e-mail ------------------------------------------------------------------------


class HelpEmailRefused(Exception):
    """An e-mail that cannot go into any conversation; the message says why."""


@dataclass(frozen=True)
class EmailReplyOutcome:
    help_request: HelpRequest
    message: HelpMessage
    # "kept" (in the conversation), "duplicate" (delivered before), "closed" (kept as an
    # internal note; the sender was told the request is closed).
    outcome: str


ADDRESS_HEADERS = ("Delivered-To", "X-Original-To", "Envelope-To", "To", "Cc")
# Lines that start the quoted original in the usual mail programs, English and Lithuanian.
QUOTE_STARTS = (
    re.compile(r"^On .+wrote:\s*$", re.IGNORECASE),
    re.compile(r"^.{0,200}\b(rašė|parašė):\s*$", re.IGNORECASE),
    re.compile(r"^-{2,}\s*(Original Message|Pradinis laiškas|Forwarded message)", re.IGNORECASE),
    re.compile(r"^_{10,}\s*$"),
    re.compile(r"^(From|Nuo|Siuntėjas):\s.+", re.IGNORECASE),
    re.compile(r"^-- $"),  # a signature
)


def reply_text_strip(text: str) -> str:
    """The new part of an e-mail reply: up to the first line that starts the quoted
    original (or the signature), without ">" quoted lines."""
    kept: list[str] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if any(pattern.match(line) for pattern in QUOTE_STARTS):
            break
        if line.lstrip().startswith(">"):
            continue
        kept.append(line.rstrip())
    return "\n".join(kept).strip()


def _reply_token(message: EmailMessage) -> str:
    local, domain = help_base_address()
    prefix = f"{local.lower()}+"
    values = [str(value) for header in ADDRESS_HEADERS for value in message.get_all(header) or []]
    for _name, address in email.utils.getaddresses(values):
        address_local, _at, address_domain = address.rpartition("@")
        if address_domain.lower() == domain.lower() and address_local.lower().startswith(prefix):
            return address_local[len(prefix) :]
    return ""


def _find_request(token: str) -> HelpRequest:
    if not token:
        raise HelpEmailRefused(
            _("The e-mail is not addressed to a help request (no reply address with a code).")
        )
    found = HelpRequest.objects.filter(reply_token=token).first()
    if found is None:
        # A mail server may have changed the letters' case on the way.
        matches = list(HelpRequest.objects.filter(reply_token__iexact=token)[:2])
        found = matches[0] if len(matches) == 1 else None
    if found is None:
        raise HelpEmailRefused(
            _("No help request has the reply code %(token)s.") % {"token": token}
        )
    return found


@dataclass(frozen=True)
class _Sender:
    user: User | None
    name: str
    desk: bool


def _sender(help_request: HelpRequest, address: str, name: str) -> _Sender:
    """Who wrote: a party of the request (the library's side or the desk's), or refused."""
    address = address.strip().lower()
    if not address:
        raise HelpEmailRefused(_("The e-mail has no sender address."))
    user = User.objects.filter(email__iexact=address, is_active=True).first()
    if user is not None:
        if is_desk_side(user, help_request):
            return _Sender(user, name or user.get_full_name(), desk=True)
        if is_library_side(user, help_request):
            return _Sender(user, name or user.get_full_name(), desk=False)
    if address == association().email.lower():
        return _Sender(None, name or _("Secretariat"), desk=True)
    library = help_request.library
    staff = Employment.objects.current().filter(library=library, person__email__iexact=address)
    if staff.exists() or address == library.email.lower():
        return _Sender(None, name or library.name, desk=False)
    raise HelpEmailRefused(
        _("%(address)s is not a party to help request %(number)s.")
        % {"address": address, "number": help_request.number}
    )


def _text_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    content = part.get_content()
    if part.get_content_type() == "text/html":
        content = strip_tags(re.sub(r"(?i)<br\s*/?>|</p>", "\n", content))
    return str(content)


def _files_of(message: EmailMessage) -> tuple[list[UploadedFile], list[str]]:
    """The e-mail's attachments as uploads, and a line for each one refused (kept in the
    message's text, so the desk knows it was sent)."""
    from lrba.knowledge.models import validate_attachment

    files: list[UploadedFile] = []
    refused: list[str] = []
    for part in message.iter_attachments():
        name = part.get_filename() or "priedas"
        content = part.get_payload(decode=True)
        if not isinstance(content, bytes):
            continue
        upload = SimpleUploadedFile(name, content, part.get_content_type())
        try:
            validate_attachment(upload)
        except ValidationError as error:
            refused.append(
                _("[Attachment %(name)s not kept: %(reason)s]")
                % {"name": name, "reason": " ".join(error.messages)}
            )
            continue
        upload.seek(0)
        files.append(upload)
    return files, refused


def _message_id(message: EmailMessage, sender: str, text: str) -> str:
    """The e-mail's Message-ID; without one, a digest of what identifies it."""
    found = str(message.get("Message-ID", "")).strip()
    if found:
        return found
    digest = hashlib.sha256(
        "\n".join(
            [sender, str(message.get("Date", "")), str(message.get("Subject", "")), text]
        ).encode()
    ).hexdigest()
    return f"sha256:{digest}"


def _is_automatic(message: EmailMessage) -> bool:
    """An out-of-office or other machine answer (RFC 3834): kept, never answered."""
    auto = str(message.get("Auto-Submitted", "no")).strip().lower()
    precedence = str(message.get("Precedence", "")).strip().lower()
    return auto != "no" or precedence in ("bulk", "junk", "list", "auto_reply")


def help_reply_from_email(*, message: EmailMessage) -> EmailReplyOutcome:
    """Put an e-mail reply into its request's conversation.

    The request is found by the reply code in the address the e-mail went to; the sender
    must be a party (the library's staff or representatives, the assignee, the
    secretariat); the quoted original is cut off; attachments are kept (those the
    attachment rules refuse are named in the text); the same Message-ID is kept once.
    A reply to a closed request is kept as an internal note and the sender is answered
    that the request is closed and how to ask again. Raises HelpEmailRefused, with a
    message for the sender or the mail server's log, for anything else."""
    help_request = _find_request(_reply_token(message))
    name, address = email.utils.parseaddr(str(message.get("From", "")))
    sender = _sender(help_request, address, name)
    full_text = _text_of(message)
    text = reply_text_strip(full_text) or full_text.strip()
    files, refused = _files_of(message)
    if refused:
        text = "\n\n".join([text, *refused]).strip()
    if not text:
        if not files:
            raise HelpEmailRefused(_("The e-mail has no text and no attachment to keep."))
        text = _("(Attachments sent by e-mail.)")
    message_id = _message_id(message, address, full_text)
    existing = HelpMessage.objects.filter(request=help_request, email_message_id=message_id).first()
    if existing is not None:
        return EmailReplyOutcome(help_request, existing, "duplicate")
    automatic = _is_automatic(message)
    try:
        with transaction.atomic():
            closed = HelpRequest.objects.filter(pk=help_request.pk, status=Status.CLOSED).exists()
            if closed or automatic:
                heading = (
                    _("E-mail received after the request was closed:")
                    if closed
                    else _("Automatic e-mail received (not answered):")
                )
                kept = help_message_add(
                    help_request=help_request,
                    author=sender.user,
                    author_name=sender.name,
                    body=f"{heading}\n\n{text}",
                    desk=True,
                    internal=True,
                    files=files,
                    channel=HelpMessage.Channel.EMAIL,
                    email_message_id=message_id,
                )
                if closed and not automatic:
                    transaction.on_commit(
                        partial(
                            tasks.help_closed_answer.enqueue,
                            request_id=help_request.pk,
                            to=address,
                        )
                    )
                outcome = "closed" if closed else "kept"
            else:
                kept = help_message_add(
                    help_request=help_request,
                    author=sender.user,
                    author_name=sender.name,
                    body=text,
                    desk=sender.desk,
                    status=Status.ANSWERED,
                    files=files,
                    channel=HelpMessage.Channel.EMAIL,
                    email_message_id=message_id,
                )
                outcome = "kept"
    except ValidationError as error:  # e.g. closed between the check and the lock
        raise HelpEmailRefused(" ".join(error.messages)) from error
    except IntegrityError:
        # The same e-mail, delivered twice at once: the other delivery kept it.
        existing = HelpMessage.objects.get(request=help_request, email_message_id=message_id)
        return EmailReplyOutcome(help_request, existing, "duplicate")
    help_request.refresh_from_db()
    return EmailReplyOutcome(help_request, kept, outcome)


def help_reply_from_bytes(raw: bytes) -> EmailReplyOutcome:
    """`help_reply_from_email` for an RFC 822 message as bytes (a file, an MTA's pipe)."""
    from email import policy
    from email.parser import BytesParser

    if not raw.strip():
        raise HelpEmailRefused(_("The input is empty: expected an e-mail message."))
    parsed = BytesParser(policy=policy.default).parsebytes(raw)
    if not isinstance(parsed, EmailMessage) or not parsed.get("From"):
        raise HelpEmailRefused(_("The input is not an e-mail message (it has no From header)."))
    return help_reply_from_email(message=parsed)
