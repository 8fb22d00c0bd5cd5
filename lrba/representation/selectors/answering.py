"""Reads for the members answering consultations: the consultations they see, open ones
first, and for each the libraries they answer for (and themself, as an individual member)
with the response given so far."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from lrba.core.db import LithuanianOrder
from lrba.members.models import Library, Person
from lrba.representation.access import (
    answering_libraries,
    consultations_visible_to,
    individual_member_person,
)
from lrba.representation.models import Answer, Consultation, Question, Response


@dataclass
class AnsweringRow:
    """One member the user answers for (a library, or themself) and its response."""

    library: Library | None
    person: Person | None
    response: Response | None


def _members_seen(user: Any) -> QuerySet[Consultation]:
    # Drafts are the secretariat's work in progress: its own list shows them.
    return consultations_visible_to(user).exclude(status=Consultation.Status.DRAFT)


def _taking_answers() -> Q:
    return Q(status=Consultation.Status.OPEN, deadline__gt=timezone.now())


def consultation_list_open(user: Any, *, kind: str = "") -> list[Consultation]:
    """The consultations taking answers now that `user` sees, closing first first."""
    consultations = _members_seen(user).filter(_taking_answers())
    if kind:
        consultations = consultations.filter(kind=kind)
    return list(consultations.order_by("deadline", "pk"))


def consultation_list_closed(user: Any, *, kind: str = "") -> QuerySet[Consultation]:
    """The consultations no longer taking answers that `user` sees, latest first."""
    consultations = _members_seen(user).exclude(_taking_answers())
    if kind:
        consultations = consultations.filter(kind=kind)
    return consultations.order_by("-deadline", "-pk")


def answering_rows(user: Any, consultations: list[Consultation]) -> dict[int, list[AnsweringRow]]:
    """For each consultation (by pk): the libraries `user` answers for, in Lithuanian
    order, when libraries answer it, and `user` as an individual member when individuals
    answer it, each with its response (or None). Three queries whatever the number of
    consultations."""
    if not consultations:
        return {}
    libraries = list(answering_libraries(user).order_by(LithuanianOrder("name"), "pk"))
    person = individual_member_person(user)
    member_filter = Q(library__in=libraries)
    if person is not None:
        member_filter |= Q(person=person)
    responses: dict[tuple[int, str, int], Response] = {}
    if libraries or person is not None:
        for response in (
            Response.objects.filter(member_filter, consultation__in=consultations)
            .select_related("submitted_by")
            .order_by()
        ):
            if response.library_id:
                responses[(response.consultation_id, "library", response.library_id)] = response
            elif response.person_id:
                responses[(response.consultation_id, "person", response.person_id)] = response
    rows: dict[int, list[AnsweringRow]] = {}
    for consultation in consultations:
        entries = []
        if consultation.libraries_answer:
            entries += [
                AnsweringRow(library, None, responses.get((consultation.pk, "library", library.pk)))
                for library in libraries
            ]
        if consultation.individuals_answer and person is not None:
            entries.append(
                AnsweringRow(None, person, responses.get((consultation.pk, "person", person.pk)))
            )
        rows[consultation.pk] = entries
    return rows


def consultation_questions(consultation: Consultation) -> list[Question]:
    """The questions in their order, each with its choices (two queries)."""
    return list(consultation.questions.order_by("position", "pk").prefetch_related("choices"))


def response_with_answers(
    consultation: Consultation, *, library: Library | None = None, person: Person | None = None
) -> Response | None:
    """The library's (or person's) response with its answers and their choices, or None."""
    member: dict[str, Any] = {"library": library} if library is not None else {"person": person}
    return (
        Response.objects.filter(consultation=consultation, **member)
        .select_related("submitted_by")
        .prefetch_related(
            Prefetch("answers", queryset=Answer.objects.order_by().prefetch_related("choices"))
        )
        .first()
    )


def library_open_consultations(library: Library) -> list[tuple[Consultation, Response | None]]:
    """The consultations taking the libraries' answers now, closing first first, each
    with `library`'s response so far (two queries)."""
    consultations = list(
        Consultation.objects.filter(_taking_answers(), libraries_answer=True).order_by(
            "deadline", "pk"
        )
    )
    responses = {
        response.consultation_id: response
        for response in Response.objects.filter(
            library=library, consultation__in=consultations
        ).select_related("submitted_by")
    }
    return [(consultation, responses.get(consultation.pk)) for consultation in consultations]


def person_open_consultations(person: Person) -> list[tuple[Consultation, Response | None]]:
    """The consultations taking the individual members' answers now, each with
    `person`'s response so far (two queries)."""
    consultations = list(
        Consultation.objects.filter(_taking_answers(), individuals_answer=True).order_by(
            "deadline", "pk"
        )
    )
    responses = {
        response.consultation_id: response
        for response in Response.objects.filter(person=person, consultation__in=consultations)
    }
    return [(consultation, responses.get(consultation.pk)) for consultation in consultations]
