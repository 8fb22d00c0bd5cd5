"""Good practice: the public list and articles, writing and review (views.practice)."""

from django.urls import path

from lrba.knowledge.views import practice

urlpatterns = [
    path("geroji-patirtis/", practice.article_list, name="article_list"),
    path("geroji-patirtis/nauja/", practice.article_create, name="article_create"),
    path("geroji-patirtis/mano/", practice.my_articles, name="my_articles"),
    path("geroji-patirtis/perziura/", practice.review_list, name="review_list"),
    path("geroji-patirtis/<slug:slug>/", practice.article_detail, name="article_detail"),
    path("geroji-patirtis/<slug:slug>/redaguoti/", practice.article_edit, name="article_edit"),
    path("geroji-patirtis/<slug:slug>/pateikti/", practice.article_submit, name="article_submit"),
    path("geroji-patirtis/<slug:slug>/perziureti/", practice.article_review, name="article_review"),
    path(
        "geroji-patirtis/<slug:slug>/paveikslai/",
        practice.article_image_add,
        name="article_image_add",
    ),
    path(
        "geroji-patirtis/<slug:slug>/paveikslai/<int:pk>/salinti/",
        practice.article_image_remove,
        name="article_image_remove",
    ),
    path(
        "geroji-patirtis/<slug:slug>/paveikslai/<int:pk>/<int:width>/",
        practice.article_image,
        name="article_image",
    ),
    path(
        "geroji-patirtis/<slug:slug>/priedai/",
        practice.article_attachment_add,
        name="article_attachment_add",
    ),
    path(
        "geroji-patirtis/<slug:slug>/priedai/<int:pk>/",
        practice.article_attachment,
        name="article_attachment",
    ),
    path(
        "geroji-patirtis/<slug:slug>/priedai/<int:pk>/salinti/",
        practice.article_attachment_remove,
        name="article_attachment_remove",
    ),
]
