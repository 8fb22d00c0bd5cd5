"""The Board's written procedures: the list, a procedure's page where Board members
answer and the secretariat circulates and concludes, and the pages that prepare a Board
decision on an admission or an expulsion (issue points 9 and 10).

Refused writes show their reason, change nothing and are written to the change history
(`refusals_recorded`)."""

import datetime
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lrba.accounts.access import has_permission, permission_require, staff_page
from lrba.core.audit import refusals_recorded
from lrba.governance.access import (
    PROCEDURE_READ_PERMISSION,
    PROCEDURE_WRITE_PERMISSION,
    access_answer_procedure,
    access_procedure,
    access_procedures,
    access_rw_procedure,
    may_manage_procedures,
)
from lrba.governance.models import (
    AgendaItem,
    BoardSeat,
    Choice,
    Meeting,
    WrittenAnswer,
    WrittenProcedure,
)
from lrba.governance.services import admissions, procedures
from lrba.members.models import Membership, MembershipApplication


class AnswerForm(forms.Form):
    choice = forms.ChoiceField(
        label=gettext_lazy("Your answer"),
        choices=[("", gettext_lazy("— no answer on the question —")), *Choice.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    objects_to_written_form = forms.BooleanField(
        label=gettext_lazy("I object to deciding this in writing: a Board meeting is needed"),
        required=False,
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _deadline_default() -> datetime.datetime:
    return timezone.localtime() + datetime.timedelta(days=7)


class PrepareForm(forms.Form):
    """Where the Board decides: on a Board meeting's agenda or by written procedure."""

    how = forms.ChoiceField(
        label=gettext_lazy("How the Board decides"),
        choices=[
            ("procedure", gettext_lazy("by written procedure")),
            ("meeting", gettext_lazy("at a Board meeting")),
        ],
        widget=forms.RadioSelect,
        initial="procedure",
    )
    deadline = forms.DateTimeField(
        label=gettext_lazy("Answers by"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=gettext_lazy("For a written procedure."),
    )
    meeting = forms.ModelChoiceField(
        label=gettext_lazy("Board meeting"),
        queryset=Meeting.objects.none(),
        required=False,
        help_text=gettext_lazy("For a meeting: one still being prepared."),
    )
    explanation = forms.CharField(
        label=gettext_lazy("Explanation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.filter(  # type: ignore[attr-defined]
            body__kind="board", status__in=(Meeting.Status.DRAFT, Meeting.Status.CONVENED)
        ).order_by("starts_at")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("how") == "meeting" and not data.get("meeting"):
            self.add_error("meeting", _("Choose the Board meeting."))
        if data.get("how") == "procedure" and not data.get("deadline"):
            self.add_error("deadline", _("Set the deadline for answers."))
        return data


class ApplyForm(forms.Form):
    decision = forms.ModelChoiceField(
        label=gettext_lazy("Board decision"), queryset=admissions.admission_decisions_unapplied()
    )


def _form_errors(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _refused_message(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


# The list and a procedure's page ----------------------------------------------------------


@staff_page
@require_GET
def procedure_list(request: HttpRequest) -> HttpResponse:
    access_procedures(request.user)
    queryset = WrittenProcedure.objects.select_related("decision_kind").order_by("-deadline")
    if not has_permission(request.user, PROCEDURE_READ_PERMISSION):
        queryset = queryset.exclude(status=WrittenProcedure.Status.DRAFT)
    status = request.GET.get("status", "")
    if status in WrittenProcedure.Status.values:
        queryset = queryset.filter(status=status)
    # A Board member sees which circulated procedures wait for their answer.
    mine = dict(
        WrittenAnswer.objects.filter(
            board_seat__person__user_id=request.user.pk or 0, procedure__in=queryset
        ).values_list("procedure_id", "choice")
    )
    procedures_listed = list(queryset)
    for procedure in procedures_listed:
        procedure.my_answer = mine.get(procedure.pk)  # type: ignore[attr-defined]
    context = {
        "procedures": procedures_listed,
        "is_board": BoardSeat.objects.current()
        .voting()
        .filter(person__user_id=request.user.pk)
        .exists(),
        "status": status,
        "statuses": WrittenProcedure.Status.choices,
        "may_manage": may_manage_procedures(request.user),
    }
    return render(request, "governance/procedure_list.html", context)


def _detail_context(request: HttpRequest, procedure: WrittenProcedure) -> dict[str, Any]:
    now = timezone.now()
    seat = procedures.procedure_seat_of_user(procedure, request.user)
    mine = (
        WrittenAnswer.objects.filter(procedure=procedure, board_seat=seat).first() if seat else None
    )
    answers = list(
        procedure.answers.select_related("board_seat__person").order_by("board_seat__office")
    )
    open_for_answers = procedure.status == WrittenProcedure.Status.CIRCULATED and now < (
        procedure.deadline
    )
    initial = (
        {
            "choice": mine.choice,
            "objects_to_written_form": mine.objects_to_written_form,
            "comment": mine.comment,
        }
        if mine
        else {}
    )
    result = procedure.result or {}
    language = getattr(request, "LANGUAGE_CODE", "lt")
    sentence = (result.get("sentence") or {}).get(language) or (result.get("sentence") or {}).get(
        "lt", ""
    )
    decision = getattr(procedure, "decision", None) if procedure.pk else None
    return {
        "procedure": procedure,
        "answers": answers,
        "answered": len(answers),
        "seat": seat,
        "mine": mine,
        "form": AnswerForm(initial=initial) if seat and open_for_answers else None,
        "open_for_answers": open_for_answers,
        "may_manage": may_manage_procedures(request.user),
        "may_conclude": procedures.procedure_may_conclude(procedure, now),
        "result_sentence": sentence,
        "decision": decision,
    }


@staff_page
@require_GET
def procedure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    procedure = access_procedure(request.user, pk)
    return render(request, "governance/procedure_detail.html", _detail_context(request, procedure))


@staff_page
@require_POST
def procedure_answer(request: HttpRequest, pk: int) -> HttpResponse:
    procedure = access_answer_procedure(request.user, pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            with refusals_recorded(
                user=request.user, target=procedure, attempt="written procedure: answer"
            ):
                procedures.procedure_answer(
                    procedure=procedure,
                    user=request.user,
                    choice=form.cleaned_data["choice"],
                    objects_to_written_form=form.cleaned_data["objects_to_written_form"],
                    comment=form.cleaned_data["comment"],
                )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(
                request,
                _("Your answer is recorded; you may change it until the procedure is concluded."),
            )
            return HttpResponseRedirect(procedure.get_absolute_url())
    context = _detail_context(request, procedure)
    context["form"] = form
    return render(request, "governance/procedure_detail.html", context, status=400)


def _manage(
    request: HttpRequest,
    pk: int,
    attempt: str,
    run: Callable[[WrittenProcedure], Any],
    done: str,
) -> HttpResponse:
    procedure = access_rw_procedure(request.user, pk)
    try:
        with refusals_recorded(user=request.user, target=procedure, attempt=attempt):
            run(procedure)
    except ValidationError as error:
        _refused_message(request, error)
    else:
        messages.success(request, done)
    return HttpResponseRedirect(procedure.get_absolute_url())


@staff_page
@require_POST
def procedure_circulate(request: HttpRequest, pk: int) -> HttpResponse:
    return _manage(
        request,
        pk,
        "written procedure: circulate",
        lambda p: procedures.procedure_circulate(procedure=p, circulated_by=request.user),
        _("The procedure is circulated: the Board members are being e-mailed."),
    )


@staff_page
@require_POST
def procedure_conclude(request: HttpRequest, pk: int) -> HttpResponse:
    return _manage(
        request,
        pk,
        "written procedure: conclude",
        lambda p: procedures.procedure_conclude(procedure=p, concluded_by=request.user),
        _("The procedure is concluded."),
    )


@staff_page
@require_POST
def procedure_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _manage(
        request,
        pk,
        "written procedure: cancel",
        lambda p: procedures.procedure_cancel(procedure=p, cancelled_by=request.user),
        _("The procedure is cancelled."),
    )


# Preparing a Board decision on an admission or an expulsion -------------------------------


def _prepare(
    request: HttpRequest,
    *,
    application: MembershipApplication | None = None,
    membership: Membership | None = None,
) -> HttpResponse:
    target: Any = application or membership
    if request.method == "POST":
        permission_require(
            request.user,
            PROCEDURE_WRITE_PERMISSION,
            _("Only the secretariat prepares the Board's decisions."),
        )
        form = PrepareForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                with refusals_recorded(
                    user=request.user, target=target, attempt="prepare a Board decision"
                ):
                    if data["how"] == "meeting":
                        item = admissions.board_item_prepare(
                            meeting=data["meeting"],
                            application=application,
                            membership=membership,
                            prepared_by=request.user,
                        )
                        url = reverse("governance:meeting_detail", args=[item.meeting_id])
                        done = _("The question is on the Board meeting's agenda.")
                    else:
                        procedure = admissions.board_procedure_prepare(
                            deadline=data["deadline"],
                            explanation=data["explanation"],
                            application=application,
                            membership=membership,
                            prepared_by=request.user,
                        )
                        url = procedure.get_absolute_url()
                        done = _("The written procedure is drafted: check it and circulate it.")
            except ValidationError as error:
                _form_errors(form, error)
            else:
                messages.success(request, done)
                return HttpResponseRedirect(url)
    else:
        permission_require(
            request.user, PROCEDURE_READ_PERMISSION, _("Only the secretariat sees this.")
        )
        form = PrepareForm(initial={"deadline": _deadline_default().strftime("%Y-%m-%dT%H:%M")})
    prepared: dict[str, Any] = (
        {"application": application} if application is not None else {"membership": membership}
    )
    context = {
        "application": application,
        "membership": membership,
        "procedures": WrittenProcedure.objects.filter(**prepared).order_by("-pk"),
        "items": AgendaItem.objects.filter(**prepared).select_related("meeting").order_by("-pk"),
        "form": form,
        "apply_form": ApplyForm() if application is not None else None,
        "may_manage": may_manage_procedures(request.user),
    }
    return render(request, "governance/procedure_prepare.html", context)


@staff_page
@require_http_methods(["GET", "POST"])
def admission_prepare(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(MembershipApplication, pk=pk)
    return _prepare(request, application=application)


@staff_page
@require_http_methods(["GET", "POST"])
def expulsion_prepare(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership.objects.select_related("library", "person"), pk=pk)
    return _prepare(request, membership=membership)


@staff_page
@require_POST
def admission_apply(request: HttpRequest, pk: int) -> HttpResponse:
    """Admit a pending applicant by a Board decision already in the register (taken on an
    agenda item that did not name the application)."""
    permission_require(
        request.user, PROCEDURE_WRITE_PERMISSION, _("Only the secretariat admits members.")
    )
    application = get_object_or_404(MembershipApplication, pk=pk)
    form = ApplyForm(request.POST)
    url = reverse("governance:admission_prepare", args=[application.pk])
    if not form.is_valid():
        messages.error(request, _("Choose the Board decision."))
        return HttpResponseRedirect(url)
    try:
        with refusals_recorded(
            user=request.user, target=application, attempt="admit by a Board decision"
        ):
            membership = admissions.admission_decision_apply(
                application=application,
                decision=form.cleaned_data["decision"],
                applied_by=request.user,
            )
    except ValidationError as error:
        _refused_message(request, error)
        return HttpResponseRedirect(url)
    messages.success(
        request,
        _("%(member)s is admitted; the applicant has been e-mailed.")
        % {"member": membership.member},
    )
    return HttpResponseRedirect(reverse("admin:members_membership_change", args=[membership.pk]))
