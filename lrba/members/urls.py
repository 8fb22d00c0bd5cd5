from django.urls import path

from lrba.members.views import applications, authorisations, directory, invitations, my_library

app_name = "members"

urlpatterns = [
    path("bibliotekos/", directory.library_list, name="library_list"),
    path("bibliotekos/<slug:slug>/", directory.library_detail, name="library_detail"),
    path("nariai/", directory.member_list, name="member_list"),
    path("stoti/", applications.apply, name="apply"),
    path("stoti/pateikta/", applications.apply_done, name="apply_done"),
    # "My library": a representative's profile and staff list.
    path("mano-biblioteka/", my_library.my_library, name="my_library"),
    path("mano-biblioteka/<slug:slug>/", my_library.my_library_detail, name="my_library_detail"),
    path(
        "mano-biblioteka/<slug:slug>/darbuotojai/",
        my_library.employment_add,
        name="my_library_employment_add",
    ),
    path(
        "mano-biblioteka/<slug:slug>/darbuotojai/<int:pk>/pabaiga/",
        my_library.employment_end,
        name="my_library_employment_end",
    ),
    path(
        "mano-biblioteka/<slug:slug>/kvietimai/",
        my_library.invitation_send,
        name="my_library_invitation_send",
    ),
    path(
        "mano-biblioteka/<slug:slug>/kvietimai/<int:pk>/atsaukti/",
        my_library.invitation_revoke,
        name="my_library_invitation_revoke",
    ),
    # Who may act for the library: employees its representatives authorised.
    path(
        "mano-biblioteka/<slug:slug>/igaliojimai/",
        authorisations.staff_authorisations,
        name="staff_authorisations",
    ),
    path(
        "mano-biblioteka/<slug:slug>/igaliojimai/<int:pk>/atsaukti/",
        authorisations.staff_authorisation_revoke,
        name="staff_authorisation_revoke",
    ),
    # The link in an invitation e-mail (under /paskyra/ with the other account pages).
    path(
        "paskyra/pakvietimas/<str:token>/", invitations.invitation_accept, name="invitation_accept"
    ),
]
