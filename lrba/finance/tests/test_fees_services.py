"""Fees and the yearly run: what each member owes (category, proration, exemptions), one
fee invoice per member and fee however often the run goes, refusals reported per member."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from lrba.finance.models import FeeExemption, FeeRate, FeeSchedule, Invoice, InvoiceRun
from lrba.finance.services import invoices
from lrba.finance.services.fees import (
    fee_amount,
    fee_exemption_set,
    fee_invoice_issue,
    fee_rates_set,
    fee_schedule_create,
)
from lrba.finance.services.invoices import credit_note_issue
from lrba.finance.services.runs import invoice_run_start
from lrba.finance.tests.factories import series
from lrba.finance.tests.factories_invoices import (
    ISSUED_ON,
    fee_schedule,
    individual_member,
    member_library,
)
from lrba.governance.services.decisions import decision_record
from lrba.governance.tests.factories import MeetingFactory, board, decision_kind
from lrba.members.models import Library, Membership

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture(autouse=True)
def documents(monkeypatch):
    calls: list[tuple[int, bool]] = []
    monkeypatch.setattr(invoices, "documents_enqueue", lambda pk, *, send: calls.append((pk, send)))
    return calls


def _issue(schedule, membership):
    return fee_invoice_issue(schedule, membership, series=series(), issue_date=ISSUED_ON, by=None)


# What a member owes ------------------------------------------------------------------------


def test_a_library_pays_its_kinds_rate_and_a_person_the_individual_rate():
    schedule = fee_schedule()

    assert fee_amount(schedule, member_library()) == Decimal("120.00")
    assert fee_amount(schedule, member_library(kind=Library.Kind.SCHOOL)) == Decimal("30.00")
    assert fee_amount(schedule, individual_member()) == Decimal("12.00")


def test_a_category_without_a_rate_is_not_invoiced():
    schedule = fee_schedule(rates={FeeRate.Category.INDIVIDUAL: "12.00"})

    assert fee_amount(schedule, member_library()) is None


@pytest.mark.parametrize(
    ("joined", "owed"),
    [
        (datetime.date(2025, 11, 3), "100.00"),  # a member since last year pays it all
        (datetime.date(2026, 1, 20), "100.00"),  # 12 months
        (datetime.date(2026, 5, 31), "66.67"),  # 8/12 = 66.666… → 66.67
        (datetime.date(2026, 7, 1), "50.00"),  # 6/12
        (datetime.date(2026, 12, 15), "8.33"),  # 1/12 = 8.333… → 8.33
    ],
)
def test_a_member_admitted_during_the_year_pays_for_the_months_left(joined, owed):
    schedule = fee_schedule(rates={Library.Kind.MUNICIPAL_PUBLIC: "100.00"})
    membership = member_library()
    Membership.objects.filter(pk=membership.pk).update(joined_on=joined)
    membership.refresh_from_db()

    assert fee_amount(schedule, membership) == Decimal(owed)


def test_without_proration_a_new_member_pays_the_whole_years_fee():
    schedule = fee_schedule(
        rates={Library.Kind.MUNICIPAL_PUBLIC: "100.00"}, proration=FeeSchedule.Proration.NONE
    )
    membership = member_library()
    Membership.objects.filter(pk=membership.pk).update(joined_on=datetime.date(2026, 7, 1))
    membership.refresh_from_db()

    assert fee_amount(schedule, membership) == Decimal("100.00")


def test_a_member_admitted_after_the_year_owes_nothing_for_it():
    schedule = fee_schedule(year=2025)

    assert fee_amount(schedule, member_library()) == Decimal("120.00")  # joined 2020
    late = member_library()
    Membership.objects.filter(pk=late.pk).update(joined_on=datetime.date(2026, 2, 1))
    late.refresh_from_db()
    assert fee_amount(schedule, late) is None


def test_an_exemption_excuses_the_fee_or_sets_what_is_paid_instead():
    schedule = fee_schedule()
    excused, halved = member_library(), member_library()
    fee_exemption_set(schedule=schedule, membership=excused, amount=None, reason="Gaisras", by=None)
    fee_exemption_set(
        schedule=schedule,
        membership=halved,
        amount=Decimal("60.00"),
        reason="Valdybos sprendimas",
        by=None,
    )

    assert fee_amount(schedule, excused) is None
    assert fee_amount(schedule, halved) == Decimal("60.00")
    assert FeeExemption.objects.count() == 2


# One invoice per member and fee ------------------------------------------------------------


def test_a_members_fee_is_invoiced_once():
    schedule, membership = fee_schedule(name="Nario mokestis"), member_library()

    first = _issue(schedule, membership)
    second = _issue(schedule, membership)

    assert first is not None and first.total == Decimal("120.00")
    assert first.lines.get().description == "Nario mokestis 2026"
    assert second is None
    assert Invoice.objects.filter(fee_schedule=schedule).count() == 1


def test_a_fee_cancelled_by_a_credit_note_may_be_invoiced_again():
    schedule, membership = fee_schedule(), member_library()
    credit_note_issue(_issue(schedule, membership), reason="Neteisinga suma", by=None)

    again = _issue(schedule, membership)

    assert again is not None and again.number == 2


def test_the_fee_invoice_takes_the_schedules_due_date():
    schedule = fee_schedule(due_date=datetime.date(2026, 4, 30))

    assert _issue(schedule, member_library()).due_date == datetime.date(2026, 4, 30)


# The yearly run ----------------------------------------------------------------------------


def _run(schedule, django_capture_on_commit_callbacks) -> InvoiceRun:
    with django_capture_on_commit_callbacks(execute=True):
        run = invoice_run_start(schedule, series=series(), issue_date=ISSUED_ON, by=None)
    run.refresh_from_db()
    return run


def test_the_run_invoices_every_current_member_and_reports_who_it_could_not(
    django_capture_on_commit_callbacks, documents
):
    schedule = fee_schedule()
    paying = [member_library() for _ in range(3)] + [individual_member()]
    member_library(name="Kodo neturinti biblioteka", legal_entity_code="")
    exempt = member_library()
    fee_exemption_set(schedule=schedule, membership=exempt, amount=None, reason="Gaisras", by=None)
    ended = member_library()
    Membership.objects.filter(pk=ended.pk).update(
        status=Membership.Status.ENDED,
        ended_on=datetime.date(2025, 12, 31),
        end_reason=Membership.EndReason.LEFT,
    )

    run = _run(schedule, django_capture_on_commit_callbacks)

    assert run.status == InvoiceRun.Status.DONE
    assert (run.total, run.issued, run.skipped, run.refused) == (6, 4, 1, 1)
    assert run.problems[0]["member"] == "Kodo neturinti biblioteka"
    assert "has no legal-entity code" in run.problems[0]["message"]
    invoiced = set(Invoice.objects.filter(run=run).values_list("membership_id", flat=True))
    assert invoiced == {membership.pk for membership in paying}
    assert len(documents) == 4
    numbers = sorted(n for n in Invoice.objects.values_list("number", flat=True) if n)
    assert numbers == [1, 2, 3, 4]


def test_running_the_year_twice_issues_nothing_new(django_capture_on_commit_callbacks):
    schedule = fee_schedule()
    for _ in range(3):
        member_library()
    _run(schedule, django_capture_on_commit_callbacks)

    second = _run(schedule, django_capture_on_commit_callbacks)

    assert (second.issued, second.skipped) == (0, 3)
    assert Invoice.objects.count() == 3


def test_a_second_run_is_refused_while_one_is_waiting():
    schedule = fee_schedule()
    invoice_run_start(schedule, series=series(), issue_date=ISSUED_ON, by=None)

    with pytest.raises(ValidationError, match="already being issued"):
        invoice_run_start(schedule, series=series(), issue_date=ISSUED_ON, by=None)


def test_a_run_needs_amounts():
    schedule = fee_schedule(rates={})
    FeeRate.objects.filter(schedule=schedule).delete()

    with pytest.raises(ValidationError, match="no amounts yet"):
        invoice_run_start(schedule, series=series(), issue_date=ISSUED_ON, by=None)


# The schedule ------------------------------------------------------------------------------


def test_a_fee_names_the_general_meetings_decision_or_its_reference():
    with pytest.raises(ValidationError, match="Name the General Meeting's decision"):
        fee_schedule_create(
            schedule=FeeSchedule(year=2027, name="Nario mokestis"), rates={}, by=None
        )

    schedule = fee_schedule_create(
        schedule=FeeSchedule(
            year=2027, name="Nario mokestis", decision_reference="VNS 2026-04-18 Nr. 3"
        ),
        rates={Library.Kind.MUNICIPAL_PUBLIC: Decimal("150.00"), Library.Kind.SCHOOL: None},
        by=None,
    )
    assert list(schedule.rates.values_list("category", "amount")) == [
        (Library.Kind.MUNICIPAL_PUBLIC, Decimal("150.00"))
    ]


def test_a_board_decision_cannot_set_the_fee():
    meeting = MeetingFactory(body=board(), reference="V-2026-1")
    decision = decision_record(
        body=meeting.body,
        kind=decision_kind(),
        title="Dėl mokesčio",
        text="Nustatyti.",
        adopted_on=datetime.date(2026, 4, 20),
        meeting=meeting,
    )

    with pytest.raises(ValidationError, match="set by the General Meeting"):
        fee_schedule_create(
            schedule=FeeSchedule(year=2027, name="Nario mokestis", decision=decision),
            rates={},
            by=None,
        )


def test_rates_no_longer_change_once_invoices_are_issued():
    schedule = fee_schedule()
    fee_rates_set(schedule=schedule, rates={Library.Kind.SCHOOL: Decimal("35.00")}, by=None)
    _issue(schedule, member_library())

    with pytest.raises(ValidationError, match="rates no longer change"):
        fee_rates_set(schedule=schedule, rates={Library.Kind.SCHOOL: Decimal("40.00")}, by=None)
    assert schedule.rates.get(category=Library.Kind.SCHOOL).amount == Decimal("35.00")
