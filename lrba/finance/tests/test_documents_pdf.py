"""The invoice PDF: in the buyer's language, with the number, the amounts written the
Lithuanian way, the payment details (IBAN, RF reference, due date) and the EPC QR code
a banking app scans; a credit note names the invoice it credits."""

import datetime
import re
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from conftest import lt
from lrba.core.association import association
from lrba.finance.documents import (
    INVOICE_TEMPLATE,
    amount_in_words,
    epc_qr_payload,
    invoice_pdf,
    invoice_pdf_context,
    invoice_pdf_store,
)
from lrba.finance.models import FinanceSettings
from lrba.finance.tests.factories import InvoiceFactory
from lrba.finance.tests.factories_documents import issued_credit_note, issued_invoice
from lrba.members.tests.factories import LibraryFactory, MembershipFactory

pytestmark = pytest.mark.django_db

IBAN = "LT12 1000 0111 0100 1000"


@pytest.fixture(autouse=True)
def requisites(settings):
    settings.LRBA_ASSOCIATION_NAME = "Lietuvos regionų bibliotekų asociacija"
    settings.LRBA_ASSOCIATION_SHORT_NAME = "LRBA"
    settings.LRBA_ASSOCIATION_LEGAL_ENTITY_CODE = "302512345"
    settings.LRBA_ASSOCIATION_ADDRESS = "Žalgirio g. 88, LT-09303 Vilnius"
    settings.LRBA_ASSOCIATION_BANK_ACCOUNT = IBAN
    settings.LRBA_SECRETARIAT_EMAIL = "info@lrba.lt"
    finance = FinanceSettings.current()
    finance.bank_name = "AB SEB bankas"
    finance.bic = "CBVILT2X"
    finance.save()


def _flat(text: str) -> str:
    """One space for any run of white space, no-break ones included (amounts and IBANs
    are printed with no-break spaces so that they never wrap)."""
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def pdf_text(invoice) -> str:
    """The text of the invoice's PDF: read from the PDF bytes by pdftotext where poppler
    is installed, else from WeasyPrint's laid-out document of the same template."""
    if shutil.which("pdftotext"):
        result = subprocess.run(
            ["pdftotext", "-", "-"], input=invoice_pdf(invoice), capture_output=True, check=True
        )
        return _flat(result.stdout.decode("utf-8"))
    from weasyprint import HTML

    with translation.override(invoice.language):
        context = {"association": association(), **invoice_pdf_context(invoice)}
        document = HTML(string=render_to_string(INVOICE_TEMPLATE, context)).render()
    texts: list[str] = []

    def walk(box) -> None:
        if hasattr(box, "text"):
            texts.append(box.text)
        for child in getattr(box, "children", ()):
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    return _flat(" ".join(texts))


def _library_invoice(**fields):
    library = LibraryFactory(name="Šiaulių rajono savivaldybės viešoji biblioteka")
    membership = MembershipFactory(library=library)
    return issued_invoice(
        membership=membership,
        library=library,
        buyer_name=library.name,
        buyer_code=library.legal_entity_code,
        lines=[
            ("Nario mokestis už 2026 m.", Decimal("1"), Decimal("1200.00")),
            ("Seminaras „Skaitmeninė biblioteka“", Decimal("2.5"), Decimal("13.83")),
        ],
        **fields,
    )


def test_a_lithuanian_invoice_shows_its_number_amounts_reference_and_iban():
    invoice = _library_invoice()
    text = pdf_text(invoice)

    assert _flat(lt("INVOICE")) in text
    number_line = _flat(
        lt("Series %(series)s No. %(number)s") % {"series": "LRBA", "number": "00001"}
    )
    assert number_line in text
    assert "2026-03-02" in text
    assert "Šiaulių rajono savivaldybės viešoji biblioteka" in text
    # 1200.00 + 2.5 × 13.83 (34.575, rounded half up) = 1234.58, written the Lithuanian way.
    assert invoice.total == Decimal("1234.58")
    assert "1 234,58 €" in text
    assert "34,58 €" in text and "13,83 €" in text
    assert "2,5" in text
    assert "Tūkstantis du šimtai trisdešimt keturi eurai 58 ct" in text
    assert invoice.reference == "RF77LRBA00001"
    assert "RF77 LRBA 0000 1" in text
    assert IBAN in text
    assert "2026-04-01" in text  # the due date
    assert "vyr. buhalterė Rūta Žukauskienė" in text
    assert "302512345" in text and invoice.buyer_code in text


