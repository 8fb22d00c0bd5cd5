"""The acquisition app's panels on the back office's home (lrba.core.dashboard): buying
rounds closing within a week, with the libraries that have a budget and have not ordered
yet (the secretariat reminds them), and catalogue imports of the last 30 days that failed
or left records out (the supplier is asked for a better file). Each panel is built in a
fixed number of queries and links to the staff page listing the same."""

import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext, ngettext

from lrba.acquisition.models import CatalogueImport, OrderLine, Round, RoundBudget
from lrba.core.dashboard import PANEL_ROWS, Panel, PanelRow, PanelSource

CLOSING_DAYS = 7
IMPORT_DAYS = 30


def rounds_closing(now: datetime.datetime) -> QuerySet[Round]:
    """Open rounds that close within `CLOSING_DAYS` (and have not closed yet)."""
    return Round.objects.filter(
        status=Round.Status.OPEN,
        closes_at__gte=now,
        closes_at__lt=now + datetime.timedelta(days=CLOSING_DAYS),
    )


def libraries_not_ordered(round_ids: list[int]) -> dict[int, int]:
    """{round id: how many libraries with a budget in it have no line ordered}."""
    ordered = OrderLine.objects.filter(
        round=OuterRef("round"), library=OuterRef("library"), status=OrderLine.Status.ORDERED
    )
    return dict(
        RoundBudget.objects.filter(round_id__in=round_ids)
        .filter(~Exists(ordered))
        .order_by()
        .values("round_id")
        .annotate(idle=Count("pk"))
        .values_list("round_id", "idle")
    )


def rounds_closing_panel(*, now: datetime.datetime) -> Panel:
    closing = rounds_closing(now)
    count = closing.count()
    shown = list(closing.order_by("closes_at", "pk")[:PANEL_ROWS]) if count else []
    idle = libraries_not_ordered([round_.pk for round_ in shown]) if shown else {}
    rows = []
    for round_ in shown:
        closes = date_format(localtime(round_.closes_at), "SHORT_DATETIME_FORMAT")
        waiting = idle.get(round_.pk, 0)
        note = gettext("closes %(moment)s") % {"moment": closes}
        if waiting:
            note += "; " + ngettext(
                "%(count)d library with a budget has not ordered",
                "%(count)d libraries with a budget have not ordered",
                waiting,
            ) % {"count": waiting}
        rows.append(
            PanelRow(
                text=round_.name,
                url=reverse("acquisition:round_staff", args=[round_.pk]),
                note=note,
                overdue=bool(waiting),
            )
        )
    return Panel(
        title=gettext("Buying rounds closing this week"),
        icon="shopping_cart",
        count=count,
        rows=rows,
        link=reverse("acquisition:round_list_staff"),
        link_text=gettext("All buying rounds"),
        empty=gettext("No buying round closes in the next seven days."),
    )


def imports_with_problems(now: datetime.datetime) -> QuerySet[CatalogueImport]:
    """Catalogue imports of the last `IMPORT_DAYS` that failed or rejected records."""
    return CatalogueImport.objects.filter(
        Q(status=CatalogueImport.Status.FAILED) | Q(rejected__gt=0),
        created_at__gte=now - datetime.timedelta(days=IMPORT_DAYS),
    )


def imports_panel(*, now: datetime.datetime) -> Panel:
    problems = imports_with_problems(now)
    count = problems.count()
    shown = (
        list(problems.select_related("supplier").order_by("-created_at", "-pk")[:PANEL_ROWS])
        if count
        else []
    )
    rows = []
    for catalogue_import in shown:
        failed = catalogue_import.status == CatalogueImport.Status.FAILED
        if failed:
            note = gettext("failed")
        else:
            note = ngettext(
                "%(count)d record rejected", "%(count)d records rejected", catalogue_import.rejected
            ) % {"count": catalogue_import.rejected}
        rows.append(
            PanelRow(
                text=f"{catalogue_import.supplier.name}: {catalogue_import.original_name}",
                url=reverse("acquisition:import_detail", args=[catalogue_import.pk]),
                note=note,
                overdue=failed,
            )
        )
    return Panel(
        title=gettext("Catalogue imports with problems"),
        icon="upload_file",
        count=count,
        rows=rows,
        link=reverse("acquisition:supplier_list"),
        link_text=gettext("All suppliers and their imports"),
        empty=gettext("Every catalogue imported in the last 30 days was read in full."),
    )


PANELS = (
    PanelSource(permission="acquisition.view_round", build=rounds_closing_panel, order=92),
    PanelSource(permission="acquisition.view_catalogueimport", build=imports_panel, order=93),
)
