"""The website's panel on the back office's home (lrba.core.dashboard): annual reports
missing from the site for a year the law wants published (the last three financial years
whose approval and filing deadline has passed, Facts §1.4)."""

import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from lrba.core.dashboard import Panel, PanelRow, PanelSource, changelist_url
from lrba.website import selectors
from lrba.website.models import AnnualReport


def annual_reports_panel(*, now: datetime.datetime) -> Panel:
    today = timezone.localdate(now)
    missing = selectors.annual_reports_missing(today)
    kinds = dict(AnnualReport.Kind.choices)
    rows = [
        PanelRow(
            text=gettext("%(year)s: %(missing)s")
            % {"year": year, "missing": ", ".join(str(kinds[kind]) for kind in absent)},
            url=changelist_url(AnnualReport, year=year),
            note=gettext("due by %(date)s")
            % {"date": date_format(selectors.annual_report_due_on(year), "SHORT_DATE_FORMAT")},
            overdue=True,
        )
        for year, absent in missing
    ]
    count = sum(len(absent) for _year, absent in missing)
    return Panel(
        title=gettext("Annual reports missing from the site"),
        icon="summarize",
        count=count,
        rows=rows,
        link=changelist_url(AnnualReport),
        link_text=gettext("All annual reports"),
        empty=gettext("The reports of the last three years are on the site."),
        overdue=count,
        overdue_link=changelist_url(AnnualReport),
    )


PANELS = (
    PanelSource(permission="website.view_annualreport", build=annual_reports_panel, order=80),
)
