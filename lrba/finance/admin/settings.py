"""Finance back office: settings (see lrba/finance/admin/__init__.py)."""
