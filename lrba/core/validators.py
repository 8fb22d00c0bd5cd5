"""Lithuanian identifier validators (Facts §5.4), with messages in the user's language.

`python-stdnum` supplies the VAT code and IBAN checks. It has no company-code module, so
the 9-digit legal-entity code check is here; its checksum is only a *warning*
(`legal_entity_code_checksum_ok`), because the rule for a remainder of 10 is unverified.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import iban as stdnum_iban
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.lt import pvm as stdnum_pvm

_POSTAL_CODE = re.compile(r"^LT-\d{5}$")
_PHONE = re.compile(r"^\+370\d{8}$")


def normalize_legal_entity_code(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "")


def validate_legal_entity_code(value: str) -> None:
    code = normalize_legal_entity_code(value)
    if not re.fullmatch(r"\d{9}", code):
        raise ValidationError(
            _("A legal-entity code has exactly 9 digits, for example 190020587."),
            code="legal_entity_code",
        )


def legal_entity_code_checksum_ok(value: str) -> bool:
    """True when the 9th digit matches Σ d[i]·i (i = 1..8) mod 11 (see module docstring)."""
    code = normalize_legal_entity_code(value)
    if not re.fullmatch(r"\d{9}", code):
        return False
    remainder = sum(int(d) * i for i, d in enumerate(code[:8], start=1)) % 11
    return remainder % 10 == int(code[8])


def normalize_vat_code(value: str) -> str:
    return stdnum_pvm.compact(value or "")


def validate_vat_code(value: str) -> None:
    try:
        stdnum_pvm.validate(value)
    except StdnumError:
        raise ValidationError(
            _("Enter a valid Lithuanian VAT code: LT followed by 9 or 12 digits."),
            code="vat_code",
        ) from None


def normalize_iban(value: str) -> str:
    return stdnum_iban.compact(value or "")


def validate_iban(value: str) -> None:
    try:
        stdnum_iban.validate(value)
    except StdnumError:
        raise ValidationError(
            _("Enter a valid IBAN; a Lithuanian one has 20 characters, e.g. LT121000011101001000."),
            code="iban",
        ) from None


def normalize_postal_code(value: str) -> str:
    value = (value or "").strip().upper().replace(" ", "")
    if re.fullmatch(r"\d{5}", value):
        return f"LT-{value}"
    if re.fullmatch(r"LT\d{5}", value):
        return f"LT-{value[2:]}"
    return value


def validate_postal_code(value: str) -> None:
    if not _POSTAL_CODE.match(value or ""):
        raise ValidationError(
            _("A postal code looks like LT-44319."),
            code="postal_code",
        )


def normalize_phone(value: str) -> str:
    digits = re.sub(r"[\s()-]", "", value or "")
    if digits.startswith("00370"):
        digits = "+" + digits[2:]
    elif digits.startswith("8") and len(digits) == 9:
        # The domestic trunk prefix 8 stands for +370.
        digits = "+370" + digits[1:]
    elif digits.startswith("370") and len(digits) == 11:
        digits = "+" + digits
    return digits


def validate_phone(value: str) -> None:
    if not _PHONE.match(value or ""):
        raise ValidationError(
            _("Enter a Lithuanian phone number as +370 followed by 8 digits, e.g. +37061234567."),
            code="phone",
        )
