"""Minutes: generated from the meeting's record, signed by the chair and the secretary,
commented on by the participants (CK 2.90–2.92; issue point 7).

`minutes_generate` turns a closed meeting into a minuted one and (re)creates its minutes;
the PDF (WeasyPrint, in Lithuanian) is drawn afterwards by the task `minutes_pdf_render`,
so the secretariat's click does not wait for the layout. The minutes may be refreshed
until the first signature. Only the meeting's chair and secretary sign (each marks it
signed and may upload the signed copy); anyone else is refused, and views record the
refusal (`lrba.core.audit.refusals_recorded`). Comments are taken within the comment
window (the rules' `minutes_comment_days` from the first generation) and kept: they are
annexed to the minutes.
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from lrba.core.audit import acting_as
from lrba.governance.models import Meeting, Minutes, MinutesComment, StatuteRules
from lrba.members.models import Person

MINUTES_TEMPLATE = "governance/pdf/minutes.html"


def rules_of(meeting: Meeting) -> StatuteRules:
    """The statute rules in force on the meeting's date."""
    try:
        return StatuteRules.objects.in_force(on=meeting.date)
    except StatuteRules.DoesNotExist:
        raise ValidationError(
            _("No statute rules were in force on %(date)s.") % {"date": meeting.date}
        ) from None


def signing_deadline_for(meeting: Meeting) -> datetime.date:
    return meeting.date + datetime.timedelta(days=rules_of(meeting).minutes_signing_days)


@transaction.atomic
def minutes_generate(
    *, meeting: Meeting, generated_by: Any, now: datetime.datetime | None = None
) -> Minutes:
    """Draw up the minutes of a closed meeting (closed → minuted) or refresh them.

    Refused: a meeting that is not closed (or minuted), minutes already signed by anyone
    (a refresh would change what they signed), a meeting without a chair or secretary.
    The comment window opens at the first generation. The PDF follows in a task."""
    now = now or timezone.now()
    meeting = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
    if meeting.status not in (Meeting.Status.CLOSED, Meeting.Status.MINUTED):
        raise ValidationError(_("Minutes are drawn up once the meeting is closed."))
    if meeting.chair_id is None or meeting.secretary_id is None:
        raise ValidationError(
            _("Name the meeting's chair and secretary first: they sign the minutes.")
        )
    rules = rules_of(meeting)
    minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
    if minutes is not None and (minutes.chair_signed_at or minutes.secretary_signed_at):
        raise ValidationError(_("The minutes are signed: they can no longer be drawn up again."))
    if minutes is None:
        minutes = Minutes(meeting=meeting, number=meeting.reference)
    minutes.signing_deadline = meeting.date + datetime.timedelta(days=rules.minutes_signing_days)
    first = minutes.comments_open_from is None
    if first:
        minutes.comments_open_from = now
        minutes.comments_open_until = now + datetime.timedelta(days=rules.minutes_comment_days)
    minutes.generated_at = now
    with acting_as(generated_by):
        minutes.full_clean()
        minutes.save()
        if meeting.status != Meeting.Status.MINUTED:
            meeting.status = Meeting.Status.MINUTED
            meeting.save(update_fields=["status"])
    minutes_id = minutes.pk
    transaction.on_commit(lambda: minutes_pdf_render.enqueue(minutes_id))
    if first:
        # The participants are told the minutes are there and until when to comment.
        transaction.on_commit(lambda: minutes_open_notify.enqueue(minutes_id))
    return minutes


def minutes_readers(minutes: Minutes) -> list[Person]:
    """The people told that the minutes are open for comments: the meeting's
    participants (each once), with an e-mail address."""
    people: dict[int, Person] = {}
    rows = minutes.meeting.attendance.select_related("person__user").order_by("pk")
    for row in rows:
        person = row.person
        if person is not None and (person.email or (person.user and person.user.email)):
            people.setdefault(person.pk, person)
    return list(people.values())


@task()
def minutes_open_notify(minutes_id: int) -> None:
    """Tell the participants that the minutes are drawn up and open for comments."""
    from django.urls import reverse

    from lrba.core.mail import mail_send
    from lrba.core.urls import absolute_url

    minutes = Minutes.objects.select_related("meeting__body").get(pk=minutes_id)
    url = absolute_url(reverse("governance:minutes_detail", args=[minutes.pk]))
    for person in minutes_readers(minutes):
        user = person.user
        to = person.email or (user.email if user is not None else "")
        if not to:
            continue
        mail_send(
            to=to,
            template="governance/email/minutes_open",
            context={"person": person, "minutes": minutes, "meeting": minutes.meeting, "url": url},
            language=user.language if user is not None and user.language else "lt",
        )


