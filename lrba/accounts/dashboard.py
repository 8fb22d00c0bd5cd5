"""Personal data's panel on the back office's home (lrba.core.dashboard)."""

import datetime

from django.utils.translation import gettext

from lrba.accounts.models import ErasureRequest
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


def erasure_request_waiting(*, now: datetime.datetime) -> Waiting:
    """Erasure requests waiting for a decision, the oldest first (two queries)."""
    return waiting_summary(
        ErasureRequest.objects.filter(status=ErasureRequest.Status.PENDING).select_related(
            "person", "requested_by"
        ),
        since="requested_at",
        now=now,
    )


def erasure_requests_panel(*, now: datetime.datetime) -> Panel:
    waiting = erasure_request_waiting(now=now)
    pending = {"status__exact": ErasureRequest.Status.PENDING}
    return Panel(
        title=gettext("Erasure requests to decide"),
        icon="person_remove",
        count=waiting.count,
        rows=[
            PanelRow(
                # The person in the register, or the account when there is none.
                text=str(erasure.person or erasure.requested_by),
                url=change_url(erasure),
                note=waiting_note(erasure.requested_at, now),
                overdue=is_overdue(erasure.requested_at, now),
            )
            for erasure in waiting.oldest
        ],
        link=changelist_url(ErasureRequest, **pending),
        link_text=gettext("All erasure requests waiting"),
        empty=gettext("No erasure request waits for a decision."),
        overdue=waiting.overdue,
        overdue_link=changelist_url(
            ErasureRequest, **pending, requested_at__lt=overdue_cutoff(now)
        ),
    )


PANELS = (
    PanelSource(permission="accounts.view_erasurerequest", build=erasure_requests_panel, order=20),
)
