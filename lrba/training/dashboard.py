"""Training's panels on the back office's home (lrba.core.dashboard): external training
waiting for approval, and programme runs whose certificates are still to be issued."""

import datetime

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from lrba.core.dashboard import Panel, PanelSource, changelist_url, listing_panel, waiting_panel
from lrba.events.models import Event
from lrba.training.models import ProgrammeRun, TrainingRecord


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
    external, pending = TrainingRecord.Source.EXTERNAL, TrainingRecord.Status.PENDING
    return waiting_panel(
        TrainingRecord.objects.filter(source=external, status=pending).select_related("person"),
        since="created_at",
        now=now,
        filters={"source__exact": external, "status__exact": pending},
        text=lambda record: f"{record.person} — {record.title}",
        title=gettext("External training to approve"),
        icon="school",
        link_text=gettext("All external training waiting"),
        empty=gettext("No external training waits for approval."),
    )


def certificates_panel(*, now: datetime.datetime) -> Panel:
    return listing_panel(
        programme_run_certificates_due(now=now),
        text=lambda run: run.event.title,
        note=lambda run: (
            gettext("ended %(date)s")
            % {"date": date_format(timezone.localtime(run.event.ends_at), "SHORT_DATE_FORMAT")}
        ),
        rows_overdue=True,
        title=gettext("Certificates to issue"),
        icon="workspace_premium",
        link=changelist_url(ProgrammeRun, certificates="due"),
        link_text=gettext("All runs without certificates"),
        empty=gettext("Certificates are issued for every finished run."),
    )


PANELS = (
    PanelSource(permission="training.view_trainingrecord", build=external_training_panel, order=30),
    PanelSource(permission="training.view_programmerun", build=certificates_panel, order=60),
)
