"""My account → access tokens (mounted at /paskyra/prieigos-raktai/ by lrba.api.apps).

Every page here needs a signed-in person (Django's LoginRequiredMiddleware) and shows or
changes only that person's own tokens.
"""

from django.urls import path

from lrba.api import views

app_name = "api_tokens"
urlpatterns = [
    path("", views.token_list_view, name="list"),
    path("naujas/", views.token_create_view, name="create"),
    path("<int:pk>/atsaukti/", views.token_revoke_view, name="revoke"),
]
