"""The door desk, the live quorum and registering oneself online.

The desk works like the events check-in desk (lrba/events/views/checkin.py): staff on a
phone search as they type (htmx), register a member in one tap and see only that row
change, with the counters and the quorum updated out of band; without JavaScript the
same forms post and come back to the same search. A notice's QR code opens the desk with
its recipient found; anyone else who scans it lands on the meeting's page.
"""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lrba.accounts.access import staff_page
from lrba.core.audit import refusals_recorded
from lrba.governance.access import (
    access_meeting,
    access_meeting_quorum,
    access_rw_attendance,
    access_rw_meeting_desk,
    may_work_meeting_desk,
)
from lrba.governance.models import Attendance, BoardSeat, Meeting, Notice
from lrba.governance.selectors.attendance import (
    DeskRow,
    board_seat_without_vote,
    desk_counts,
    desk_rows,
    quorum_panel,
    voting_rights,
)
from lrba.governance.services.attendance import (
    attendance_leave,
    attendance_register,
    attendance_undo,
)
from lrba.members.models import Membership, Person

SEARCH_MAX_LENGTH = 100


def _query(request: HttpRequest) -> str:
    source = request.POST if request.method == "POST" else request.GET
    return source.get("q", "").strip()[:SEARCH_MAX_LENGTH]


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _desk_url(meeting: Meeting, query: str = "", person: int | None = None) -> str:
    url = reverse("governance:attendance_desk", kwargs={"pk": meeting.pk})
    params = {key: value for key, value in (("q", query), ("asmuo", person)) if value}
    return f"{url}?{urlencode(params)}" if params else url


def _desk_context(meeting: Meeting, **extra: object) -> dict:
    return {
        "meeting": meeting,
        "counts": desk_counts(meeting),
        "registering_open": meeting.status == Meeting.Status.OPEN,
        **quorum_panel(meeting),
        **extra,
    }


@staff_page
@require_GET
def attendance_desk(request: HttpRequest, pk: int) -> HttpResponse:
    """The door desk: every vote of the meeting, who may cast it, registered or not."""
    meeting = access_rw_meeting_desk(request.user, pk)
    query = _query(request)
    person = None
    person_pk = _int(request.GET.get("asmuo"))
    if person_pk is not None:
        person = Person.objects.filter(pk=person_pk).first()
    rows = desk_rows(meeting, query=query, person=person)
    context = _desk_context(meeting, query=query, person=person, rows=rows)
    if request.htmx and request.htmx.target == "desk-results":  # type: ignore[attr-defined]
        return render(request, "governance/_desk_results.html", context)
    return render(request, "governance/attendance_desk.html", context)


def _row(meeting: Meeting, key: str) -> DeskRow | None:
    return next((row for row in desk_rows(meeting) if row.key == key), None)


def _after_desk_write(
    request: HttpRequest, meeting: Meeting, key: str, *, message: str, ok: bool
) -> HttpResponse:
    if request.htmx:  # type: ignore[attr-defined]
        # The row changes in place; the counters and the quorum travel out of band.
        person_pk = _int(request.POST.get("asmuo"))
        context = _desk_context(
            meeting,
            row=_row(meeting, key),
            row_key=key,
            query=_query(request),
            person=Person.objects.filter(pk=person_pk).first() if person_pk else None,
            row_message=message,
            row_ok=ok,
            oob=True,
        )
        return render(request, "governance/_desk_row_response.html", context)
    (messages.success if ok else messages.error)(request, message)
    return HttpResponseRedirect(
        _desk_url(meeting, _query(request), _int(request.POST.get("asmuo")))
    )


@staff_page
@require_POST
def attendance_register_view(request: HttpRequest, pk: int) -> HttpResponse:
    """One tap at the desk: register this person for this member (or Board seat)."""
    meeting = access_rw_meeting_desk(request.user, pk)
    person = get_object_or_404(Person, pk=_int(request.POST.get("person")) or 0)
    membership_pk = _int(request.POST.get("membership"))
    seat_pk = _int(request.POST.get("board_seat"))
    membership = get_object_or_404(Membership, pk=membership_pk) if membership_pk else None
    board_seat = get_object_or_404(BoardSeat, pk=seat_pk) if seat_pk else None
    key = f"m{membership_pk}" if membership_pk else f"s{seat_pk}"
    target = membership or board_seat or meeting
    try:
        with refusals_recorded(user=request.user, target=target, attempt="attendance_register"):
            attendance = attendance_register(
                meeting=meeting,
                person=person,
                membership=membership,
                board_seat=board_seat,
                channel=Attendance.Channel.IN_ROOM,
                registered_by=request.user,
            )
    except ValidationError as error:
        return _after_desk_write(request, meeting, key, message=error.messages[0], ok=False)
    message = _("%(name)s registered: %(capacity)s.") % {
        "name": person.full_name,
        "capacity": attendance.get_capacity_display(),
    }
    return _after_desk_write(request, meeting, key, message=message, ok=True)


