"""Finance pages: matching (see lrba/finance/urls.py)."""

urlpatterns: list = []
