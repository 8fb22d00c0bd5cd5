"""`{% meeting_attendance meeting %}`: the attendance part of a meeting's page — the
reader's own registration, the button to join online, and the door desk for the staff.
(The meeting's page lists the voting-rights transfers itself.)

One line in a meeting's template (`{% load governance_attendance %}`), so the pages of
the meetings need not know how attendance is kept.
"""

from typing import Any

from django import template

from lrba.governance.access import may_work_meeting_desk
from lrba.governance.models import Attendance, Meeting
from lrba.governance.selectors.attendance import (
    board_seat_without_vote,
    voting_rights,
)
from lrba.members.models import Person

register = template.Library()


@register.inclusion_tag("governance/_meeting_attendance.html", takes_context=True)
def meeting_attendance(context: dict[str, Any], meeting: Meeting) -> dict[str, Any]:
    request = context.get("request")
    user: Any = getattr(request, "user", None)
    person = (
        Person.objects.filter(user=user).first()
        if getattr(user, "is_authenticated", False)
        else None
    )
    is_open = meeting.status == Meeting.Status.OPEN
    mine: list[Attendance] = []
    may_join = False
    if person is not None and meeting.status in (Meeting.Status.CONVENED, Meeting.Status.OPEN):
        mine = list(
            Attendance.objects.filter(meeting=meeting, person=person).select_related(
                "membership__library", "membership__person", "board_seat"
            )
        )
        holds_place = bool(voting_rights(person=person, meeting=meeting)) or (
            board_seat_without_vote(person=person, meeting=meeting) is not None
        )
        present = any(a.left_at is None and a.channel != "advance_written" for a in mine)
        may_join = is_open and bool(meeting.online_url) and holds_place and not present
    return {
        "meeting": meeting,
        "my_attendance": mine,
        "may_join_online": may_join,
        "desk": may_work_meeting_desk(user) and meeting.status != Meeting.Status.DRAFT,
        "csrf_token": context.get("csrf_token"),
    }
