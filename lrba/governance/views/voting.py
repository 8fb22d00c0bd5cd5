"""Voting pages: the member's ballots, a poll's control page for the secretariat and the
tellers, the room view on the projector and the receipts published after a secret poll.

A secret ballot's receipt is shown once, in the answer to the POST that cast it: it is
never put in the session or a message (both are stored on the server with the user's
id, which would tie the voter to the ballot).
"""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from lrba.accounts.access import has_permission, staff_page
from lrba.core.audit import refusals_recorded
from lrba.governance.access import (
    POLL_WRITE_PERMISSION,
    access_meeting_quorum,
    access_meeting_vote,
    access_poll,
    access_poll_control,
    access_rw_meeting_polls,
    access_rw_poll,
    may_manage_polls,
)
from lrba.governance.models import (
    AgendaItem,
    Attendance,
    BoardSeat,
    Choice,
    Meeting,
    Poll,
    PollParticipation,
)
from lrba.governance.selectors.attendance import (
    VotingRight,
    desk_rows,
    quorum_panel,
    voting_rights,
)
from lrba.governance.selectors.voting import (
    Ballot,
    ballot_for,
    ballots_for,
    meeting_polls,
    poll_channel,
    poll_progress,
    receipts_published,
    result_sentence,
    right_value,
    room_view,
)
from lrba.governance.services import voting as services
from lrba.members.models import Membership, Person

# The room view asks for news this often (htmx polling).
ROOM_REFRESH_SECONDS = 3


def _person_of(user: Any) -> Person | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Person.objects.filter(user_id=user.pk).first()


def _right_claimed(value: str, held: list[VotingRight]) -> VotingRight | None:
    """The right a ballot form names: one the person holds, or — so that the service
    refuses it and the attempt is recorded — the member or seat it names."""
    for right in held:
        if right_value(right) == value:
            return right
    kind, _sep, pk = value.partition("-")
    if not pk.isdigit():
        return None
    if kind == "membership":
        membership = Membership.objects.filter(pk=int(pk)).first()
        if membership is not None:
            return VotingRight(membership, None, "", None, None, str(membership))
    if kind == "board_seat":
        seat = BoardSeat.objects.filter(pk=int(pk)).first()
        if seat is not None:
            return VotingRight(None, seat, "", None, None, str(seat))
    return None


