"""Reads of the methodological help desk: who stands on which side of a request, the
lists each side sees, the consultant a topic routes to, and the secretariat's response
times.

Two sides meet in a request's conversation:

- the library's side: whoever works now at the asking library (a current employment, the
  register's rule `Employment.objects.current()`) or represents it (director or mandate);
- the desk's side: the assignee (a consultant named for the topic) and the secretariat
  (holders of `knowledge.change_helprequest`); the auditor reads the desk's side too
  (`knowledge.view_helprequest`) and writes nothing.
"""

import datetime
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from lrba.accounts.access import has_permission
from lrba.accounts.models import User
from lrba.core.text import sort_key
from lrba.knowledge.models import HelpRequest, Topic, TopicConsultant
from lrba.members.models import Employment, Library

READ_PERMISSION = "knowledge.view_helprequest"
WRITE_PERMISSION = "knowledge.change_helprequest"

OPEN_STATUSES = (
    HelpRequest.Status.NEW,
    HelpRequest.Status.IN_PROGRESS,
    HelpRequest.Status.WAITING,
)
# Statuses in which the desk still owes an answer (the due date counts).
AWAITING_DESK = (HelpRequest.Status.NEW, HelpRequest.Status.IN_PROGRESS)


def may_read_all_requests(user: Any) -> bool:
    """The secretariat and the auditor read every request, internal notes included."""
    return has_permission(user, READ_PERMISSION)


def is_help_secretariat(user: Any) -> bool:
    """The secretariat: answers, reassigns and closes any request."""
    return has_permission(user, WRITE_PERMISSION)


def asking_libraries(user: Any) -> QuerySet[Library]:
    """The member libraries (or branches of one) on whose behalf `user` may ask: where
    their person works now. Empty for anyone else."""
    if not getattr(user, "is_authenticated", False):
        return Library.objects.none()
    employed = (
        Employment.objects.current()
        .at_member_libraries()
        .filter(person__user=user)
        .values("library_id")
    )
    return Library.objects.filter(pk__in=employed)


def library_side_libraries(user: Any) -> QuerySet[Library]:
    """The libraries whose requests `user` reads and answers as the library: where they
    work now or which they represent."""
    if not getattr(user, "is_authenticated", False):
        return Library.objects.none()
    employed = Employment.objects.current().filter(person__user=user).values("library_id")
    represented = Library.objects.represented_by(user).values("pk")
    return Library.objects.filter(Q(pk__in=employed) | Q(pk__in=represented))


def help_requests_visible_to(user: Any) -> QuerySet[HelpRequest]:
    """Every request for the secretariat and the auditor; otherwise the requests of the
    libraries `user` stands for and those assigned to `user`."""
    base = HelpRequest.objects.select_related("library", "topic", "assignee", "asked_by")
    if may_read_all_requests(user):
        return base
    if not getattr(user, "is_authenticated", False):
        return base.none()
    return base.filter(Q(library__in=library_side_libraries(user)) | Q(assignee=user))


def is_library_side(user: Any, help_request: HelpRequest) -> bool:
    return library_side_libraries(user).filter(pk=help_request.library_id).exists()


def is_desk_side(user: Any, help_request: HelpRequest) -> bool:
    """The assignee and the secretariat (who answer); the auditor reads without writing."""
    if not getattr(user, "is_authenticated", False):
        return False
    return help_request.assignee_id == user.pk or is_help_secretariat(user)


@dataclass(frozen=True)
class HelpListFilter:
    status: str = ""
    topic: Topic | None = None
    # "mine" (assigned to me), "unassigned" (the secretariat's queue), "overdue".
    queue: str = ""


def help_request_list(user: Any, filters: HelpListFilter | None = None) -> QuerySet[HelpRequest]:
    """The requests `user` sees, newest first, narrowed by `filters`."""
    filters = filters or HelpListFilter()
    requests = help_requests_visible_to(user)
    if filters.status == "open":
        requests = requests.filter(status__in=OPEN_STATUSES)
    elif filters.status:
        requests = requests.filter(status=filters.status)
    if filters.topic is not None:
        requests = requests.filter(topic=filters.topic)
    if filters.queue == "mine":
        requests = requests.filter(assignee=user)
    elif filters.queue == "unassigned":
        requests = requests.filter(assignee__isnull=True, status__in=OPEN_STATUSES)
    elif filters.queue == "overdue":
        requests = help_requests_overdue(requests)
    return requests.order_by("-created_at", "-pk")


