"""Writes about meetings: create, build the agenda, convene (with the notices), open,
close, cancel, and the repeat meeting of one that had no quorum.

A meeting moves `draft → convened → open → closed` (the minutes take it to `minuted`),
or to `cancelled` before it opens. Every move locks the meeting's row first, so two
people pressing the same button move it once and the second is told why not.

The law (Facts §1.1): the notice goes to every member with the agenda and the documents
at least the statutes' notice period before the meeting (14 days by default; 7 for a
repeat meeting); a repeat meeting needs no quorum but may decide only the failed
meeting's agenda (Assoc. Law 8(8)), so it takes no new items.
"""

import datetime
import secrets
from collections.abc import Mapping
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lrba.core.audit import acting_as
from lrba.core.numbering import number_next
from lrba.governance.models import (
    AgendaItem,
    Body,
    DecisionKind,
    Meeting,
    MeetingDocument,
    Notice,
    Poll,
)
from lrba.governance.selectors.meetings import notice_recipients

# Fields a meeting's record may change while it is prepared, and while it runs.
SCHEDULE_FIELDS = frozenset({"title", "starts_at", "place", "online_url", "notice_text"})
RUNNING_FIELDS = frozenset({"chair", "secretary", "current_item"})


def _locked(meeting: Meeting) -> Meeting:
    """The meeting's row, locked until the transaction ends, with its current state."""
    return Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)


def _notice_days(meeting: Meeting, rules: Any) -> int:
    return rules.repeat_notice_days if meeting.kind == Meeting.Kind.REPEAT else rules.notice_days


def notice_period_check(meeting: Meeting, *, today: datetime.date) -> None:
    """Refuse a meeting date that leaves less than the notice period of the rules in
    force on that date."""
    from lrba.governance.services.rules import rules_for

    rules = rules_for(meeting.date)
    days = _notice_days(meeting, rules)
    if (meeting.date - today).days < days:
        earliest = today + datetime.timedelta(days=days)
        clause = f" ({rules.notice_clause})" if rules.notice_clause else ""
        raise ValidationError(
            _(
                "Too late to convene: the notice must go out at least %(days)d days before "
                "the meeting%(clause)s. Move the meeting to %(earliest)s or later."
            )
            % {"days": days, "clause": clause, "earliest": date_format(earliest, "Y-m-d")}
        )


@transaction.atomic
def meeting_create(
    *,
    body: Body,
    kind: str,
    title: str,
    starts_at: datetime.datetime,
    place: str,
    online_url: str = "",
    notice_text: str = "",
    created_by: Any,
    repeat_of: Meeting | None = None,
) -> Meeting:
    """A draft meeting, numbered per body and year (e.g. VNS-2026-2). A repeat meeting
    comes only from `meeting_repeat_create`."""
    if kind == Meeting.Kind.REPEAT and repeat_of is None:
        raise ValidationError(_("A repeat meeting is created from the meeting that had no quorum."))
    year = timezone.localtime(starts_at).year
    (number,) = number_next(series_key=f"governance-meeting-{body.code}-{year}")
    meeting = Meeting(
        body=body,
        kind=kind,
        repeat_of=repeat_of,
        reference=f"{body.code}-{year}-{number}",
        title=title,
        starts_at=starts_at,
        place=place,
        online_url=online_url,
        notice_text=notice_text,
        projector_token=secrets.token_urlsafe(24),
    )
    meeting.full_clean()
    with acting_as(created_by):
        meeting.save()
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, changes: Mapping[str, Any], updated_by: Any) -> Meeting:
    """Change the meeting's record: its title, time, place, link and notice text until
    it opens; its chair, secretary and item under discussion while it runs. Nothing
    once it is closed. A convened meeting keeps its notice period: it cannot move
    closer than the notice allows."""
    unknown = set(changes) - SCHEDULE_FIELDS - RUNNING_FIELDS
    if unknown:
        raise ValueError(f"meeting_update cannot change {sorted(unknown)}")
    locked = _locked(meeting)
    if locked.status in (Meeting.Status.CLOSED, Meeting.Status.MINUTED, Meeting.Status.CANCELLED):
        raise ValidationError(
            _("This meeting is %(status)s: its record can no longer be edited.")
            % {"status": locked.get_status_display()}
        )
    if locked.status == Meeting.Status.OPEN and set(changes) & SCHEDULE_FIELDS:
        raise ValidationError(
            _("The meeting has opened: its time, place and notice can no longer change.")
        )
    for name, value in changes.items():
        setattr(locked, name, value)
    if locked.status == Meeting.Status.CONVENED and "starts_at" in changes:
        notice_period_check(locked, today=timezone.localdate(locked.convened_at))
    locked.full_clean()
    with acting_as(updated_by):
        locked.save()
    for name in changes:
        setattr(meeting, name, getattr(locked, name))
    return locked


