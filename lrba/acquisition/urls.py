"""The acquisition app's pages under /komplektavimas/: each area's views module holds its
own `urlpatterns`, gathered here under one namespace."""

from lrba.acquisition.views import catalogue, imports, ordering, reports, rounds

app_name = "acquisition"

urlpatterns: list = [
    *catalogue.urlpatterns,
    *imports.urlpatterns,
    *rounds.urlpatterns,
    *ordering.urlpatterns,
    *reports.urlpatterns,
]
