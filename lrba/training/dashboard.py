"""Training's panels on the back office's home (lrba.core.dashboard): external training
waiting for approval, and programme runs whose certificates are still to be issued."""

import datetime

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from lrba.core.dashboard import (
    PANEL_ROWS,
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
from lrba.events.models import Event
from lrba.training.models import ProgrammeRun, TrainingRecord


def training_record_waiting(*, now: datetime.datetime) -> Waiting:
    """External training submitted and waiting for approval, the oldest first."""
    return waiting_summary(
        TrainingRecord.objects.filter(
            source=TrainingRecord.Source.EXTERNAL, status=TrainingRecord.Status.PENDING
        ).select_related("person"),
        since="created_at",
        now=now,
    )


def programme_run_certificates_due(*, now: datetime.datetime) -> QuerySet[ProgrammeRun]:
    """Runs whose event has ended (and was not called off) and whose certificates have
    not been issued, the most recent first."""
    return (
        ProgrammeRun.objects.filter(
            certificates_issued_at__isnull=True,
            event__ends_at__lt=now,
        )
        .exclude(event__status=Event.Status.CANCELLED)
        .select_related("event", "programme")
        .order_by("-event__ends_at", "-pk")
    )


def external_training_panel(*, now: datetime.datetime) -> Panel:
    waiting = training_record_waiting(now=now)
    pending = {
        "source__exact": TrainingRecord.Source.EXTERNAL,
        "status__exact": TrainingRecord.Status.PENDING,
    }
    return Panel(
        title=gettext("External training to approve"),
        icon="school",
        count=waiting.count,
        rows=[
            PanelRow(
                text=f"{record.person} — {record.title}",
                url=change_url(record),
                note=waiting_note(record.created_at, now),
                overdue=is_overdue(record.created_at, now),
            )
            for record in waiting.oldest
        ],
        link=changelist_url(TrainingRecord, **pending),
        link_text=gettext("All external training waiting"),
        empty=gettext("No external training waits for approval."),
        overdue=waiting.overdue,
        overdue_link=changelist_url(TrainingRecord, **pending, created_at__lt=overdue_cutoff(now)),
    )


def certificates_panel(*, now: datetime.datetime) -> Panel:
    runs = programme_run_certificates_due(now=now)
    return Panel(
        title=gettext("Certificates to issue"),
        icon="workspace_premium",
        count=runs.count(),
        rows=[
            PanelRow(
                text=run.event.title,
                url=change_url(run),
                note=gettext("ended %(date)s")
                % {"date": date_format(timezone.localtime(run.event.ends_at), "SHORT_DATE_FORMAT")},
                overdue=True,
            )
            for run in runs[:PANEL_ROWS]
        ],
        link=changelist_url(ProgrammeRun, certificates="due"),
        link_text=gettext("All runs without certificates"),
        empty=gettext("Certificates are issued for every finished run."),
    )


PANELS = (
    PanelSource(permission="training.view_trainingrecord", build=external_training_panel, order=30),
    PanelSource(permission="training.view_programmerun", build=certificates_panel, order=60),
)
