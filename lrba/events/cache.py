"""The cache namespace of the public event pages (see lrba.core.cache)."""

EVENTS = "events"
