"""Invoices and credit notes: issuing numbers them gap-free with an RF reference and the
buyer as the register says; a library without a legal-entity code is refused; totals
round the EN 16931 way; an issued invoice is final; a credit note never credits more than
is open."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from lrba.finance.models import Allocation, FinanceSettings, Invoice
from lrba.finance.reference import creditor_reference
from lrba.finance.services import invoices
from lrba.finance.services.invoices import (
    LineInput,
    credit_note_issue,
    invoice_delete_refuse,
    invoice_draft_create,
    invoice_draft_delete,
    invoice_edit_refuse,
    invoice_issue,
)
from lrba.finance.services.settlement import invoice_settlement_refresh
from lrba.finance.tests.factories import BankEntryFactory
from lrba.finance.tests.factories_invoices import (
    ISSUED_ON,
    individual_member,
    issued_invoice,
    member_library,
)
from lrba.members.tests.factories import EmploymentFactory, PersonFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture(autouse=True)
def documents(monkeypatch):
    """The documents (PDF, e-mail) are part B's: record what would be drawn."""
    calls: list[tuple[int, bool]] = []
    monkeypatch.setattr(invoices, "documents_enqueue", lambda pk, *, send: calls.append((pk, send)))
    return calls


def _draft(membership=None, *lines: LineInput, **kwargs) -> Invoice:
    membership = membership or member_library()
    lines = lines or (LineInput(description="Nario mokestis 2026", unit_price=Decimal("120.00")),)
    return invoice_draft_create(membership=membership, lines=list(lines), by=None, **kwargs)


def test_issuing_numbers_the_invoice_and_sets_its_reference_buyer_totals_and_due_date():
    settings = FinanceSettings.current()
    settings.issuer_name, settings.issuer_position = "Rūta Sekretorė", "vykdomoji direktorė"
    settings.save()
    membership = member_library(name="Akmenės rajono savivaldybės viešoji biblioteka")

    invoice = invoice_issue(_draft(membership), by=None, issue_date=ISSUED_ON)

    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.ISSUED
    assert invoice.number == 1
    assert invoice.display_number == "LRBA-00001"
    assert invoice.reference == creditor_reference("LRBA", 1)
    assert invoice.buyer_name == "Akmenės rajono savivaldybės viešoji biblioteka"
    assert invoice.buyer_code == membership.library.legal_entity_code
    assert invoice.total == Decimal("120.00") and invoice.total_vat == Decimal("0.00")
    assert invoice.due_date == ISSUED_ON + datetime.timedelta(days=30)
    assert (invoice.issuer_name, invoice.issuer_position) == (
        "Rūta Sekretorė",
        "vykdomoji direktorė",
    )
    assert invoice.issued_at is not None


def test_numbers_follow_each_other_in_the_series():
    numbers = [issued_invoice().number for _ in range(3)]

    assert numbers == [1, 2, 3]


def test_the_documents_are_drawn_after_the_invoice_is_issued(
    documents, django_capture_on_commit_callbacks
):
    draft = _draft()

    with django_capture_on_commit_callbacks(execute=True):
        invoice_issue(draft, by=None, send=False)

    assert documents == [(draft.pk, False)]


def test_an_invoice_is_issued_in_the_language_of_the_librarys_representative():
    membership = member_library()
    director = PersonFactory(user=UserFactory(language="en"))
    EmploymentFactory(person=director, library=membership.library, is_director=True)

    invoice = invoice_issue(_draft(membership), by=None)

    assert invoice.language == "en"


def test_a_library_without_a_legal_entity_code_is_refused_with_a_clear_message_and_no_number():
    membership = member_library(name="Kodo neturinti biblioteka", legal_entity_code="")
    draft = _draft(membership)

    with pytest.raises(ValidationError) as refusal:
        invoice_issue(draft, by=None)

    assert "Kodo neturinti biblioteka has no legal-entity code" in refusal.value.messages[0]
    draft.refresh_from_db()
    assert draft.status == Invoice.Status.DRAFT and draft.number is None
    assert issued_invoice().number == 1  # the refusal took no number


def test_an_individual_member_is_invoiced_without_a_code():
    membership = individual_member(first_name="Ona", last_name="Onaitė", email="ona@example.lt")

    invoice = invoice_issue(_draft(membership), by=None)

    assert invoice.buyer_name == "Ona Onaitė"
    assert invoice.buyer_code == ""
    assert invoice.buyer_email == "ona@example.lt"


def test_an_invoice_is_issued_once():
    invoice = issued_invoice()

    with pytest.raises(ValidationError, match="already been issued"):
        invoice_issue(invoice, by=None)


def test_lines_round_half_away_from_zero_and_the_total_is_their_sum():
    draft = _draft(
        None,
        LineInput(description="A", quantity=Decimal("1.5"), unit_price=Decimal("0.05")),
        LineInput(description="B", quantity=Decimal("2.5"), unit_price=Decimal("0.33")),
    )

    invoice = invoice_issue(draft, by=None)

    assert [line.net_amount for line in invoice.lines.all()] == [Decimal("0.08"), Decimal("0.83")]
    assert invoice.total == Decimal("0.91")


