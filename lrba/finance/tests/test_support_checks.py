"""The checks of the support accounts (Law on Charity and Support, Facts §2): publicity
over 10 % per donor, support unused for nearly 3 years, the PLN203 trigger per month,
and the 1.2 % share against the member register's NGO one-third test."""

import datetime
from decimal import Decimal

import pytest

from lrba.finance.models import SupportReceived
from lrba.finance.selectors import support as selectors
from lrba.finance.tests.factories import DonorFactory, SupportReceivedFactory, SupportUseFactory
from lrba.finance.tests.factories_support import (
    NaturalDonorFactory,
    anonymous_donor,
    gpm_share_donor,
)
from lrba.members.models import Library
from lrba.members.tests.factories import LibraryFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db

D = Decimal


# Publicity ---------------------------------------------------------------------------------


def test_publicity_up_to_10_percent_of_a_donors_support_is_within_the_cap():
    donor = DonorFactory()
    first = SupportReceivedFactory(donor=donor, value=D("1000.00"))
    SupportReceivedFactory(donor=donor, value=D("1000.00"))
    SupportUseFactory(support=first, amount=D("200.00"), is_publicity=True)
    SupportUseFactory(support=first, amount=D("500.00"), is_publicity=False)
    assert selectors.publicity_over_cap() == []


def test_publicity_over_10_percent_of_a_donors_support_is_flagged_with_the_excess():
    donor, other = DonorFactory(), DonorFactory()
    support = SupportReceivedFactory(donor=donor, value=D("1000.00"))
    SupportReceivedFactory(donor=other, value=D("50000.00"))
    SupportUseFactory(support=support, amount=D("100.01"), is_publicity=True)
    [row] = selectors.publicity_over_cap()
    assert row.donor == donor
    assert (row.publicity_cap, row.publicity_excess) == (D("100.00"), D("0.01"))


# Unused for nearly 3 years -----------------------------------------------------------------


def test_support_is_warned_of_from_2_years_9_months_unused():
    support = SupportReceivedFactory(received_on=datetime.date(2024, 2, 10), value=D("900.00"))
    SupportUseFactory(support=support, used_on=datetime.date(2024, 3, 1), amount=D("400.00"))
    assert selectors.support_unused_ageing(on=datetime.date(2026, 11, 9)) == []
    [row] = selectors.support_unused_ageing(on=datetime.date(2026, 11, 10))
    assert (row.support, row.unused) == (support, D("500.00"))
    assert row.deadline == datetime.date(2027, 2, 10)
    assert not row.overdue
    assert selectors.support_unused_ageing(on=datetime.date(2027, 2, 10))[0].overdue


def test_support_used_up_or_lent_for_use_is_not_warned_of():
    used_up = SupportReceivedFactory(received_on=datetime.date(2023, 1, 5), value=D("100.00"))
    SupportUseFactory(support=used_up, used_on=datetime.date(2023, 2, 1), amount=D("100.00"))
    SupportReceivedFactory(
        received_on=datetime.date(2023, 1, 5),
        object=SupportReceived.Object.LOAN_FOR_USE,
        valuation="Rinkos kaina",
    )
    assert selectors.support_unused_ageing(on=datetime.date(2026, 11, 1)) == []


def test_months_are_added_to_the_last_day_of_a_short_month():
    assert selectors.months_add(datetime.date(2024, 5, 31), 33) == datetime.date(2027, 2, 28)
    assert selectors.months_add(datetime.date(2024, 2, 29), 36) == datetime.date(2027, 2, 28)


# PLN203 -----------------------------------------------------------------------------------


def _give(donor, day, value):
    return SupportReceivedFactory(donor=donor, received_on=day, value=D(value))


