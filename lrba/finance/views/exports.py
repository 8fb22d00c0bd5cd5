"""Finance pages: exports (see lrba/finance/urls.py)."""

urlpatterns: list = []
