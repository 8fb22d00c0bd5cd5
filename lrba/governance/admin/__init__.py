"""The governance back office, one module per topic (bodies and rules, meetings,
attendance, polls, minutes and decisions, written procedures)."""
