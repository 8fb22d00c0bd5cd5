"""Finance back office: support (see lrba/finance/admin/__init__.py)."""
