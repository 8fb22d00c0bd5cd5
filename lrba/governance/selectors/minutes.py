"""Reads for the minutes: what they say (from the meeting's record) and who sees them."""

import datetime
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from lrba.accounts.access import has_permission
from lrba.governance.models import AgendaItem, Minutes, Poll
from lrba.training.documents import long_date

VIEW_PERMISSION = "governance.view_minutes"


def poll_sentence(poll: Poll, language: str = "lt") -> str:
    """The computed result in words (stored at closing in both languages)."""
    result = poll.result or {}
    sentence = result.get("sentence", "")
    if isinstance(sentence, dict):
        return sentence.get(language) or sentence.get("lt") or ""
    return str(sentence)


def _agenda(meeting: Any) -> list[AgendaItem]:
    return list(
        meeting.items.select_related("decision_kind")
        .prefetch_related(
            Prefetch("polls", queryset=Poll.objects.order_by("pk")),
        )
        .order_by("position")
    )


def _decision_of(item: AgendaItem) -> Any:
    try:
        return item.decision
    except AgendaItem.decision.RelatedObjectDoesNotExist:
        return None


def minutes_content(minutes: Minutes, language: str = "lt") -> dict[str, Any]:
    """Everything the minutes print, from the meeting's record: place, time, chair,
    secretary, members and participants with the quorum sentence, transfers announced,
    the agenda and per item the discussion, each poll's result and the decision with its
    number; annexes: the participant list, the proof of convening and the comments."""
    from lrba.governance.selectors.attendance import (
        attendance_list,
        entitled_count,
        quorum_status,
        transfers_announced,
    )
    from lrba.governance.selectors.meetings import proof_of_convening

    meeting = minutes.meeting
    starts = timezone.localtime(meeting.starts_at)
    items = []
    for item in _agenda(meeting):
        decision = _decision_of(item)
        items.append(
            {
                "item": item,
                "polls": [
                    {"poll": poll, "sentence": poll_sentence(poll, language)}
                    for poll in item.polls.all()
                    if poll.status == Poll.Status.CLOSED
                ],
                "decision": decision,
                "decision_text": decision.text if decision else item.decision_text,
            }
        )
    participants = attendance_list(meeting)
    return {
        "minutes": minutes,
        "meeting": meeting,
        "body": meeting.body,
        "date_long": long_date(starts.date(), language),
        "starts_at": starts,
        "closed_at": timezone.localtime(meeting.closed_at) if meeting.closed_at else None,
        "chair": meeting.chair,
        "secretary": meeting.secretary,
        "entitled": meeting.entitled_count
        if meeting.entitled_count is not None
        else entitled_count(meeting),
        "participants": participants,
        "voters": sum(1 for row in participants if row.votes),
        "quorum": quorum_status(meeting),
        "transfers": list(transfers_announced(meeting)),
        "items": items,
        "notices": list(proof_of_convening(meeting)),
        "comments": list(minutes.comments.select_related("author").order_by("created_at")),
    }


def minutes_visible_to(user: Any, minutes: Minutes) -> bool:
    """The secretariat and the auditor read every minutes; Board members the Board's
    and the General Meeting's; members the General Meeting's (as the meeting's page)."""
    from lrba.governance.selectors.meetings import meeting_visible_to

    if has_permission(user, VIEW_PERMISSION):
        return True
    return meeting_visible_to(user, minutes.meeting)


def minutes_unsigned() -> QuerySet[Minutes]:
    """Minutes not yet signed by both, the earliest deadline first."""
    return (
        Minutes.objects.filter(
            Q(chair_signed_at__isnull=True) | Q(secretary_signed_at__isnull=True)
        )
        .select_related("meeting__body")
        .order_by("signing_deadline", "pk")
    )


def minutes_overdue(today: datetime.date) -> QuerySet[Minutes]:
    """Unsigned minutes past their signing deadline."""
    return minutes_unsigned().filter(signing_deadline__lt=today)
