"""From issue to the buyer's inbox, through the invoicing service: issuing an invoice (or
a credit note) draws its PDF and e-mails it with an e-invoice that passes EN 16931, with
the buyer as the invoicing service copies it from the register."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail

from lrba.finance.models import FinanceSettings
from lrba.finance.services import invoices
from lrba.finance.tests.ubl_validation import VALIDATION_XSLT, en16931_fatal_errors
from lrba.finance.ubl import invoice_ubl
from lrba.members.models import Membership

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not VALIDATION_XSLT.exists(), reason="the EN 16931 rules are missing"),
]


@pytest.fixture(autouse=True)
def requisites(settings):
    settings.LRBA_ASSOCIATION_LEGAL_ENTITY_CODE = "302512345"
    settings.LRBA_ASSOCIATION_ADDRESS = "Žalgirio g. 88, LT-09303 Vilnius"
    settings.LRBA_ASSOCIATION_BANK_ACCOUNT = "LT121000011101001000"


def _issue(library, staff_user, captured, **options):
    draft = invoices.invoice_draft_create(
        membership=Membership.objects.get(library=library),
        lines=[
            invoices.LineInput(description="Nario mokestis už 2026 m.", unit_price=Decimal("120")),
            invoices.LineInput(
                description="Mokymai „Vaikų skaitymo skatinimas“",
                quantity=Decimal("1.5"),
                unit_price=Decimal("40.33"),
                unit="val.",
            ),
        ],
        by=staff_user,
    )
    with captured(execute=True):
        return invoices.invoice_issue(
            draft, by=staff_user, issue_date=datetime.date(2026, 3, 2), **options
        )


@pytest.mark.parametrize("vat_payer", [False, True])
def test_an_issued_invoice_reaches_the_director_with_a_valid_e_invoice(
    library_a, alice, staff_user, django_capture_on_commit_callbacks, vat_payer
):
    if vat_payer:
        FinanceSettings.objects.filter(pk=1).update(vat_payer=True, vat_code="LT100012345612")

    invoice = _issue(library_a, staff_user, django_capture_on_commit_callbacks)

    invoice.refresh_from_db()
    assert invoice.pdf and invoice.sent_at is not None
    message = next(m for m in mail.outbox if m.to == ["alice@example.lt"])
    xml = next(content for name, content, _type in message.attachments if name.endswith(".xml"))
    assert en16931_fatal_errors(xml) == []
    assert f"<cbc:PaymentID>{invoice.reference}</cbc:PaymentID>".encode() in xml


def test_a_credit_note_issued_by_the_service_passes(
    library_a, staff_user, django_capture_on_commit_callbacks
):
    invoice = _issue(library_a, staff_user, django_capture_on_commit_callbacks, send=False)

    with django_capture_on_commit_callbacks(execute=True):
        note = invoices.credit_note_issue(
            invoice, amount=Decimal("50.00"), reason="Mokymai neįvyko", by=staff_user
        )

    xml = invoice_ubl(note)
    assert en16931_fatal_errors(xml) == []
    assert invoice.display_number.encode() in xml
