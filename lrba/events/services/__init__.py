"""Writes of the events app: registration, cancellation, waiting list."""
