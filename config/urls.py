from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("paskyra/", include("lrba.accounts.urls")),
    path("", include("lrba.members.urls")),
    path("", include("lrba.website.urls")),
]

handler404 = "lrba.website.views.page_not_found"
handler500 = "lrba.website.views.server_error"
