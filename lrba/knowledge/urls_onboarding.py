"""The onboarding of new member libraries' addresses (names in the "knowledge" namespace)."""

from django.urls import path

from lrba.knowledge.views import onboarding as views

urlpatterns = [
    path("naujos-bibliotekos/", views.onboarding_list, name="onboarding_list"),
    path("naujos-bibliotekos/<int:pk>/", views.onboarding_detail, name="onboarding_detail"),
    path(
        "naujos-bibliotekos/<int:pk>/zingsniai/<int:step>/",
        views.onboarding_step,
        name="onboarding_step",
    ),
]
