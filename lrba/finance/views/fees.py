"""Finance pages: fees (see lrba/finance/urls.py)."""

urlpatterns: list = []