def _attendance_key(attendance: Attendance) -> str:
    if attendance.membership_id:
        return f"m{attendance.membership_id}"
    return f"s{attendance.board_seat_id}"


@staff_page
@require_POST
def attendance_leave_view(request: HttpRequest, pk: int) -> HttpResponse:
    attendance = access_rw_attendance(request.user, pk)
    meeting = attendance.meeting
    key = _attendance_key(attendance)
    try:
        with refusals_recorded(user=request.user, target=attendance, attempt="attendance_leave"):
            attendance_leave(attendance=attendance, left_by=request.user)
    except ValidationError as error:
        return _after_desk_write(request, meeting, key, message=error.messages[0], ok=False)
    name = attendance.person.full_name if attendance.person else ""
    message = _("%(name)s left: no longer counted.") % {"name": name}
    return _after_desk_write(request, meeting, key, message=message, ok=True)


@staff_page
@require_POST
def attendance_undo_view(request: HttpRequest, pk: int) -> HttpResponse:
    attendance = access_rw_attendance(request.user, pk)
    meeting = attendance.meeting
    key = _attendance_key(attendance)
    try:
        with refusals_recorded(user=request.user, target=attendance, attempt="attendance_undo"):
            attendance_undo(attendance=attendance, undone_by=request.user)
    except ValidationError as error:
        return _after_desk_write(request, meeting, key, message=error.messages[0], ok=False)
    name = attendance.person.full_name if attendance.person else ""
    message = _("%(name)s: registration undone.") % {"name": name}
    return _after_desk_write(request, meeting, key, message=message, ok=True)


@staff_page
@require_GET
def notice_scan(request: HttpRequest, token: str) -> HttpResponse:
    """What a notice's QR code opens: the desk with the recipient found, for the desk
    staff; the meeting's page for anyone else (the recipient scanning their own code)."""
    notice = get_object_or_404(Notice.objects.select_related("meeting"), token=token)
    if not may_work_meeting_desk(request.user):
        return redirect(notice.meeting)
    if notice.person_id:
        return redirect(_desk_url(notice.meeting, person=notice.person_id))
    query = ""
    if notice.membership_id:
        membership = Membership.objects.select_related("library", "person").get(
            pk=notice.membership_id
        )
        query = str(membership.member or "")
    return redirect(_desk_url(notice.meeting, query=query))


@staff_page
@require_GET
def quorum_panel_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The live quorum: present, needed, the rule and its clause, reached or not. An
    htmx fragment polled every 5 seconds; a small page of its own without JavaScript."""
    meeting = access_meeting_quorum(request.user, pk)
    context = quorum_panel(meeting)
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "governance/_quorum.html", context)
    return render(request, "governance/quorum.html", context)


@staff_page
@require_POST
def attend_remote(request: HttpRequest, pk: int) -> HttpResponse:
    """A member's representative (or a Board member) joins an open meeting online:
    every vote they hold is registered as taking part remotely. Refused (403) to anyone
    who holds neither a vote nor a Board seat there: a staff role reads the meeting,
    it does not take part in it."""
    meeting = access_meeting(request.user, pk)
    user: Any = request.user
    person = Person.objects.filter(user=user).first()
    targets: list[tuple[Membership | None, BoardSeat | None]] = []
    if person is not None:
        targets = [
            (right.membership, right.board_seat)
            for right in voting_rights(person=person, meeting=meeting)
        ]
        seat = board_seat_without_vote(person=person, meeting=meeting)
        if not targets and seat is not None:
            targets = [(None, seat)]
    if person is None or not targets:
        raise PermissionDenied(_("You hold no vote at this meeting."))
    if not meeting.online_url:
        messages.error(request, _("This meeting is not held online."))
        return redirect(meeting)
    for membership, board_seat in targets:
        target = membership or board_seat or meeting
        try:
            with refusals_recorded(user=request.user, target=target, attempt="attend_remote"):
                attendance = attendance_register(
                    meeting=meeting,
                    person=person,
                    membership=membership,
                    board_seat=board_seat,
                    channel=Attendance.Channel.REMOTE,
                    registered_by=request.user,
                )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request,
                _("You take part remotely: %(capacity)s.")
                % {"capacity": attendance.get_capacity_display()},
            )
    return redirect(meeting)
