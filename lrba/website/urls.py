from django.urls import include, path

from lrba.website import views, views_news

app_name = "website"

urlpatterns = [
    path("", views_news.home, name="home"),
    path("apie-asociacija/", views.about, name="about"),
    path("privatumas/", views.privacy, name="privacy"),
    path("dokumentai/", views.document_list, name="document_list"),
    # Public as an address: the view itself decides who may have the file.
    path("dokumentai/<int:pk>/atsisiusti/", views.document_download, name="document_download"),
    path("valdyba/", views.board, name="board"),
    # A database-free page for the throughput benchmark in bench/ (see views.floor).
    path("bench/floor/", views.floor, name="floor"),
    # Pages, news and projects, and the search each keep their addresses in their own module.
    path("", include("lrba.website.urls_pages")),
    path("", include("lrba.website.urls_news")),
    path("", include("lrba.website.urls_search")),
]
