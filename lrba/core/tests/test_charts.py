from decimal import Decimal

from lrba.core.charts import horizontal_bar_chart


def test_the_largest_value_fills_the_bar_area():
    chart = horizontal_bar_chart([("Alytaus", 5), ("Kauno", 10), ("Tauragės", 0)], bar_area=300)
    assert [bar.width for bar in chart.bars] == [150.0, 300.0, 0]
    assert chart.maximum == 10


def test_decimal_values_and_an_empty_chart_are_fine():
    assert horizontal_bar_chart([("2026", Decimal("7.5"))]).bars[0].width == 330.0
    empty = horizontal_bar_chart([])
    assert empty.bars == [] and empty.maximum == 0
