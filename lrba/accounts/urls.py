from django.contrib.auth import views as auth_views
from django.urls import path

app_name = "accounts"

# Sign-in with e-mail and password; django-allauth takes over in the accounts issue.
urlpatterns = [
    path(
        "prisijungti/",
        auth_views.LoginView.as_view(template_name="accounts/login.html"),
        name="login",
    ),
    path("atsijungti/", auth_views.LogoutView.as_view(), name="logout"),
]
