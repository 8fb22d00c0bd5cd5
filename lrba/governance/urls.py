from django.urls import path

from lrba.governance.views import meetings

app_name = "governance"

urlpatterns: list = [
    path("posedziai/", meetings.meeting_list, name="meeting_list"),
    path("posedziai/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("posedziai/<int:pk>/valdymas/", meetings.meeting_manage, name="meeting_manage"),
    path("dokumentai/<int:pk>/", meetings.document_download, name="document_download"),
]
