"""The support reports: FR0478 figures, FR0477, PLN203 and the Associations Law
Art. 10(3) donor list with its exemption test; their CSV and XLSX forms."""

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from lrba.core.tables import table_csv, table_xlsx
from lrba.finance import reports
from lrba.finance.models import FinanceSettings, SupportReceived
from lrba.finance.tests.factories import DonorFactory, SupportReceivedFactory, SupportUseFactory
from lrba.finance.tests.factories_support import (
    NaturalDonorFactory,
    SupportGivenFactory,
    anonymous_donor,
    gpm_share_donor,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

D = Decimal


# Associations Law Art. 10(3) --------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "total", "left_out"),
    [
        ("4600.00", "100000.00", True),  # = 2 wages and under 10 %
        ("4600.01", "100000.00", False),  # over 2 wages
        ("2000.00", "20000.00", True),  # = 10 % and under 2 wages
        ("2000.01", "20000.00", False),  # over 10 %, under 2 wages
        ("5000.00", "20000.00", False),  # over both
    ],
)
def test_a_legal_person_donor_may_be_left_out_only_under_both_limits(value, total, left_out):
    exempt, reason = reports.art10_exemption(
        D(value), total_support=D(total), average_monthly_wage=D("2300.00")
    )
    assert exempt is left_out
    assert reason.startswith("May be left out" if left_out else "Must be listed")


def test_the_donor_list_tests_each_legal_person_against_the_years_support_and_the_wage():
    settings = FinanceSettings.current()
    settings.average_monthly_wage = D("2000.00")
    settings.save()
    small, large = DonorFactory(name="UAB Mažas"), DonorFactory(name="UAB Didelis")
    SupportReceivedFactory(donor=small, value=D("3000.00"), received_on=datetime.date(2026, 2, 1))
    SupportReceivedFactory(donor=large, value=D("30000.00"), received_on=datetime.date(2026, 3, 1))
    SupportReceivedFactory(
        donor=large,
        object=SupportReceived.Object.GOODS,
        valuation="Sąskaita",
        value=D("1000.00"),
        received_on=datetime.date(2026, 3, 1),
    )
    SupportReceivedFactory(
        donor=NaturalDonorFactory(), value=D("6000.00"), received_on=datetime.date(2026, 4, 1)
    )
    SupportReceivedFactory(donor=large, value=D("99999.00"), received_on=datetime.date(2025, 3, 1))
    note = reports.donor_note(2026)
    assert note.total_support == D("40000.00")
    assert (note.wage_limit, note.share_limit) == (D("4000.00"), D("4000.00"))
    by_donor = {row.donor.pk: row for row in note.rows}
    assert by_donor[small.pk].may_be_left_out  # 3,000 ≤ 4,000 and ≤ 4,000
    assert not by_donor[large.pk].may_be_left_out
    assert by_donor[large.pk].value == D("31000.00")
    assert {label for label, _v in by_donor[large.pk].objects} == {
        "Money",
        "Goods or other property",
    }
    assert note.listed == [by_donor[large.pk]]
    assert [kind for kind, _v in note.other_support] == ["Natural person"]


# FR0478 -------------------------------------------------------------------------------------


def test_fr0478_gives_received_used_and_unused_by_donor_type_object_and_donor():
    company = DonorFactory()
    old = SupportReceivedFactory(
        donor=company, value=D("1000.00"), received_on=datetime.date(2025, 6, 1)
    )
    SupportUseFactory(support=old, amount=D("300.00"), used_on=datetime.date(2025, 7, 1))
    new = SupportReceivedFactory(
        donor=company, value=D("2000.00"), received_on=datetime.date(2026, 2, 1)
    )
    SupportUseFactory(
        support=new,
        amount=D("150.00"),
        used_on=datetime.date(2026, 3, 1),
        is_publicity=True,
    )
    SupportUseFactory(
        support=old,
        amount=D("500.00"),
        used_on=datetime.date(2026, 3, 1),
        final_recipient="VšĮ Skaitymo namai",
    )
    SupportReceivedFactory(
        donor=anonymous_donor(), value=D("40.00"), received_on=datetime.date(2026, 5, 1)
    )
    SupportReceivedFactory(
        donor=gpm_share_donor(),
        object=SupportReceived.Object.GPM_SHARE,
        value=D("260.00"),
        received_on=datetime.date(2026, 9, 1),
    )
    report = reports.fr0478(2026)
    assert report.unused_at_start == D("700.00")
    assert report.received_total == D("2300.00")
    assert report.received[("legal", "money")] == D("2000.00")
    assert report.received[("gpm_share", "gpm_share")] == D("260.00")
    assert report.used_total == D("650.00")
    assert (report.publicity, report.passed_on) == (D("150.00"), D("500.00"))
    assert report.unused_at_end == D("2350.00")
    [row] = report.donors
    assert (row.donor, row.received, row.used, row.unused_at_end) == (
        company,
        D("2000.00"),
        D("650.00"),
        D("2050.00"),
    )
    workbook = load_workbook(io.BytesIO(table_xlsx(*reports.fr0478_sheets(report))))
    assert workbook.sheetnames == ["Summary", "Received", "Donors", "Uses"]
    received = list(workbook["Received"].iter_rows(values_only=True))
    assert received[-1][0] == "Total" and received[-1][-1] == 2300


def test_user_entered_text_reaches_the_spreadsheet_as_text_never_as_a_formula():
    donor = DonorFactory(name='=HYPERLINK("http://x","y")')
    support = SupportReceivedFactory(donor=donor, received_on=datetime.date(2026, 2, 1))
    SupportUseFactory(support=support, purpose="+SUM(A1:A9)", used_on=datetime.date(2026, 3, 1))
    content = table_csv(*reports.fr0478_sheets(reports.fr0478(2026))).decode("utf-8-sig")
    assert "'=HYPERLINK" in content
    assert "'+SUM(A1:A9)" in content
    assert ",=HYPERLINK" not in content


# FR0477 and PLN203 ---------------------------------------------------------------------------


def test_fr0477_lists_the_years_support_given_with_a_total():
    SupportGivenFactory(value=D("500.00"))
    SupportGivenFactory(value=D("250.00"), kind="charity", given_on=datetime.date(2026, 8, 1))
    SupportGivenFactory(value=D("999.00"), given_on=datetime.date(2025, 8, 1))
    report = reports.fr0477(2026)
    assert report.total == D("750.00")
    assert dict(report.totals_by_kind()) == {"charity": D("250.00"), "support": D("500.00")}
    rows = list(reports.fr0477_sheets(report)[0].rows)
    assert rows[-1][7] == D("750.00")


def test_pln203_sheet_names_the_donor_with_its_code_and_sums():
    donor = DonorFactory(code="304555555")
    SupportReceivedFactory(donor=donor, value=D("16000.00"), received_on=datetime.date(2026, 4, 3))
    [sheet] = reports.pln203_sheets(reports.pln203(2026, 4))
    [row] = list(sheet.rows)
    assert row[2:6] == ["304555555", D("16000.00"), D("16000.00"), True]
