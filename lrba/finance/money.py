"""Money arithmetic of the finance app: `Decimal` with two places, rounded the EN 16931
way (half away from zero, on each line's net amount, then on the totals), and amounts
read from people and files without float or a silent third decimal."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def round_money(value: Decimal) -> Decimal:
    """Two places, half away from zero (EN 16931 rounds line and document amounts so;
    Decimal's ROUND_HALF_UP rounds halves away from zero for negatives too)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def money_parse(text: str | Decimal | int, *, decimal_comma: bool = False) -> Decimal:
    """An amount as a person or a file writes it: "1 234,56", "1234.56", "18.150".

    Refuses (ValidationError, in the user's language) anything that is not a number, and
    any amount with a non-zero digit past the cents: "18.150" is 18.15, "18.155" is an
    error, never a rounding nobody asked for."""
    if isinstance(text, Decimal | int):
        value = Decimal(text)
    else:
        cleaned = text.strip().replace("\u00a0", "").replace(" ", "").replace("€", "")
        if decimal_comma:
            cleaned = cleaned.replace(".", "").replace(",", ".")
        elif cleaned.count(",") == 1 and "." not in cleaned:
            cleaned = cleaned.replace(",", ".")
        try:
            value = Decimal(cleaned)
        except InvalidOperation:
            raise ValidationError(
                _("“%(text)s” is not an amount of money.") % {"text": text}, code="amount"
            ) from None
    if not value.is_finite():
        raise ValidationError(_("“%(text)s” is not an amount of money.") % {"text": text})
    if value != value.quantize(CENT):
        raise ValidationError(
            _("The amount “%(text)s” has more than two decimal places: euro have cents only.")
            % {"text": text},
            code="amount_precision",
        )
    return value.quantize(CENT)


@dataclass(frozen=True)
class LineAmount:
    quantity: Decimal
    unit_price: Decimal
    vat_rate: Decimal | None  # None: no VAT (the issuer is not a VAT payer)

    @property
    def net(self) -> Decimal:
        """BT-131: quantity × price, rounded to cents."""
        return round_money(self.quantity * self.unit_price)


@dataclass(frozen=True)
class Totals:
    net: Decimal  # BT-109, the sum of line net amounts
    vat: Decimal  # BT-110, the sum of VAT per rate, each rounded
    total: Decimal  # BT-112
    vat_breakdown: tuple[tuple[Decimal, Decimal, Decimal], ...]  # (rate, taxable, tax)


def totals(lines: Iterable[LineAmount]) -> Totals:
    """The document totals as EN 16931 computes them: VAT per rate on the sum of that
    rate's line amounts (BR-CO-17), rounded once per rate."""
    by_rate: dict[Decimal | None, Decimal] = {}
    for line in lines:
        by_rate[line.vat_rate] = by_rate.get(line.vat_rate, ZERO) + line.net
    net = sum(by_rate.values(), ZERO)
    breakdown = []
    vat = ZERO
    for rate, taxable in sorted(by_rate.items(), key=lambda item: item[0] or ZERO):
        if rate is None:
            continue
        tax = round_money(taxable * rate / 100)
        breakdown.append((rate, taxable, tax))
        vat += tax
    return Totals(net=net, vat=vat, total=net + vat, vat_breakdown=tuple(breakdown))
