"""Finance pages: support (see lrba/finance/urls.py)."""

urlpatterns: list = []
