"""Payment references: the structured creditor reference RF (ISO 11649) each invoice
carries, built from the invoice's series and number so it is unique and readable back."""

import re

from stdnum import iso11649
from stdnum.iso7064 import mod_97_10

_NOT_ALNUM = re.compile(r"[^0-9A-Z]")


def creditor_reference(series_code: str, number: int) -> str:
    """The RF reference of invoice `number` of series `series_code`, in electronic form
    (no spaces), e.g. "RF18LRBA00042". The body is the series' letters and digits and the
    number, at most 21 characters (ISO 11649 allows 21 after "RF" and the check digits)."""
    body = f"{_NOT_ALNUM.sub('', series_code.upper())}{number:05d}"[-21:]
    check = mod_97_10.calc_check_digits(body + "RF")
    return f"RF{check}{body}"


def reference_normalise(text: str) -> str:
    """A reference as written in a bank entry or by a person: upper case, no spaces."""
    return re.sub(r"\s+", "", text or "").upper()


def is_creditor_reference(text: str) -> bool:
    return iso11649.is_valid(reference_normalise(text))


def reference_print(reference: str) -> str:
    """The paper form: groups of four, e.g. "RF18 LRBA 0004 2"."""
    return iso11649.format(reference)


# Invoice numbers as people write them in a payment's purpose: "LRBA-00042", "LRBA 42",
# "sąskaita LRBA-42". Series codes are capital letters, digits and hyphens.
def invoice_number_pattern(series_code: str) -> re.Pattern[str]:
    series = re.escape(series_code.upper())
    return re.compile(
        rf"(?<![0-9A-Z]){series}\s*[-–/ ]?\s*(?:NR\.?\s*)?0*(\d{{1,9}})(?!\d)", re.IGNORECASE
    )
