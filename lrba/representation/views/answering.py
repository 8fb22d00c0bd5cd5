"""Members answering consultations and surveys: the list (`representation:consultation_list`,
open ones first with whether each library the user answers for has answered), a
consultation (`consultation_detail`) with its draft document (`consultation_document`),
and the answers of a library (`response_edit`) or of an individual member
(`response_edit_personal`), changed until the deadline and read-only afterwards.

The forms are plain POSTs answered with a redirect and a message; a refusal (a missing
answer, the deadline passed, a colleague saved meanwhile) keeps everything typed and says
why (services/responses.py). A library the user does not answer for is a 404.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lrba.accounts.access import staff_page
from lrba.core.downloads import file_download
from lrba.core.pagination import paginate
from lrba.members.models import Library, Person
from lrba.representation.access import (
    access_answering_library,
    access_consultation,
    consultations_visible_to,
    individual_member_person,
)
from lrba.representation.forms_answering import ResponseForm, rebased
from lrba.representation.models import Consultation
from lrba.representation.selectors import answering as selectors
from lrba.representation.services.responses import consultation_refusal, response_save

PER_PAGE = 20


def _kind(request: HttpRequest) -> str:
    kind = str(request.GET.get("rusis", ""))
    return kind if kind in Consultation.Kind.values else ""


@staff_page  # the secretariat and the auditor see every consultation here too
@require_GET
def consultation_list(request: HttpRequest) -> HttpResponse:
    """Open consultations and surveys (closing first first) with the answering state of
    each library the user answers for, then the closed ones, paginated."""
    # `consultations_visible_to` answers none() to whoever may not see them: an empty
    # query by construction, told apart from an empty list without asking the database.
    if consultations_visible_to(request.user).query.is_empty():
        raise PermissionDenied(_("The consultations are for the association's members."))
    kind = _kind(request)
    open_ones = selectors.consultation_list_open(request.user, kind=kind)
    page, note = paginate(
        request.GET, selectors.consultation_list_closed(request.user, kind=kind), PER_PAGE
    )
    rows = selectors.answering_rows(request.user, open_ones)
    return render(
        request,
        "representation/answering/consultation_list.html",
        {
            "open_entries": [(consultation, rows[consultation.pk]) for consultation in open_ones],
            "page_obj": page,
            "notes": [note] if note else [],
            "kind": kind,
            "kinds": Consultation.Kind.choices,
            "query_string": f"rusis={kind}" if kind else "",
        },
    )


@staff_page
@require_GET
def consultation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """What is asked, the document, the deadline, and who answered for the user's
    libraries (and for themself) and when, with a way to answer or change the answers."""
    consultation = access_consultation(request.user, slug)
    rows = selectors.answering_rows(request.user, [consultation])[consultation.pk]
    refusal = consultation_refusal(consultation)
    return render(
        request,
        "representation/answering/consultation_detail.html",
        {
            "consultation": consultation,
            "questions": selectors.consultation_questions(consultation),
            "rows": rows,
            "refusal": refusal,
            "taking": not refusal,
        },
    )


@staff_page
@require_GET
def consultation_document(request: HttpRequest, slug: str) -> HttpResponseBase:
    """The draft document, to those who see the consultation."""
    consultation = access_consultation(request.user, slug)
    if not consultation.document:
        raise Http404
    return file_download(consultation.document)


def _response_page(
    request: HttpRequest,
    consultation: Consultation,
    *,
    library: Library | None = None,
    person: Person | None = None,
) -> HttpResponse:
    response = selectors.response_with_answers(consultation, library=library, person=person)
    questions = selectors.consultation_questions(consultation)
    refusal = consultation_refusal(consultation)
    theirs = None  # a colleague's answers saved while the user was typing
    form: ResponseForm
    if request.method == "POST" and not refusal:
        form = ResponseForm(request.POST, questions=questions, response=response)
        if form.is_valid():
            try:
                response_save(
                    consultation=consultation,
                    answers=form.answers(),
                    by=request.user,
                    library=library,
                    person=person,
                    based_on=form.cleaned_data["based_on"],
                )
            except ValidationError as error:
                if getattr(error, "code", None) == "changed_meanwhile":
                    response = selectors.response_with_answers(
                        consultation, library=library, person=person
                    )
                    theirs = response
                    form = ResponseForm(
                        rebased(request.POST, response), questions=questions, response=response
                    )
                    form.is_valid()
                form.add_service_error(error)
            else:
                messages.success(
                    request, _("The answers are saved. You can change them until the deadline.")
                )
                return redirect("representation:consultation_detail", slug=consultation.slug)
    elif request.method == "POST":
        # Too late: show what was typed, read-only, so it can still be copied.
        messages.error(request, refusal)
        form = ResponseForm(request.POST, questions=questions, response=response, read_only=True)
    else:
        form = ResponseForm(questions=questions, response=response, read_only=bool(refusal))
    context: dict[str, Any] = {
        "consultation": consultation,
        "library": library,
        "person": person,
        "response": response,
        "theirs": theirs,
        "their_answers": _answers_shown(theirs, questions) if theirs else [],
        "form": form,
        "refusal": refusal,
    }
    return render(request, "representation/answering/response_form.html", context)


def _answers_shown(response: Any, questions: list) -> list[tuple[Any, str]]:
    """A response's answers as text per question, for showing beside the form."""
    by_question = {answer.question_id: answer for answer in response.answers.all()}
    shown = []
    for question in questions:
        answer = by_question.get(question.pk)
        if answer is None:
            text = "—"
        elif answer.scale_value is not None:
            text = str(answer.scale_value)
        elif answer.choices.all():
            text = "; ".join(choice.text for choice in answer.choices.all())
        else:
            text = answer.text
        shown.append((question, text))
    return shown


@require_http_methods(["GET", "POST"])
def response_edit(request: HttpRequest, slug: str, library_pk: int) -> HttpResponse:
    """A library's answers: the form prefilled with what it answered so far."""
    consultation = access_consultation(request.user, slug)
    library = access_answering_library(request.user, consultation, library_pk)
    return _response_page(request, consultation, library=library)


@staff_page
@require_http_methods(["GET", "POST"])
def response_edit_personal(request: HttpRequest, slug: str) -> HttpResponse:
    """An individual member's own answers, when the consultation asks them."""
    consultation = access_consultation(request.user, slug)
    if not consultation.individuals_answer:
        raise PermissionDenied(_("This consultation asks the member libraries, not individuals."))
    person = individual_member_person(request.user)
    if person is None:
        raise PermissionDenied(
            _("Only individual members of the association answer for themselves.")
        )
    return _response_page(request, consultation, person=person)


urlpatterns = [
    path("konsultacijos/", consultation_list, name="consultation_list"),
    path("konsultacijos/<slug:slug>/", consultation_detail, name="consultation_detail"),
    path(
        "konsultacijos/<slug:slug>/dokumentas/",
        consultation_document,
        name="consultation_document",
    ),
    path(
        "konsultacijos/<slug:slug>/bibliotekos/<int:library_pk>/",
        response_edit,
        name="response_edit",
    ),
    path(
        "konsultacijos/<slug:slug>/mano-atsakymas/",
        response_edit_personal,
        name="response_edit_personal",
    ),
]
