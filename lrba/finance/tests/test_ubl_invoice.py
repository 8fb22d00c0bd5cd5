"""The e-invoice: every UBL document the system writes passes the official EN 16931 rules
(CEN/TC 434's XSLT 2.0, run by Saxon) with no fatal rule, and says what the invoice says.
The validator itself is shown to catch a broken document and to pass the official
samples, so a green test here means something."""

import datetime
from decimal import Decimal

import pytest
from lxml import etree

from lrba.finance.models import FinanceSettings
from lrba.finance.tests.factories_documents import issued_credit_note, issued_invoice
from lrba.finance.tests.ubl_validation import SAMPLES, VALIDATION_XSLT, en16931_fatal_errors
from lrba.finance.ubl import (
    CUSTOMIZATION_ID,
    PROFILE_ID,
    check_einvoice_requisites,
    invoice_ubl,
)
from lrba.members.tests.factories import MembershipFactory, PersonFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not VALIDATION_XSLT.exists(), reason=f"the EN 16931 rules are not at {VALIDATION_XSLT}"
    ),
]

NS = {
    "inv": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    "cn": "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}


@pytest.fixture(autouse=True)
def requisites(settings):
    settings.LRBA_ASSOCIATION_NAME = "Lietuvos regionų bibliotekų asociacija"
    settings.LRBA_ASSOCIATION_SHORT_NAME = "LRBA"
    settings.LRBA_ASSOCIATION_LEGAL_ENTITY_CODE = "302512345"
    settings.LRBA_ASSOCIATION_ADDRESS = "Žalgirio g. 88, LT-09303 Vilnius"
    settings.LRBA_ASSOCIATION_BANK_ACCOUNT = "LT12 1000 0111 0100 1000"
    settings.LRBA_SECRETARIAT_EMAIL = "info@lrba.lt"
    settings.LRBA_ASSOCIATION_PHONE = "+37052123456"


@pytest.fixture
def vat_payer():
    finance = FinanceSettings.current()
    finance.vat_payer = True
    finance.vat_code = "LT100012345612"
    finance.bic = "HABALT22"
    finance.save()
    return finance


def _text(document: etree._Element, path: str) -> str:
    return document.findtext(path, namespaces=NS) or ""


# The validator -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["ubl-tc434-example2.xml", "ubl-tc434-creditnote1.xml", "BIS3_Invoice_positive.XML"]
)
def test_the_validator_passes_the_official_samples(name):
    assert en16931_fatal_errors((SAMPLES / name).read_bytes()) == []


def test_the_validator_catches_a_broken_document():
    document = etree.fromstring(invoice_ubl(issued_invoice()))
    # Totals that do not add up, and no seller name: BR-CO-10 and BR-06.
    document.find("cac:LegalMonetaryTotal/cbc:LineExtensionAmount", NS).text = "999.99"
    name = document.find(
        "cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName", NS
    )
    name.getparent().remove(name)

    errors = en16931_fatal_errors(etree.tostring(document))

    assert any(error.startswith("BR-CO-10") for error in errors), errors
    assert any(error.startswith("BR-06") for error in errors), errors


def test_the_validator_catches_a_sample_with_its_total_changed():
    sample = (SAMPLES / "BIS3_Invoice_positive.XML").read_bytes()
    document = etree.fromstring(sample)
    document.find("cac:LegalMonetaryTotal/cbc:PayableAmount", NS).text = "1.00"

    assert any(e.startswith("BR-CO-16") for e in en16931_fatal_errors(etree.tostring(document)))


# What the system writes ---------------------------------------------------------------------


def test_an_invoice_of_a_non_vat_payer_passes_and_is_not_subject_to_vat():
    invoice = issued_invoice(buyer_vat_code="LT123456715")
    xml = invoice_ubl(invoice)

    assert en16931_fatal_errors(xml) == []
    document = etree.fromstring(xml)
    assert document.tag == f"{{{NS['inv']}}}Invoice"
    assert _text(document, "cbc:CustomizationID") == CUSTOMIZATION_ID
    assert _text(document, "cbc:ProfileID") == PROFILE_ID
    assert _text(document, "cbc:InvoiceTypeCode") == "380"
    assert _text(document, "cbc:ID") == invoice.display_number
    assert _text(document, "cbc:DueDate") == invoice.due_date.isoformat()
    category = "cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/"
    assert _text(document, category + "cbc:ID") == "O"
    assert _text(document, category + "cbc:TaxExemptionReason")
    assert document.find(category + "cbc:Percent", NS) is None
    # BR-O-02: no VAT identifier of anyone on a document not subject to VAT.
    assert document.find(".//cac:PartyTaxScheme", NS) is None


def test_the_invoice_carries_the_payment_details_and_both_parties():
    invoice = issued_invoice()
    document = etree.fromstring(invoice_ubl(invoice))

    means = "cac:PaymentMeans/"
    assert _text(document, means + "cbc:PaymentMeansCode") == "58"
    assert _text(document, means + "cbc:PaymentID") == invoice.reference
    assert invoice.reference.startswith("RF")
    assert _text(document, means + "cac:PayeeFinancialAccount/cbc:ID") == "LT121000011101001000"
    seller = "cac:AccountingSupplierParty/cac:Party/"
    assert _text(document, seller + "cac:PartyLegalEntity/cbc:CompanyID") == "302512345"
    assert _text(document, seller + "cac:PostalAddress/cbc:CityName") == "Vilnius"
    assert _text(document, seller + "cac:PostalAddress/cbc:PostalZone") == "LT-09303"
    assert _text(document, seller + "cac:Contact/cbc:Name") == "Rūta Žukauskienė"
    buyer = "cac:AccountingCustomerParty/cac:Party/"
    assert _text(document, buyer + "cbc:EndpointID") == invoice.buyer_code
    assert document.find(buyer + "cbc:EndpointID", NS).get("schemeID") == "0200"
    assert _text(document, buyer + "cac:PartyLegalEntity/cbc:RegistrationName") == (
        invoice.buyer_name
    )
    assert _text(document, buyer + "cac:PostalAddress/cbc:CityName") == "Šiauliai"


