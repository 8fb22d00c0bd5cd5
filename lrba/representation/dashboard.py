"""The representation app's panel on the back office's home (lrba.core.dashboard):
consultations and surveys closing within a week, each with how many of those invited have
answered (the secretariat may remind the rest before the automatic reminder). Built in a
fixed number of queries; links to the staff list of open consultations."""

import datetime

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext

from lrba.core.dashboard import PANEL_ROWS, Panel, PanelRow, PanelSource
from lrba.representation.models import Consultation
from lrba.representation.selectors.consultations import (
    consultations_closing,
    invited_counts,
    response_counts,
)

CLOSING_DAYS = 7


def consultations_closing_panel(*, now: datetime.datetime) -> Panel:
    closing = consultations_closing(now, days=CLOSING_DAYS)
    count = closing.count()
    shown = list(closing.order_by("deadline", "pk")[:PANEL_ROWS]) if count else []
    answered = response_counts([c.pk for c in shown]) if shown else {}
    invited = invited_counts() if shown else None
    rows = []
    for consultation in shown:
        asked = invited.for_consultation(consultation) if invited else 0
        replies = answered.get(consultation.pk, 0)
        deadline = date_format(localtime(consultation.deadline), "SHORT_DATETIME_FORMAT")
        note = gettext("until %(moment)s; answered %(answered)d of %(invited)d") % {
            "moment": deadline,
            "answered": replies,
            "invited": asked,
        }
        rows.append(
            PanelRow(
                text=consultation.title,
                url=reverse("representation:consultation_staff", args=[consultation.pk]),
                note=note,
                # Fewer than half have answered with days to go: worth a nudge.
                overdue=replies * 2 < asked,
            )
        )
    return Panel(
        title=gettext("Consultations closing this week"),
        icon="forum",
        count=count,
        rows=rows,
        link=reverse("representation:staff_consultations") + f"?status={Consultation.Status.OPEN}",
        link_text=gettext("All open consultations and surveys"),
        empty=gettext("No consultation or survey closes in the next seven days."),
    )


PANELS = (
    PanelSource(
        permission="representation.view_consultation",
        build=consultations_closing_panel,
        order=94,
    ),
)