@transaction.atomic
def agenda_item_add(
    *,
    meeting: Meeting,
    title: str,
    decision_kind: DecisionKind | None = None,
    draft_decision: str = "",
    description: str = "",
    position: int | None = None,
    added_by: Any,
) -> AgendaItem:
    """Add an item to the agenda (at the end, unless `position` is given). Refused once
    the meeting has opened, and on a repeat meeting, which carries only the failed
    meeting's items."""
    locked = _locked(meeting)
    if locked.kind == Meeting.Kind.REPEAT:
        raise ValidationError(
            _(
                "A repeat meeting may decide only the agenda of the meeting that had no "
                "quorum: no new items can be added."
            )
        )
    if not locked.is_editable:
        raise ValidationError(_("The meeting has opened: its agenda can no longer change."))
    if decision_kind is not None and decision_kind.body_kind not in ("", locked.body.kind):
        raise ValidationError(
            _("“%(kind)s” is decided by the %(body)s only.")
            % {"kind": decision_kind.name, "body": decision_kind.get_body_kind_display()}
        )
    if position is None:
        last = locked.items.order_by("-position").values_list("position", flat=True).first()
        position = (last or 0) + 1
    item = AgendaItem(
        meeting=locked,
        position=position,
        title=title,
        decision_kind=decision_kind,
        draft_decision=draft_decision,
        description=description,
    )
    item.full_clean()
    with acting_as(added_by):
        item.save()
    return item


@transaction.atomic
def meeting_document_add(
    *, meeting: Meeting, title: str, file: Any, item: AgendaItem | None = None, added_by: Any
) -> MeetingDocument:
    """Attach a document to the meeting (or one of its items) until it opens."""
    locked = _locked(meeting)
    if not locked.is_editable:
        raise ValidationError(_("The meeting has opened: its documents can no longer change."))
    document = MeetingDocument(meeting=locked, item=item, title=title, file=file)
    document.full_clean()
    with acting_as(added_by):
        document.save()
    return document


@transaction.atomic
def meeting_convene(
    *, meeting: Meeting, convened_by: Any, now: datetime.datetime | None = None
) -> Meeting:
    """Convene a draft meeting: one `Notice` per recipient (see
    `selectors.meetings.notice_recipients`), e-mailed after commit with the agenda, the
    documents and the personal door pass; recipients without an e-mail address get a
    notice to post, listed on the meeting's control page.

    Refused: a meeting that is not a draft, one in the past, one with an empty agenda,
    and a date that breaks the notice period of the rules in force on it."""
    from lrba.governance import tasks

    now = now or timezone.now()
    locked = _locked(meeting)
    if locked.status != Meeting.Status.DRAFT:
        raise ValidationError(
            _("Only a draft meeting can be convened; this one is %(status)s.")
            % {"status": locked.get_status_display()}
        )
    if locked.starts_at <= now:
        raise ValidationError(_("The meeting's time has passed: it cannot be convened."))
    if not locked.items.exists():
        raise ValidationError(_("The agenda is empty: add the items before convening."))
    notice_period_check(locked, today=timezone.localdate(now))

    notices = []
    for recipient in notice_recipients(locked):
        notices.append(
            Notice(
                meeting=locked,
                membership=recipient.membership,
                board_seat=recipient.board_seat,
                person=recipient.person,
                email=recipient.email,
                language=recipient.language,
                channel=Notice.Channel.EMAIL if recipient.email else Notice.Channel.POST,
                status=Notice.Status.QUEUED,
                queued_at=now,
                token=secrets.token_urlsafe(24),
            )
        )
    with acting_as(convened_by):
        for notice in notices:
            notice.save()  # one by one: each notice is evidence with its own audit entry
        locked.status = Meeting.Status.CONVENED
        locked.convened_at = now
        locked.convened_by = convened_by
        locked.full_clean()
        locked.save()
    transaction.on_commit(partial(tasks.send_meeting_notices.enqueue, meeting_id=locked.pk))
    meeting.status, meeting.convened_at = locked.status, locked.convened_at
    return locked


