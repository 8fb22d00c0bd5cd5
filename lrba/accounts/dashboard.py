"""Personal data's panel on the back office's home (lrba.core.dashboard)."""

import datetime

from django.utils.translation import gettext

from lrba.accounts.models import ErasureRequest
from lrba.core.dashboard import Panel, PanelSource, waiting_panel


def erasure_requests_panel(*, now: datetime.datetime) -> Panel:
    pending = ErasureRequest.Status.PENDING
    return waiting_panel(
        ErasureRequest.objects.filter(status=pending).select_related("person", "requested_by"),
        since="requested_at",
        now=now,
        filters={"status__exact": pending},
        # The person in the register, or the account when there is none.
        text=lambda erasure: str(erasure.person or erasure.requested_by),
        title=gettext("Erasure requests to decide"),
        icon="person_remove",
        link_text=gettext("All erasure requests waiting"),
        empty=gettext("No erasure request waits for a decision."),
    )


PANELS = (
    PanelSource(permission="accounts.view_erasurerequest", build=erasure_requests_panel, order=20),
)
