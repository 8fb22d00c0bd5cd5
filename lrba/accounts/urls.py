from django.contrib.auth.decorators import login_not_required
from django.urls import path
from django.views.generic import RedirectView

from lrba.accounts.views import account as account_views
from lrba.accounts.views import privacy as privacy_views

app_name = "accounts"

# Sign-in and sign-out are django-allauth's (mounted under /paskyra/ in config/urls.py).
# The old addresses and names stay as redirects so bookmarks and `{% url 'accounts:login' %}`
# keep working.
urlpatterns = [
    path("", account_views.my_account, name="my_account"),
    path("atsijungti-visur/", account_views.sign_out_everywhere, name="sign_out_everywhere"),
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
    # Personal data: the person always comes from the signed-in user, never from the URL.
    path("mano-duomenys/", privacy_views.my_data, name="my_data"),
    path("mano-duomenys/atsisiusti/", privacy_views.my_data_download, name="my_data_download"),
    path("mano-duomenys/sutikimai/", privacy_views.my_consent, name="my_consent"),
    path("mano-duomenys/istrinti/", privacy_views.my_erasure_request, name="my_erasure_request"),
    path(
        "duomenu-tvarkymas/",
        privacy_views.processing_activities,
        name="processing_activities",
    ),
]
