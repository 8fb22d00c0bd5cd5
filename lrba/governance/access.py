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

    permission_require(user, MEETING_WRITE_PERMISSION, _("Only the secretariat runs the meetings."))
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


# Polls and ballots (P4) -----------------------------------------------------------------------

POLL_READ_PERMISSION = "governance.view_poll"
POLL_WRITE_PERMISSION = "governance.change_poll"


def may_manage_polls(user: object) -> bool:
    """Whether `user` creates and opens polls and enters paper ballots (the secretariat)."""
    from lrba.accounts.access import has_permission

    return has_permission(user, POLL_WRITE_PERMISSION)


def _is_teller(user: object, meeting_id: int) -> bool:
    from lrba.governance.models import Meeting

    user_pk = getattr(user, "pk", None)
    if user_pk is None:
        return False
    return Meeting.tellers.through.objects.filter(meeting_id=meeting_id, user_id=user_pk).exists()


def access_meeting_vote(user: object, pk: int):  # noqa: ANN201
    """The meeting whose voting page `user` may open: whoever may read the meeting, and
    anyone who holds a vote at it (a transferee or a one-meeting mandate holder who is
    not otherwise a member's representative). A draft is nobody's but the staff's."""
    from django.shortcuts import get_object_or_404

    from lrba.governance.models import Meeting
    from lrba.governance.selectors.attendance import voting_rights
    from lrba.members.models import Person

    user_pk = getattr(user, "pk", None)
    person = Person.objects.filter(user_id=user_pk).first() if user_pk is not None else None
    if person is not None:
        meeting = get_object_or_404(
            Meeting.objects.select_related("body").exclude(status=Meeting.Status.DRAFT), pk=pk
        )
        if voting_rights(person=person, meeting=meeting):
            return meeting
    return access_meeting(user, pk)


def access_rw_meeting_polls(user: object, pk: int):  # noqa: ANN201
    """The meeting whose items the secretariat puts to a vote."""
    from django.shortcuts import get_object_or_404
    from django.utils.translation import gettext as _

    from lrba.accounts.access import permission_require
    from lrba.governance.models import Meeting

    permission_require(user, POLL_WRITE_PERMISSION, _("Only the secretariat prepares the polls."))
    return get_object_or_404(Meeting.objects.select_related("body"), pk=pk)


def access_poll(user: object, pk: int):  # noqa: ANN201
    """A poll whose results (and, once a secret poll closes, receipts) `user` may read:
    whoever may read its meeting's live quorum (its members, the Board, the staff)."""
    from django.shortcuts import get_object_or_404

    from lrba.governance.models import Poll

    poll = get_object_or_404(Poll.objects.select_related("item__meeting__body"), pk=pk)
    access_meeting_quorum(user, poll.item.meeting_id)
    return poll


def access_poll_control(user: object, pk: int):  # noqa: ANN201
    """A poll's control page, to read: the secretariat, the auditor and the meeting's
    tellers."""
    from django.core.exceptions import PermissionDenied
    from django.shortcuts import get_object_or_404
    from django.utils.translation import gettext as _

    from lrba.accounts.access import has_permission
    from lrba.governance.models import Poll

    poll = get_object_or_404(Poll.objects.select_related("item__meeting__body"), pk=pk)
    if has_permission(user, POLL_READ_PERMISSION) or _is_teller(user, poll.item.meeting_id):
        return poll
    raise PermissionDenied(_("Only the secretariat and the tellers run the polls."))


def access_rw_poll(user: object, pk: int):  # noqa: ANN201
    """A poll the secretariat or one of the meeting's tellers opens, counts or closes
    (the auditor, who only reads, never gets it)."""
    from django.core.exceptions import PermissionDenied
    from django.shortcuts import get_object_or_404
    from django.utils.translation import gettext as _

    from lrba.accounts.access import has_permission
    from lrba.governance.models import Poll

    poll = get_object_or_404(Poll.objects.select_related("item__meeting__body"), pk=pk)
    if has_permission(user, POLL_WRITE_PERMISSION) or _is_teller(user, poll.item.meeting_id):
        return poll
    raise PermissionDenied(_("Only the secretariat and the tellers run the polls."))


