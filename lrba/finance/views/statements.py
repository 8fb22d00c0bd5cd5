"""Finance pages: statements (see lrba/finance/urls.py)."""

urlpatterns: list = []
