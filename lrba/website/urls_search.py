"""The site search's address (lrba.website.views_search)."""

from django.urls import path

from lrba.website import views_search

urlpatterns = [
    path("paieska/", views_search.search, name="search"),
]
