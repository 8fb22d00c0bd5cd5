from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import path
from django.views.i18n import set_language

from lrba.core.plugins import app_url_patterns

# The admin's own login form would skip the second factor: send it through allauth.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    # Anyone may switch the language, signed in or not.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    # Each app declares its address in its AppConfig (lrba.core.plugins).
    *app_url_patterns(),
]

handler404 = "lrba.website.views.page_not_found"
handler500 = "lrba.website.views.server_error"
