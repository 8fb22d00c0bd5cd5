"""Finance pages: member (see lrba/finance/urls.py)."""

urlpatterns: list = []
