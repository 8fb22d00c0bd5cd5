"""The representation app's pages under /atstovavimas/: each area's views module holds its
own `urlpatterns`, gathered here under one namespace."""

from lrba.representation.views import (
    answering,
    delegations,
    positions_public,
    positions_staff,
    public,
    staff_consultations,
    summary,
)

app_name = "representation"

urlpatterns: list = [
    *public.urlpatterns,
    *answering.urlpatterns,
    *positions_public.urlpatterns,
    *delegations.urlpatterns,
    *staff_consultations.urlpatterns,
    *summary.urlpatterns,
    *positions_staff.urlpatterns,
]
