"""The page tree's catch-all address, included after every app's URLs: any other path is
looked up as a page ("apie-asociacija/istatai/")."""

from django.urls import path

from lrba.website import views_pages

app_name = "pages"

urlpatterns = [
    path("<path:path>/", views_pages.page, name="page"),
]
