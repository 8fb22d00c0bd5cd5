"""The accountant's exports: the bank's credits reconcile (matched + kept as credit +
unmatched + ignored), each sheet has its totals, the period is respected, cells are
neutralised, and only finance staff (the auditor included) read them."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from conftest import lt
from lrba.finance import exports
from lrba.finance.models import Allocation, BankEntry
from lrba.finance.tests.factories import SupportReceivedFactory, SupportUseFactory
from lrba.finance.tests.factories_portal import (
    credit_entry,
    issued_credit_note,
    issued_invoice,
    match,
)

pytestmark = pytest.mark.django_db

MARCH = exports.Period(datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))


@pytest.fixture
def march_bank(library_a, library_b):
    """March's credits: 100 paid in full; 150 paying 120 and keeping 30 as credit, 10 of
    which later paid another invoice; 80 paying 40 (the rest waits); 50 unmatched; 20
    ignored; 60 matched then undone. A debit, and credits outside March, don't count."""
    membership_a = library_a.memberships.first()
    first = issued_invoice(library=library_a, total=Decimal("100.00"))
    second = issued_invoice(library=library_a, total=Decimal("120.00"))
    third = issued_invoice(library=library_b, total=Decimal("200.00"))
    fourth = issued_invoice(library=library_a, total=Decimal("10.00"))

    match(credit_entry("100.00"), "100.00", invoice=first)
    over = credit_entry("150.00")
    match(over, "120.00", invoice=second)
    credit = match(over, "30.00", membership=membership_a)
    Allocation.objects.create(
        from_credit=credit, invoice=fourth, amount=Decimal("10.00"), method="credit"
    )
    match(credit_entry("80.00"), "40.00", invoice=third)
    credit_entry("50.00", counterparty_name='=HYPERLINK("http://x","y")')
    credit_entry("20.00", status=BankEntry.Status.IGNORED, ignored_reason="Palūkanos")
    undone = credit_entry("60.00")
    allocation = match(undone, "60.00", invoice=third)
    Allocation.objects.filter(pk=allocation.pk).update(
        reversed_at=datetime.datetime(2026, 3, 5, tzinfo=datetime.UTC)
    )
    BankEntry.objects.filter(pk=undone.pk).update(
        amount_allocated=0, status=BankEntry.Status.UNMATCHED
    )

    credit_entry("7.00", direction=BankEntry.Direction.DEBIT)
    credit_entry("999.00", booking_date=datetime.date(2026, 4, 1))
    credit_entry("888.00", booking_date=datetime.date(2026, 2, 28))


def test_the_banks_credits_reconcile_to_matched_credit_unmatched_and_ignored(march_bank):
    result = exports.reconciliation(MARCH)

    assert result.credits_count == 6
    assert result.credits_total == Decimal("460.00")
    assert result.matched == Decimal("270.00")  # 100 + 120 + 40, and 10 from the credit
    assert result.kept_as_credit == Decimal("20.00")
    assert result.unmatched == Decimal("150.00")  # 40 + 50 + the 60 undone
    assert result.ignored == Decimal("20.00")
    assert result.accounted == result.credits_total
    assert result.reconciles
    assert (result.debits_count, result.debits_total) == (1, Decimal("7.00"))


def test_a_matched_amount_disagreeing_with_the_matches_does_not_reconcile(march_bank):
    entry = BankEntry.objects.get(amount=Decimal("50.00"))
    BankEntry.objects.filter(pk=entry.pk).update(amount_allocated=Decimal("5.00"))

    result = exports.reconciliation(MARCH)

    assert not result.reconciles
    assert result.difference == Decimal("5.00")


def test_the_reconciliation_sheet_says_it_reconciles(march_bank, english):
    sheet = exports.reconciliation_sheet(exports.reconciliation(MARCH))

    rows: dict = dict(sheet.rows)
    assert rows["Payments received (bank credits)"] == Decimal("460.00")
    assert rows["Difference"] == Decimal("0.00")
    assert rows["Reconciles"] is True


