"""The finance home (key figures and every area), finance's panels on the back office's
home, and the settings and series in the back office."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from lrba.core.dashboard import PANEL_ROWS
from lrba.finance import dashboard
from lrba.finance.admin.settings import InvoiceSeriesForm
from lrba.finance.models import BankEntry, FinanceSettings, InvoiceSeries, StatementImport
from lrba.finance.tests.factories import StatementImportFactory, SupportReceivedFactory, series
from lrba.finance.tests.factories_portal import credit_entry, issued_invoice, match

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.date(2020, 1, 31)


def _now():
    return timezone.now()


# The finance home ---------------------------------------------------------------------------


def test_the_home_shows_what_is_owed_overdue_and_waiting(staff_client, library_a):
    issued_invoice(library=library_a, total=Decimal("100.00"))
    issued_invoice(library=library_a, total=Decimal("40.00"), due_date=LONG_AGO)
    credit_entry("25.00")
    StatementImportFactory(status=StatementImport.Status.FAILED)

    response = staff_client.get(reverse("finance:index"))

    content = response.content.decode()
    assert response.status_code == 200
    figures = response.context["figures"]
    assert figures["open_count"] == 2 and figures["open_amount"] == Decimal("140.00")
    assert figures["overdue_count"] == 1 and figures["overdue_amount"] == Decimal("40.00")
    assert figures["waiting_count"] == 1 and figures["waiting_amount"] == Decimal("25.00")
    assert reverse("finance:exports") in content
    assert response.context["figures"]["failed_imports"] == 1
    assert "30" in content.split('role="status"')[1].split("</p>")[0]


def test_the_auditor_reads_the_home_without_the_secretariats_links(client_for, auditor):
    response = client_for(auditor).get(reverse("finance:index"))

    assert response.status_code == 200
    assert reverse("admin:finance_financesettings_changelist") not in response.content.decode()


# Panels on the back office's home -----------------------------------------------------------


def test_payments_waiting_count_unmatched_and_partly_matched_credits(staff_client, library_a):
    credit_entry("10.00")
    match(credit_entry("50.00"), "20.00", invoice=issued_invoice(library=library_a))
    match(credit_entry("30.00"), "30.00", invoice=issued_invoice(library=library_a))
    credit_entry("5.00", direction=BankEntry.Direction.DEBIT)
    credit_entry("7.00", status=BankEntry.Status.IGNORED)

    panel = dashboard.payments_waiting_panel(now=_now())

    assert panel.count == 2
    assert "40,00" in panel.link_text  # 10 + the 30 not yet matched
    listing = staff_client.get(panel.link)
    assert listing.status_code == 200 and listing.context["cl"].result_count == 2


def test_overdue_invoices_panel_lists_only_open_invoices_past_due(staff_client, library_a):
    late = issued_invoice(library=library_a, due_date=LONG_AGO)
    issued_invoice(library=library_a)  # not due yet
    issued_invoice(library=library_a, due_date=LONG_AGO, status="paid")

    panel = dashboard.overdue_invoices_panel(now=_now())

    assert panel.count == 1
    assert [row.text for row in panel.rows] == [f"{late.display_number}: {late.buyer_name}"]
    assert staff_client.get(panel.link).context["cl"].result_count == 1


def test_statement_files_refused_lately_are_counted(staff_client):
    StatementImportFactory(status=StatementImport.Status.FAILED, error="Nežinomas formatas")
    old = StatementImportFactory(status=StatementImport.Status.FAILED)
    StatementImport.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=dashboard.FAILED_IMPORTS_DAYS + 1)
    )
    StatementImportFactory()  # imported

    panel = dashboard.imports_refused_panel(now=_now())

    assert panel.count == 1
    assert staff_client.get(panel.link).context["cl"].result_count == 1


def test_support_unused_for_nearly_three_years_is_listed(staff_client):
    today = timezone.localdate()
    SupportReceivedFactory(
        received_on=today.replace(year=today.year - 3) + datetime.timedelta(days=40)
    )
    SupportReceivedFactory(received_on=today)

    panel = dashboard.support_unused_panel(now=_now())

    assert panel.count == 1
    assert staff_client.get(panel.link).context["cl"].result_count == 1
    assert len(panel.rows) <= PANEL_ROWS


def test_an_empty_support_panel_links_to_an_empty_list(staff_client):
    panel = dashboard.support_unused_panel(now=_now())

    assert panel.count == 0
    assert staff_client.get(panel.link).context["cl"].result_count == 0


# Settings and series ------------------------------------------------------------------------


def test_the_settings_list_shows_the_one_row_and_nobody_adds_another(staff_client):
    response = staff_client.get(reverse("admin:finance_financesettings_changelist"))

    settings = FinanceSettings.current()
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [settings]
    assert staff_client.get(reverse("admin:finance_financesettings_add")).status_code == 403
    change = staff_client.get(reverse("admin:finance_financesettings_change", args=[settings.pk]))
    assert not change.context["has_delete_permission"]


def test_a_second_default_series_of_a_kind_is_refused_with_a_message(english):
    form = InvoiceSeriesForm(
        data={
            "code": "NARIAI",
            "kind": "invoice",
            "number_width": 5,
            "is_default": True,
            "is_active": True,
        }
    )

    assert not form.is_valid()
    assert "LRBA is the default" in str(form.errors["is_default"])


def test_a_series_that_numbered_an_invoice_keeps_its_code(staff_client, library_a):
    issued_invoice(library=library_a)

    response = staff_client.get(reverse("admin:finance_invoiceseries_change", args=[series().pk]))

    assert response.status_code == 200
    assert "code" in response.context["adminform"].readonly_fields
    assert not response.context["has_delete_permission"]


def test_an_unused_series_may_be_edited_and_deleted(staff_client):
    spare = InvoiceSeries.objects.create(code="BANDYM", kind="invoice")

    response = staff_client.get(reverse("admin:finance_invoiceseries_change", args=[spare.pk]))

    assert response.context["adminform"].readonly_fields == ()
    assert response.context["has_delete_permission"]
