"""Finance pages: invoices (see lrba/finance/urls.py)."""

urlpatterns: list = []
