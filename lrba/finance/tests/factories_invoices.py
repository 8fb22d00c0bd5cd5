"""Builders for the invoice and fee tests: members with or without a legal-entity code,
a fee with its rates, and issued invoices made through the services."""

import datetime
from decimal import Decimal

from lrba.finance.models import FeeRate, FeeSchedule, Invoice
from lrba.finance.services import invoices
from lrba.finance.tests.factories import FeeScheduleFactory
from lrba.members.models import Library, Membership
from lrba.members.tests.factories import LibraryFactory, MembershipFactory, PersonFactory

ISSUED_ON = datetime.date(2026, 3, 2)


def member_library(**library_fields) -> Membership:
    """An active membership of a municipal public library (with a legal-entity code
    unless `legal_entity_code=""`)."""
    return MembershipFactory(library=LibraryFactory(**library_fields))


def individual_member(**person_fields) -> Membership:
    return MembershipFactory(library=None, person=PersonFactory(**person_fields))


def fee_schedule(*, rates: dict[str, str] | None = None, year: int = 2026, **fields) -> FeeSchedule:
    schedule = FeeScheduleFactory(year=year, **fields)
    rates = rates or {
        Library.Kind.MUNICIPAL_PUBLIC: "120.00",
        Library.Kind.SCHOOL: "30.00",
        FeeRate.Category.INDIVIDUAL: "12.00",
    }
    for category, amount in rates.items():
        FeeRate.objects.create(schedule=schedule, category=category, amount=Decimal(amount))
    return schedule


def issued_invoice(
    membership: Membership | None = None,
    *,
    amount: str = "120.00",
    by=None,
    issue_date: datetime.date = ISSUED_ON,
) -> Invoice:
    membership = membership or member_library()
    draft = invoices.invoice_draft_create(
        membership=membership,
        lines=[invoices.LineInput(description="Nario mokestis 2026", unit_price=Decimal(amount))],
        by=by,
    )
    return invoices.invoice_issue(draft, by=by, issue_date=issue_date)
