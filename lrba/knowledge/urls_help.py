"""The methodological help desk's addresses (names in the "knowledge" namespace)."""

from django.urls import path

from lrba.knowledge.views import help as views

urlpatterns = [
    path("metodine-pagalba/", views.help_list, name="help_list"),
    path("metodine-pagalba/klausti/", views.help_create, name="help_create"),
    path("metodine-pagalba/statistika/", views.help_stats, name="help_stats"),
    path("metodine-pagalba/<str:number>/", views.help_detail, name="help_detail"),
    path("metodine-pagalba/<str:number>/atsakyti/", views.help_reply, name="help_reply"),
    path("metodine-pagalba/<str:number>/tvarkyti/", views.help_update, name="help_update"),
    path(
        "metodine-pagalba/<str:number>/priedai/<int:pk>/",
        views.help_attachment,
        name="help_attachment",
    ),
    path(
        "metodine-pagalba/<str:number>/i-geraja-patirti/",
        views.help_to_article,
        name="help_to_article",
    ),
]
