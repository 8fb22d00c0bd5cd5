"""Governance's panels on the back office's home (lrba.core.dashboard): minutes waiting
for signatures (overdue ones flagged), follow-up tasks due, notices to post, and written
procedures past their deadline that nobody concluded."""

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from lrba.core.dashboard import PANEL_ROWS, Panel, PanelRow, PanelSource, changelist_url
from lrba.governance.models import FollowUp, Minutes, Notice, WrittenProcedure
from lrba.governance.selectors.decisions import REMIND_DAYS_BEFORE, follow_ups_due
from lrba.governance.selectors.minutes import minutes_unsigned


def _date(value: datetime.date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def minutes_panel(*, now: datetime.datetime) -> Panel:
    today = timezone.localdate(now)
    waiting = minutes_unsigned()
    figures = waiting.aggregate(
        count=Count("pk"), overdue=Count("pk", filter=Q(signing_deadline__lt=today))
    )
    rows = [
        PanelRow(
            text=f"{minutes.number}: {minutes.meeting.title}",
            url=reverse("governance:minutes_detail", args=[minutes.pk]),
            note=gettext("to be signed by %(date)s") % {"date": _date(minutes.signing_deadline)},
            overdue=minutes.is_overdue(today),
        )
        for minutes in (waiting[:PANEL_ROWS] if figures["count"] else [])
    ]
    return Panel(
        title=gettext("Minutes to sign"),
        icon="signature",
        count=figures["count"],
        rows=rows,
        link=changelist_url(Minutes, signed="no"),
        link_text=gettext("All unsigned minutes"),
        empty=gettext("All minutes are signed."),
        overdue=figures["overdue"],
        overdue_link=changelist_url(Minutes, signed="no", signing_deadline__lt=today),
    )


def follow_ups_panel(*, now: datetime.datetime) -> Panel:
    today = timezone.localdate(now)
    due = follow_ups_due(today)
    figures = due.aggregate(count=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today)))
    rows = [
        PanelRow(
            text=task.title,
            url=reverse("governance:decision_detail", args=[task.decision_id])
            if task.decision_id
            else reverse("admin:governance_followup_change", args=[task.pk]),
            note=gettext("by %(date)s") % {"date": _date(task.due_on)},
            overdue=task.due_on < today,
        )
        for task in (due[:PANEL_ROWS] if figures["count"] else [])
    ]
    return Panel(
        title=gettext("Follow-up tasks due"),
        icon="task_alt",
        count=figures["count"],
        rows=rows,
        link=changelist_url(
            FollowUp,
            status__exact=FollowUp.Status.OPEN,
            due_on__lte=today + datetime.timedelta(days=REMIND_DAYS_BEFORE),
        ),
        link_text=gettext("All follow-up tasks due"),
        empty=gettext("No follow-up task is due this week."),
        overdue=figures["overdue"],
        overdue_link=changelist_url(FollowUp, status__exact=FollowUp.Status.OPEN, due_on__lt=today),
    )


def notices_panel(*, now: datetime.datetime) -> Panel:
    """Notices for members without an e-mail address: to post or hand over."""
    to_post = (
        Notice.objects.filter(
            status=Notice.Status.QUEUED,
            channel__in=(Notice.Channel.POST, Notice.Channel.HAND),
        )
        .select_related("meeting", "person", "membership__library")
        .order_by("queued_at", "pk")
    )
    count = to_post.count()
    rows = [
        PanelRow(
            text=f"{notice.meeting.reference}: {notice.person or notice.membership}",
            url=reverse("governance:meeting_manage", args=[notice.meeting_id]),
            note=notice.get_channel_display(),
            overdue=True,
        )
        for notice in (to_post[:PANEL_ROWS] if count else [])
    ]
    return Panel(
        title=gettext("Notices to post"),
        icon="local_post_office",
        count=count,
        rows=rows,
        link=changelist_url(Notice, to_post="yes"),
        link_text=gettext("All notices to post"),
        empty=gettext("No notice waits to be posted."),
    )


def procedures_panel(*, now: datetime.datetime) -> Panel:
    """Written procedures circulated whose deadline has passed but are not concluded."""
    past = WrittenProcedure.objects.filter(
        status=WrittenProcedure.Status.CIRCULATED, deadline__lt=now
    ).order_by("deadline", "pk")
    count = past.count()
    rows = [
        PanelRow(
            text=f"{procedure.reference}: {procedure.title}",
            url=reverse("governance:procedure_detail", args=[procedure.pk]),
            note=gettext("answers were due %(date)s")
            % {"date": _date(timezone.localdate(procedure.deadline))},
            overdue=True,
        )
        for procedure in (past[:PANEL_ROWS] if count else [])
    ]
    return Panel(
        title=gettext("Written procedures past the deadline"),
        icon="rule",
        count=count,
        rows=rows,
        link=changelist_url(
            WrittenProcedure, status__exact=WrittenProcedure.Status.CIRCULATED, deadline__lt=now
        ),
        link_text=gettext("All written procedures past the deadline"),
        empty=gettext("No written procedure waits to be concluded."),
    )


PANELS = (
    PanelSource(permission="governance.view_minutes", build=minutes_panel, order=60),
    PanelSource(permission="governance.view_followup", build=follow_ups_panel, order=61),
    PanelSource(permission="governance.view_notice", build=notices_panel, order=62),
    PanelSource(permission="governance.view_writtenprocedure", build=procedures_panel, order=63),
)
