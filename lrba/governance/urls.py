from django.urls import path

from lrba.governance.views import attendance, decisions, meetings, minutes, voting
from lrba.governance.views import procedures as written
from lrba.governance.views import public as public_views

app_name = "governance"

urlpatterns: list = [
    path("valdyba/", public_views.board, name="board"),
    path("posedziai/", meetings.meeting_list, name="meeting_list"),
    path("posedziai/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("posedziai/<int:pk>/valdymas/", meetings.meeting_manage, name="meeting_manage"),
    path("dokumentai/<int:pk>/", meetings.document_download, name="document_download"),
    path("posedziai/<int:pk>/registracija/", attendance.attendance_desk, name="attendance_desk"),
    path(
        "posedziai/<int:pk>/registracija/registruoti/",
        attendance.attendance_register_view,
        name="attendance_register",
    ),
    path("dalyviai/<int:pk>/isejo/", attendance.attendance_leave_view, name="attendance_leave"),
    path("dalyviai/<int:pk>/atsaukti/", attendance.attendance_undo_view, name="attendance_undo"),
    path("pakvietimas/<str:token>/", attendance.notice_scan, name="notice_scan"),
    path("posedziai/<int:pk>/kvorumas/", attendance.quorum_panel_view, name="quorum_panel"),
    path("posedziai/<int:pk>/nuotoliu/", attendance.attend_remote, name="attend_remote"),
    path("rasytine-procedura/", written.procedure_list, name="procedure_list"),
    path("rasytine-procedura/<int:pk>/", written.procedure_detail, name="procedure_detail"),
    path(
        "rasytine-procedura/<int:pk>/atsakymas/", written.procedure_answer, name="procedure_answer"
    ),
    path(
        "rasytine-procedura/<int:pk>/issiuntimas/",
        written.procedure_circulate,
        name="procedure_circulate",
    ),
    path(
        "rasytine-procedura/<int:pk>/baigimas/",
        written.procedure_conclude,
        name="procedure_conclude",
    ),
    path(
        "rasytine-procedura/<int:pk>/atsaukimas/", written.procedure_cancel, name="procedure_cancel"
    ),
    path("priemimas/<int:pk>/", written.admission_prepare, name="admission_prepare"),
    path("priemimas/<int:pk>/pagal-nutarima/", written.admission_apply, name="admission_apply"),
    path("pasalinimas/<int:pk>/", written.expulsion_prepare, name="expulsion_prepare"),
    path("posedziai/<int:pk>/balsavimas/", voting.vote, name="vote"),
    path("posedziai/<int:pk>/balsavimai/naujas/", voting.poll_create, name="poll_create"),
    path("posedziai/<int:pk>/ekranas/", voting.room, name="room"),
    path("ekranas/<str:token>/", voting.room_projector, name="room_projector"),
    path("balsavimai/<int:pk>/", voting.poll_manage, name="poll_manage"),
    path("balsavimai/<int:pk>/kvitai/", voting.receipts, name="receipts"),
    path("protokolai/<int:pk>/", minutes.minutes_detail, name="minutes_detail"),
    path("protokolai/<int:pk>/pdf/", minutes.minutes_pdf, name="minutes_pdf"),
    path(
        "protokolai/<int:pk>/pasirase-pirmininkas/",
        minutes.minutes_signed_file,
        {"office": "chair"},
        name="minutes_signed_chair",
    ),
    path(
        "protokolai/<int:pk>/pasirase-sekretorius/",
        minutes.minutes_signed_file,
        {"office": "secretary"},
        name="minutes_signed_secretary",
    ),
    path("protokolai/<int:pk>/pasirasyti/", minutes.minutes_sign, name="minutes_sign"),
    path("protokolai/<int:pk>/pastaba/", minutes.minutes_comment, name="minutes_comment"),
    path("posedziai/<int:pk>/protokolas/", minutes.minutes_generate, name="minutes_generate"),
    path("nutarimai/", decisions.decision_list, name="decision_list"),
    path("nutarimai/<int:pk>/", decisions.decision_detail, name="decision_detail"),
    path(
        "nutarimai/uzduotys/<int:pk>/atlikta/", decisions.follow_up_mark_done, name="follow_up_done"
    ),
    path("viesi-nutarimai/", decisions.public_decisions, name="public_decisions"),
]
