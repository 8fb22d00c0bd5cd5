"""The invoice as paper: the PDF of an issued invoice or credit note, in the buyer's
language, with the association's requisites, the buyer, the lines and totals, how to pay
(account, RF reference, amount, due date) and, where the association enables it, the
European Payments Council's SEPA credit-transfer QR code, which banking apps scan.

The PDF says what the issued invoice says (the stored snapshot, lines and totals); it is
drawn once after issue and stored (`invoice_pdf_store`), and drawn again on demand when
no stored copy exists.
"""

import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import segno
from django.core.files.base import ContentFile
from django.utils import translation

from lrba.core.association import association
from lrba.core.pdf import render_pdf
from lrba.finance.models import FinanceSettings, Invoice
from lrba.finance.reference import reference_print

INVOICE_TEMPLATE = "finance/pdf/invoice.html"

# EPC069-12 "Quick Response Code: guidelines to enable data capture for the initiation of
# a SEPA credit transfer", version 002: the service tag, version, character set (1 =
# UTF-8), identification; amounts from 0.01 to 999,999,999.99 euro.
EPC_SERVICE_TAG = "BCD"
EPC_VERSION = "002"
EPC_UTF8 = "1"
EPC_SCT = "SCT"
EPC_MAX_AMOUNT = Decimal("999999999.99")


@dataclass(frozen=True)
class PaymentDetails:
    payee: str
    iban: str  # electronic form, no spaces
    bank: str
    bic: str
    amount: Decimal
    reference: str  # electronic form
    reference_printed: str
    due_date: Any


def payment_details(invoice: Invoice) -> PaymentDetails | None:
    """How to pay `invoice`: None for a credit note or a draft, or when the association
    has no bank account configured."""
    if invoice.is_credit_note or invoice.number is None:
        return None
    iban = "".join(association().bank_account.split()).upper()
    if not iban:
        return None
    settings = FinanceSettings.current()
    return PaymentDetails(
        payee=association().name,
        iban=iban,
        bank=settings.bank_name,
        bic=settings.bic.strip().upper(),
        amount=invoice.total,
        reference=invoice.reference,
        reference_printed=reference_print(invoice.reference) if invoice.reference else "",
        due_date=invoice.due_date,
    )


def epc_qr_payload(invoice: Invoice) -> str:
    """The text of the EPC QR code (EPC069-12, version 002) paying `invoice`: the payee
    and account, the amount in euro, and the RF reference as the structured remittance
    information (or, without one, the invoice number as unstructured text). "" when
    there is nothing a bank could pay (a credit note, no account, nothing to pay)."""
    details = payment_details(invoice)
    if details is None or not (Decimal("0.01") <= details.amount <= EPC_MAX_AMOUNT):
        return ""
    structured = details.reference[:35]
    unstructured = "" if structured else invoice.display_number[:140]
    lines = [
        EPC_SERVICE_TAG,
        EPC_VERSION,
        EPC_UTF8,
        EPC_SCT,
        details.bic,  # optional inside the EEA since version 002
        details.payee[:70],
        details.iban,
        f"EUR{details.amount:.2f}",
        "",  # purpose code: none
        structured,
        unstructured,
    ]
    # Trailing empty elements may be left out (EPC069-12 §3.4); no newline at the end.
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def epc_qr_svg(payload: str) -> str:
    """The EPC QR code as inline SVG: error correction level M and at most version 13,
    as the guidelines require, and the bytes in UTF-8 as the payload declares (segno
    would otherwise pick Latin-1 for a name that fits it)."""
    qr = segno.make(payload, error="m", encoding="utf-8", micro=False, boost_error=False)
    if (
        not isinstance(qr.version, int) or qr.version > 13
    ):  # pragma: no cover - 331 bytes at most by the lengths above
        raise ValueError("The payment QR code is too long for EPC069-12.")
    buffer = io.BytesIO()
    qr.save(buffer, kind="svg", scale=4, border=4, xmldecl=False, svgns=True, svgclass="epc-qr")
    return buffer.getvalue().decode()


# The amount in words ("Suma žodžiais"), which Lithuanian invoices print under the total --------

_LT_UNITS = [
    "nulis",
    "vienas",
    "du",
    "trys",
    "keturi",
    "penki",
    "šeši",
    "septyni",
    "aštuoni",
    "devyni",
]
_LT_TEENS = [
    "dešimt",
    "vienuolika",
    "dvylika",
    "trylika",
    "keturiolika",
    "penkiolika",
    "šešiolika",
    "septyniolika",
    "aštuoniolika",
    "devyniolika",
]
_LT_TENS = [
    "_",
    "_",
    "dvidešimt",
    "trisdešimt",
    "keturiasdešimt",
    "penkiasdešimt",
    "šešiasdešimt",
    "septyniasdešimt",
    "aštuoniasdešimt",
    "devyniasdešimt",
]
# Nominative singular, nominative plural, genitive plural: 1 (21, 31…) takes the first,
# 2–9 the second, 0 and 10–19 the third.
_LT_SCALES = [
    ("", "", ""),
    ("tūkstantis", "tūkstančiai", "tūkstančių"),
    ("milijonas", "milijonai", "milijonų"),
]
_LT_EURO = ("euras", "eurai", "eurų")

