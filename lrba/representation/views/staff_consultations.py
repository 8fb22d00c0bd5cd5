"""The secretariat's consultation and survey pages (`sekretoriatas/konsultacijos/`).

- `staff_consultations`: every consultation and survey, filtered by kind and status.
- `consultation_create`: a new draft (`?kind=survey` starts a survey).
- `consultation_staff`: one consultation's details (editable until closed) and its
  question builder. The question forms post to their own addresses; with htmx only the
  questions' region is swapped, without JavaScript the page is shown again (with the
  typed form and its errors when refused).
- `consultation_open`, `consultation_close`, `consultation_deadline_extend` (POST).

Read by the secretariat and the auditor (`representation.view_consultation`); every
write needs `representation.change_consultation`, checked before the object is read.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lrba.accounts.access import has_permission, staff_page
from lrba.communications.models import Message
from lrba.core.audit import refusals_recorded
from lrba.core.forms import form_errors_add
from lrba.core.pagination import paginate
from lrba.representation.access import (
    CONSULTATION_WRITE,
    POSITION_WRITE,
    consultations_read_require,
    consultations_write_require,
)
from lrba.representation.forms_staff import (
    ConsultationFilterForm,
    ConsultationForm,
    DeadlineForm,
    QuestionForm,
)
from lrba.representation.models import Consultation, Question
from lrba.representation.selectors.consultations import (
    consultation_has_answers,
    consultation_list_staff,
    consultation_open_problems,
    consultation_questions,
    invited_counts,
)
from lrba.representation.services.consultations import (
    consultation_close,
    consultation_create,
    consultation_deadline_extend,
    consultation_open,
    consultation_update,
    question_add,
    question_move,
    question_remove,
    question_update,
)

PER_PAGE = 30


@staff_page
@require_GET
def staff_consultations(request: HttpRequest) -> HttpResponse:
    consultations_read_require(request.user)
    filters = ConsultationFilterForm(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    items = consultation_list_staff(kind=chosen.get("kind", ""), status=chosen.get("status", ""))
    page, note = paginate(request.GET, items, PER_PAGE)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "representation/staff/consultation_list.html",
        {
            "items": page,
            "page_note": note,
            "filters": filters,
            "query": query.urlencode(),
            "may_write": has_permission(request.user, CONSULTATION_WRITE),
        },
    )


@staff_page
@require_http_methods(["GET", "POST"])
def consultation_create_view(request: HttpRequest) -> HttpResponse:
    consultations_write_require(request.user)
    kind = Consultation.Kind.SURVEY if request.GET.get("kind") == "survey" else None
    initial: dict[str, Any] = {"kind": kind} if kind else {}
    if kind:
        initial["subject"] = Consultation.Subject.TRAINING_NEEDS
    form = ConsultationForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            consultation = consultation_create(by=request.user, **form.cleaned_data)
        except ValidationError as refusal:
            form_errors_add(form, refusal)
        else:
            messages.success(request, _("The draft is saved. Now add its questions."))
            return redirect("representation:consultation_staff", pk=consultation.pk)
    return render(
        request,
        "representation/staff/consultation_create.html",
        {"form": form, "survey": kind == Consultation.Kind.SURVEY},
    )


def _staff_context(
    request: HttpRequest,
    consultation: Consultation,
    *,
    form: ConsultationForm | None = None,
    question_form: QuestionForm | None = None,
    editing: Question | None = None,
    edit_form: QuestionForm | None = None,
    deadline_form: DeadlineForm | None = None,
) -> dict[str, Any]:
    may_write = has_permission(request.user, CONSULTATION_WRITE)
    answered = consultation_has_answers(consultation)
    questions_editable = (
        may_write and consultation.status != Consultation.Status.CLOSED and not answered
    )
    counts = invited_counts()
    announcement = consultation.announcement
    return {
        "consultation": consultation,
        "questions": consultation_questions(consultation),
        "may_write": may_write,
        "may_write_positions": has_permission(request.user, POSITION_WRITE),
        "questions_editable": questions_editable,
        "answered": answered,
        "response_count": consultation.responses.count(),
        "invited": counts.for_consultation(consultation),
        "form": form
        or (
            ConsultationForm(instance=consultation)
            if may_write and consultation.status != Consultation.Status.CLOSED
            else None
        ),
        "question_form": question_form or QuestionForm(),
        "editing": editing,
        "edit_form": edit_form,
        "deadline_form": deadline_form or DeadlineForm(),
        "open_problems": consultation_open_problems(consultation, now=timezone.now())
        if consultation.status == Consultation.Status.DRAFT
        else [],
        "announcement_unsent": announcement is not None
        and announcement.status == Message.Status.DRAFT,
    }


def _staff_page(request: HttpRequest, consultation: Consultation, **parts: Any) -> HttpResponse:
    return render(
        request,
        "representation/staff/consultation_staff.html",
        _staff_context(request, consultation, **parts),
    )


def _questions_region(
    request: HttpRequest, consultation: Consultation, **parts: Any
) -> HttpResponse:
    """After a question write: the questions' region for htmx, the whole page otherwise
    (a redirect when the write succeeded, so a reload does not post again)."""
    if request.htmx:  # type: ignore[attr-defined]
        return render(
            request,
            "representation/staff/_consultation_questions.html",
            _staff_context(request, consultation, **parts),
        )
    if parts:
        return _staff_page(request, consultation, **parts)
    url = reverse("representation:consultation_staff", args=[consultation.pk])
    return redirect(f"{url}#questions-heading")


@staff_page
@require_http_methods(["GET", "POST"])
def consultation_staff(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method == "POST":
        consultations_write_require(request.user)
    else:
        consultations_read_require(request.user)
    consultation = get_object_or_404(
        Consultation.objects.select_related("announcement", "created_by"), pk=pk
    )
    if request.method != "POST":
        return _staff_page(request, consultation)
    form = ConsultationForm(request.POST, request.FILES, instance=consultation)
    if form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.changed_data}
        if fields.get("document") is False:  # "clear" ticked beside the file
            fields["document"] = ""
        try:
            with refusals_recorded(
                user=request.user, target=consultation, attempt="consultation_update"
            ):
                consultation_update(consultation=consultation, by=request.user, **fields)
        except ValidationError as refusal:
            form_errors_add(form, refusal)
        else:
            messages.success(request, _("The consultation is saved."))
            return redirect("representation:consultation_staff", pk=consultation.pk)
    # The instance was changed by the form's validation: show the saved one beside it.
    consultation.refresh_from_db()
    return _staff_page(request, consultation, form=form)


def _question_fields(form: QuestionForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        name: data[name]
        for name in (
            "kind",
            "text",
            "help_text",
            "required",
            "scale_min",
            "scale_max",
            "scale_min_label",
            "scale_max_label",
            "choices",
        )
    }


@staff_page
@require_POST
def question_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    consultations_write_require(request.user)
    consultation = get_object_or_404(Consultation, pk=pk)
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            question_add(consultation=consultation, by=request.user, **_question_fields(form))
        except ValidationError as refusal:
            form_errors_add(form, refusal)
        else:
            messages.success(request, _("The question is added."))
            return _questions_region(request, consultation)
    return _questions_region(request, consultation, question_form=form)


@staff_page
@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    consultations_write_require(request.user)
    question = get_object_or_404(
        Question.objects.select_related("consultation"), pk=question_pk, consultation_id=pk
    )
    consultation = question.consultation
    form = QuestionForm(request.POST or None, question=question)
    if request.method == "POST" and form.is_valid():
        try:
            question_update(question=question, by=request.user, **_question_fields(form))
        except ValidationError as refusal:
            form_errors_add(form, refusal)
        else:
            messages.success(request, _("The question is saved."))
            return _questions_region(request, consultation)
    return _questions_region(request, consultation, editing=question, edit_form=form)


def _question_write(request: HttpRequest, pk: int, question_pk: int, write: Any) -> HttpResponse:
    consultations_write_require(request.user)
    question = get_object_or_404(
        Question.objects.select_related("consultation"), pk=question_pk, consultation_id=pk
    )
    try:
        write(question)
    except ValidationError as refusal:
        for message in refusal.messages:
            messages.error(request, message)
    return _questions_region(request, question.consultation)


@staff_page
@require_POST
def question_remove_view(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    def write(question: Question) -> None:
        question_remove(question=question, by=request.user)
        messages.success(request, _("The question is removed."))

    return _question_write(request, pk, question_pk, write)


@staff_page
@require_POST
def question_move_view(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    up = request.POST.get("direction") != "down"
    return _question_write(
        request,
        pk,
        question_pk,
        lambda question: question_move(question=question, up=up, by=request.user),
    )


@staff_page
@require_POST
def consultation_open_view(request: HttpRequest, pk: int) -> HttpResponse:
    consultations_write_require(request.user)
    consultation = get_object_or_404(Consultation, pk=pk)
    try:
        with refusals_recorded(user=request.user, target=consultation, attempt="consultation_open"):
            opened = consultation_open(consultation=consultation, by=request.user)
    except ValidationError as refusal:
        for message in refusal.messages:
            messages.error(request, message)
    else:
        announcement = opened.announcement
        if announcement is not None and announcement.status == Message.Status.DRAFT:
            messages.warning(
                request,
                _(
                    "The consultation is open, but nobody could receive its announcement "
                    "(no e-mail addresses): it is kept as a draft message."
                ),
            )
        else:
            messages.success(request, _("The consultation is open and the members are being told."))
    return redirect("representation:consultation_staff", pk=consultation.pk)


@staff_page
@require_POST
def consultation_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    consultations_write_require(request.user)
    consultation = get_object_or_404(Consultation, pk=pk)
    try:
        with refusals_recorded(
            user=request.user, target=consultation, attempt="consultation_close"
        ):
            consultation_close(consultation=consultation, by=request.user)
    except ValidationError as refusal:
        for message in refusal.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The consultation is closed: no more answers are taken."))
    return redirect("representation:consultation_staff", pk=consultation.pk)


@staff_page
@require_POST
def consultation_deadline_extend_view(request: HttpRequest, pk: int) -> HttpResponse:
    consultations_write_require(request.user)
    consultation = get_object_or_404(Consultation.objects.select_related("announcement"), pk=pk)
    form = DeadlineForm(request.POST)
    if form.is_valid():
        try:
            consultation_deadline_extend(
                consultation=consultation, deadline=form.cleaned_data["deadline"], by=request.user
            )
        except ValidationError as refusal:
            form_errors_add(form, refusal)
        else:
            messages.success(request, _("The deadline is extended."))
            return redirect("representation:consultation_staff", pk=consultation.pk)
    return _staff_page(request, consultation, deadline_form=form)


urlpatterns = [
    path("sekretoriatas/konsultacijos/", staff_consultations, name="staff_consultations"),
    path(
        "sekretoriatas/konsultacijos/nauja/",
        consultation_create_view,
        name="consultation_create",
    ),
    path(
        "sekretoriatas/konsultacijos/<int:pk>/",
        consultation_staff,
        name="consultation_staff",
    ),
    path(
        "sekretoriatas/konsultacijos/<int:pk>/klausimai/",
        question_add_view,
        name="question_add",
    ),
    path(
        "sekretoriatas/konsultacijos/<int:pk>/klausimai/<int:question_pk>/",
        question_edit,
        name="question_edit",
    ),
    path(
        "sekretoriatas/konsultacijos/<int:pk>/klausimai/<int:question_pk>/salinti/",
        question_remove_view,
        name="question_remove",
    ),
    path(
        "sekretoriatas/konsultacijos/<int:pk>/klausimai/<int:question_pk>/perkelti/",
        question_move_view,
        name="question_move",
    ),
    path(
        "sekretoriatas/konsultacijos/<int:pk>/atidaryti/",
        consultation_open_view,
        name="consultation_open",
    ),
    path(
        "sekretoriatas/konsultacijos/<int:pk>/uzdaryti/",
        consultation_close_view,
        name="consultation_close",
    ),
    path(
        "sekretoriatas/konsultacijos/<int:pk>/terminas/",
        consultation_deadline_extend_view,
        name="consultation_deadline_extend",
    ),
]
