"""Two uses of one support item recorded at the same moment never spend more than its
unused balance: the item's row is locked while the balance is checked (PostgreSQL)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from lrba.core.tests.concurrency import POSTGRES_RACE, run_at_once
from lrba.finance.models import SupportUse
from lrba.finance.services.support import support_use_record
from lrba.finance.tests.factories import SupportReceivedFactory

pytestmark = [*POSTGRES_RACE, pytest.mark.usefixtures("english")]


def test_two_uses_at_once_spend_the_balance_once():
    support = SupportReceivedFactory(value=Decimal("1000.00"))

    def use():
        return support_use_record(
            support=support,
            used_on=datetime.date(2026, 3, 1),
            amount=Decimal("600.00"),
            purpose="Seminaras",
        )

    outcome = run_at_once([use, use])
    assert len(outcome.results) == 1
    [refusal] = outcome.errors
    assert isinstance(refusal, ValidationError)
    assert "Only 400.00 EUR" in refusal.message_dict["amount"][0]
    assert SupportUse.objects.filter(support=support).count() == 1
