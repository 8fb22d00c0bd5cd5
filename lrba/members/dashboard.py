"""The member register's panel on the back office's home (lrba.core.dashboard)."""

import datetime

from django.utils.translation import gettext

from lrba.core.dashboard import (
    Panel,
    PanelRow,
    PanelSource,
    Waiting,
    change_url,
    changelist_url,
    is_overdue,
    overdue_cutoff,
    waiting_note,
    waiting_summary,
)
from lrba.members.models import MembershipApplication


def application_waiting(*, now: datetime.datetime) -> Waiting:
    """Applications waiting for a decision, the oldest first (two queries)."""
    return waiting_summary(
        MembershipApplication.objects.filter(status=MembershipApplication.Status.PENDING),
        since="submitted_at",
        now=now,
    )


def applications_panel(*, now: datetime.datetime) -> Panel:
    waiting = application_waiting(now=now)
    pending = {"status__exact": MembershipApplication.Status.PENDING}
    return Panel(
        title=gettext("Membership applications to decide"),
        icon="how_to_reg",
        count=waiting.count,
        rows=[
            PanelRow(
                text=application.applicant_name,
                url=change_url(application),
                note=waiting_note(application.submitted_at, now),
                overdue=is_overdue(application.submitted_at, now),
            )
            for application in waiting.oldest
        ],
        link=changelist_url(MembershipApplication, **pending),
        link_text=gettext("All applications waiting"),
        empty=gettext("No application waits for a decision."),
        overdue=waiting.overdue,
        overdue_link=changelist_url(
            MembershipApplication, **pending, submitted_at__lt=overdue_cutoff(now)
        ),
    )


PANELS = (
    PanelSource(
        permission="members.view_membershipapplication", build=applications_panel, order=10
    ),
)
