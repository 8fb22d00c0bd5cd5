"""Finance back office: statements (see lrba/finance/admin/__init__.py)."""
