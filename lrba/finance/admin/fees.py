"""Finance back office: fees (see lrba/finance/admin/__init__.py)."""
