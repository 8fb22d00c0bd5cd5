"""Writes of the public website, one module per topic."""