class BallotForm(forms.Form):
    poll = forms.IntegerField(widget=forms.HiddenInput)
    right = forms.CharField(max_length=40, widget=forms.HiddenInput)
    choice = forms.ChoiceField(
        label=gettext_lazy("Your vote"), choices=Choice.choices, required=False
    )
    candidates = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Candidates"), coerce=int, required=False
    )
    receipt = forms.CharField(label=gettext_lazy("Receipt code"), max_length=40, required=False)

    def __init__(self, *args: Any, poll: Poll | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if poll is not None:
            self.fields["candidates"].choices = [  # type: ignore[attr-defined]
                (c.pk, str(c.person)) for c in poll.candidates.all()
            ]


def _ballot_context(ballot: Ballot, **extra: Any) -> dict[str, Any]:
    return {"ballot": ballot, "choices": Choice.choices, **extra}


@staff_page  # the Board votes here too: their role's two-factor applies
@never_cache  # a secret ballot's receipt is in the answer: no copy in any cache
@require_http_methods(["GET", "POST"])
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    """The polls open to the signed-in person at this meeting, one ballot per vote they
    hold, each with its current choice (an open poll) or whether it was cast (secret)."""
    meeting = access_meeting_vote(request.user, pk)
    person = _person_of(request.user)
    outcome: dict[str, Any] = {}
    status = 200
    if request.method == "POST":
        if person is None:
            # Not a person of the register (the auditor, an administrator): no vote to
            # cast and no one whose attempt to record.
            raise PermissionDenied(_("Only the holders of a vote at this meeting vote."))
        outcome, status = _vote_post(request, meeting, person)
        if request.htmx and "ballot" in outcome:  # type: ignore[attr-defined]
            # htmx swaps only successful answers: a refusal comes back as a 200 fragment
            # carrying its message (role=alert), as the events desk does.
            return render(
                request,
                "governance/_ballot.html",
                _ballot_context(outcome.pop("ballot"), **outcome),
            )
    ballots = ballots_for(person=person, meeting=meeting)
    done = outcome.pop("ballot", None)
    shown = False
    for ballot in ballots:
        if done is not None and ballot.dom_id == done.dom_id:
            ballot.outcome = outcome  # type: ignore[attr-defined]
            shown = True
    polls = list(meeting_polls(meeting))
    for poll in polls:
        poll.sentence = result_sentence(poll)  # type: ignore[attr-defined]
    context = {
        "meeting": meeting,
        "ballots": ballots,
        "must_register": _must_register(meeting, person),
        "has_rights": bool(person and voting_rights(person=person, meeting=meeting)),
        "closed_polls": [p for p in polls if p.status == Poll.Status.CLOSED],
        "polls": polls,
        "may_manage": may_manage_polls(request.user),
        # A refusal for a ballot no longer (or never) on the page shows at its top.
        "form_error": "" if shown else outcome.get("error", ""),
        "choices": Choice.choices,
    }
    return render(request, "governance/vote.html", context, status=status)


def _must_register(meeting: Meeting, person: Person | None) -> bool:
    """Whether the person holds a vote at the open meeting but takes part through none
    of them yet: an electronic vote needs a registered participant."""
    if person is None or meeting.status != Meeting.Status.OPEN:
        return False
    rights = voting_rights(person=person, meeting=meeting)
    if not rights:
        return False
    registered = Attendance.objects.filter(meeting=meeting, person=person, left_at__isnull=True)
    return not registered.exists()


def _vote_post(request: HttpRequest, meeting: Meeting, person: Person) -> tuple[dict, int]:
    """Cast the posted ballot: ({"ballot", "message" or "error", "receipt"}, status)."""
    posted = request.POST.get("poll", "")
    poll = meeting_polls(meeting).filter(pk=int(posted)).first() if posted.isdigit() else None
    form = BallotForm(request.POST, poll=poll)
    if poll is None or not form.is_valid():
        return {"error": _("This ballot could not be read: choose again.")}, 400
    held = voting_rights(person=person, meeting=meeting)
    right = _right_claimed(form.cleaned_data["right"], held)
    if right is None:
        return {"error": _("This ballot could not be read: choose again.")}, 400
    data = form.cleaned_data
    try:
        with refusals_recorded(user=request.user, target=poll, attempt="vote"):
            receipt = services.vote_cast(
                poll=poll,
                right=right,
                person=person,
                choice=data["choice"] or "",
                candidate_ids=data["candidates"],
                channel=poll_channel(poll),
                cast_by=request.user,
                receipt=data["receipt"],
            )
    except ValidationError as refusal:
        ballot = ballot_for(poll=poll, right=right)
        return {"ballot": ballot, "error": refusal.messages[0]}, 400
    ballot = ballot_for(poll=Poll.objects.get(pk=poll.pk), right=right)
    return {"ballot": ballot, "message": _("Your vote is recorded."), "receipt": receipt}, 200


# Creating a poll and its control page ----------------------------------------------------------


class PollCreateForm(forms.Form):
    item = forms.ModelChoiceField(label=gettext_lazy("Agenda item"), queryset=AgendaItem.objects)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=255)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=Poll.Kind.choices)
    secrecy = forms.ChoiceField(label=gettext_lazy("Secrecy"), choices=Poll.Secrecy.choices)
    allows_advance = forms.BooleanField(
        label=gettext_lazy("Advance written ballots"), required=False
    )
    allows_electronic = forms.BooleanField(
        label=gettext_lazy("Electronic voting during the meeting"), required=False, initial=True
    )
    allows_in_room = forms.BooleanField(
        label=gettext_lazy("Counted in the room by the tellers"), required=False, initial=True
    )
    seats = forms.IntegerField(label=gettext_lazy("Seats"), min_value=1, initial=1)
    choices_per_voter = forms.IntegerField(
        label=gettext_lazy("Choices per voter"), min_value=1, initial=1
    )
    candidates = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Candidates (an election)"),
        queryset=Person.objects.order_by("last_name", "first_name"),
        required=False,
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = meeting.items.filter(  # type: ignore[attr-defined]
            decision_kind__isnull=False
        ).order_by("position")