def test_a_vat_payer_charges_vat_once_per_rate_on_the_sum_of_lines():
    settings = FinanceSettings.current()
    settings.vat_payer, settings.vat_rate = True, Decimal("21.00")
    settings.save()
    draft = _draft(
        None,
        LineInput(description="A", unit_price=Decimal("0.07")),
        LineInput(description="B", unit_price=Decimal("0.07")),
    )

    invoice = invoice_issue(draft, by=None)

    # 0.14 × 21 % = 0.0294 → 0.03 (per line it would be 0.01 + 0.01).
    assert (invoice.total_net, invoice.total_vat, invoice.total) == (
        Decimal("0.14"),
        Decimal("0.03"),
        Decimal("0.17"),
    )
    assert invoice.vat_payer


def test_a_non_vat_payer_issues_no_vat_lines():
    invoice = issued_invoice()

    assert not invoice.vat_payer
    assert all(line.vat_rate is None for line in invoice.lines.all())


def test_a_price_with_a_third_decimal_is_refused():
    with pytest.raises(ValidationError, match="more than two decimal places"):
        _draft(None, LineInput(description="A", unit_price=Decimal("10.005")))


def test_an_invoice_with_nothing_to_pay_is_not_issued():
    draft = _draft(None, LineInput(description="A", unit_price=Decimal("0.00")))

    with pytest.raises(ValidationError, match="more than zero"):
        invoice_issue(draft, by=None)


def test_an_issued_invoice_cannot_be_changed_or_deleted():
    invoice = issued_invoice()

    with pytest.raises(ValidationError, match="cannot be changed"):
        invoice_edit_refuse(invoice)
    with pytest.raises(ValidationError, match="cannot be deleted"):
        invoice_delete_refuse(invoice)
    with pytest.raises(ValidationError, match="cannot be deleted"):
        invoice_draft_delete(invoice, by=None)
    assert Invoice.objects.filter(pk=invoice.pk).exists()


def test_a_draft_may_change_and_be_deleted():
    draft = _draft()

    invoice_edit_refuse(draft)
    invoice_draft_delete(draft, by=None)

    assert not Invoice.objects.filter(pk=draft.pk).exists()


# Credit notes ------------------------------------------------------------------------------


def test_a_credit_note_for_the_whole_invoice_cancels_it():
    invoice = issued_invoice(amount="120.00")

    note = credit_note_issue(invoice, reason="Išrašyta per klaidą", by=None)

    invoice.refresh_from_db()
    assert note.kind == Invoice.Kind.CREDIT_NOTE
    assert note.display_number == "LRBAK-00001"
    assert note.credited_invoice == invoice
    assert note.total == Decimal("120.00")
    assert invoice.status == Invoice.Status.CANCELLED
    assert invoice.amount_credited == Decimal("120.00")
    assert invoice.balance == Decimal("0.00")


def test_a_partial_credit_note_leaves_the_rest_to_pay():
    invoice = issued_invoice(amount="120.00")

    credit_note_issue(invoice, amount=Decimal("20.00"), reason="Nuolaida", by=None)

    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.ISSUED
    assert invoice.balance == Decimal("100.00")


def test_a_credit_note_larger_than_its_invoice_is_refused():
    invoice = issued_invoice(amount="120.00")

    with pytest.raises(ValidationError) as refusal:
        credit_note_issue(invoice, amount=Decimal("120.01"), reason="Klaida", by=None)

    assert refusal.value.messages == [
        "A credit note of 120.01 is more than is open on invoice LRBA-00001: 120.00 is "
        "neither paid nor already credited."
    ]
    assert not Invoice.objects.credit_notes().exists()


def test_credit_notes_together_never_credit_more_than_is_open():
    invoice = issued_invoice(amount="120.00")
    credit_note_issue(invoice, amount=Decimal("100.00"), reason="Nuolaida", by=None)

    with pytest.raises(ValidationError, match="20.00 is neither paid nor already credited"):
        credit_note_issue(invoice, amount=Decimal("30.00"), reason="Dar nuolaida", by=None)


def test_what_was_paid_cannot_be_credited():
    invoice = issued_invoice(amount="120.00")
    Allocation.objects.create(
        entry=BankEntryFactory(amount=Decimal("100.00")),
        invoice=invoice,
        amount=Decimal("100.00"),
        method=Allocation.Method.MANUAL,
    )
    invoice_settlement_refresh(invoice.pk)

    with pytest.raises(ValidationError, match="20.00 is neither paid"):
        credit_note_issue(invoice, amount=Decimal("20.01"), reason="Klaida", by=None)
    note = credit_note_issue(invoice, reason="Likutis nurašomas", by=None)

    invoice.refresh_from_db()
    assert note.total == Decimal("20.00")
    assert invoice.status == Invoice.Status.PAID


def test_a_fully_credited_invoice_has_nothing_left_to_credit():
    invoice = issued_invoice()
    credit_note_issue(invoice, reason="Klaida", by=None)

    with pytest.raises(ValidationError, match="Nothing is open"):
        credit_note_issue(invoice, reason="Dar kartą", by=None)


def test_a_credit_note_needs_a_reason_and_an_issued_invoice():
    with pytest.raises(ValidationError, match="Say why"):
        credit_note_issue(issued_invoice(), reason=" ", by=None)
    with pytest.raises(ValidationError, match="A draft has nothing to credit"):
        credit_note_issue(_draft(), reason="Klaida", by=None)


def test_a_credit_note_is_not_itself_credited():
    note = credit_note_issue(issued_invoice(), amount=Decimal("10.00"), reason="Klaida", by=None)

    with pytest.raises(ValidationError, match="cannot itself be credited"):
        credit_note_issue(note, reason="Klaida", by=None)
