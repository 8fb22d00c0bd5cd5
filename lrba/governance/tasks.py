"""Background jobs of the governance app: the e-mails of convening (and, appended by the
other parts, those of the minutes and the written procedure).

Each task loads its rows afresh (it may run later, on another machine), checks that the
e-mail is still due, and writes in the recipient's language (lrba.core.mail).
"""

import logging
import mimetypes
from typing import Any

from django.urls import NoReverseMatch, reverse
from django_tasks import task

from lrba.core.mail import Attachment, mail_send
from lrba.core.qr import qr_png
from lrba.core.urls import absolute_url
from lrba.governance.models import Meeting, Notice

logger = logging.getLogger(__name__)

DOOR_PASS_FILENAME = "pakvietimas-qr.png"


def _door_pass_url(notice: Notice) -> str:
    """The address the personal QR code holds: the door desk opens it with the recipient
    found (lrba.governance.views.attendance); "" while that page does not exist."""
    try:
        return absolute_url(reverse("governance:notice_scan", kwargs={"token": notice.token}))
    except NoReverseMatch:
        return ""


def _document_attachments(meeting: Meeting) -> list[Attachment]:
    attachments = []
    for document in meeting.documents.order_by("pk"):
        name = document.file.name.rsplit("/", 1)[-1]
        with document.file.open("rb") as handle:
            content = handle.read()
        mimetype = mimetypes.guess_type(name)[0] or "application/octet-stream"
        attachments.append(Attachment(name, content, mimetype))
    return attachments


def notice_context(notice: Notice) -> dict[str, Any]:
    meeting = notice.meeting
    membership = notice.membership
    return {
        "notice": notice,
        "meeting": meeting,
        "body": meeting.body,
        "items": list(meeting.items.select_related("decision_kind").order_by("position")),
        "documents": list(meeting.documents.order_by("pk")),
        "first_name": notice.person.first_name if notice.person is not None else "",
        "library": membership.library if membership is not None and membership.library_id else None,
        "meeting_url": absolute_url(meeting.get_absolute_url()),
    }


def notice_send(notice: Notice) -> None:
    """E-mail one notice and record the outcome on it (sent, or failed with the error:
    the control page lists failures for the secretariat to resend or post)."""
    from lrba.governance.services.meetings import notice_delivery_record

    attachments = _document_attachments(notice.meeting)
    # A door pass only where there is a door: not for a meeting held online alone.
    qr_url = _door_pass_url(notice) if notice.meeting.place else ""
    if qr_url:
        attachments.append(Attachment(DOOR_PASS_FILENAME, qr_png(qr_url), "image/png"))
    try:
        mail_send(
            to=notice.email,
            template="governance/email/meeting_notice",
            context={**notice_context(notice), "qr_attached": bool(qr_url)},
            language=notice.language,
            attachments=attachments,
        )
    except Exception as error:  # an SMTP refusal must not stop the other notices
        logger.warning("Meeting notice %s not sent: %s", notice.pk, error)
        notice_delivery_record(notice=notice, error=str(error) or error.__class__.__name__)
    else:
        notice_delivery_record(notice=notice)


def _due(notices: Any) -> Any:
    return notices.select_related(
        "meeting__body", "person", "membership__library", "membership__person"
    ).filter(
        channel=Notice.Channel.EMAIL,
        status=Notice.Status.QUEUED,
        meeting__status__in=(Meeting.Status.CONVENED, Meeting.Status.OPEN),
    )


@task()
def send_meeting_notices(meeting_id: int) -> None:
    """Send every e-mailed notice of a convened meeting still queued."""
    for notice in _due(Notice.objects.filter(meeting_id=meeting_id)).order_by("pk"):
        notice_send(notice)


@task()
def send_meeting_notice(notice_id: int) -> None:
    """Send one notice again (after a failure was put right)."""
    notice = _due(Notice.objects.filter(pk=notice_id)).first()
    if notice is not None:
        notice_send(notice)


@task()
def send_meeting_cancelled(meeting_id: int) -> None:
    """Tell everyone who received the notice by e-mail that the meeting is called off."""
    meeting = Meeting.objects.select_related("body").get(pk=meeting_id)
    if meeting.status != Meeting.Status.CANCELLED:
        return
    notices = meeting.notices.select_related("person", "membership__library").filter(
        channel=Notice.Channel.EMAIL, status=Notice.Status.SENT
    )
    for notice in notices.order_by("pk"):
        try:
            mail_send(
                to=notice.email,
                template="governance/email/meeting_cancelled",
                context=notice_context(notice),
                language=notice.language,
            )
        except Exception as error:  # one refused address must not stop the others
            logger.warning(
                "Cancellation of meeting %s not sent to %s: %s", meeting_id, notice.pk, error
            )


# Voting-rights transfers (P3) -----------------------------------------------------------------


@task()
def transfer_parties_notify(transfer_id: int) -> None:
    """Tell both parties that the association recorded their voting-rights transfer
    (CK 2.89), each in their language, and note when (`parties_notified_at`)."""
    from django.utils import timezone

    from lrba.governance.models import VotingRightsTransfer
    from lrba.governance.services.attendance import transfer_notice_recipients

    transfer = VotingRightsTransfer.objects.select_related(
        "transferor__library", "transferor__person__user", "transferee__user"
    ).get(pk=transfer_id)
    if transfer.parties_notified_at is not None or transfer.revoked_at is not None:
        return
    recipients = transfer_notice_recipients(transfer)
    for email, language, first_name in recipients:
        mail_send(
            to=email,
            template="governance/email/transfer_recorded",
            context={"transfer": transfer, "first_name": first_name},
            language=language,
        )
    if recipients:
        transfer.parties_notified_at = timezone.now()
        transfer.save(update_fields=["parties_notified_at"])


# The Board's written procedure (P6) -----------------------------------------------------------


@task()
def send_procedure_circulation(procedure_id: int) -> None:
    """E-mail a circulated written procedure to every Board member who answers it, each
    in their language, with the link to answer; nothing once it is no longer open."""
    from django.utils import timezone

    from lrba.governance.models import WrittenProcedure
    from lrba.governance.services.procedures import procedure_voting_seats

    procedure = (
        WrittenProcedure.objects.select_related("decision_kind")
        .filter(pk=procedure_id, status=WrittenProcedure.Status.CIRCULATED)
        .first()
    )
    if procedure is None:
        return
    procedure_url = absolute_url(procedure.get_absolute_url())
    for seat in procedure_voting_seats(procedure, timezone.localdate()):
        person = seat.person
        user = person.user
        email = person.email or (user.email if user is not None else "")
        if not email:
            logger.warning("Board member %s has no e-mail: procedure %s", person.pk, procedure.pk)
            continue
        mail_send(
            to=email,
            template="governance/email/procedure_circulated",
            context={"procedure": procedure, "person": person, "procedure_url": procedure_url},
            language=(user.language if user is not None and user.language else "lt"),
        )
