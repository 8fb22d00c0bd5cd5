"""The governance back office, one module per topic (bodies and rules, meetings,
attendance, polls, minutes and decisions, written procedures)."""

from lrba.governance.admin import (
    attendance,  # noqa: E402, F401
    bodies,  # noqa: E402, F401
    decisions,  # noqa: E402, F401
    meetings,  # noqa: E402, F401
    minutes,  # noqa: E402, F401
    polls,  # noqa: E402, F401
    procedures,  # noqa: E402, F401
)
