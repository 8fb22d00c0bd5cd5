"""The finance demo: the year's fee invoiced by the yearly run, statements the demo writes
as camt.053 imported and matched (in full, in part, too much, by hand, not at all), a
credit note, support received, used and given — all through the finance services."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Count
from lxml import etree

from lrba.finance import demo
from lrba.finance.models import (
    Allocation,
    BankEntry,
    Donor,
    FeeSchedule,
    Invoice,
    InvoiceRun,
    StatementImport,
    SupportGiven,
    SupportReceived,
    SupportUse,
)
from lrba.finance.reference import is_creditor_reference
from lrba.governance.models import Decision

pytestmark = pytest.mark.django_db

MODELS = [
    FeeSchedule,
    InvoiceRun,
    Invoice,
    StatementImport,
    BankEntry,
    Allocation,
    Donor,
    SupportReceived,
    SupportUse,
    SupportGiven,
]


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_the_years_fee_is_invoiced_to_the_members_by_the_yearly_run(demo_loaded):
    run = InvoiceRun.objects.get()
    assert run.status == InvoiceRun.Status.DONE
    assert run.issued > 10 and run.refused == 0
    fees = Invoice.objects.filter(fee_schedule=run.schedule).issued()
    assert fees.count() == run.issued
    numbers = sorted(n for n in fees.values_list("number", flat=True) if n is not None)
    assert numbers == list(range(1, len(numbers) + 1))  # gap-free from one
    assert all(is_creditor_reference(ref) for ref in fees.values_list("reference", flat=True))
    assert fees.filter(library__isnull=False).exclude(buyer_code="").exists()
    # Next year's fee is the demo General Meeting's decision on it, not yet invoiced.
    upcoming = FeeSchedule.objects.get(year=run.schedule.year + 1)
    decision = Decision.objects.filter(kind__code="fees", title__contains=str(upcoming.year))
    assert upcoming.decision == decision.first()
    assert upcoming.decision or upcoming.decision_reference
    assert not upcoming.invoices.exists()


def test_the_statements_leave_matched_partly_matched_and_unmatched_entries(demo_loaded):
    imports = StatementImport.objects.order_by("pk")
    assert [i.status for i in imports] == [StatementImport.Status.DONE] * 3
    # The second statement overlaps the first by a day: that entry was recorded once.
    assert imports[1].known_count == 1
    credits = BankEntry.objects.filter(direction=BankEntry.Direction.CREDIT)
    statuses = set(credits.values_list("status", flat=True))
    assert {"matched", "partly_matched", "unmatched", "ignored"} <= statuses
    methods = set(Allocation.objects.values_list("method", flat=True))
    assert {"reference", "number", "iban_amount", "manual"} <= methods
    # The overpayment's rest is kept as the member's credit.
    assert Allocation.objects.filter(invoice__isnull=True, membership__isnull=False).exists()
    # A payment of two invoices at once pays both.
    assert (
        Allocation.objects.filter(method="number")
        .values("entry")
        .annotate(n=Count("invoice"))
        .filter(n=2)
        .exists()
    )


def test_invoices_are_paid_partly_paid_cancelled_or_still_open(demo_loaded):
    statuses = set(Invoice.objects.invoices().values_list("status", flat=True))
    assert {"paid", "partly_paid", "issued", "cancelled"} <= statuses
    assert Invoice.objects.credit_notes().count() == 1
    assert Invoice.objects.overdue().exists()  # the arrears list has work
    for invoice in Invoice.objects.invoices().issued():
        paid = sum(
            (a.amount for a in invoice.allocations.filter(reversed_at__isnull=True)),
            Decimal("0.00"),
        )
        assert invoice.amount_paid == paid


def test_support_is_received_from_every_kind_of_donor_used_and_given(demo_loaded):
    kinds = set(SupportReceived.objects.values_list("donor__kind", flat=True))
    assert kinds == {"legal", "natural", "anonymous", "gpm_share"}
    assert SupportReceived.objects.filter(bank_entry__isnull=False).count() == 2
    assert SupportUse.objects.filter(is_publicity=True).exists()
    for support in SupportReceived.objects.all():
        assert sum((u.amount for u in support.uses.all()), Decimal(0)) <= support.value
    assert SupportGiven.objects.count() == 1


def test_a_second_run_creates_no_finance_rows(demo_loaded):
    before = counts()
    call_command("demo_data", "--people", "600", stdout=io.StringIO())
    assert counts() == before


def test_the_generated_statement_has_the_banks_camt053_shape():
    entry = demo.CamtEntry(
        booking_date=datetime.date(2026, 2, 3),
        amount=Decimal("120.00"),
        credit=True,
        name="Kauno apskrities viešoji biblioteka",
        iban=demo.payer_iban("x"),
        bank_reference="2026020300000001",
        reference="RF77LRBA00001",
    )
    xml = demo.camt053_document(
        account_iban=demo.DEMO_ACCOUNT,
        statement_id="S-1",
        period_from=datetime.date(2026, 2, 1),
        period_to=datetime.date(2026, 2, 28),
        entries=[entry],
    )
    root = etree.fromstring(xml)
    ns = {"c": demo.CAMT053}
    assert root.xpath("string(//c:Stmt/c:Acct/c:Id/c:IBAN)", namespaces=ns) == demo.DEMO_ACCOUNT
    assert root.xpath("//c:Bal/c:Tp/c:CdOrPrtry/c:Cd/text()", namespaces=ns) == ["OPBD", "CLBD"]
    assert root.xpath("string(//c:Bal[2]/c:Amt)", namespaces=ns) == "5120.00"
    ntry = root.xpath("//c:Ntry", namespaces=ns)[0]
    assert ntry.xpath("string(c:Amt/@Ccy)", namespaces=ns) == "EUR"
    assert ntry.xpath("string(c:CdtDbtInd)", namespaces=ns) == "CRDT"
    assert ntry.xpath("string(c:AcctSvcrRef)", namespaces=ns) == "2026020300000001"
    details = "c:NtryDtls/c:TxDtls/"
    assert ntry.xpath(f"string({details}c:RltdPties/c:DbtrAcct/c:Id/c:IBAN)", namespaces=ns)
    assert (
        ntry.xpath(f"string({details}c:RmtInf/c:Strd/c:CdtrRefInf/c:Ref)", namespaces=ns)
        == "RF77LRBA00001"
    )


def test_payer_accounts_are_valid_ibans():
    from stdnum import iban

    assert iban.is_valid(demo.payer_iban("a")) and iban.is_valid(demo.DEMO_ACCOUNT)
