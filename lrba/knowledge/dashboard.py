"""The knowledge app's panels on the back office's home (lrba.core.dashboard), declared as
its `dashboard_module`: good practice's own (lrba.knowledge.dashboard_practice), then the
help desk's and onboarding's — questions waiting for the secretariat (not handed to a
consultant), questions past their due date, and the new libraries' checklists in progress.
Each counts in a bounded number of queries and links to the page listing the same."""

import datetime
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from lrba.core.dashboard import PANEL_ROWS, Panel, PanelRow, PanelSource
from lrba.knowledge import dashboard_practice
from lrba.knowledge.models import HelpRequest, Onboarding
from lrba.knowledge.selectors.helpdesk import OPEN_STATUSES, help_requests_overdue
from lrba.knowledge.selectors.onboarding import onboarding_progress


def _list_url(**query: str) -> str:
    return f"{reverse('knowledge:help_list')}?{urlencode(query)}"


def _row(help_request: HelpRequest, today: datetime.date) -> PanelRow:
    due = help_request.due_on
    return PanelRow(
        text=f"{help_request.number}: {help_request.subject}",
        url=help_request.get_absolute_url(),
        note=gettext("due %(date)s") % {"date": date_format(due, "SHORT_DATE_FORMAT")}
        if due
        else "",
        overdue=bool(due and due < today and help_request.awaits_desk),
    )


def unassigned_help_panel(*, now: datetime.datetime) -> Panel:
    today = timezone.localdate(now)
    waiting = HelpRequest.objects.filter(assignee__isnull=True, status__in=OPEN_STATUSES)
    count = waiting.count()
    rows = [
        _row(help_request, today)
        for help_request in (waiting.order_by("due_on", "pk")[:PANEL_ROWS] if count else [])
    ]
    return Panel(
        title=gettext("Questions for the secretariat"),
        icon="support_agent",
        count=count,
        rows=rows,
        link=_list_url(queue="unassigned"),
        link_text=gettext("All questions the secretariat answers"),
        empty=gettext("No question waits for the secretariat."),
    )


def overdue_help_panel(*, now: datetime.datetime) -> Panel:
    today = timezone.localdate(now)
    overdue = help_requests_overdue(on=today)
    count = overdue.count()
    rows = [
        _row(help_request, today)
        for help_request in (overdue.order_by("due_on", "pk")[:PANEL_ROWS] if count else [])
    ]
    return Panel(
        title=gettext("Questions past their due date"),
        icon="schedule",
        count=count,
        rows=rows,
        link=_list_url(queue="overdue"),
        link_text=gettext("All questions past their due date"),
        empty=gettext("Every question was answered in time."),
    )


def onboarding_panel(*, now: datetime.datetime) -> Panel:
    """The checklists in progress, oldest first; the first few with their progress (the
    automatic checks are a few queries each, so only the rows shown are worked out)."""
    today = timezone.localdate(now)
    running = Onboarding.objects.filter(completed_on__isnull=True).select_related(
        "library", "mentor_library"
    )
    count = running.count()
    shown = [
        onboarding_progress(onboarding, on=today)
        for onboarding in (running.order_by("started_on", "pk")[:PANEL_ROWS] if count else [])
    ]
    return Panel(
        title=gettext("New libraries' first steps"),
        icon="handshake",
        count=count,
        rows=[
            PanelRow(
                text=item.onboarding.library.name,
                url=reverse("knowledge:onboarding_detail", args=[item.onboarding.pk]),
                note=gettext("%(done)d of %(total)d steps done")
                % {"done": item.done_count, "total": item.total},
                overdue=bool(item.overdue_count),
            )
            for item in shown
        ],
        link=reverse("knowledge:onboarding_list"),
        link_text=gettext("All new libraries' checklists"),
        empty=gettext("No new library is going through its first steps."),
    )


# The app declares one dashboard module: good practice's panel comes with the help desk's.
PANELS = (
    *dashboard_practice.PANELS,
    PanelSource(permission="knowledge.view_helprequest", build=unassigned_help_panel, order=80),
    PanelSource(permission="knowledge.view_helprequest", build=overdue_help_panel, order=81),
    PanelSource(permission="knowledge.view_onboarding", build=onboarding_panel, order=82),
)
