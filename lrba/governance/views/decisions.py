"""The decision register's pages: the register (members: the General Meeting's
decisions; the Board: its own too; staff: all), one decision with its follow-up, the
public page of decisions marked public, and marking a follow-up task done."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from lrba.accounts.access import has_permission, staff_page
from lrba.core.audit import refusals_recorded
from lrba.governance.access import (
    FOLLOW_UP_WRITE_PERMISSION,
    access_decision,
    access_decisions,
    access_rw_follow_up,
)
from lrba.governance.models import Body, FollowUp
from lrba.governance.selectors import decisions as selectors
from lrba.governance.selectors.minutes import poll_sentence
from lrba.governance.services.decisions import follow_up_done

FOLLOW_UP_FILTERS = (
    ("open", gettext_lazy("with tasks to do")),
    ("done", gettext_lazy("tasks done")),
    ("none", gettext_lazy("without tasks")),
)


def _year(value: str) -> int | None:
    return int(value) if value.isdigit() and 1990 <= int(value) <= 2200 else None


@staff_page
@require_GET
def decision_list(request: HttpRequest) -> HttpResponse:
    access_decisions(request.user)
    visible = selectors.decisions_for(request.user)
    body = request.GET.get("body", "")
    body = body if body in Body.Kind.values else ""
    follow_up = request.GET.get("follow_up", "")
    follow_up = follow_up if follow_up in dict(FOLLOW_UP_FILTERS) else ""
    year = _year(request.GET.get("year", ""))
    decisions = selectors.decisions_filter(visible, body=body, year=year, follow_up=follow_up)
    bodies = Body.objects.filter(kind__in=visible.values("body__kind"))
    return render(
        request,
        "governance/decision_list.html",
        {
            "decisions": decisions,
            "bodies": bodies,
            "years": selectors.decision_years(visible),
            "follow_up_filters": FOLLOW_UP_FILTERS,
            "chosen": {"body": body, "year": year, "follow_up": follow_up},
            "today": timezone.localdate(),
        },
    )


@staff_page
@require_GET
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision = access_decision(request.user, pk)
    language = getattr(request, "LANGUAGE_CODE", "lt")
    return render(
        request,
        "governance/decision_detail.html",
        {
            "decision": decision,
            "result": poll_sentence(decision.poll, language) if decision.poll else "",
            "follow_ups": decision.follow_ups.select_related("assignee").order_by("due_on", "pk"),
            "may_manage": has_permission(request.user, FOLLOW_UP_WRITE_PERMISSION),
            "today": timezone.localdate(),
        },
    )


@login_not_required
@require_GET
def public_decisions(request: HttpRequest) -> HttpResponse:
    """The decisions the association publishes, newest first."""
    return render(
        request,
        "governance/public_decisions.html",
        {"decisions": selectors.public_decisions()},
    )


@staff_page
@require_POST
def follow_up_mark_done(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up: FollowUp = access_rw_follow_up(request.user, pk)
    try:
        with refusals_recorded(user=request.user, target=follow_up, attempt="follow_up_done"):
            follow_up_done(follow_up=follow_up, done_on=timezone.localdate(), done_by=request.user)
    except ValidationError as refusal:
        for message in refusal.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The task is marked done."))
    if follow_up.decision_id:
        return redirect("governance:decision_detail", follow_up.decision_id)
    return redirect("governance:decision_list")
