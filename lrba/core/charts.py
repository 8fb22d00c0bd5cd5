"""Geometry of the small horizontal bar charts drawn as inline SVG.

No JavaScript and no chart library: the template writes each label and value as text and
draws each bar as a `<rect>` `width` units long in a `bar_area`-wide SVG (see
`components/bar_chart.html`), and the same figures always appear in a table beside the
chart, so nothing depends on seeing it.
"""

from dataclasses import dataclass
from decimal import Decimal

Number = int | float | Decimal


@dataclass(frozen=True)
class ChartBar:
    label: str
    value: Number
    width: float


@dataclass(frozen=True)
class HorizontalBarChart:
    bars: list[ChartBar]
    maximum: Number
    bar_area: int


def horizontal_bar_chart(
    items: list[tuple[str, Number]], *, bar_area: int = 330
) -> HorizontalBarChart:
    """One bar per (label, value), scaled so the largest value fills `bar_area`."""
    maximum = max((value for _label, value in items), default=0)
    bars = [
        ChartBar(
            label=label,
            value=value,
            width=round(float(bar_area) * float(value) / float(maximum), 1) if maximum else 0,
        )
        for label, value in items
    ]
    return HorizontalBarChart(
        bars=bars,
        maximum=maximum,
        bar_area=bar_area,
    )
