"""Addresses of the news, the feeds, projects and partners (website namespace)."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from lrba.website import feeds, views_news

urlpatterns = [
    path("naujienos/", views_news.news_list, name="news_list"),
    path("naujienos/rss.xml", login_not_required(feeds.NewsRssFeed()), name="news_rss"),
    path("naujienos/atom.xml", login_not_required(feeds.NewsAtomFeed()), name="news_atom"),
    path("naujienos/<int:year>/", views_news.news_year, name="news_year"),
    path("naujienos/zymes/<slug:slug>/", views_news.news_tag, name="news_tag"),
    path("naujienos/<slug:slug>/", views_news.news_detail, name="news_detail"),
    path(
        "naujienos/<slug:slug>/paveikslai/<int:pk>/<int:width>/",
        views_news.news_image,
        name="news_image",
    ),
    path("projektai/", views_news.project_list, name="project_list"),
    path("projektai/<slug:slug>/", views_news.project_detail, name="project_detail"),
    path(
        "projektai/<slug:slug>/paveikslai/<int:pk>/<int:width>/",
        views_news.project_image,
        name="project_image",
    ),
    path("partneriai/", views_news.partner_list, name="partner_list"),
    path("partneriai/<int:pk>/logotipas/", views_news.partner_logo, name="partner_logo"),
]