@staff_page
@require_http_methods(["GET", "POST"])
def poll_create(request: HttpRequest, pk: int) -> HttpResponse:
    """The secretariat puts an agenda item to a vote."""
    meeting = access_rw_meeting_polls(request.user, pk)
    form = PollCreateForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            with refusals_recorded(user=request.user, target=meeting, attempt="poll_create"):
                poll = services.poll_create(created_by=request.user, **data)
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, _("The poll is ready."))
            return HttpResponseRedirect(reverse("governance:poll_manage", args=[poll.pk]))
    return render(
        request,
        "governance/poll_create.html",
        {"meeting": meeting, "form": form},
        status=400 if form.errors else 200,
    )


class RoomCountForm(forms.Form):
    votes_for = forms.IntegerField(label=gettext_lazy("For"), min_value=0, initial=0)
    votes_against = forms.IntegerField(label=gettext_lazy("Against"), min_value=0, initial=0)
    abstentions = forms.IntegerField(label=gettext_lazy("Abstain"), min_value=0, initial=0)

    def __init__(self, *args: Any, poll: Poll, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if poll.kind == Poll.Kind.ELECTION:
            del self.fields["votes_for"]
            del self.fields["votes_against"]
            self.fields["abstentions"].label = gettext_lazy("Blank ballots")
            for candidate in poll.candidates.select_related("person"):
                self.fields[f"candidate_{candidate.pk}"] = forms.IntegerField(
                    label=str(candidate.person), min_value=0, initial=0
                )

    def candidate_votes(self) -> dict[int, int]:
        return {
            int(name.removeprefix("candidate_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("candidate_")
        }


class PaperBallotForm(forms.Form):
    """A paper advance ballot, entered by the secretariat: who signed it and for whom,
    and what it says."""

    signatory = forms.ChoiceField(label=gettext_lazy("Signed by, for the member"))
    choice = forms.ChoiceField(
        label=gettext_lazy("Choice"), choices=[("", "—"), *Choice.choices], required=False
    )
    candidates = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Candidates"), coerce=int, required=False
    )

    def __init__(self, *args: Any, poll: Poll, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        meeting = poll.item.meeting
        self.holders: dict[str, tuple[Person, VotingRight]] = {}
        for row in desk_rows(meeting):
            for candidate in row.candidates:
                if candidate.right is None:
                    continue
                value = f"{candidate.person.pk}:{right_value(candidate.right)}"
                self.holders[value] = (candidate.person, candidate.right)
        self.fields["signatory"].choices = [  # type: ignore[attr-defined]
            (value, f"{person.full_name} — {right.label}")
            for value, (person, right) in self.holders.items()
        ]
        self.fields["candidates"].choices = [  # type: ignore[attr-defined]
            (c.pk, str(c.person)) for c in poll.candidates.select_related("person")
        ]


def _manage_context(request: HttpRequest, poll: Poll, **forms_: Any) -> dict[str, Any]:
    manager = may_manage_polls(request.user)
    writer = has_permission(request.user, POLL_WRITE_PERMISSION) or _is_teller(request, poll)
    paper_open = poll.allows_advance and poll.status in (Poll.Status.ADVANCE, Poll.Status.OPEN)
    context = {
        "poll": poll,
        "meeting": poll.item.meeting,
        "progress": poll_progress(poll),
        "room_voters": services.room_voters_count(poll),
        "sentence": result_sentence(poll),
        "may_manage": manager,
        "may_count": writer,
        "room_form": forms_.get("room_form") or RoomCountForm(poll=poll),
        "paper_form": (forms_.get("paper_form") or PaperBallotForm(poll=poll))
        if manager and paper_open
        else None,
        "receipt": forms_.get("receipt", ""),
    }
    return context


def _is_teller(request: HttpRequest, poll: Poll) -> bool:
    return poll.item.meeting.tellers.filter(pk=getattr(request.user, "pk", None)).exists()


@staff_page
@require_http_methods(["GET", "POST"])
def poll_manage(request: HttpRequest, pk: int) -> HttpResponse:
    """A poll's control page: open it (in advance, at the meeting), enter the room's
    count and paper ballots, close it; its progress (how many ballots, never what they
    say) and, once closed, its computed result."""
    if request.method != "POST":
        poll = access_poll_control(request.user, pk)
        return render(request, "governance/poll_manage.html", _manage_context(request, poll))
    poll = access_rw_poll(request.user, pk)
    action = request.POST.get("action", "")
    secretariat_only = {"advance_open", "paper"}
    if action in secretariat_only and not may_manage_polls(request.user):
        raise PermissionDenied(_("Only the secretariat does this."))
    forms_: dict[str, Any] = {}
    try:
        with refusals_recorded(user=request.user, target=poll, attempt=f"poll_{action}"):
            forms_ = _poll_action(request, poll, action)
    except ValidationError as refusal:
        messages.error(request, refusal.messages[0])
    poll = access_rw_poll(request.user, pk)
    if forms_.get("invalid") or forms_.get("receipt"):
        context = _manage_context(request, poll, **forms_)
        return render(
            request,
            "governance/poll_manage.html",
            context,
            status=400 if forms_.get("invalid") else 200,
        )
    return HttpResponseRedirect(reverse("governance:poll_manage", args=[poll.pk]))


def _poll_action(request: HttpRequest, poll: Poll, action: str) -> dict[str, Any]:
    user = request.user
    if action == "advance_open":
        services.poll_advance_open(poll=poll, opened_by=user)
        messages.success(request, _("Advance voting is open."))
    elif action == "open":
        services.poll_open(poll=poll, opened_by=user)
        messages.success(request, _("The poll is open."))
    elif action == "close":
        poll = services.poll_close(poll=poll, closed_by=user)
        messages.success(request, _("The poll is closed and its result computed."))
    elif action == "room_count":
        room_form = RoomCountForm(request.POST, poll=poll)
        if not room_form.is_valid():
            return {"room_form": room_form, "invalid": True}
        data = room_form.cleaned_data
        services.room_count_enter(
            poll=poll,
            votes_for=data.get("votes_for", 0),
            votes_against=data.get("votes_against", 0),
            abstentions=data["abstentions"],
            candidate_votes=room_form.candidate_votes(),
            entered_by=user,
        )
        messages.success(request, _("The room's count is entered."))
    elif action == "paper":
        form = PaperBallotForm(request.POST, poll=poll)
        if not form.is_valid():
            return {"paper_form": form, "invalid": True}
        person, right = form.holders[form.cleaned_data["signatory"]]
        receipt = services.vote_cast(
            poll=poll,
            right=right,
            person=person,
            choice=form.cleaned_data["choice"],
            candidate_ids=form.cleaned_data["candidates"],
            channel="advance_paper",
            cast_by=user,
        )
        messages.success(request, _("The paper ballot is entered."))
        # A secret paper ballot's receipt goes back to its voter (by post, in an envelope).
        return {"receipt": receipt or ""}
    else:
        raise ValidationError(_("Unknown action."))
    return {}


# The room view and the receipts --------------------------------------------------------------


@staff_page
@require_GET
def room(request: HttpRequest, pk: int) -> HttpResponse:
    """The projector: the item under discussion, the live quorum and the results of the
    closed polls, refreshing itself (htmx polling). Counts and results only."""
    return _room_response(request, access_meeting_quorum(request.user, pk))


@login_not_required
@require_GET
def room_projector(request: HttpRequest, token: str) -> HttpResponse:
    """The room view on the projector's computer, without signing in: the meeting's
    secret link (shown on its control page) is the key. It shows what the room sees
    anyway — the item, the quorum, results — and names no voter."""
    meeting = get_object_or_404(
        Meeting.objects.select_related("body").exclude(
            status__in=(Meeting.Status.DRAFT, Meeting.Status.CANCELLED)
        ),
        projector_token=token,
    )
    return _room_response(request, meeting)


def _room_response(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    context = {
        "room": room_view(meeting),
        "refresh": ROOM_REFRESH_SECONDS,
        **quorum_panel(meeting),
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "governance/_room.html", context)
    return render(request, "governance/room.html", context)


@staff_page
@require_GET
def receipts(request: HttpRequest, pk: int) -> HttpResponse:
    """A closed secret poll's receipts with their choices, in receipt order."""
    poll = access_poll(request.user, pk)
    return render(
        request,
        "governance/receipts.html",
        {
            "poll": poll,
            "meeting": poll.item.meeting,
            "receipts": receipts_published(poll),
            "participants": PollParticipation.objects.filter(poll=poll).count(),
            "sentence": result_sentence(poll),
        },
    )
