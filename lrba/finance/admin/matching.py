"""Finance back office: matching (see lrba/finance/admin/__init__.py)."""
