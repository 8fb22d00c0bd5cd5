"""The back office's home: what waits for the secretariat, gathered from the apps.

Core knows no app (the import-linter contracts forbid it): each app with work waiting
declares `dashboard_module` on its AppConfig (`lrba.core.plugins`), and that module defines
`PANELS`, a tuple of `PanelSource`s. The home page shows a panel only to a user holding
its `permission`, a *view* permission, so the auditor sees the same panels (and the lists
they link to) read-only, and a Board member without back-office permissions sees none.
Only the panels shown are built, each with a fixed number of queries whatever the data.
"""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, Model, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from lrba.core import plugins

# How many rows a panel lists; its link leads to all of them.
PANEL_ROWS = 5


@dataclass(frozen=True)
class PanelRow:
    text: str
    url: str
    # A fact beside the row: how long it has waited, how full an event is.
    note: str = ""
    overdue: bool = False


@dataclass(frozen=True)
class Panel:
    title: str
    icon: str  # a Material Symbols name, as Unfold's sidebar uses
    count: int
    rows: Sequence[PanelRow]
    link: str  # the filtered list (or staff page) holding everything the count counts
    link_text: str
    empty: str  # what the panel says when nothing waits
    overdue: int = 0
    overdue_link: str = ""


@dataclass(frozen=True)
class PanelSource:
    """One panel an app offers: shown to holders of `permission` ("app.view_model"),
    built by `build(now=...)`; panels are shown by `order`, lowest first."""

    permission: str
    build: Callable[..., Panel]
    order: int = 100


@dataclass(frozen=True)
class Waiting:
    """Records waiting for a decision: how many, how many overdue, the oldest few."""

    count: int
    overdue: int
    oldest: list[Any] = field(default_factory=list)


def overdue_cutoff(now: datetime.datetime) -> datetime.datetime:
    """Records waiting since before this are overdue (`LRBA_DECISION_OVERDUE_DAYS`)."""
    return now - datetime.timedelta(days=settings.LRBA_DECISION_OVERDUE_DAYS)


def waiting_summary(
    queryset: QuerySet[Any], *, since: str, now: datetime.datetime, rows: int = PANEL_ROWS
) -> Waiting:
    """`queryset` (the records waiting) counted in one query and its oldest `rows` read in
    a second; `since` names the field saying since when a record waits."""
    figures = queryset.aggregate(
        count=Count("pk"), overdue=Count("pk", filter=Q(**{f"{since}__lt": overdue_cutoff(now)}))
    )
    oldest = list(queryset.order_by(since, "pk")[:rows]) if figures["count"] else []
    return Waiting(count=figures["count"], overdue=figures["overdue"], oldest=oldest)


def waiting_note(since: datetime.datetime, now: datetime.datetime) -> str:
    days = (timezone.localdate(now) - timezone.localdate(since)).days
    if days < 1:
        return gettext("waiting since today")
    return ngettext("waiting %(days)d day", "waiting %(days)d days", days) % {"days": days}


def is_overdue(since: datetime.datetime, now: datetime.datetime) -> bool:
    return since < overdue_cutoff(now)


def changelist_url(model: type[Model], **lookups: Any) -> str:
    """The model's back-office list, filtered by `lookups` (field lookups or list-filter
    parameters); aware datetimes are passed in ISO form, so no time zone is guessed."""
    from django.urls import reverse

    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    query = {
        name: value.isoformat() if isinstance(value, datetime.datetime | datetime.date) else value
        for name, value in lookups.items()
    }
    return f"{url}?{urlencode(query)}" if query else url


def change_url(obj: Model) -> str:
    from django.urls import reverse

    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def waiting_panel(
    queryset: QuerySet[Any],
    *,
    since: str,
    now: datetime.datetime,
    filters: dict[str, Any],
    text: Callable[[Any], str],
    title: str,
    icon: str,
    link_text: str,
    empty: str,
) -> Panel:
    """A panel of records waiting for a decision (two queries): `queryset` holds them,
    `filters` are the back-office list's parameters that show the same records, `since`
    names the field saying since when each waits and `text` says what a row shows. The
    rows are the oldest, each with how long it has waited; the overdue link adds the
    cut-off to the same filters."""
    waiting = waiting_summary(queryset, since=since, now=now)
    return Panel(
        title=title,
        icon=icon,
        count=waiting.count,
        rows=[
            PanelRow(
                text=text(record),
                url=change_url(record),
                note=waiting_note(getattr(record, since), now),
                overdue=is_overdue(getattr(record, since), now),
            )
            for record in waiting.oldest
        ],
        link=changelist_url(queryset.model, **filters),
        link_text=link_text,
        empty=empty,
        overdue=waiting.overdue,
        overdue_link=changelist_url(
            queryset.model, **filters, **{f"{since}__lt": overdue_cutoff(now)}
        ),
    )


def listing_panel(
    queryset: QuerySet[Any],
    *,
    text: Callable[[Any], str],
    note: Callable[[Any], str],
    rows_overdue: bool = False,
    title: str,
    icon: str,
    link: str,
    link_text: str,
    empty: str,
) -> Panel:
    """A panel listing the first few of `queryset` (in its order) and counting all of
    them (two queries), each row linking to the record's back-office page; `rows_overdue`
    marks every row as needing attention now."""
    return Panel(
        title=title,
        icon=icon,
        count=queryset.count(),
        rows=[
            PanelRow(text=text(obj), url=change_url(obj), note=note(obj), overdue=rows_overdue)
            for obj in queryset[:PANEL_ROWS]
        ],
        link=link,
        link_text=link_text,
        empty=empty,
    )


def panel_sources() -> list[PanelSource]:
    sources = [source for _app, module in plugins.dashboard_modules() for source in module.PANELS]
    return sorted(sources, key=lambda source: source.order)


def dashboard_panels(user: Any, *, now: datetime.datetime | None = None) -> list[Panel]:
    """The panels `user` may see, built. Permissions are read once (Django caches them
    on the user), so the queries are those of the panels shown."""
    now = now or timezone.now()
    return [source.build(now=now) for source in panel_sources() if user.has_perm(source.permission)]


def dashboard_callback(request: HttpRequest, context: dict[str, Any]) -> dict[str, Any]:
    """Unfold's `DASHBOARD_CALLBACK`: the home page's context gets the panels."""
    context["title"] = gettext("Work waiting")
    context["dashboard_panels"] = dashboard_panels(request.user)
    context["overdue_days"] = settings.LRBA_DECISION_OVERDUE_DAYS
    return context
