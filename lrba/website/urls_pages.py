"""The page tree's own addresses: an editor's preview, a page's pictures, the annual
reports, sitemap.xml and robots.txt. The pages themselves answer at their path through
`urls_fallback` (after every app's addresses)."""

from django.urls import path

from lrba.website import views_pages

urlpatterns = [
    path("puslapiai/<int:pk>/perziura/", views_pages.page_preview, name="page_preview"),
    path(
        "puslapiai/<int:page>/paveikslai/<int:pk>/<int:width>/",
        views_pages.page_image,
        name="page_image",
    ),
    path("ataskaitos/", views_pages.annual_reports, name="annual_reports"),
    path("sitemap.xml", views_pages.sitemap, name="sitemap"),
    path("robots.txt", views_pages.robots, name="robots"),
]
