"""Reads of the decision register: who sees which decisions, the public ones, the
follow-up tasks due."""

import datetime
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from lrba.accounts.access import has_permission
from lrba.governance.models import Body, Decision, FollowUp

VIEW_PERMISSION = "governance.view_decision"
REMIND_DAYS_BEFORE = 7


def _is_board_member(user: Any) -> bool:
    from lrba.governance.selectors.bodies import is_current_board_member

    return is_current_board_member(user)


def _decisions() -> QuerySet[Decision]:
    return Decision.objects.select_related("body", "kind", "meeting", "item", "procedure").order_by(
        "-adopted_on", "-sequence"
    )


def decisions_for(user: Any) -> QuerySet[Decision]:
    """The decisions `user` may read: the secretariat and the auditor all; the Board's
    members the Board's and the General Meeting's; members the General Meeting's;
    nobody else any (the public ones are on the public page)."""
    from lrba.members.selectors.representatives import user_is_member

    decisions = _decisions()
    if has_permission(user, VIEW_PERMISSION) or _is_board_member(user):
        return decisions
    if user_is_member(user):
        return decisions.filter(body__kind=Body.Kind.GENERAL_MEETING)
    return decisions.none()


def may_see_decisions(user: Any) -> bool:
    from lrba.members.selectors.representatives import user_is_member

    return has_permission(user, VIEW_PERMISSION) or _is_board_member(user) or user_is_member(user)


def decisions_filter(
    decisions: QuerySet[Decision], *, body: str = "", year: int | None = None, follow_up: str = ""
) -> QuerySet[Decision]:
    """Narrow the register by body kind, year and follow-up status ("open": some task
    still to do, "done": tasks all done, "none": no tasks)."""
    if body:
        decisions = decisions.filter(body__kind=body)
    if year:
        decisions = decisions.filter(year=year)
    tasks = FollowUp.objects.filter(decision=OuterRef("pk"))
    if follow_up == "open":
        decisions = decisions.filter(Exists(tasks.filter(status=FollowUp.Status.OPEN)))
    elif follow_up == "done":
        decisions = decisions.filter(Exists(tasks)).exclude(
            Exists(tasks.filter(status=FollowUp.Status.OPEN))
        )
    elif follow_up == "none":
        decisions = decisions.exclude(Exists(tasks))
    return decisions.prefetch_related(
        Prefetch("follow_ups", queryset=FollowUp.objects.order_by("due_on", "pk"))
    )


def decision_years(decisions: QuerySet[Decision]) -> list[int]:
    return list(decisions.order_by("-year").values_list("year", flat=True).distinct())


def public_decisions() -> QuerySet[Decision]:
    """The decisions marked public, for the website."""
    return _decisions().filter(is_public=True)


def follow_ups_open() -> QuerySet[FollowUp]:
    return (
        FollowUp.objects.filter(status=FollowUp.Status.OPEN)
        .select_related("decision", "assignee")
        .order_by("due_on", "pk")
    )


def follow_ups_due(
    today: datetime.date, *, days_before: int = REMIND_DAYS_BEFORE
) -> QuerySet[FollowUp]:
    """Open tasks due within `days_before` days, or already past due."""
    return follow_ups_open().filter(due_on__lte=today + datetime.timedelta(days=days_before))
