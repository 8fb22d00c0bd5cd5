"""Acquisition's panels on the back office's home: rounds closing within a week with the
libraries that have not ordered, and catalogue imports that failed or rejected records."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from lrba.acquisition import dashboard
from lrba.acquisition.models import CatalogueImport, OrderLine, Round
from lrba.acquisition.tests.factories import (
    OrderLineFactory,
    RoundBudgetFactory,
    RoundFactory,
    SupplierFactory,
)
from lrba.core.dashboard import dashboard_panels

pytestmark = pytest.mark.django_db


def _round(name: str, closes_in: dt.timedelta, **fields) -> Round:
    now = timezone.now()
    return RoundFactory(
        name=name, opens_at=now - dt.timedelta(days=10), closes_at=now + closes_in, **fields
    )


def test_rounds_closing_this_week_name_the_libraries_that_have_not_ordered():
    soon = _round("Pavasario etapas", dt.timedelta(days=2))
    ordered, idle, also_idle = (RoundBudgetFactory(round=soon) for _ in range(3))
    OrderLineFactory(round=soon, library=ordered.library)
    # A library whose only line was left out at closing counts as not having ordered.
    OrderLineFactory(round=soon, library=also_idle.library, status=OrderLine.Status.BELOW_MINIMUM)
    _round("Vėlesnis etapas", dt.timedelta(days=20))
    _round("Juodraštis", dt.timedelta(days=1), status=Round.Status.DRAFT)

    with translation.override("en"):
        panel = dashboard.rounds_closing_panel(now=timezone.now())

    assert panel.count == 1
    (row,) = panel.rows
    assert row.text == "Pavasario etapas"
    assert "2 libraries with a budget have not ordered" in row.note
    assert row.overdue
    assert row.url.endswith(f"/{soon.pk}/")


def test_a_round_every_library_ordered_in_is_listed_without_a_warning():
    soon = _round("Rudens etapas", dt.timedelta(days=6))
    budget = RoundBudgetFactory(round=soon)
    OrderLineFactory(round=soon, library=budget.library)

    (row,) = dashboard.rounds_closing_panel(now=timezone.now()).rows

    assert not row.overdue and "not ordered" not in row.note


def test_no_round_closing_says_so():
    panel = dashboard.rounds_closing_panel(now=timezone.now())
    assert panel.count == 0 and panel.rows == [] and panel.empty


def test_the_rounds_panel_takes_a_fixed_number_of_queries(django_assert_max_num_queries):
    for n in range(7):
        round_ = _round(f"Etapas {n}", dt.timedelta(days=3))
        RoundBudgetFactory(round=round_)
    with django_assert_max_num_queries(3):
        panel = dashboard.rounds_closing_panel(now=timezone.now())
    assert panel.count == 7 and len(panel.rows) == 5


def _import(status: str, rejected: int = 0, days_ago: int = 1) -> CatalogueImport:
    record = CatalogueImport.objects.create(
        supplier=SupplierFactory(name="Pegasas"),
        file="acquisition/catalogues/katalogas.xml",
        original_name=f"katalogas-{status}-{rejected}.xml",
        status=status,
        rejected=rejected,
    )
    CatalogueImport.objects.filter(pk=record.pk).update(
        created_at=timezone.now() - dt.timedelta(days=days_ago)
    )
    return record


def test_failed_imports_and_imports_with_rejections_of_the_last_30_days_are_listed():
    failed = _import(CatalogueImport.Status.FAILED)
    rejected = _import(CatalogueImport.Status.DONE, rejected=3, days_ago=2)
    _import(CatalogueImport.Status.DONE)  # read in full
    _import(CatalogueImport.Status.FAILED, days_ago=40)  # too old

    with translation.override("en"):
        panel = dashboard.imports_panel(now=timezone.now())

    assert panel.count == 2
    assert [row.text for row in panel.rows] == [
        f"Pegasas: {failed.original_name}",
        f"Pegasas: {rejected.original_name}",
    ]
    assert panel.rows[0].overdue and panel.rows[0].note == "failed"
    assert panel.rows[1].note == "3 records rejected" and not panel.rows[1].overdue


def test_the_secretariat_and_the_auditor_see_both_panels(secretary, auditor, dave):
    titles = {"Buying rounds closing this week", "Catalogue imports with problems"}
    with translation.override("en"):
        for user in (secretary, auditor):
            assert titles <= {panel.title for panel in dashboard_panels(user)}
        assert not titles & {panel.title for panel in dashboard_panels(dave)}