_EN_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_EN_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_EN_SCALES = ["", "thousand", "million"]


def _lt_form(number: int, forms: tuple[str, str, str]) -> str:
    if number % 10 == 0 or 10 <= number % 100 < 20:
        return forms[2]
    return forms[0] if number % 10 == 1 else forms[1]


def _lt_below_thousand(number: int) -> list[str]:
    words = []
    hundreds, rest = divmod(number, 100)
    if hundreds:
        words += ["šimtas"] if hundreds == 1 else [_LT_UNITS[hundreds], "šimtai"]
    if 10 <= rest < 20:
        words.append(_LT_TEENS[rest - 10])
    else:
        tens, units = divmod(rest, 10)
        if tens:
            words.append(_LT_TENS[tens])
        if units:
            words.append(_LT_UNITS[units])
    return words


def _en_below_thousand(number: int) -> list[str]:
    words = []
    hundreds, rest = divmod(number, 100)
    if hundreds:
        words += [_EN_UNITS[hundreds], "hundred"]
    if rest >= 20:
        tens, units = divmod(rest, 10)
        words.append(_EN_TENS[tens] + (f"-{_EN_UNITS[units]}" if units else ""))
    elif rest:
        words.append(_EN_UNITS[rest])
    return words


def amount_in_words(amount: Decimal, language: str) -> str:
    """`amount` euro in words, the cents in figures: "Šimtas dvidešimt eurų 50 ct",
    "One hundred twenty euro 50 ct". Up to 999,999,999.99."""
    euros = int(amount)
    cents = int((amount - euros) * 100)
    words: list[str] = []
    english = (language or "lt").startswith("en")
    groups = [(euros // 1_000_000) % 1000, (euros // 1000) % 1000, euros % 1000]
    for scale, group in zip((2, 1, 0), groups, strict=True):
        if not group:
            continue
        if english:
            words += _en_below_thousand(group) + ([_EN_SCALES[scale]] if scale else [])
        else:
            # "tūkstantis", not "vienas tūkstantis", as one writes it
            head = [] if scale and group == 1 else _lt_below_thousand(group)
            words += head + ([_lt_form(group, _LT_SCALES[scale])] if scale else [])
    if not words:
        words = ["zero" if english else "nulis"]
    currency = "euro" if english else _lt_form(euros, _LT_EURO)
    text = " ".join([*words, currency, f"{cents:02d} ct"])
    return text[0].upper() + text[1:]


def _document_title(invoice: Invoice) -> tuple[str, str]:
    """The heading and the word before the number, in the active language."""
    from django.utils.translation import gettext as _

    if invoice.is_credit_note:
        return _("CREDIT INVOICE"), _("credit invoice")
    if invoice.vat_payer:
        return _("VAT INVOICE"), _("VAT invoice")
    return _("INVOICE"), _("invoice")


def invoice_pdf_context(invoice: Invoice) -> dict[str, Any]:
    """What the PDF template shows; call inside the invoice's language."""
    settings = FinanceSettings.current()
    lines = list(invoice.lines.order_by("position", "pk"))
    title, title_word = _document_title(invoice)
    details = payment_details(invoice)
    payload = epc_qr_payload(invoice) if settings.sepa_qr else ""
    vat_rates = sorted({line.vat_rate for line in lines if line.vat_rate is not None})
    return {
        "invoice": invoice,
        "language": invoice.language,
        "title": title,
        "title_word": title_word,
        "series_code": invoice.series.code,
        "number_padded": f"{invoice.number:0{invoice.series.number_width}d}",
        "lines": lines,
        "vat_rate": vat_rates[0] if len(vat_rates) == 1 else None,
        "seller_vat_code": settings.vat_code if invoice.vat_payer else "",
        "seller_bank": {
            "iban": "".join(association().bank_account.split()).upper(),
            "bank": settings.bank_name,
            "bic": settings.bic.strip().upper(),
        },
        "payment": details,
        "qr_svg": epc_qr_svg(payload) if payload else "",
        "total_in_words": amount_in_words(invoice.total, invoice.language),
        "credited": invoice.credited_invoice,
    }


def invoice_pdf(invoice: Invoice) -> bytes:
    """The PDF of an issued invoice or credit note, in the invoice's language."""
    if invoice.number is None:
        raise ValueError("A draft invoice has no PDF.")
    with translation.override(invoice.language or "lt"):
        return render_pdf(INVOICE_TEMPLATE, invoice_pdf_context(invoice))


def invoice_pdf_filename(invoice: Invoice) -> str:
    return f"{invoice.display_number}.pdf"


def invoice_pdf_store(invoice: Invoice) -> None:
    """Draw the PDF and keep it in `invoice.pdf` (replacing any earlier copy)."""
    content = invoice_pdf(invoice)
    if invoice.pdf:
        invoice.pdf.delete(save=False)
    invoice.pdf.save(invoice_pdf_filename(invoice), ContentFile(content), save=False)
    Invoice.objects.filter(pk=invoice.pk).update(pdf=invoice.pdf.name)
