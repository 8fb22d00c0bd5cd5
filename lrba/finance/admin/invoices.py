"""Finance back office: invoices (see lrba/finance/admin/__init__.py)."""
