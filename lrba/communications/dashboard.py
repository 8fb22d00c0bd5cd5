"""The communications' panel on the back office's home: messages being sent (with their
progress) and those scheduled, so the secretariat sees what is about to go out."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from lrba.communications.models import Message
from lrba.core.dashboard import PANEL_ROWS, Panel, PanelRow, PanelSource


def _note(message: Message) -> str:
    if message.status == Message.Status.SENDING:
        return gettext("%(done)d of %(total)d sent") % {
            "done": message.sent_count + message.failed_count,
            "total": message.recipient_count,
        }
    when = timezone.localtime(message.scheduled_at) if message.scheduled_at else None
    return (
        gettext("at %(time)s") % {"time": date_format(when, "SHORT_DATETIME_FORMAT")}
        if when
        else ""
    )


def outgoing_panel(*, now: datetime.datetime) -> Panel:
    outgoing = Message.objects.filter(status__in=(Message.Status.SENDING, Message.Status.SCHEDULED))
    count = outgoing.count()
    rows = [
        PanelRow(
            text=message.subject,
            url=reverse("communications:message_detail", args=[message.pk]),
            note=_note(message),
        )
        for message in (
            outgoing.order_by("-status", "scheduled_at", "pk")[:PANEL_ROWS] if count else []
        )
    ]
    return Panel(
        title=gettext("Messages going out"),
        icon="mail",
        count=count,
        rows=rows,
        link=reverse("communications:message_list"),
        link_text=gettext("All newsletters and announcements"),
        empty=gettext("No message is being sent or scheduled."),
    )


PANELS = (PanelSource(permission="communications.view_message", build=outgoing_panel, order=90),)
