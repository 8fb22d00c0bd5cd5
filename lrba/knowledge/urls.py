from django.urls import include, path

app_name = "knowledge"

# Good practice, the help desk and onboarding each keep their addresses in their own module.
urlpatterns = [
    path("", include("lrba.knowledge.urls_practice")),
    path("", include("lrba.knowledge.urls_help")),
    path("", include("lrba.knowledge.urls_onboarding")),
]
