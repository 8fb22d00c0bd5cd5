"""The e-invoice: an issued invoice or credit note as UBL 2.1 following EN 16931 and the
Peppol BIS Billing 3.0 profile, which Lithuanian public institutions' systems (and the
national e-invoicing service) accept.

The document says what the issued invoice says: the buyer as copied at issue, the lines
and totals as stored (computed once by `lrba.finance.money`, never recomputed here), so
the PDF, the e-invoice and the books agree to the cent.

VAT: a VAT payer's lines carry category "S" (standard rate, with the percentage) or "E"
(exempt, 0 %); a non-VAT payer's carry "O" (not subject to VAT), and EN 16931 then forbids
any VAT identifier on the document (BR-O-02), so neither the seller's nor the buyer's is
written. Lithuanian legal-entity codes are identified by ISO 6523 ICD 0200.
"""

import re
from decimal import Decimal
from typing import Any

from django.core import checks
from django.utils import translation
from django.utils.translation import gettext as _
from lxml import etree

from lrba.core.association import association
from lrba.finance.models import FinanceSettings, Invoice, InvoiceLine
from lrba.finance.money import round_money

CUSTOMIZATION_ID = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PROFILE_ID = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"

NS_INVOICE = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
NS_CREDIT_NOTE = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
NS_CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
NS_CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"

INVOICE_TYPE_CODE = "380"  # commercial invoice (UNCL 1001)
CREDIT_NOTE_TYPE_CODE = "381"
SEPA_CREDIT_TRANSFER = "58"  # UNCL 4461
LITHUANIAN_LEGAL_ENTITY_CODE = "0200"  # ISO 6523 ICD, also a Peppol endpoint scheme
EMAIL_ENDPOINT = "EM"  # Peppol EAS: an e-mail address, for a buyer without a code
COUNTRY = "LT"

# "…, LT-12345 Vilnius", "…, LT-12345, Vilnius" or "…, 12345 Vilnius": the postal code and
# town at the end of an address written on one line, as the register prints it.
_POSTAL_TOWN = re.compile(r"(?:^|,)\s*(?:LT-?)?(\d{5}),?\s+([^,]+?)\s*$")


def _cbc(parent: etree._Element, tag: str, text: object = None, **attributes: str):
    element = etree.SubElement(parent, f"{{{NS_CBC}}}{tag}", attributes)
    if text is not None:
        element.text = str(text)
    return element


def _cac(parent: etree._Element, tag: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{NS_CAC}}}{tag}")


def _amount(value: Decimal) -> str:
    """Two places, as EN 16931 wants document and line amounts (BR-DEC-*)."""
    return f"{value.quantize(Decimal('0.01')):f}"


def _quantity(value: Decimal) -> str:
    """A quantity without trailing zeros: 1.500 → "1.5", 2.000 → "2", never "2E+1"."""
    text = f"{value.normalize():f}"
    return text


