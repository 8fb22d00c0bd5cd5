"""Reads about meetings: who may see which, who is to be notified, the proof of convening.

Who sees a meeting (`meeting_list_for`, `meeting_visible_to`): the secretariat and the
auditor (view permission) every meeting, drafts too; the Board's members every convened
one (they attend the General Meeting, with or without a vote); members of the
association the General Meeting's, once convened. A draft is the secretariat's work.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from lrba.accounts.access import has_permission
from lrba.core.text import sort_key
from lrba.governance.models import (
    AgendaItem,
    BoardSeat,
    Body,
    Meeting,
    MeetingDocument,
    Notice,
)
from lrba.members.models import Employment, Mandate, Membership, Person
from lrba.members.selectors.representatives import user_is_member

VIEW_PERMISSION = "governance.view_meeting"
CHANGE_PERMISSION = "governance.change_meeting"


def _is_board_member(user: Any) -> bool:
    from lrba.governance.selectors.bodies import is_current_board_member

    return is_current_board_member(user)


def meeting_list_for(user: Any) -> QuerySet[Meeting]:
    """The meetings `user` may see, newest first; none for a stranger."""
    meetings = Meeting.objects.select_related("body").order_by("-starts_at")
    if has_permission(user, VIEW_PERMISSION):
        return meetings
    convened = meetings.exclude(status=Meeting.Status.DRAFT)
    if _is_board_member(user):
        return convened
    if user_is_member(user):
        return convened.filter(body__kind=Body.Kind.GENERAL_MEETING)
    return meetings.none()


def may_see_meetings(user: Any) -> bool:
    """Whether `user` has any business with meetings at all (a member, a Board member,
    the secretariat or the auditor)."""
    return has_permission(user, VIEW_PERMISSION) or user_is_member(user) or _is_board_member(user)


def meeting_visible_to(user: Any, meeting: Meeting) -> bool:
    return meeting_list_for(user).filter(pk=meeting.pk).exists()


def meeting_agenda(meeting: Meeting) -> list[AgendaItem]:
    """The items in order, with their decision kinds and documents (two queries)."""
    documents = Prefetch("documents", queryset=MeetingDocument.objects.order_by("pk"))
    return list(
        meeting.items.select_related("decision_kind", "carried_from__meeting")
        .prefetch_related(documents)
        .order_by("position")
    )


def meeting_general_documents(meeting: Meeting) -> list[MeetingDocument]:
    """The meeting's documents that belong to no single item."""
    return list(meeting.documents.filter(item__isnull=True).order_by("pk"))


def meetings_split(
    meetings: QuerySet[Meeting], *, now: datetime.datetime | None = None
) -> tuple[list[Meeting], list[Meeting]]:
    """(upcoming soonest first, past newest first): a meeting stays upcoming while it is
    convened or open, however late it runs."""
    now = now or timezone.now()
    running = (Meeting.Status.DRAFT, Meeting.Status.CONVENED, Meeting.Status.OPEN)
    upcoming_filter = Q(status__in=running) & (
        Q(starts_at__gte=now - datetime.timedelta(days=1)) | Q(status=Meeting.Status.OPEN)
    )
    upcoming = list(meetings.filter(upcoming_filter).order_by("starts_at"))
    past = list(meetings.exclude(upcoming_filter).order_by("-starts_at"))
    return upcoming, past


# Recipients of the notice -----------------------------------------------------------------


@dataclass(frozen=True)
class Recipient:
    """Who gets one notice: a person (or, for a library nobody represents yet, the
    library's own address), for which member or Board seat, in which language."""

    person: Person | None
    membership: Membership | None
    board_seat: BoardSeat | None
    email: str
    language: str


def _person_recipient(
    person: Person, *, membership: Membership | None = None, board_seat: BoardSeat | None = None
) -> Recipient:
    user = person.user
    email = person.email or (user.email if user is not None else "")
    language = user.language if user is not None and user.language else "lt"
    return Recipient(person, membership, board_seat, email, language)


def _membership_name(membership: Membership) -> str:
    if membership.library is not None:
        return sort_key(membership.library.name)
    return sort_key(str(membership.member))


def notice_recipients(meeting: Meeting) -> list[Recipient]:
    """Everyone the meeting's notice goes to.

    General Meeting: every current member — a library through its current director(s)
    and the holders of a period mandate (or a mandate for this very meeting), or through
    its own address when nobody represents it; an individual member personally — plus
    the Board's members who are not notified for a member already. Board meeting: every
    seat on the Board on the meeting's date (the secretary too, who keeps the minutes).
    """
    on = meeting.date
    seats = list(BoardSeat.objects.current(on=on).select_related("person__user"))
    if meeting.body.is_board:
        return [_person_recipient(seat.person, board_seat=seat) for seat in seats]

    memberships = sorted(
        Membership.objects.current().select_related("library", "person__user"),
        key=_membership_name,
    )
    library_ids = [m.library_id for m in memberships if m.library_id]
    representatives: dict[int, list[Person]] = {}
    directors = (
        Employment.objects.current(on=on)
        .filter(is_director=True, library_id__in=library_ids)
        .select_related("person__user")
        .order_by("pk")
    )
    mandates = (
        Mandate.objects.filter(library_id__in=library_ids, revoked_at__isnull=True)
        .filter(
            Q(scope=Mandate.Scope.PERIOD)
            | Q(scope=Mandate.Scope.MEETING, meeting_reference=meeting.reference)
        )
        .filter(valid_from__lte=on)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
        .select_related("person__user")
        .order_by("pk")
    )
    for row in [*directors, *mandates]:
        people = representatives.setdefault(row.library_id, [])
        if row.person not in people:
            people.append(row.person)

    recipients: list[Recipient] = []
    for membership in memberships:
        if membership.person_id:
            recipients.append(_person_recipient(membership.person, membership=membership))
            continue
        people = representatives.get(membership.library_id, [])
        for person in people:
            recipients.append(_person_recipient(person, membership=membership))
        if not people:
            library = membership.library
            recipients.append(Recipient(None, membership, None, library.email, "lt"))

    notified = {r.person.pk for r in recipients if r.person is not None}
    for seat in seats:
        if seat.person_id not in notified:
            notified.add(seat.person_id)
            recipients.append(_person_recipient(seat.person, board_seat=seat))
    return recipients


# Proof of convening -----------------------------------------------------------------------


def proof_of_convening(meeting: Meeting) -> QuerySet[Notice]:
    """Who was notified, for which member, when and how: the annex of the minutes."""
    return meeting.notices.select_related(
        "person", "membership__library", "membership__person", "board_seat"
    ).order_by("pk")


def notices_to_post(meeting: Meeting) -> QuerySet[Notice]:
    """Notices for recipients without an e-mail address, waiting for the secretariat to
    post (or hand over) them."""
    return proof_of_convening(meeting).filter(
        status=Notice.Status.QUEUED, channel__in=(Notice.Channel.POST, Notice.Channel.HAND)
    )


def notice_counts(meeting: Meeting) -> dict[str, int]:
    """How many notices are queued, sent and failed."""
    counts = dict.fromkeys(Notice.Status.values, 0)
    for status in meeting.notices.values_list("status", flat=True):
        counts[status] += 1
    return counts
