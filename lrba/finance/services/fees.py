"""Membership fees (issue 10, point 1): the schedule the General Meeting set, what each
member owes under it, and issuing one member's fee invoice exactly once.

The one-invoice guarantee is the database's: the constraint
`finance_one_live_fee_invoice_per_member` allows one invoice per member and fee that is
not cancelled. `fee_invoice_issue` checks first (the usual case: nothing to do) and, when
two runs race past the check, the second insert fails in its savepoint and is reported as
"already invoiced" — never a second invoice.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lrba.core.audit import acting_as
from lrba.finance import money
from lrba.finance.models import FeeExemption, FeeRate, FeeSchedule, Invoice, InvoiceSeries
from lrba.finance.services import invoices
from lrba.governance.models import Body, Decision
from lrba.members.models import Membership

ZERO = money.ZERO


def membership_category(membership: Membership) -> str:
    """The fee category of a member: its library's kind, or "individual" for a person."""
    if membership.library is not None:
        return membership.library.kind
    return FeeRate.Category.INDIVIDUAL


def fee_amount(schedule: FeeSchedule, membership: Membership) -> Decimal | None:
    """What `membership` owes under `schedule`, or None when it is not invoiced (exempt,
    no rate for its category, admitted after the year, or nothing to pay).

    An exemption's amount replaces the rate as it is. Under monthly proration a member
    admitted during the schedule's year pays rate × months left (counting the month of
    admission) / 12, rounded to cents."""
    exemption = FeeExemption.objects.filter(schedule=schedule, membership=membership).first()
    if exemption is not None:
        if exemption.amount is None or exemption.amount <= ZERO:
            return None
        return money.round_money(exemption.amount)
    rate = FeeRate.objects.filter(
        schedule=schedule, category=membership_category(membership)
    ).first()
    if rate is None:
        return None
    amount = rate.amount
    joined = membership.joined_on
    if joined is not None and joined.year > schedule.year:
        return None
    if (
        schedule.proration == FeeSchedule.Proration.MONTHLY
        and joined is not None
        and joined.year == schedule.year
    ):
        months_left = 12 - joined.month + 1
        amount = amount * months_left / 12
    amount = money.round_money(amount)
    return amount if amount > ZERO else None


def fee_line_description(schedule: FeeSchedule, language: str) -> str:
    name = schedule.name_en if language == "en" and schedule.name_en else schedule.name
    return f"{name} {schedule.year}"


def live_fee_invoice(schedule: FeeSchedule, membership: Membership) -> Invoice | None:
    return (
        Invoice.objects.filter(
            fee_schedule=schedule, membership=membership, kind=Invoice.Kind.INVOICE
        )
        .exclude(status=Invoice.Status.CANCELLED)
        .first()
    )


def fee_invoice_issue(
    schedule: FeeSchedule,
    membership: Membership,
    *,
    series: InvoiceSeries,
    issue_date: datetime.date,
    by: Any,
    run: Any = None,
    send: bool = True,
) -> Invoice | None:
    """Issue `membership`'s invoice for `schedule`; None when it already has a live one
    (also when a concurrent run got there first) or owes nothing. Refusals (a library
    without a legal-entity code) raise ValidationError and leave nothing behind."""
    if live_fee_invoice(schedule, membership) is not None:
        return None
    amount = fee_amount(schedule, membership)
    if amount is None:
        return None
    language = invoices.buyer_language(library=membership.library, person=membership.person)
    try:
        with transaction.atomic():
            draft = invoices.invoice_draft_create(
                membership=membership,
                lines=[
                    invoices.LineInput(
                        description=fee_line_description(schedule, language), unit_price=amount
                    )
                ],
                by=by,
                due_date=schedule.due_date,
                fee_schedule=schedule,
                series=series,
            )
            if run is not None:
                draft.run = run
                draft.save(update_fields=["run"])
            return invoices.invoice_issue(draft, by=by, issue_date=issue_date, send=send)
    except IntegrityError:
        if live_fee_invoice(schedule, membership) is not None:
            return None
        raise


# The schedule ------------------------------------------------------------------------------


def general_meeting_decisions():
    return Decision.objects.filter(body__kind=Body.Kind.GENERAL_MEETING).order_by(
        "-adopted_on", "-sequence"
    )


def _decision_check(schedule: FeeSchedule) -> None:
    if schedule.decision is None and not schedule.decision_reference.strip():
        raise ValidationError(
            _("Name the General Meeting's decision that set the fee, or give its reference."),
            code="decision_missing",
        )
    if schedule.decision is not None and schedule.decision.body.kind != Body.Kind.GENERAL_MEETING:
        raise ValidationError(
            _("Membership fees are set by the General Meeting: choose one of its decisions."),
            code="decision_not_general_meeting",
        )


def _has_invoices(schedule: FeeSchedule) -> bool:
    return (
        Invoice.objects.filter(fee_schedule=schedule).exclude(status=Invoice.Status.DRAFT).exists()
    )


@transaction.atomic
def fee_schedule_create(
    *, schedule: FeeSchedule, rates: dict[str, Decimal | None], by: Any
) -> FeeSchedule:
    """Save a new fee schedule (fields set on the unsaved `schedule`) with its rates per
    category (None: the category is not invoiced)."""
    _decision_check(schedule)
    with acting_as(by):
        schedule.full_clean()
        schedule.save()
        _rates_write(schedule, rates)
    return schedule


def _rates_write(schedule: FeeSchedule, rates: dict[str, Decimal | None]) -> None:
    for category, amount in rates.items():
        if category not in FeeRate.Category.values:
            raise ValidationError(_("Unknown member category."))
        if amount is None:
            FeeRate.objects.filter(schedule=schedule, category=category).delete()
            continue
        amount = money.money_parse(amount)
        if amount < ZERO:
            raise ValidationError(_("A fee cannot be negative."))
        rate = FeeRate.objects.filter(schedule=schedule, category=category).first()
        rate = rate or FeeRate(schedule=schedule, category=category)
        rate.amount = amount
        rate.full_clean()
        rate.save()


def fee_rates_set(*, schedule: FeeSchedule, rates: dict[str, Decimal | None], by: Any) -> None:
    """Change the rates of a schedule; refused once any invoice of it has been issued (the
    invoices would no longer agree with it: credit them first)."""
    with transaction.atomic(), acting_as(by):
        schedule = FeeSchedule.objects.select_for_update().get(pk=schedule.pk)
        if _has_invoices(schedule):
            raise ValidationError(
                _(
                    "Invoices of this fee have been issued, so its rates no longer change. "
                    "To correct a member's fee, issue a credit note and a new invoice."
                ),
                code="rates_final",
            )
        _rates_write(schedule, rates)


def fee_exemption_set(
    *,
    schedule: FeeSchedule,
    membership: Membership,
    amount: Decimal | None,
    reason: str,
    by: Any,
) -> FeeExemption:
    """Excuse a member from the fee (amount None) or set what it pays instead. An
    exemption applies to invoices not yet issued; an issued one is corrected by a credit
    note."""
    with transaction.atomic(), acting_as(by):
        exemption = FeeExemption.objects.filter(schedule=schedule, membership=membership).first()
        exemption = exemption or FeeExemption(schedule=schedule, membership=membership)
        exemption.amount = None if amount is None else money.money_parse(amount)
        exemption.reason = reason.strip()
        exemption.full_clean()
        exemption.save()
    return exemption


def fee_exemption_remove(*, exemption: FeeExemption, by: Any) -> None:
    with transaction.atomic(), acting_as(by):
        exemption.delete()