def _percent(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _money(parent: etree._Element, tag: str, value: Decimal, currency: str):
    return _cbc(parent, tag, _amount(value), currencyID=currency)


def _postal_address(parent: etree._Element, address: str) -> None:
    """BG-5/BG-8: the address as one street line, the postal code and town read off its
    end when they are there; the country is always Lithuania (BR-09, BR-11)."""
    postal = _cac(parent, "PostalAddress")
    address = " ".join(address.split())
    found = _POSTAL_TOWN.search(address)
    street = address[: found.start()].strip(" ,") if found else address
    if street:
        _cbc(postal, "StreetName", street)
    if found:
        _cbc(postal, "CityName", found.group(2))
        _cbc(postal, "PostalZone", f"LT-{found.group(1)}")
    country = _cac(postal, "Country")
    _cbc(country, "IdentificationCode", COUNTRY)


def _tax_category(
    parent: etree._Element, element: str, category: str, rate: Decimal | None
) -> etree._Element:
    tax_category = _cac(parent, element)
    _cbc(tax_category, "ID", category)
    if category != "O":  # "not subject to VAT" has no rate at all (BR-O-05, BR-O-10)
        _cbc(tax_category, "Percent", _percent(rate or Decimal(0)))
    return tax_category


def _tax_scheme(parent: etree._Element) -> None:
    scheme = _cac(parent, "TaxScheme")
    _cbc(scheme, "ID", "VAT")


def _category(invoice: Invoice, rate: Decimal | None) -> str:
    if not invoice.vat_payer or rate is None:
        return "O"
    return "S" if rate > 0 else "E"


def _exemption_reason(category: str) -> str:
    if category == "O":
        return _("Not subject to VAT: the association is not a VAT payer.")
    return _("Exempt from VAT.")


def _seller(root: etree._Element, invoice: Invoice, settings: FinanceSettings) -> None:
    requisites = association()
    party = _cac(_cac(root, "AccountingSupplierParty"), "Party")
    if requisites.legal_entity_code:
        _cbc(
            party,
            "EndpointID",
            requisites.legal_entity_code,
            schemeID=LITHUANIAN_LEGAL_ENTITY_CODE,
        )
    elif requisites.email:
        _cbc(party, "EndpointID", requisites.email, schemeID=EMAIL_ENDPOINT)
    if requisites.short_name and requisites.short_name != requisites.name:
        _cbc(_cac(party, "PartyName"), "Name", requisites.short_name)
    _postal_address(party, requisites.address)
    if invoice.vat_payer and settings.vat_code:
        tax = _cac(party, "PartyTaxScheme")
        _cbc(tax, "CompanyID", settings.vat_code)
        _tax_scheme(tax)
    legal = _cac(party, "PartyLegalEntity")
    _cbc(legal, "RegistrationName", requisites.name)
    if requisites.legal_entity_code:
        _cbc(
            legal, "CompanyID", requisites.legal_entity_code, schemeID=LITHUANIAN_LEGAL_ENTITY_CODE
        )
    if invoice.issuer_name or requisites.phone or requisites.email:
        contact = _cac(party, "Contact")
        if invoice.issuer_name:
            _cbc(contact, "Name", invoice.issuer_name)
        if requisites.phone:
            _cbc(contact, "Telephone", requisites.phone)
        if requisites.email:
            _cbc(contact, "ElectronicMail", requisites.email)


def _buyer(root: etree._Element, invoice: Invoice) -> None:
    party = _cac(_cac(root, "AccountingCustomerParty"), "Party")
    if invoice.buyer_code:
        _cbc(party, "EndpointID", invoice.buyer_code, schemeID=LITHUANIAN_LEGAL_ENTITY_CODE)
    elif invoice.buyer_email:
        _cbc(party, "EndpointID", invoice.buyer_email, schemeID=EMAIL_ENDPOINT)
    _postal_address(party, invoice.buyer_address)
    # BR-O-02: no buyer VAT identifier on a document "not subject to VAT".
    if invoice.vat_payer and invoice.buyer_vat_code:
        tax = _cac(party, "PartyTaxScheme")
        _cbc(tax, "CompanyID", invoice.buyer_vat_code)
        _tax_scheme(tax)
    legal = _cac(party, "PartyLegalEntity")
    _cbc(legal, "RegistrationName", invoice.buyer_name)
    if invoice.buyer_code:
        _cbc(legal, "CompanyID", invoice.buyer_code, schemeID=LITHUANIAN_LEGAL_ENTITY_CODE)
    if invoice.buyer_email:
        _cbc(_cac(party, "Contact"), "ElectronicMail", invoice.buyer_email)


def _payment(root: etree._Element, invoice: Invoice, settings: FinanceSettings) -> None:
    """BG-16/BG-17: a SEPA credit transfer to the association's account, the RF reference
    as the remittance information (BT-83), which the bank matches the payment by."""
    account = "".join(association().bank_account.split()).upper()
    if invoice.is_credit_note or not account:
        return
    means = _cac(root, "PaymentMeans")
    _cbc(means, "PaymentMeansCode", SEPA_CREDIT_TRANSFER, name="SEPA credit transfer")
    if invoice.reference:
        _cbc(means, "PaymentID", invoice.reference)
    financial = _cac(means, "PayeeFinancialAccount")
    _cbc(financial, "ID", account)
    _cbc(financial, "Name", association().name)
    if settings.bic:
        _cbc(_cac(financial, "FinancialInstitutionBranch"), "ID", settings.bic)


def _breakdown(
    lines: list[InvoiceLine], invoice: Invoice
) -> list[tuple[str, Decimal | None, Decimal]]:
    """(category, rate, taxable amount) per VAT category and rate, in a stable order."""
    taxable: dict[tuple[str, Decimal | None], Decimal] = {}
    for line in lines:
        key = (_category(invoice, line.vat_rate), line.vat_rate if invoice.vat_payer else None)
        taxable[key] = taxable.get(key, Decimal("0.00")) + line.net_amount
    return [
        (key[0], key[1], amount)
        for key, amount in sorted(
            taxable.items(), key=lambda item: (item[0][0], item[0][1] or Decimal(0))
        )
    ]


def _tax_total(
    root: etree._Element, invoice: Invoice, lines: list[InvoiceLine], currency: str
) -> None:
    """BG-23: one subtotal per category and rate. The stored VAT total is the document's
    (BT-110); each subtotal's tax is its taxable amount × rate, rounded, which is how
    `money.totals` computed the stored total, so they add up (BR-CO-14)."""
    tax_total = _cac(root, "TaxTotal")
    _money(tax_total, "TaxAmount", invoice.total_vat, currency)
    for category, rate, taxable in _breakdown(lines, invoice):
        subtotal = _cac(tax_total, "TaxSubtotal")
        _money(subtotal, "TaxableAmount", taxable, currency)
        tax = Decimal("0.00")
        if category == "S" and rate is not None:
            tax = round_money(taxable * rate / 100)
        _money(subtotal, "TaxAmount", tax, currency)
        tax_category = _tax_category(subtotal, "TaxCategory", category, rate)
        if category in ("O", "E"):
            _cbc(tax_category, "TaxExemptionReason", _exemption_reason(category))
        _tax_scheme(tax_category)


def _monetary_total(root: etree._Element, invoice: Invoice, currency: str) -> None:
    totals = _cac(root, "LegalMonetaryTotal")
    _money(totals, "LineExtensionAmount", invoice.total_net, currency)
    _money(totals, "TaxExclusiveAmount", invoice.total_net, currency)
    _money(totals, "TaxInclusiveAmount", invoice.total, currency)
    _money(totals, "PayableAmount", invoice.total, currency)


def _line(root: etree._Element, invoice: Invoice, line: InvoiceLine, currency: str) -> None:
    credit = invoice.is_credit_note
    element = _cac(root, "CreditNoteLine" if credit else "InvoiceLine")
    _cbc(element, "ID", line.position)
    _cbc(
        element,
        "CreditedQuantity" if credit else "InvoicedQuantity",
        _quantity(line.quantity),
        unitCode=line.unit_code or "C62",
    )
    _money(element, "LineExtensionAmount", line.net_amount, currency)
    item = _cac(element, "Item")
    _cbc(item, "Name", line.description)
    category = _category(invoice, line.vat_rate)
    tax_category = _tax_category(
        item, "ClassifiedTaxCategory", category, line.vat_rate if invoice.vat_payer else None
    )
    _tax_scheme(tax_category)
    price = _cac(element, "Price")
    _money(price, "PriceAmount", line.unit_price, currency)


def invoice_ubl(invoice: Invoice) -> bytes:
    """The UBL 2.1 Invoice (380) or CreditNote (381) of an issued `invoice`, UTF-8 bytes.

    Texts the document adds itself (the VAT exemption reason) are in the invoice's
    language. Raises ValueError for a draft, which has no number and is no document."""
    if invoice.number is None or invoice.issue_date is None:
        raise ValueError("A draft invoice has no e-invoice.")
    settings = FinanceSettings.current()
    lines = list(invoice.lines.order_by("position", "pk"))
    currency = invoice.currency
    credit = invoice.is_credit_note
    namespace = NS_CREDIT_NOTE if credit else NS_INVOICE
    root = etree.Element(
        f"{{{namespace}}}{'CreditNote' if credit else 'Invoice'}",
        nsmap={None: namespace, "cac": NS_CAC, "cbc": NS_CBC},
    )
    with translation.override(invoice.language or "lt"):
        _cbc(root, "CustomizationID", CUSTOMIZATION_ID)
        _cbc(root, "ProfileID", PROFILE_ID)
        _cbc(root, "ID", invoice.display_number)
        _cbc(root, "IssueDate", invoice.issue_date.isoformat())
        if not credit and invoice.due_date:
            _cbc(root, "DueDate", invoice.due_date.isoformat())
        _cbc(
            root,
            "CreditNoteTypeCode" if credit else "InvoiceTypeCode",
            CREDIT_NOTE_TYPE_CODE if credit else INVOICE_TYPE_CODE,
        )
        for note in (invoice.reason if credit else "", invoice.notes):
            if note.strip():
                _cbc(root, "Note", " ".join(note.split()))
        _cbc(root, "DocumentCurrencyCode", currency)
        # Peppol asks for the buyer's reference or an order reference (PEPPOL-EN16931-R003);
        # the association's members order nothing, so the invoice's own number serves.
        _cbc(root, "BuyerReference", invoice.display_number)
        if credit and invoice.credited_invoice is not None:
            credited = invoice.credited_invoice
            document = _cac(_cac(root, "BillingReference"), "InvoiceDocumentReference")
            _cbc(document, "ID", credited.display_number)
            if credited.issue_date:
                _cbc(document, "IssueDate", credited.issue_date.isoformat())
        _seller(root, invoice, settings)
        _buyer(root, invoice)
        _payment(root, invoice, settings)
        if not credit and invoice.due_date:
            terms = _cac(root, "PaymentTerms")
            _cbc(
                terms,
                "Note",
                _("Pay by %(date)s with the payment reference %(reference)s.")
                % {"date": invoice.due_date.isoformat(), "reference": invoice.reference}
                if invoice.reference
                else _("Pay by %(date)s.") % {"date": invoice.due_date.isoformat()},
            )
        _tax_total(root, invoice, lines, currency)
        _monetary_total(root, invoice, currency)
        for line in lines:
            _line(root, invoice, line, currency)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def invoice_ubl_filename(invoice: Invoice) -> str:
    return f"{invoice.display_number}.xml"


def check_einvoice_requisites(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """A system check (`manage.py check --deploy`): the association's requisites an
    e-invoice needs. Without the legal-entity code (or a VAT code) EN 16931 refuses the
    document (BR-CO-26: the buyer's system cannot tell who the seller is); without the
    bank account the invoice says nothing of how to pay."""
    requisites = association()
    problems: list[checks.CheckMessage] = []
    if not requisites.legal_entity_code:
        problems.append(
            checks.Warning(
                "LRBA_ASSOCIATION_LEGAL_ENTITY_CODE is not set: e-invoices break EN 16931 "
                "rule BR-CO-26 and public institutions' systems refuse them.",
                id="finance.W001",
            )
        )
    if not requisites.bank_account:
        problems.append(
            checks.Warning(
                "LRBA_ASSOCIATION_BANK_ACCOUNT is not set: invoices carry no payment details.",
                id="finance.W002",
            )
        )
    if not requisites.address:
        problems.append(
            checks.Warning(
                "LRBA_ASSOCIATION_ADDRESS is not set: invoices name no seller's address.",
                id="finance.W003",
            )
        )
    return problems
