"""The finance back office, one module per topic (settings and series, fees and invoices,
statements, payment matches and arrears, support and charity)."""

from lrba.finance.admin import (
    fees,  # noqa: F401
    invoices,  # noqa: F401
    matching,  # noqa: F401
    settings,  # noqa: F401
    statements,  # noqa: F401
    support,  # noqa: F401
)
