from django.urls import path

from lrba.website import views

app_name = "website"

urlpatterns = [
    path("", views.home, name="home"),
    path("apie-asociacija/", views.about, name="about"),
    # A database-free page for the throughput benchmark in bench/ (see views.floor).
    path("bench/floor/", views.floor, name="floor"),
]