def test_pln203_names_a_donor_the_month_it_goes_over_15000_and_every_later_month_it_gives():
    donor = DonorFactory()
    _give(donor, datetime.date(2025, 12, 20), "20000.00")  # last year: not counted
    _give(donor, datetime.date(2026, 1, 15), "10000.00")
    _give(donor, datetime.date(2026, 2, 15), "5000.00")  # exactly 15,000: not over
    _give(donor, datetime.date(2026, 3, 2), "0.01")  # over: March
    _give(donor, datetime.date(2026, 5, 9), "100.00")  # gives again: May
    months = selectors.pln203_year(2026)
    assert [m.month for m in months] == [3, 5]
    march, may = months
    assert march.rows[0].crossed_this_month
    assert march.rows[0].total_since_january == D("15000.01")
    assert march.due_on == datetime.date(2026, 4, 15)
    assert not may.rows[0].crossed_this_month
    assert (may.rows[0].received_in_month, may.rows[0].total_since_january) == (
        D("100.00"),
        D("15100.01"),
    )
    assert selectors.pln203_month(2026, 4).rows == []


def test_pln203_counts_each_donor_apart_and_leaves_out_anonymous_support_and_the_share():
    _give(DonorFactory(), datetime.date(2026, 1, 5), "8000.00")
    _give(DonorFactory(), datetime.date(2026, 1, 5), "8000.00")
    _give(anonymous_donor(), datetime.date(2026, 1, 5), "20000.00")
    SupportReceivedFactory(
        donor=gpm_share_donor(),
        object=SupportReceived.Object.GPM_SHARE,
        received_on=datetime.date(2026, 1, 5),
        value=D("20000.00"),
    )
    person = NaturalDonorFactory()
    _give(person, datetime.date(2026, 1, 5), "15000.01")
    [january] = selectors.pln203_year(2026)
    assert [row.donor for row in january.rows] == [person]


# The 1.2 % share and the NGO test ----------------------------------------------------------


def _share(year=2026, value="350.00"):
    return SupportReceivedFactory(
        donor=gpm_share_donor(),
        object=SupportReceived.Object.GPM_SHARE,
        received_on=datetime.date(year, 6, 1),
        value=D(value),
    )


def test_the_share_is_flagged_when_budgetary_libraries_hold_over_a_third_of_the_members():
    MembershipFactory()  # a budgetary library: not an NGO
    MembershipFactory(person=PersonFactory(), library=None)
    MembershipFactory(person=PersonFactory(), library=None)
    MembershipFactory()  # two of four: over one third
    _share()
    [check] = selectors.gpm_share_checks(on=datetime.date(2026, 11, 1))
    assert check.ngo_test_fails is True
    assert check.flagged
    assert check.received == D("350.00")
    assert selectors.support_checks(on=datetime.date(2026, 11, 1)).gpm_flagged == [check]


def test_the_share_is_not_flagged_while_non_ngo_members_are_a_third_or_less():
    MembershipFactory()  # one budgetary library of three: exactly one third
    MembershipFactory(person=PersonFactory(), library=None)
    MembershipFactory(person=PersonFactory(), library=None)
    _share()
    [check] = selectors.gpm_share_checks(on=datetime.date(2026, 11, 1))
    assert check.ngo_test_fails is False
    assert not check.flagged


def test_the_share_is_flagged_while_the_ngo_test_cannot_be_computed():
    MembershipFactory(library=LibraryFactory(legal_form=""))
    for _n in range(3):
        MembershipFactory(person=PersonFactory(), library=None)
    _share()
    [check] = selectors.gpm_share_checks(on=datetime.date(2026, 11, 1))
    assert check.ngo_test_fails is None
    assert check.flagged


def test_the_share_received_before_2025_is_not_tested():
    MembershipFactory(library=LibraryFactory(legal_form=Library.LegalForm.BUDGETARY))
    _share(year=2024)
    assert selectors.gpm_share_checks(on=datetime.date(2026, 11, 1)) == []


def test_in_january_the_checks_still_show_decembers_pln203_report_until_it_is_due():
    donor = DonorFactory()
    _give(donor, datetime.date(2025, 12, 3), "15500.00")
    on_time = selectors.support_checks(on=datetime.date(2026, 1, 15))
    assert [(m.year, m.month) for m in on_time.pln203] == [(2025, 12)]
    assert selectors.support_checks(on=datetime.date(2026, 1, 16)).pln203 == []
