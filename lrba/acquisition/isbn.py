"""ISBNs as the catalogue keeps them: validated and normalised to ISBN-13 (python-stdnum).

"978-609-01-2345-6", "9786090123456", "609012345X" and "ISBN 0-306-40615-2" are read;
ISBN-10s become ISBN-13s (978 prefix). A wrong check digit, a wrong length or letters
where digits belong are refused with a reason a person can act on.
"""

import re

from django.utils.translation import gettext as _
from stdnum import isbn as stdnum_isbn
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength

_NOISE = re.compile(r"^\s*(ISBN(-1[03])?:?)\s*", re.IGNORECASE)
# MARC 020 $a often carries a qualifier after the number: "0123456789 (pbk.)".
_QUALIFIER = re.compile(r"^([0-9Xx][0-9Xx\s‐‑–-]{8,20})(\s*[(:].*)?$")


class InvalidIsbn(ValueError):
    """The value is not a valid ISBN; str() says why, in the active language."""


def isbn_normalise(value: str) -> str:
    """The ISBN-13 of `value` (an ISBN-10 or ISBN-13 with or without hyphens and spaces),
    digits only. Raises InvalidIsbn with the reason."""
    raw = _NOISE.sub("", (value or "").strip())
    match = _QUALIFIER.match(raw)
    if match:
        raw = match.group(1)
    raw = re.sub(r"[\s‐‑–-]", "", raw)
    if not raw:
        raise InvalidIsbn(_("The ISBN is missing."))
    try:
        compact = stdnum_isbn.validate(raw)
    except InvalidChecksum:
        raise InvalidIsbn(
            _("ISBN %(isbn)s has a wrong check digit.") % {"isbn": value.strip()}
        ) from None
    except InvalidLength:
        raise InvalidIsbn(
            _("ISBN %(isbn)s has a wrong length: an ISBN has 10 or 13 digits.")
            % {"isbn": value.strip()}
        ) from None
    except (InvalidFormat, InvalidComponent):
        raise InvalidIsbn(
            _("%(isbn)s is not an ISBN: it may hold only digits (and X at the end of an ISBN-10).")
            % {"isbn": value.strip()}
        ) from None
    return stdnum_isbn.to_isbn13(compact)


def isbn_display(isbn13: str | None) -> str:
    """The ISBN-13 hyphenated by its ranges ("978-609-…"), or as is when stdnum does not
    know the range; "" for a title without an ISBN."""
    if not isbn13:
        return ""
    try:
        return stdnum_isbn.format(isbn13)
    except Exception:  # an unassigned range: show the digits
        return isbn13


def isbn_query(text: str) -> str | None:
    """The ISBN-13 a search box's text names, when it is one (with or without hyphens);
    None for any other text."""
    digits = re.sub(r"[\s‐‑–-]", "", text or "")
    if not re.fullmatch(r"\d{9}[\dXx]|\d{13}", digits):
        return None
    try:
        return isbn_normalise(digits)
    except InvalidIsbn:
        return None
