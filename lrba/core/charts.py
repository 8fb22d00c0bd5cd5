"""Geometry of the small horizontal bar charts drawn as inline SVG.

No JavaScript and no chart library: the template draws one `<rect>` per bar from the
numbers here (see `components/bar_chart.html`), and the same figures always appear in a
table beside the chart, so nothing depends on seeing it.
"""

from dataclasses import dataclass
from decimal import Decimal

Number = int | float | Decimal


@dataclass(frozen=True)
class ChartBar:
    label: str
    value: Number
    y: int
    width: float


@dataclass(frozen=True)
class HorizontalBarChart:
    bars: list[ChartBar]
    height: int
    maximum: Number
    label_width: int
    bar_area: int

    @property
    def view_width(self) -> int:
        # Room on the right for the value printed after the longest bar.
        return self.label_width + self.bar_area + 60


def horizontal_bar_chart(
    items: list[tuple[str, Number]], *, row: int = 32, label_width: int = 190, bar_area: int = 330
) -> HorizontalBarChart:
    """One bar per (label, value), scaled so the largest value fills `bar_area`."""
    maximum = max((value for _label, value in items), default=0)
    bars = [
        ChartBar(
            label=label,
            value=value,
            y=index * row,
            width=round(float(bar_area) * float(value) / float(maximum), 1) if maximum else 0,
        )
        for index, (label, value) in enumerate(items)
    ]
    return HorizontalBarChart(
        bars=bars,
        height=len(bars) * row,
        maximum=maximum,
        label_width=label_width,
        bar_area=bar_area,
    )
