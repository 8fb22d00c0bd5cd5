"""The one form field for amounts of money on every finance page and in the back office.

People type amounts the Lithuanian way ("1 234,56") or the bank's way ("1234.56"); both
are read without float, and a third decimal is refused (`money.money_parse`). The field
shows its value the way the reader writes it (a decimal comma in Lithuanian)."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.formats import number_format

from lrba.finance import money


class MoneyInput(forms.TextInput):
    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            return number_format(Decimal(str(value)).quantize(money.CENT), 2)
        return super().format_value(value)


class MoneyField(forms.CharField):
    """An amount of money: Decimal with two places, or None when left empty."""

    widget = MoneyInput

    def __init__(self, *, min_value: Decimal | None = None, **kwargs: Any) -> None:
        self.min_value = min_value
        # A model's DecimalField offers these; two places are what money has.
        # (The length of the typed text is not checked: the value is a Decimal.)
        for option in ("max_digits", "decimal_places", "max_value", "step_size", "max_length"):
            kwargs.pop(option, None)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, Decimal):
            return money.money_parse(value)
        text = super().to_python(value)
        if not text:
            return None
        return money.money_parse(text)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is not None and self.min_value is not None and value < self.min_value:
            from django.core.exceptions import ValidationError
            from django.utils.translation import gettext as _

            raise ValidationError(
                _("Enter at least %(minimum)s.") % {"minimum": number_format(self.min_value, 2)},
                code="min_value",
            )