def test_an_invoice_of_a_vat_payer_with_several_lines_and_decimal_quantities_passes(vat_payer):
    invoice = issued_invoice(
        vat_payer=True,
        buyer_vat_code="LT123456715",
        lines=[
            ("Nario mokestis už 2026 m.", Decimal("1"), Decimal("120.00")),
            ("Seminaras „Skaitmeninė biblioteka“, val.", Decimal("2.5"), Decimal("33.33")),
            ("Leidinys „Žemaitijos bibliotekos“", Decimal("0.333"), Decimal("10.01")),
        ],
    )
    xml = invoice_ubl(invoice)

    assert en16931_fatal_errors(xml) == []
    document = etree.fromstring(xml)
    # 120.00 + 83.33 (83.325 rounded half up) + 3.33 = 206.66; VAT 21 % = 43.40.
    assert invoice.total_net == Decimal("206.66")
    assert _text(document, "cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount") == "206.66"
    assert _text(document, "cac:TaxTotal/cbc:TaxAmount") == "43.40"
    assert _text(document, "cac:LegalMonetaryTotal/cbc:PayableAmount") == "250.06"
    quantities = [q.text for q in document.iterfind("cac:InvoiceLine/cbc:InvoicedQuantity", NS)]
    assert quantities == ["1", "2.5", "0.333"]
    category = "cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/"
    assert _text(document, category + "cbc:ID") == "S"
    assert _text(document, category + "cbc:Percent") == "21"
    seller_vat = "cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme/cbc:CompanyID"
    assert _text(document, seller_vat) == "LT100012345612"
    assert "Žemaitijos" in xml.decode()


def test_a_credit_note_references_its_invoice_and_passes():
    invoice = issued_invoice()
    note = issued_credit_note(invoice, amount=Decimal("40.00"))
    xml = invoice_ubl(note)

    assert en16931_fatal_errors(xml) == []
    document = etree.fromstring(xml)
    assert document.tag == f"{{{NS['cn']}}}CreditNote"
    assert _text(document, "cbc:CreditNoteTypeCode") == "381"
    reference = "cac:BillingReference/cac:InvoiceDocumentReference/"
    assert _text(document, reference + "cbc:ID") == invoice.display_number
    assert _text(document, reference + "cbc:IssueDate") == invoice.issue_date.isoformat()
    assert _text(document, "cac:LegalMonetaryTotal/cbc:PayableAmount") == "40.00"
    assert _text(document, "cac:CreditNoteLine/cbc:CreditedQuantity") == "1"
    assert _text(document, "cbc:Note") == "Klaidingai apskaičiuotas mokestis"


def test_a_credit_note_of_a_vat_payer_passes(vat_payer):
    note = issued_credit_note(issued_invoice(vat_payer=True))

    assert en16931_fatal_errors(invoice_ubl(note)) == []


def test_an_invoice_to_a_person_without_a_code_passes():
    person = PersonFactory(first_name="Živilė", last_name="Ąžuolaitė")
    membership = MembershipFactory(library=None, person=person)
    invoice = issued_invoice(
        membership=membership,
        library=None,
        person=person,
        buyer_name="Živilė Ąžuolaitė",
        buyer_code="",
        buyer_address="",
        buyer_email="zivile@example.lt",
    )
    xml = invoice_ubl(invoice)

    assert en16931_fatal_errors(xml) == []
    document = etree.fromstring(xml)
    buyer = "cac:AccountingCustomerParty/cac:Party/"
    assert document.find(buyer + "cac:PartyLegalEntity/cbc:CompanyID", NS) is None
    assert _text(document, buyer + "cbc:EndpointID") == "zivile@example.lt"
    assert _text(document, buyer + "cac:PartyLegalEntity/cbc:RegistrationName") == (
        "Živilė Ąžuolaitė"
    )


def test_an_english_invoice_passes_with_its_texts_in_english():
    invoice = issued_invoice(language="en", issue_date=datetime.date(2026, 1, 15))
    xml = invoice_ubl(invoice)

    assert en16931_fatal_errors(xml) == []
    reason = etree.fromstring(xml).findtext(".//cbc:TaxExemptionReason", namespaces=NS)
    assert "not a VAT payer" in reason


def test_a_draft_has_no_e_invoice():
    from lrba.finance.tests.factories import InvoiceFactory

    with pytest.raises(ValueError):
        invoice_ubl(InvoiceFactory())


def test_without_the_associations_code_the_rules_refuse_and_the_check_says_so(settings):
    assert check_einvoice_requisites() == []

    settings.LRBA_ASSOCIATION_LEGAL_ENTITY_CODE = ""

    errors = en16931_fatal_errors(invoice_ubl(issued_invoice()))
    assert [error.split(":")[0] for error in errors] == ["BR-CO-26"]
    assert [problem.id for problem in check_einvoice_requisites()] == ["finance.W001"]