# Written procedures (the Board's) -----------------------------------------------------------

PROCEDURE_READ_PERMISSION = "governance.view_writtenprocedure"
PROCEDURE_WRITE_PERMISSION = "governance.change_writtenprocedure"


def is_board_seat_holder(user: object) -> bool:
    """A Board member by role who holds a current seat (the secretary's too): reads the
    Board's written procedures."""
    from lrba.accounts.roles import is_board_member
    from lrba.governance.models import BoardSeat

    return is_board_member(user) and (
        BoardSeat.objects.current().filter(person__user_id=getattr(user, "pk", None)).exists()
    )


def may_read_procedures(user: object) -> bool:
    from lrba.accounts.access import has_permission

    return has_permission(user, PROCEDURE_READ_PERMISSION) or is_board_seat_holder(user)


def may_manage_procedures(user: object) -> bool:
    from lrba.accounts.access import has_permission

    return has_permission(user, PROCEDURE_WRITE_PERMISSION)


def access_procedures(user: object) -> None:
    """PermissionDenied unless `user` reads the written procedures (the secretariat, the
    auditor, the Board)."""
    from django.core.exceptions import PermissionDenied
    from django.utils.translation import gettext as _

    if not may_read_procedures(user):
        raise PermissionDenied(_("Only the Board, the secretariat and the auditor see these."))


def access_procedure(user: object, pk: int):  # noqa: ANN201
    """A written procedure `user` may read: any for the staff; the Board sees the
    circulated and concluded ones (a draft is the secretariat's, a 404 to others)."""
    from django.http import Http404
    from django.shortcuts import get_object_or_404

    from lrba.accounts.access import has_permission
    from lrba.governance.models import WrittenProcedure

    access_procedures(user)
    procedure = get_object_or_404(
        WrittenProcedure.objects.select_related("decision_kind", "body"), pk=pk
    )
    if procedure.status == WrittenProcedure.Status.DRAFT and not has_permission(
        user, PROCEDURE_READ_PERMISSION
    ):
        raise Http404
    return procedure


def access_answer_procedure(user: object, pk: int):  # noqa: ANN201
    """A procedure `user` may answer: a Board member by role (whether their seat votes
    is the service's to say, and a refusal is recorded)."""
    from django.core.exceptions import PermissionDenied
    from django.utils.translation import gettext as _

    if not is_board_seat_holder(user):
        raise PermissionDenied(_("Only Board members answer a written procedure."))
    return access_procedure(user, pk)


def access_rw_procedure(user: object, pk: int):  # noqa: ANN201
    """A procedure the secretariat circulates, concludes or cancels."""
    from django.shortcuts import get_object_or_404
    from django.utils.translation import gettext as _

    from lrba.accounts.access import permission_require
    from lrba.governance.models import WrittenProcedure

    permission_require(
        user, PROCEDURE_WRITE_PERMISSION, _("Only the secretariat runs written procedures.")
    )
    return get_object_or_404(WrittenProcedure, pk=pk)


# Attendance, the door desk and the live quorum (P3) -------------------------------------------

DESK_WRITE_PERMISSION = "governance.change_attendance"


def may_work_meeting_desk(user: object) -> bool:
    """Whether `user` registers participants at the door (the secretariat)."""
    from lrba.accounts.access import has_permission

    return has_permission(user, DESK_WRITE_PERMISSION)


def access_rw_meeting_desk(user: object, pk: int):  # noqa: ANN201
    """The meeting whose door desk `user` works (register, mark left, undo)."""
    from django.shortcuts import get_object_or_404
    from django.utils.translation import gettext as _

    from lrba.accounts.access import permission_require
    from lrba.governance.models import Meeting

    permission_require(
        user, DESK_WRITE_PERMISSION, _("Only the secretariat registers the participants.")
    )
    return get_object_or_404(Meeting.objects.select_related("body"), pk=pk)


