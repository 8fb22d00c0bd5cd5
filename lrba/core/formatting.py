"""Money and number formatting in the user's language (CLDR rules through Babel).

Lithuanian money reads `1 234,56 €` with no-break spaces (Facts §5.3).
"""

from decimal import Decimal

from babel.numbers import format_currency, format_decimal
from django.utils import translation

_BABEL_LOCALES = {"lt": "lt_LT", "en": "en_IE"}


def babel_locale(language: str | None = None) -> str:
    language = (language or translation.get_language() or "lt").split("-")[0]
    return _BABEL_LOCALES.get(language, "lt_LT")


def format_money(amount: Decimal | int | float | None, currency: str = "EUR") -> str:
    if amount is None:
        return ""
    return format_currency(Decimal(amount), currency, locale=babel_locale())


def format_number(value: Decimal | int | float | None) -> str:
    if value is None:
        return ""
    return format_decimal(value, locale=babel_locale())


def format_percent(share: float | Decimal | None, digits: int = 1) -> str:
    """A share (0.3333) as a percentage in the user's language (`33,3 %`)."""
    if share is None:
        return ""
    pattern = "#,##0." + "0" * digits if digits else "#,##0"
    number = format_decimal(Decimal(str(share)) * 100, format=pattern, locale=babel_locale())
    return f"{number}\xa0%"


def format_iban(account: str) -> str:
    """An IBAN in its printed form, groups of four (`LT12 1000 0111 0100 1000`), so that
    it wraps only between groups; anything that is not an IBAN comes back as it was."""
    compact = "".join(account.split()).upper()
    if not (15 <= len(compact) <= 34 and compact[:2].isalpha() and compact.isalnum()):
        return account
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))
