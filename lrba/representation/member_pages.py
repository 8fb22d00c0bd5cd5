"""Consultations on the members' pages (lrba.core.plugins, `member_pages_module`): on
"My library", the consultations waiting for the library's answer, answered or not, for
whoever answers for it (the secretariat sees them without the way to answer); on
"My account", those asking an individual member for their own answers, and a delegate's
current delegations with the way to report back."""

from django.http import HttpRequest

from lrba.members.models import Library
from lrba.representation.access import (
    answering_libraries,
    individual_member_person,
    may_read_consultations,
)
from lrba.representation.selectors.answering import (
    library_open_consultations,
    person_open_consultations,
)
from lrba.representation.selectors.delegations import (
    delegate_person,
    delegation_list_for_person,
)


def my_library_sections(request: HttpRequest, library: Library) -> list[tuple[str, dict]]:
    answers = answering_libraries(request.user).filter(pk=library.pk).exists()
    if not answers and not may_read_consultations(request.user):
        return []
    return [
        (
            "representation/member/_my_library.html",
            {
                "library": library,
                "entries": library_open_consultations(library),
                "may_answer": answers,
            },
        )
    ]


def my_account_sections(request: HttpRequest) -> list[tuple[str, dict]]:
    sections: list[tuple[str, dict]] = []
    person = individual_member_person(request.user)
    if person is not None:
        sections.append(
            (
                "representation/member/_my_account.html",
                {"entries": person_open_consultations(person)},
            )
        )
    delegate = delegate_person(request.user)
    current = (
        [d for d in delegation_list_for_person(delegate) if d.is_current]  # type: ignore[attr-defined]
        if delegate is not None
        else []
    )
    if current:
        sections.append(("representation/member/_my_delegations.html", {"delegations": current}))
    return sections
