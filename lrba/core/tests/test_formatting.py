"""Money, numbers and dates in Lithuanian (Facts §5.3)."""

import datetime
from decimal import Decimal

from django.utils import formats, translation
from django.utils.numberformat import format as number_format

from lrba.core.formatting import format_money, format_number, format_percent


def test_money_is_grouped_with_no_break_spaces_and_the_euro_sign_last():
    with translation.override("lt"):
        assert format_money(Decimal("1234.56")) == "1\xa0234,56\xa0€"


def test_money_of_none_is_empty():
    assert format_money(None) == ""


def test_money_in_english_puts_the_euro_sign_first():
    with translation.override("en"):
        assert format_money(Decimal("1234.56")) == "€1,234.56"


def test_numbers_and_percentages_in_lithuanian():
    with translation.override("lt"):
        assert format_number(Decimal("1234567.891")) == "1\xa0234\xa0567,891"
        assert format_percent(1 / 3) == "33,3\xa0%"


def test_long_date_has_the_month_in_the_genitive():
    with translation.override("lt"):
        assert formats.date_format(datetime.date(2026, 4, 18)) == "2026 m. balandžio 18 d."


def test_short_date_is_iso():
    with translation.override("lt"):
        assert formats.date_format(datetime.date(2026, 4, 18), "SHORT_DATE_FORMAT") == "2026-04-18"


def test_django_number_grouping_uses_a_no_break_space(settings):
    settings.USE_THOUSAND_SEPARATOR = True
    with translation.override("lt"):
        assert formats.number_format(Decimal("1234567.5"), 1) == "1\xa0234\xa0567,5"
        assert formats.get_format("THOUSAND_SEPARATOR") == "\xa0"
        assert formats.get_format("DECIMAL_SEPARATOR") == ","


def test_forced_grouping_uses_a_no_break_space():
    with translation.override("lt"):
        grouped = formats.number_format(Decimal("1234.56"), 2, force_grouping=True)
    assert grouped == "1\xa0234,56"
    # The plain Django helper, given the same separator, agrees.
    assert number_format(Decimal("1234.56"), ",", 2, 3, "\xa0", force_grouping=True) == grouped
