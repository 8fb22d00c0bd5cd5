from django.contrib.auth.decorators import login_not_required
from django.urls import path
from django.views.generic import RedirectView

app_name = "accounts"

# Sign-in and sign-out are django-allauth's (mounted under /paskyra/ in config/urls.py).
# The old addresses and names stay as redirects so bookmarks and `{% url 'accounts:login' %}`
# keep working.
urlpatterns = [
    path(
        "prisijungti/",
        login_not_required(RedirectView.as_view(pattern_name="account_login", query_string=True)),
        name="login",
    ),
    path(
        "atsijungti/",
        login_not_required(RedirectView.as_view(pattern_name="account_logout", query_string=True)),
        name="logout",
    ),
]