def test_the_text_read_from_the_layout_says_the_same(monkeypatch):
    # Where poppler is missing the tests read WeasyPrint's layout instead: the same text.
    invoice = _library_invoice()
    monkeypatch.setattr(shutil, "which", lambda name: None)

    text = pdf_text(invoice)

    assert "1 234,58 €" in text and "RF77 LRBA 0000 1" in text and IBAN in text


def test_an_english_buyer_gets_the_invoice_in_english():
    invoice = _library_invoice(language="en")
    text = pdf_text(invoice)

    assert "INVOICE" in text
    assert "Series LRBA No. 00001" in text
    assert "€1,234.58" in text
    assert "One thousand two hundred thirty-four euro 58 ct" in text
    assert "VAT is not charged: the association is not a VAT payer." in text
    assert "Payment details" in text
    assert "RF77 LRBA 0000 1" in text


def test_a_vat_payers_invoice_shows_the_vat(english):
    finance = FinanceSettings.current()
    finance.vat_payer, finance.vat_code = True, "LT100012345612"
    finance.save()
    invoice = issued_invoice(vat_payer=True, language="en")
    text = pdf_text(invoice)

    assert "VAT INVOICE" in text
    assert "LT100012345612" in text
    assert "VAT 21 %" in text
    assert "€25.20" in text and "€145.20" in text
    assert "not a VAT payer" not in text


def test_a_credit_note_names_the_invoice_it_credits_and_asks_for_no_payment():
    invoice = issued_invoice(language="en")
    note = issued_credit_note(invoice, amount=Decimal("40.00"), reason="Fee charged twice")
    text = pdf_text(note)

    assert "CREDIT INVOICE" in text
    assert "Series LRBAK No. 00001" in text
    assert f"Credits invoice {invoice.display_number} of 2026-03-02" in text
    assert "Fee charged twice" in text
    assert "€40.00" in text
    assert "Payment details" not in text
    assert epc_qr_payload(note) == ""


def test_the_epc_qr_code_pays_the_invoice_by_its_rf_reference():
    invoice = issued_invoice()

    assert epc_qr_payload(invoice).split("\n") == [
        "BCD",
        "002",
        "1",
        "SCT",
        "CBVILT2X",
        "Lietuvos regionų bibliotekų asociacija",
        "LT121000011101001000",
        "EUR120.00",
        "",
        "RF77LRBA00001",
    ]


def test_the_qr_code_is_printed_only_when_the_association_enables_it():
    invoice = issued_invoice()
    assert invoice_pdf_context(invoice)["qr_svg"].startswith("<svg")

    FinanceSettings.objects.filter(pk=1).update(sepa_qr=False)

    assert invoice_pdf_context(invoice)["qr_svg"] == ""


def test_no_payment_details_without_a_bank_account(settings):
    settings.LRBA_ASSOCIATION_BANK_ACCOUNT = ""
    invoice = issued_invoice()

    assert epc_qr_payload(invoice) == ""
    assert invoice_pdf_context(invoice)["payment"] is None
    assert invoice_pdf(invoice).startswith(b"%PDF")


def test_invoice_pdf_store_keeps_the_pdf_on_the_invoice():
    invoice = issued_invoice()

    invoice_pdf_store(invoice)

    invoice.refresh_from_db()
    assert re.search(r"finance/invoices/LRBA-00001.*\.pdf$", invoice.pdf.name)
    with invoice.pdf.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"


def test_a_draft_has_no_pdf():
    with pytest.raises(ValueError):
        invoice_pdf(InvoiceFactory())


@pytest.mark.parametrize(
    ("amount", "language", "words"),
    [
        ("1.01", "lt", "Vienas euras 01 ct"),
        ("11.00", "lt", "Vienuolika eurų 00 ct"),
        ("21.50", "lt", "Dvidešimt vienas euras 50 ct"),
        ("2001.10", "lt", "Du tūkstančiai vienas euras 10 ct"),
        ("15000.00", "lt", "Penkiolika tūkstančių eurų 00 ct"),
        ("100000.00", "lt", "Šimtas tūkstančių eurų 00 ct"),
        ("0.50", "lt", "Nulis eurų 50 ct"),
        ("1234.56", "en", "One thousand two hundred thirty-four euro 56 ct"),
        ("2000000.00", "en", "Two million euro 00 ct"),
    ],
)
def test_amounts_in_words(amount, language, words):
    assert amount_in_words(Decimal(amount), language) == words


def test_the_due_date_is_the_invoices():
    invoice = issued_invoice(issue_date=datetime.date(2026, 12, 20))

    assert "2027-01-19" in pdf_text(invoice)
