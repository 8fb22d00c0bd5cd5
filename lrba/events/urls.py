from django.urls import path

from lrba.events.views import (
    calendar_import,
    checkin,
    feedback,
    library_calendar,
    member_calendar,
    mine,
    public,
    registration,
)

app_name = "events"

urlpatterns = [
    path("", public.event_list, name="event_list"),
    path("archyvas/", public.event_archive, name="event_archive"),
    path("kalendorius.ics", public.event_feed, name="event_feed"),
    # Member libraries' own events in the shared calendar, and a library's pages to publish
    # and import them (before the event slug, which would catch them).
    *member_calendar.urlpatterns,
    *library_calendar.urlpatterns,
    *calendar_import.urlpatterns,
    # The personal link e-mailed to a registrant (the token is the access).
    path("registracija/<str:token>/", registration.registration_detail, name="registration_detail"),
    path(
        "registracija/<str:token>/kalendorius.ics",
        registration.registration_ics,
        name="registration_ics",
    ),
    # A signed-in person's own registrations (before the event slug, which would catch it).
    path("mano-registracijos/", mine.my_registrations, name="my_registrations"),
    path(
        "mano-registracijos/<int:pk>/atsaukti/",
        mine.my_registration_cancel,
        name="my_registration_cancel",
    ),
    # Uploaded files only through the access check (MEDIA_ROOT has no URL).
    path("priedai/<int:pk>/", public.attachment_download, name="attachment_download"),
    path("<slug:slug>/", registration.event_detail, name="event_detail"),
    path("<slug:slug>/kalendorius.ics", public.event_ics, name="event_ics"),
    path(
        "<slug:slug>/registruoti-kolegas/",
        registration.colleagues_register,
        name="colleagues_register",
    ),
    # On the day and after it (lrba.events.views.checkin, .feedback).
    # A registration's QR code: the desk page for staff, the registration page for others.
    path("patikra/<str:token>/", checkin.checkin_scan, name="checkin_scan"),
    # The survey after the event (the personal token is the access).
    path("apklausa/<str:token>/", feedback.feedback_form, name="feedback_form"),
    path("<slug:slug>/registracija-vietoje/", checkin.checkin, name="checkin"),
    path(
        "<slug:slug>/registracija-vietoje/<int:pk>/atvyko/",
        checkin.checkin_mark,
        name="checkin_mark",
    ),
    path(
        "<slug:slug>/registracija-vietoje/<int:pk>/atsaukti/",
        checkin.checkin_undo,
        name="checkin_undo",
    ),
    path("<slug:slug>/dalyviai.pdf", checkin.participant_sheet, name="participant_sheet"),
    path("<slug:slug>/korteles.pdf", checkin.badges, name="badges"),
    path(
        "<slug:slug>/lankomumas.csv",
        checkin.attendance_export,
        {"file_format": "csv"},
        name="attendance_csv",
    ),
    path(
        "<slug:slug>/lankomumas.xlsx",
        checkin.attendance_export,
        {"file_format": "xlsx"},
        name="attendance_xlsx",
    ),
    path("<slug:slug>/atsiliepimai/", feedback.feedback_results, name="feedback_summary"),
]
