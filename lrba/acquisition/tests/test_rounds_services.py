"""Opening a prepared round (`round_open`): it opens only when complete, and a refusal
names everything missing at once and changes nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lrba.acquisition.models import Round
from lrba.acquisition.services.rounds import round_open
from lrba.acquisition.tests.factories import (
    DiscountTierFactory,
    RoundBudgetFactory,
    RoundFactory,
    SupplierFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _draft(**fields):
    round_ = RoundFactory(status=Round.Status.DRAFT, suppliers=[SupplierFactory()], **fields)
    RoundBudgetFactory(round=round_)
    return round_


def test_a_complete_draft_opens(staff_user):
    round_ = _draft()
    DiscountTierFactory(round=round_, min_copies=10, discount_percent=Decimal("3"))
    DiscountTierFactory(round=round_, min_copies=100, discount_percent=Decimal("7"))

    round_open(round=round_, user=staff_user)

    assert Round.objects.get(pk=round_.pk).status == Round.Status.OPEN
    assert round_.status == Round.Status.OPEN


def test_a_draft_without_suppliers_or_budgets_is_told_both(staff_user):
    round_ = RoundFactory(status=Round.Status.DRAFT)

    with pytest.raises(ValidationError) as refusal:
        round_open(round=round_, user=staff_user)

    assert len(refusal.value.messages) == 2
    assert Round.objects.get(pk=round_.pk).status == Round.Status.DRAFT


def test_a_draft_whose_closing_time_passed_stays_a_draft(staff_user):
    round_ = _draft(
        opens_at=timezone.now() - dt.timedelta(days=10),
        closes_at=timezone.now() - dt.timedelta(days=1),
    )

    with pytest.raises(ValidationError, match="closing time"):
        round_open(round=round_, user=staff_user)
    assert Round.objects.get(pk=round_.pk).status == Round.Status.DRAFT


def test_a_higher_tier_must_give_a_larger_discount(staff_user):
    round_ = _draft()
    DiscountTierFactory(round=round_, min_copies=10, discount_percent=Decimal("5"))
    DiscountTierFactory(round=round_, min_copies=50, discount_percent=Decimal("5"))

    with pytest.raises(ValidationError, match="larger discount"):
        round_open(round=round_, user=staff_user)


@pytest.mark.parametrize("status", [Round.Status.OPEN, Round.Status.CLOSED])
def test_only_a_draft_opens(staff_user, status):
    round_ = RoundFactory(status=status)

    with pytest.raises(ValidationError, match="being prepared"):
        round_open(round=round_, user=staff_user)
    assert Round.objects.get(pk=round_.pk).status == status