def test_each_sheet_ends_with_its_totals(march_bank, library_a, english):
    issued_credit_note(
        issued_invoice(library=library_a, issue_date=datetime.date(2026, 3, 9)), Decimal("15.00")
    )
    issued_invoice(library=library_a, issue_date=datetime.date(2026, 3, 10), total=Decimal("80.00"))
    issued_invoice(library=library_a, issue_date=datetime.date(2026, 4, 10))  # after March

    invoices = list(exports.invoices_sheet(MARCH).rows)
    credit_notes = list(exports.credit_notes_sheet(MARCH).rows)
    payments = list(exports.payments_sheet(MARCH).rows)
    bank = list(exports.bank_entries_sheet(MARCH).rows)

    assert len(invoices) == 3  # the two of March and the totals
    assert invoices[-1][0] == "Total" and invoices[-1][8] == Decimal("200.00")
    assert invoices[-1][9] == Decimal("0.00")
    assert credit_notes[-1][8] == Decimal("15.00")
    # 100 + 120 + 30 kept + 40 through the bank; the 10 from the credit was applied today.
    assert payments[-1][5] == Decimal("290.00")
    assert bank[-1][3] == Decimal("460.00") and bank[-1][4] == Decimal("7.00")


def test_credit_applied_in_the_period_is_totalled_apart_from_the_banks_money(march_bank, english):
    today = timezone.localdate()
    rows = list(exports.payments_sheet(exports.Period(today, today)).rows)

    assert rows[-2][0] == "Paid from members' credit" and rows[-2][5] == Decimal("10.00")
    assert rows[-1][0] == "Total" and rows[-1][5] == Decimal("0.00")


def test_support_sheets_total_what_was_received_used_and_left(english):
    support = SupportReceivedFactory(
        received_on=datetime.date(2026, 3, 3), value=Decimal("1000.00")
    )
    SupportUseFactory(support=support, used_on=datetime.date(2026, 3, 10), amount=Decimal("250.00"))
    SupportReceivedFactory(received_on=datetime.date(2025, 3, 3))  # another year

    received = list(exports.support_received_sheet(MARCH).rows)
    used = list(exports.support_used_sheet(MARCH).rows)

    assert len(received) == 2
    assert received[-1][6:11] == [Decimal("1000.00"), "", "", Decimal("250.00"), Decimal("750.00")]
    assert used[-1][3] == Decimal("250.00")


# The page and the downloads ---------------------------------------------------------------


def _download(client, file_format: str, **params: str):
    query = {"date_from": "2026-03-01", "date_to": "2026-03-31", "format": file_format, **params}
    return client.get(reverse("finance:exports"), query)


def test_the_auditor_downloads_the_workbook_with_a_sheet_per_part(client_for, auditor, march_bank):
    response = _download(client_for(auditor), "xlsx")

    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert len(workbook.sheetnames) == len(exports.EXPORTS)
    assert lt("Reconciliation") in workbook.sheetnames


def test_formulas_typed_by_payers_reach_the_spreadsheet_as_text(client_for, auditor, march_bank):
    response = _download(client_for(auditor), "csv", parts="bank_entries")

    text = (response.content).decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert '\'=HYPERLINK("http://x","y")' in cells
    assert not any(cell.startswith("=") for cell in cells)


def test_the_page_shows_the_reconciliation_of_the_period(staff_client, march_bank):
    response = staff_client.get(
        reverse("finance:exports"), {"date_from": "2026-03-01", "date_to": "2026-03-31"}
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert lt("reconciles") in content
    assert "460,00" in content


def test_a_period_ending_before_it_begins_is_refused(staff_client):
    response = staff_client.get(
        reverse("finance:exports"),
        {"date_from": "2026-03-31", "date_to": "2026-03-01", "format": "csv"},
    )

    assert response.status_code == 400
    assert lt("The period ends before it begins.") in response.content.decode()


def test_members_cannot_open_the_exports_or_the_finance_home(client_for, alice):
    client = client_for(alice)

    assert client.get(reverse("finance:exports")).status_code == 403
    assert client.get(reverse("finance:index")).status_code == 403