def help_requests_overdue(
    requests: QuerySet[HelpRequest] | None = None, *, on: datetime.date | None = None
) -> QuerySet[HelpRequest]:
    """Requests the desk still owes an answer to after their due date."""
    on = on or timezone.localdate()
    requests = HelpRequest.objects.all() if requests is None else requests
    return requests.filter(status__in=AWAITING_DESK, due_on__lt=on)


def library_open_requests(library: Library) -> QuerySet[HelpRequest]:
    """The library's requests not closed yet (its "My library" section)."""
    return (
        HelpRequest.objects.filter(library=library)
        .exclude(status=HelpRequest.Status.CLOSED)
        .select_related("topic")
        .order_by("-created_at", "-pk")
    )


def help_conversation(help_request: HelpRequest, *, internal: bool) -> QuerySet:
    """The request's messages in order, with their attachments; internal notes only when
    `internal` (the desk's side)."""
    messages = help_request.messages.select_related("author").prefetch_related("attachments")
    if not internal:
        messages = messages.filter(is_internal=False)
    return messages.order_by("created_at", "pk")


def topic_consultant_for(topic: Topic | None, *, library: Library | None = None) -> User | None:
    """The user a request on `topic` goes to: its first active consultant who has an
    account and works now at a member library — never one of the asking library's own
    staff (they would answer themselves). None means the secretariat."""
    if topic is None:
        return None
    consultants = (
        TopicConsultant.objects.filter(
            topic=topic, is_active=True, person__user__isnull=False, person__user__is_active=True
        )
        .filter(person__in=Employment.objects.current().at_member_libraries().values("person_id"))
        .select_related("person__user")
        .order_by("pk")
    )
    if library is not None:
        consultants = consultants.exclude(
            person__in=Employment.objects.current().filter(library=library).values("person_id")
        )
    consultant = consultants.first()
    return consultant.person.user if consultant is not None else None


def help_assignee_choices() -> QuerySet[User]:
    """Whom the secretariat may hand a request to: the users of active consultants who
    work now at a member library (an empty choice hands it back to the secretariat)."""
    people = (
        TopicConsultant.objects.filter(is_active=True)
        .filter(person__in=Employment.objects.current().at_member_libraries().values("person_id"))
        .values("person__user")
    )
    return User.objects.filter(pk__in=people, is_active=True).order_by("full_name", "email")


# Response times -------------------------------------------------------------------------


@dataclass(frozen=True)
class ResponseFigures:
    """Response times of a set of requests; times are hours, None when nothing to count."""

    label: str
    asked: int
    answered: int
    median_hours: float | None
    average_hours: float | None
    # Share (0–100) of answered requests whose first answer came by the due date.
    within_due_percent: int | None
    open_past_due: int


@dataclass(frozen=True)
class HelpStats:
    year: int
    total: ResponseFigures
    topics: list[ResponseFigures] = field(default_factory=list)


def _figures(label: str, requests: Iterable[HelpRequest], today: datetime.date) -> ResponseFigures:
    requests = list(requests)
    waits = [
        (request.first_response_at - request.created_at).total_seconds() / 3600
        for request in requests
        if request.first_response_at is not None
    ]
    in_time = [
        request
        for request in requests
        if request.first_response_at is not None
        and (
            request.due_on is None
            or timezone.localdate(request.first_response_at) <= request.due_on
        )
    ]
    past_due = [
        request
        for request in requests
        if request.status in AWAITING_DESK and request.due_on is not None and request.due_on < today
    ]
    return ResponseFigures(
        label=label,
        asked=len(requests),
        answered=len(waits),
        median_hours=round(statistics.median(waits), 1) if waits else None,
        average_hours=round(statistics.fmean(waits), 1) if waits else None,
        within_due_percent=round(100 * len(in_time) / len(waits)) if waits else None,
        open_past_due=len(past_due),
    )


def help_stats(*, year: int, today: datetime.date | None = None) -> HelpStats:
    """Response times of the requests asked in `year`, in all and per topic (one query;
    a year's requests are a few hundred at most)."""
    from django.utils.translation import gettext

    today = today or timezone.localdate()
    requests = list(
        HelpRequest.objects.filter(created_at__year=year)
        .select_related("topic")
        .only("created_at", "first_response_at", "due_on", "status", "topic__name")
    )
    by_topic: dict[str, list[HelpRequest]] = {}
    for request in requests:
        name = request.topic.name if request.topic is not None else gettext("No topic")
        by_topic.setdefault(name, []).append(request)
    return HelpStats(
        year=year,
        total=_figures(gettext("All topics"), requests, today),
        topics=[
            _figures(name, items, today)
            for name, items in sorted(by_topic.items(), key=lambda item: sort_key(item[0]))
        ],
    )
