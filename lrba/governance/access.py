"""Fetch-and-authorise helpers of the governance app.

Read and write apart: the secretariat (change permissions) prepares and runs meetings;
the auditor (view permissions) reads every record; Board members read the Board's own
records and answer its written procedures; members read the General Meeting's meetings,
documents, minutes and decisions; the public sees the Board and public decisions.
"""

# Meetings -------------------------------------------------------------------------------------

MEETING_WRITE_PERMISSION = "governance.change_meeting"


def access_meeting(user: object, pk: int):  # noqa: ANN201
    """A meeting `user` may read (its page, agenda and documents): see
    `selectors.meetings.meeting_list_for`. PermissionDenied for someone with no business
    with meetings (not a member, not on the Board, not staff); Http404 for a meeting they
    may not see (a draft, another body's), so a guessed number tells nothing."""
    from django.core.exceptions import PermissionDenied
    from django.shortcuts import get_object_or_404
    from django.utils.translation import gettext as _

    from lrba.governance.selectors.meetings import may_see_meetings, meeting_list_for

    if not may_see_meetings(user):
        raise PermissionDenied(_("Meetings are for the association's members."))
    return get_object_or_404(meeting_list_for(user), pk=pk)


def access_rw_meeting(user: object, pk: int):  # noqa: ANN201
    """A meeting the secretariat prepares, convenes, opens, closes or repeats."""
    from django.shortcuts import get_object_or_404
    from django.utils.translation import gettext as _

    from lrba.accounts.access import permission_require
    from lrba.governance.models import Meeting

    permission_require(
        user, MEETING_WRITE_PERMISSION, _("Only the secretariat runs the meetings.")
    )
    return get_object_or_404(Meeting.objects.select_related("body"), pk=pk)


def access_meeting_control(user: object, pk: int):  # noqa: ANN201
    """A meeting's control page, to read: the secretariat and the auditor (the proof of
    convening is evidence the auditor checks)."""
    from django.shortcuts import get_object_or_404
    from django.utils.translation import gettext as _

    from lrba.accounts.access import permission_require
    from lrba.governance.models import Meeting

    permission_require(
        user, "governance.view_meeting", _("Only the secretariat and the auditor see this.")
    )
    return get_object_or_404(Meeting.objects.select_related("body"), pk=pk)


def access_meeting_document(user: object, pk: int):  # noqa: ANN201
    """A meeting's document, for whoever may read the meeting."""
    from django.shortcuts import get_object_or_404

    from lrba.governance.models import MeetingDocument

    document = get_object_or_404(MeetingDocument, pk=pk)
    access_meeting(user, document.meeting_id)
    return document
