from django.urls import path

from lrba.members.views import applications, directory

app_name = "members"

urlpatterns = [
    path("bibliotekos/", directory.library_list, name="library_list"),
    path("bibliotekos/<slug:slug>/", directory.library_detail, name="library_detail"),
    path("nariai/", directory.member_list, name="member_list"),
    path("stoti/", applications.apply, name="apply"),
    path("stoti/pateikta/", applications.apply_done, name="apply_done"),
]