def access_rw_attendance(user: object, pk: int):  # noqa: ANN201
    """A registration the desk marks as left or takes back."""
    from django.shortcuts import get_object_or_404
    from django.utils.translation import gettext as _

    from lrba.accounts.access import permission_require
    from lrba.governance.models import Attendance

    permission_require(
        user, DESK_WRITE_PERMISSION, _("Only the secretariat registers the participants.")
    )
    return get_object_or_404(Attendance.objects.select_related("meeting__body", "person"), pk=pk)


def access_meeting_quorum(user: object, pk: int):  # noqa: ANN201
    """The meeting whose live quorum `user` may read: staff who view meetings, and
    whoever may read the meeting itself (its members, the Board for its own)."""
    from django.shortcuts import get_object_or_404

    from lrba.accounts.access import has_permission
    from lrba.governance.models import Meeting

    if has_permission(user, "governance.view_meeting"):
        return get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    return access_meeting(user, pk)


# Minutes and the decision register (P5) -------------------------------------------------------

MINUTES_WRITE_PERMISSION = "governance.add_minutes"
FOLLOW_UP_WRITE_PERMISSION = "governance.change_followup"


def access_minutes(user: object, pk: int):  # noqa: ANN201
    """Minutes `user` may read (page, PDF, signed copies): whoever may read the meeting
    (its members, the Board), the secretariat and the auditor. PermissionDenied for
    someone with no business with meetings; Http404 for minutes they may not see."""
    from django.core.exceptions import PermissionDenied
    from django.http import Http404
    from django.shortcuts import get_object_or_404
    from django.utils.translation import gettext as _

    from lrba.accounts.access import has_permission
    from lrba.governance.models import Minutes
    from lrba.governance.selectors.meetings import may_see_meetings
    from lrba.governance.selectors.minutes import VIEW_PERMISSION, minutes_visible_to

    if not (may_see_meetings(user) or has_permission(user, VIEW_PERMISSION)):
        raise PermissionDenied(_("Minutes are for the association's members."))
    minutes = get_object_or_404(Minutes.objects.select_related("meeting__body"), pk=pk)
    if not minutes_visible_to(user, minutes):
        raise Http404
    return minutes


def access_rw_minutes_of_meeting(user: object, pk: int):  # noqa: ANN201
    """The meeting whose minutes the secretariat draws up."""
    from django.shortcuts import get_object_or_404
    from django.utils.translation import gettext as _

    from lrba.accounts.access import permission_require
    from lrba.governance.models import Meeting

    permission_require(
        user, MINUTES_WRITE_PERMISSION, _("Only the secretariat draws up the minutes.")
    )
    return get_object_or_404(Meeting.objects.select_related("body"), pk=pk)


def access_decisions(user: object) -> None:
    """PermissionDenied unless `user` reads the register (members, the Board, staff)."""
    from django.core.exceptions import PermissionDenied
    from django.utils.translation import gettext as _

    from lrba.governance.selectors.decisions import may_see_decisions

    if not may_see_decisions(user):
        raise PermissionDenied(_("The decision register is for the association's members."))


def access_decision(user: object, pk: int):  # noqa: ANN201
    """A decision `user` may read: members the General Meeting's, the Board its own
    too, staff all; Http404 for another body's, so a guessed number tells nothing."""
    from django.shortcuts import get_object_or_404

    from lrba.governance.selectors.decisions import decisions_for

    access_decisions(user)
    return get_object_or_404(decisions_for(user), pk=pk)


def access_rw_follow_up(user: object, pk: int):  # noqa: ANN201
    """A follow-up task the secretariat marks done."""
    from django.shortcuts import get_object_or_404
    from django.utils.translation import gettext as _

    from lrba.accounts.access import permission_require
    from lrba.governance.models import FollowUp

    permission_require(
        user, FOLLOW_UP_WRITE_PERMISSION, _("Only the secretariat keeps the follow-up tasks.")
    )
    return get_object_or_404(FollowUp.objects.select_related("decision"), pk=pk)
