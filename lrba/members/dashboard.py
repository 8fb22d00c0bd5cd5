"""The member register's panel on the back office's home (lrba.core.dashboard)."""

import datetime

from django.utils.translation import gettext

from lrba.core.dashboard import Panel, PanelSource, waiting_panel
from lrba.members.models import MembershipApplication


def applications_panel(*, now: datetime.datetime) -> Panel:
    pending = MembershipApplication.Status.PENDING
    return waiting_panel(
        MembershipApplication.objects.filter(status=pending),
        since="submitted_at",
        now=now,
        filters={"status__exact": pending},
        text=lambda application: application.applicant_name,
        title=gettext("Membership applications to decide"),
        icon="how_to_reg",
        link_text=gettext("All applications waiting"),
        empty=gettext("No application waits for a decision."),
    )


PANELS = (
    PanelSource(
        permission="members.view_membershipapplication", build=applications_panel, order=10
    ),
)