def minutes_pdf_bytes(minutes: Minutes) -> bytes:
    """The minutes as a PDF, in Lithuanian (the association's records are kept in it)."""
    from lrba.core.pdf import render_pdf
    from lrba.governance.selectors.minutes import minutes_content

    with translation.override("lt"):
        return render_pdf(MINUTES_TEMPLATE, {**minutes_content(minutes), "language": "lt"})


@task()
def minutes_pdf_render(minutes_id: int) -> None:
    """Draw the minutes' PDF and store it (replacing an earlier draft)."""
    minutes = Minutes.objects.select_related("meeting__body").get(pk=minutes_id)
    content = minutes_pdf_bytes(minutes)
    old = minutes.pdf.name if minutes.pdf else ""
    minutes.pdf.save(f"protokolas-{minutes.number}.pdf", ContentFile(content), save=False)
    minutes.save(update_fields=["pdf"])
    if old and old != minutes.pdf.name:
        minutes.pdf.storage.delete(old)


def signatory_role(*, minutes: Minutes, user: Any) -> str:
    """ "chair", "secretary" (or "both" for one person in both offices), or ""."""
    person = getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None
    if person is None:
        return ""
    meeting = minutes.meeting
    roles = [
        role
        for role, person_id in (("chair", meeting.chair_id), ("secretary", meeting.secretary_id))
        if person_id == person.pk
    ]
    return "both" if len(roles) == 2 else (roles[0] if roles else "")


@transaction.atomic
def minutes_sign(
    *,
    minutes: Minutes,
    user: Any,
    signed_file: UploadedFile | None = None,
    now: datetime.datetime | None = None,
) -> Minutes:
    """The chair or the secretary marks the minutes signed, with the signed copy if any.

    Only the meeting's chair and secretary (through their person's account) sign; anyone
    else is refused. Signing twice is refused; a missing PDF too (nothing to sign yet)."""
    now = now or timezone.now()
    minutes = Minutes.objects.select_for_update().select_related("meeting").get(pk=minutes.pk)
    role = signatory_role(minutes=minutes, user=user)
    if not role:
        raise ValidationError(_("Only the meeting's chair and secretary sign the minutes."))
    if not minutes.pdf:
        raise ValidationError(_("The minutes' PDF is not ready yet: sign once it is."))
    offices = ("chair", "secretary") if role == "both" else (role,)
    unsigned = [office for office in offices if getattr(minutes, f"{office}_signed_at") is None]
    if not unsigned:
        raise ValidationError(_("You have already signed these minutes."))
    fields = []
    for office in unsigned:
        setattr(minutes, f"{office}_signed_at", now)
        setattr(minutes, f"{office}_signed_by", user)
        fields += [f"{office}_signed_at", f"{office}_signed_by"]
        if signed_file is not None:
            getattr(minutes, f"{office}_signed_file").save(
                signed_file.name, signed_file, save=False
            )
            fields.append(f"{office}_signed_file")
    with acting_as(user):
        minutes.full_clean()
        minutes.save(update_fields=fields)
    return minutes


def comments_open(minutes: Minutes, now: datetime.datetime) -> bool:
    return (
        minutes.comments_open_from is not None
        and minutes.comments_open_until is not None
        and minutes.comments_open_from <= now <= minutes.comments_open_until
    )


def may_comment(*, minutes: Minutes, person: Person | None) -> bool:
    """Participants of the meeting comment on its minutes (and its chair and secretary)."""
    if person is None:
        return False
    meeting = minutes.meeting
    if person.pk in (meeting.chair_id, meeting.secretary_id):
        return True
    return meeting.attendance.filter(person=person).exists()


@transaction.atomic
def minutes_comment_add(
    *,
    minutes: Minutes,
    author_person: Person,
    text: str,
    now: datetime.datetime | None = None,
    added_by: Any = None,
) -> MinutesComment:
    """A participant's comment on the minutes, within the comment window; kept."""
    now = now or timezone.now()
    if not comments_open(minutes, now):
        raise ValidationError(_("The minutes are not open for comments now."))
    if not may_comment(minutes=minutes, person=author_person):
        raise ValidationError(_("Only the meeting's participants comment on its minutes."))
    if not text.strip():
        raise ValidationError(_("Write the comment."))
    comment = MinutesComment(
        minutes=minutes, author=author_person, text=text.strip(), created_at=now
    )
    with acting_as(added_by):
        comment.full_clean()
        comment.save()
    if not (minutes.chair_signed_at or minutes.secretary_signed_at):
        # The comments are annexed: the unsigned PDF is drawn again with this one.
        minutes_id = minutes.pk
        transaction.on_commit(lambda: minutes_pdf_render.enqueue(minutes_id))
    return comment
