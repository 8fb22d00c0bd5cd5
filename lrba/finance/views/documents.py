"""Finance pages: documents (see lrba/finance/urls.py)."""

urlpatterns: list = []