@transaction.atomic
def notice_delivery_record(
    *, notice: Notice, error: str = "", now: datetime.datetime | None = None
) -> Notice:
    """Record that an e-mailed notice went out (or why it did not)."""
    locked = Notice.objects.select_for_update().get(pk=notice.pk)
    locked.status = Notice.Status.FAILED if error else Notice.Status.SENT
    locked.sent_at = None if error else (now or timezone.now())
    locked.error = error[:255]
    locked.save(update_fields=["status", "sent_at", "error"])
    return locked


@transaction.atomic
def notice_mark_posted(
    *,
    notice: Notice,
    marked_by: Any,
    channel: str = Notice.Channel.POST,
    now: datetime.datetime | None = None,
) -> Notice:
    """The secretariat posted (or handed over) a notice: the proof of convening says
    when and how."""
    locked = Notice.objects.select_for_update().get(pk=notice.pk)
    if locked.status == Notice.Status.SENT:
        raise ValidationError(_("This notice is already marked as sent."))
    if channel not in (Notice.Channel.POST, Notice.Channel.HAND):
        raise ValueError(f"Not a channel of paper: {channel}")
    locked.channel = channel
    locked.status = Notice.Status.SENT
    locked.sent_at = now or timezone.now()
    locked.error = ""
    with acting_as(marked_by):
        locked.save(update_fields=["channel", "status", "sent_at", "error"])
    return locked


@transaction.atomic
def notice_resend(*, notice: Notice, resent_by: Any) -> Notice:
    """Send a failed e-mailed notice again (after the address was corrected)."""
    from lrba.governance import tasks

    locked = Notice.objects.select_for_update().get(pk=notice.pk)
    if locked.status != Notice.Status.FAILED or locked.channel != Notice.Channel.EMAIL:
        raise ValidationError(_("Only a failed e-mail can be sent again."))
    if locked.person is not None and locked.person.email:
        locked.email = locked.person.email
    locked.status = Notice.Status.QUEUED
    locked.error = ""
    with acting_as(resent_by):
        locked.save(update_fields=["email", "status", "error"])
    transaction.on_commit(partial(tasks.send_meeting_notice.enqueue, notice_id=locked.pk))
    return locked


@transaction.atomic
def meeting_open(
    *, meeting: Meeting, opened_by: Any, now: datetime.datetime | None = None
) -> Meeting:
    """Open a convened meeting and keep how many held a vote then: the quorum and the
    majorities "of all members" are computed against that number. A General Meeting
    announces the voting-rights transfers the association was told of (CK 2.89)."""
    from lrba.governance.selectors.attendance import entitled_count
    from lrba.governance.services.attendance import transfers_announce

    locked = _locked(meeting)
    if locked.status != Meeting.Status.CONVENED:
        raise ValidationError(
            _("Only a convened meeting can be opened; this one is %(status)s.")
            % {"status": locked.get_status_display()}
        )
    if not locked.body.is_board:
        transfers_announce(meeting=locked, announced_by=opened_by)
    locked.status = Meeting.Status.OPEN
    locked.opened_at = now or timezone.now()
    locked.entitled_count = entitled_count(locked)
    # Meetings created before projector links had none.
    locked.projector_token = locked.projector_token or secrets.token_urlsafe(24)
    locked.full_clean()
    with acting_as(opened_by):
        locked.save()
    meeting.status, meeting.opened_at = locked.status, locked.opened_at
    meeting.entitled_count = locked.entitled_count
    return locked


