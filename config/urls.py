from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

# The admin's own login form would skip the second factor: send it through allauth.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    # Anyone may switch the language, signed in or not.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("paskyra/", include("lrba.accounts.urls")),
    path("paskyra/", include("allauth.urls")),
    path("renginiai/", include("lrba.events.urls")),
    path("", include("lrba.members.urls")),
    path("", include("lrba.training.urls")),
    path("", include("lrba.website.urls")),
]

handler404 = "lrba.website.views.page_not_found"
handler500 = "lrba.website.views.server_error"
