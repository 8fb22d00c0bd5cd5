"""The meetings' pages: the members' list and meeting page, the documents, and the
secretariat's control page (convene, open, close, cancel, the repeat meeting, the proof
of convening and the notices to post).

Every page here is a staff page as well: the secretariat and the auditor see drafts and
the control page, the Board sees its own meetings, so their roles' two-factor applies.
Members see the General Meeting's convened meetings. The agenda's items and documents
are edited in the back office (admin/meetings.py), through the services.
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from lrba.accounts.access import has_permission, staff_page
from lrba.core.audit import refusals_recorded
from lrba.core.downloads import file_download
from lrba.core.urls import absolute_url
from lrba.governance.access import (
    access_meeting,
    access_meeting_control,
    access_meeting_document,
    access_rw_meeting,
)
from lrba.governance.models import Meeting, Minutes, Notice, Poll
from lrba.governance.selectors.meetings import (
    CHANGE_PERMISSION,
    may_see_meetings,
    meeting_agenda,
    meeting_general_documents,
    meeting_list_for,
    meetings_split,
    notice_counts,
    notices_to_post,
    proof_of_convening,
)
from lrba.governance.services import meetings as services


@staff_page
@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
    if not may_see_meetings(request.user):
        raise PermissionDenied(_("Meetings are for the association's members."))
    upcoming, past = meetings_split(meeting_list_for(request.user))
    return render(
        request,
        "governance/meeting_list.html",
        {
            "upcoming": upcoming,
            "past": past,
            "may_manage": has_permission(request.user, CHANGE_PERMISSION),
        },
    )


def _meeting_links(meeting: Meeting) -> dict[str, str]:
    """Links into the other parts of a meeting: voting, the live quorum, the room view,
    the minutes — each only when it applies."""
    links = {}
    running = meeting.status in (Meeting.Status.CONVENED, Meeting.Status.OPEN)
    if running:
        links["vote"] = reverse("governance:vote", args=[meeting.pk])
    if meeting.status == Meeting.Status.OPEN:
        links["quorum"] = reverse("governance:quorum_panel", args=[meeting.pk])
        links["room"] = reverse("governance:room", args=[meeting.pk])
    minutes = Minutes.objects.filter(meeting=meeting).only("pk").first()
    if minutes is not None:
        links["minutes"] = reverse("governance:minutes_detail", args=[minutes.pk])
    return {name: url for name, url in links.items() if url}


def _transfers(meeting: Meeting) -> Any:
    """The voting-rights transfers to be announced at a convened General Meeting, or
    those announced at it once it opened."""
    from lrba.governance.selectors.attendance import transfers_announced, transfers_to_announce

    if meeting.status == Meeting.Status.CONVENED:
        return transfers_to_announce(meeting)
    return transfers_announced(meeting)


@staff_page
@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access_meeting(request.user, pk)
    return render(
        request,
        "governance/meeting_detail.html",
        {
            "meeting": meeting,
            "items": meeting_agenda(meeting),
            "documents": meeting_general_documents(meeting),
            "links": _meeting_links(meeting),
            "may_manage": has_permission(request.user, CHANGE_PERMISSION),
            "transfers": _transfers(meeting),
        },
    )


@staff_page
@require_GET
def document_download(request: HttpRequest, pk: int) -> Any:
    document = access_meeting_document(request.user, pk)
    return file_download(document.file)


# The secretariat's control page -------------------------------------------------------------


class CancelForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=255)


class RepeatForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=gettext_lazy("Starts"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    place = forms.CharField(label=gettext_lazy("Place"), max_length=255)


def _repeat_refusal(meeting: Meeting) -> str:
    if meeting.body.is_board or meeting.status not in (
        Meeting.Status.CLOSED,
        Meeting.Status.MINUTED,
    ):
        return "-"  # nothing to offer: the page does not mention a repeat meeting
    return services.repeat_refusal(meeting)


def _running_links(meeting: Meeting) -> dict[str, Any]:
    """What the secretariat runs from the control page on the other parts' pages: the
    door desk, the polls, the minutes — each offered at the stage it belongs to."""
    status = meeting.status
    polls = Poll.objects.filter(item__meeting=meeting).select_related("item")
    return {
        "desk_url": reverse("governance:attendance_desk", args=[meeting.pk])
        if status in (Meeting.Status.CONVENED, Meeting.Status.OPEN)
        else "",
        "poll_create_url": reverse("governance:poll_create", args=[meeting.pk])
        if status in (Meeting.Status.DRAFT, Meeting.Status.CONVENED, Meeting.Status.OPEN)
        else "",
        "polls": [
            (poll, reverse("governance:poll_manage", args=[poll.pk]))
            for poll in polls.order_by("item__position", "pk")
        ],
        "minutes_generate_url": reverse("governance:minutes_generate", args=[meeting.pk])
        if status in (Meeting.Status.CLOSED, Meeting.Status.MINUTED)
        else "",
        # For the projector's computer: the room view without signing in.
        "projector_url": absolute_url(
            reverse("governance:room_projector", args=[meeting.projector_token])
        )
        if meeting.projector_token
        and status in (Meeting.Status.CONVENED, Meeting.Status.OPEN, Meeting.Status.CLOSED)
        else "",
    }


def _manage_page(
    request: HttpRequest,
    meeting: Meeting,
    *,
    cancel_form: CancelForm | None = None,
    repeat_form: RepeatForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "meeting": meeting,
        "items": meeting_agenda(meeting),
        "notices": proof_of_convening(meeting),
        "to_post": notices_to_post(meeting),
        "counts": notice_counts(meeting),
        "cancel_form": cancel_form or CancelForm(),
        "repeat_form": repeat_form or RepeatForm(initial={"place": meeting.place}),
        "repeat_refusal": _repeat_refusal(meeting),
        "repeat": Meeting.objects.filter(repeat_of=meeting).first(),
        "links": _meeting_links(meeting),
        "admin_url": reverse("admin:governance_meeting_change", args=[meeting.pk]),
        "may_change": has_permission(request.user, CHANGE_PERMISSION),
        **_running_links(meeting),
    }
    return render(request, "governance/meeting_manage.html", context, status=status)


def _run(
    request: HttpRequest, meeting: Meeting, attempt: str, write: Callable[[], Any], done: str
) -> bool:
    """Run one service; a refusal becomes an error message and lands in the audit log."""
    try:
        with refusals_recorded(user=request.user, target=meeting, attempt=attempt):
            write()
    except ValidationError as refusal:
        for text in refusal.messages:
            messages.error(request, text)
        return False
    messages.success(request, done)
    return True


@staff_page
@require_http_methods(["GET", "POST"])
def meeting_manage(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method == "GET":
        # The auditor reads the control page (the proof of convening); writes need more.
        return _manage_page(request, access_meeting_control(request.user, pk))

    meeting = access_rw_meeting(request.user, pk)
    action = request.POST.get("action", "")
    user = request.user
    if action == "convene":
        _run(
            request,
            meeting,
            "meeting_convene",
            lambda: services.meeting_convene(meeting=meeting, convened_by=user),
            _("The meeting is convened: the notices are being sent."),
        )
    elif action == "open":
        _run(
            request,
            meeting,
            "meeting_open",
            lambda: services.meeting_open(meeting=meeting, opened_by=user),
            _("The meeting is open."),
        )
    elif action == "close":
        _run(
            request,
            meeting,
            "meeting_close",
            lambda: services.meeting_close(meeting=meeting, closed_by=user),
            _("The meeting is closed."),
        )
    elif action == "cancel":
        form = CancelForm(request.POST)
        if not form.is_valid():
            return _manage_page(request, meeting, cancel_form=form, status=400)
        _run(
            request,
            meeting,
            "meeting_cancel",
            lambda: services.meeting_cancel(
                meeting=meeting, reason=form.cleaned_data["reason"], cancelled_by=user
            ),
            _("The meeting is cancelled."),
        )
    elif action == "repeat":
        repeat_form = RepeatForm(request.POST)
        if not repeat_form.is_valid():
            return _manage_page(request, meeting, repeat_form=repeat_form, status=400)
        created: list[Meeting] = []
        if _run(
            request,
            meeting,
            "meeting_repeat_create",
            lambda: created.append(
                services.meeting_repeat_create(
                    failed=meeting,
                    starts_at=repeat_form.cleaned_data["starts_at"],
                    place=repeat_form.cleaned_data["place"],
                    created_by=user,
                )
            ),
            _("The repeat meeting is created as a draft with the same agenda: convene it."),
        ):
            return HttpResponseRedirect(reverse("governance:meeting_manage", args=[created[0].pk]))
    elif action in ("posted", "handed", "resend"):
        notice = get_object_or_404(Notice, pk=request.POST.get("notice") or 0, meeting=meeting)
        if action == "resend":
            write: Callable[[], Any] = lambda: services.notice_resend(  # noqa: E731
                notice=notice, resent_by=user
            )
            done = _("The notice is being sent again.")
        else:
            channel = Notice.Channel.POST if action == "posted" else Notice.Channel.HAND
            write = lambda: services.notice_mark_posted(  # noqa: E731
                notice=notice, marked_by=user, channel=channel
            )
            done = _("The notice is marked as sent.")
        _run(request, meeting, f"notice_{action}", write, done)
    else:
        messages.error(request, _("Unknown action."))
    return HttpResponseRedirect(reverse("governance:meeting_manage", args=[meeting.pk]))