@transaction.atomic
def meeting_close(
    *, meeting: Meeting, closed_by: Any, now: datetime.datetime | None = None
) -> Meeting:
    """Close an open meeting; refused while any of its polls still takes votes."""
    locked = _locked(meeting)
    if locked.status != Meeting.Status.OPEN:
        raise ValidationError(
            _("Only an open meeting can be closed; this one is %(status)s.")
            % {"status": locked.get_status_display()}
        )
    voting = Poll.objects.filter(
        item__meeting=locked, status__in=(Poll.Status.OPEN, Poll.Status.ADVANCE)
    )
    if voting.exists():
        raise ValidationError(
            _("A poll is still open (%(poll)s): close it before closing the meeting.")
            % {"poll": voting.first()}
        )
    locked.status = Meeting.Status.CLOSED
    locked.closed_at = now or timezone.now()
    locked.full_clean()
    with acting_as(closed_by):
        locked.save()
    meeting.status, meeting.closed_at = locked.status, locked.closed_at
    return locked


@transaction.atomic
def meeting_cancel(
    *, meeting: Meeting, reason: str, cancelled_by: Any, now: datetime.datetime | None = None
) -> Meeting:
    """Call off a meeting that has not opened, saying why; those who had the notice by
    e-mail are told after commit."""
    from lrba.governance import tasks

    if not reason.strip():
        raise ValidationError(_("Say why the meeting is cancelled."))
    locked = _locked(meeting)
    if locked.status not in (Meeting.Status.DRAFT, Meeting.Status.CONVENED):
        raise ValidationError(
            _("Only a meeting that has not opened can be cancelled; this one is %(status)s.")
            % {"status": locked.get_status_display()}
        )
    was_convened = locked.status == Meeting.Status.CONVENED
    locked.status = Meeting.Status.CANCELLED
    locked.cancelled_at = now or timezone.now()
    locked.cancel_reason = reason.strip()
    locked.full_clean()
    with acting_as(cancelled_by):
        locked.save()
    if was_convened:
        transaction.on_commit(partial(tasks.send_meeting_cancelled.enqueue, meeting_id=locked.pk))
    meeting.status, meeting.cancelled_at = locked.status, locked.cancelled_at
    meeting.cancel_reason = locked.cancel_reason
    return locked


def repeat_refusal(meeting: Meeting) -> str:
    """Why no repeat meeting can be made of `meeting` ("" when one can): only a closed
    General Meeting that had no quorum, once."""
    from lrba.governance.selectors.attendance import quorum_status

    if meeting.body.is_board:
        return _("The Board has no repeat meetings: convene a new Board meeting.")
    if meeting.kind == Meeting.Kind.REPEAT:
        return _("A repeat meeting needs no quorum, so it is never repeated.")
    if meeting.status not in (Meeting.Status.CLOSED, Meeting.Status.MINUTED):
        return _("A repeat meeting is made only after the meeting has closed.")
    if Meeting.objects.filter(repeat_of=meeting).exists():
        return _("This meeting already has its repeat meeting.")
    if quorum_status(meeting).reached:
        return _("This meeting had a quorum: there is nothing to repeat.")
    return ""


@transaction.atomic
def meeting_repeat_create(
    *, failed: Meeting, starts_at: datetime.datetime, place: str, created_by: Any
) -> Meeting:
    """The repeat meeting of a General Meeting that had no quorum (Assoc. Law 8(8)): a
    draft carrying the failed meeting's items (and their documents), and only those."""
    locked = _locked(failed)
    reason = repeat_refusal(locked)
    if reason:
        raise ValidationError(reason)
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Repeat meeting: %(title)s") % {"title": locked.title}
    repeat = meeting_create(
        body=locked.body,
        kind=Meeting.Kind.REPEAT,
        title=title[:255],
        starts_at=starts_at,
        place=place,
        online_url=locked.online_url,
        notice_text=locked.notice_text,
        created_by=created_by,
        repeat_of=locked,
    )
    with acting_as(created_by):
        for item in locked.items.order_by("position"):
            copy = AgendaItem(
                meeting=repeat,
                position=item.position,
                title=item.title,
                description=item.description,
                decision_kind=item.decision_kind,
                draft_decision=item.draft_decision,
                carried_from=item,
                application=item.application,
                membership=item.membership,
            )
            copy.full_clean()
            copy.save()
            for document in item.documents.order_by("pk"):
                MeetingDocument.objects.create(
                    meeting=repeat, item=copy, title=document.title, file=document.file.name
                )
        for document in locked.documents.filter(item__isnull=True).order_by("pk"):
            MeetingDocument.objects.create(
                meeting=repeat, title=document.title, file=document.file.name
            )
    return repeat
