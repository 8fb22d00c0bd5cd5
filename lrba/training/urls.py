from django.urls import path

from lrba.training import views

app_name = "training"

urlpatterns = [
    path("pazymejimai/", views.verify_form, name="verify_form"),
    path("pazymejimai/<str:code>/", views.verify, name="verify"),
    path("mokymai/", views.programme_list, name="programme_list"),
    path("mokymai/ataskaita/", views.overview, name="overview"),
    path(
        "mokymai/vykdymai/<int:run_id>/pazymejimai.zip",
        views.run_certificates_zip,
        name="run_certificates_zip",
    ),
    path("mano-mokymasis/", views.my_learning, name="my_learning"),
    path(
        "mano-mokymasis/pazymejimai/<int:pk>/pdf/",
        views.certificate_download,
        name="certificate_download",
    ),
    path("mano-mokymasis/biblioteka/<slug:slug>/", views.library_training, name="library_training"),
]
