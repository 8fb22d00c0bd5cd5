"""Invoices under concurrency, on PostgreSQL (SQLite serialises writers by itself): fifty
invoices issued at once from one series get fifty unique, consecutive numbers; two credit
notes at once never credit more than is open; two runs of one member's fee at once issue
one invoice."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from lrba.core.tests.concurrency import POSTGRES_RACE, run_at_once
from lrba.finance.models import Invoice
from lrba.finance.services import invoices
from lrba.finance.services.fees import fee_invoice_issue
from lrba.finance.services.invoices import (
    LineInput,
    credit_note_issue,
    invoice_draft_create,
    invoice_issue,
)
from lrba.finance.tests.factories import series
from lrba.finance.tests.factories_invoices import (
    ISSUED_ON,
    fee_schedule,
    issued_invoice,
    member_library,
)

pytestmark = [*POSTGRES_RACE, pytest.mark.usefixtures("english")]


@pytest.fixture(autouse=True)
def documents(monkeypatch):
    monkeypatch.setattr(invoices, "documents_enqueue", lambda pk, *, send: None)


def test_fifty_invoices_issued_at_once_get_fifty_consecutive_numbers():
    membership = member_library()
    drafts = [
        invoice_draft_create(
            membership=membership,
            lines=[LineInput(description=f"Seminaras {n}", unit_price=Decimal("10.00"))],
            by=None,
        )
        for n in range(50)
    ]

    outcome = run_at_once(
        [
            lambda draft=draft: invoice_issue(draft, by=None, issue_date=ISSUED_ON)
            for draft in drafts
        ]
    )

    assert outcome.errors == []
    numbers = sorted(
        n for n in Invoice.objects.filter(series=series()).values_list("number", flat=True) if n
    )
    assert numbers == list(range(1, 51))
    references = set(Invoice.objects.values_list("reference", flat=True))
    assert len(references) == 50


def test_two_credit_notes_at_once_never_credit_more_than_is_open():
    invoice = issued_invoice(amount="120.00")

    outcome = run_at_once(
        [
            lambda: credit_note_issue(invoice, amount=Decimal("80.00"), reason="A", by=None)
            for _ in range(2)
        ]
    )

    assert len(outcome.results) == 1
    assert len(outcome.errors) == 1 and isinstance(outcome.errors[0], ValidationError)
    invoice.refresh_from_db()
    assert invoice.amount_credited == Decimal("80.00")


def test_one_members_fee_issued_twice_at_once_is_one_invoice():
    schedule, membership = fee_schedule(), member_library()

    outcome = run_at_once(
        [
            lambda: fee_invoice_issue(
                schedule, membership, series=series(), issue_date=ISSUED_ON, by=None
            )
            for _ in range(2)
        ]
    )

    assert outcome.errors == []
    assert sorted(result is None for result in outcome.results) == [False, True]
    assert Invoice.objects.filter(fee_schedule=schedule).count() == 1
    # The loser's rolled-back number is given back: no gap.
    assert Invoice.objects.get(fee_schedule=schedule).number == 1
