"""Reads for the secretariat's consultation pages, the reminders and the dashboard.

Who is invited to answer a consultation: every current member library when libraries
answer (`libraries_answer`), every individual member with a current membership when
individual members answer (`individuals_answer`). Each library is reached through the
people who act for it in answering: its director, those holding a current mandate for a
period, and the employees they authorised for consultations (as
`lrba.members.selectors.authorisations.acting_libraries` reads it, from the library's
side).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _

from lrba.core.text import sort_key
from lrba.members.models import (
    Employment,
    Library,
    Mandate,
    Membership,
    Person,
    StaffAuthorisation,
)
from lrba.representation.models import Consultation, Question, Response

ENGLISH = "en"


def consultation_list_staff(*, kind: str = "", status: str = "") -> QuerySet[Consultation]:
    """Every consultation and survey, newest deadline first, with how many questions it
    asks and how many answered (`question_count`, `response_count`)."""
    consultations = Consultation.objects.annotate(
        question_count=Count("questions", distinct=True),
        response_count=Count("responses", distinct=True),
    )
    if kind:
        consultations = consultations.filter(kind=kind)
    if status:
        consultations = consultations.filter(status=status)
    return consultations.order_by("-deadline", "-pk")


def consultation_questions(consultation: Consultation) -> list[Question]:
    """The questions in order, each with its choices (two queries)."""
    return list(consultation.questions.prefetch_related("choices").order_by("position", "pk"))


def consultation_has_answers(consultation: Consultation) -> bool:
    return Response.objects.filter(consultation=consultation).exists()


def consultation_open_problems(consultation: Consultation, *, now: datetime.datetime) -> list[str]:
    """Why `consultation` cannot open now, in words (empty when it can)."""
    problems = []
    questions = consultation_questions(consultation)
    if not questions:
        problems.append(_("Add at least one question."))
    for question in questions:
        if question.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE) and (
            len(question.choices.all()) < 2
        ):
            problems.append(
                _("The question “%(question)s” needs at least two choices.")
                % {"question": question.text}
            )
    if consultation.deadline is None or consultation.deadline <= now:
        problems.append(_("Set a deadline in the future."))
    return problems


# Who is invited ---------------------------------------------------------------------------


def member_libraries() -> QuerySet[Library]:
    return Library.objects.filter(
        pk__in=Membership.objects.current().filter(library__isnull=False).values("library")
    )


def individual_members() -> QuerySet[Person]:
    return Person.objects.filter(
        pk__in=Membership.objects.current().filter(person__isnull=False).values("person")
    )


@dataclass(frozen=True)
class InvitedCounts:
    libraries: int
    individuals: int

    def for_consultation(self, consultation: Consultation) -> int:
        return (self.libraries if consultation.libraries_answer else 0) + (
            self.individuals if consultation.individuals_answer else 0
        )


def invited_counts() -> InvitedCounts:
    """How many member libraries and individual members there are now (two queries)."""
    return InvitedCounts(
        libraries=member_libraries().count(), individuals=individual_members().count()
    )


def libraries_not_answered(consultation: Consultation) -> QuerySet[Library]:
    answered = Response.objects.filter(consultation=consultation, library=OuterRef("pk"))
    return member_libraries().filter(~Exists(answered))


def individuals_not_answered(consultation: Consultation) -> QuerySet[Person]:
    answered = Response.objects.filter(consultation=consultation, person=OuterRef("pk"))
    return individual_members().filter(~Exists(answered))


@dataclass
class ReminderRecipient:
    """One address to remind, with the libraries it answers for that have not answered
    (empty for an individual member reminded for themself)."""

    email: str
    language: str
    name: str
    libraries: list[str] = field(default_factory=list)
    for_self: bool = False


def _language(value: str | None) -> str:
    return ENGLISH if value == ENGLISH else "lt"


def _address(person_email: str, account_email: str | None) -> str:
    return (person_email or account_email or "").strip().lower()


def consultation_reminder_recipients(consultation: Consultation) -> list[ReminderRecipient]:
    """Everyone to remind about `consultation` now: the people who answer for a member
    library that has not answered (director, mandate for a period, employees authorised
    for consultations), and individual members who have not answered when they are
    asked. One recipient per address; a fixed number of queries."""
    found: dict[str, ReminderRecipient] = {}

    def add(email: str, language: str, name: str) -> ReminderRecipient:
        return found.setdefault(email, ReminderRecipient(email, _language(language), name))

    if consultation.libraries_answer:
        waiting = libraries_not_answered(consultation)
        names = dict(waiting.values_list("pk", "name"))
        library_ids = list(names)
        employed = Employment.objects.current().filter(
            library=OuterRef("library"), person=OuterRef("person")
        )
        pairs = [
            *Employment.objects.current()
            .filter(is_director=True, library__in=library_ids)
            .values_list("library_id", "person_id"),
            *Mandate.objects.current()
            .filter(library__in=library_ids)
            .values_list("library_id", "person_id"),
            *StaffAuthorisation.objects.filter(
                library__in=library_ids,
                scope=StaffAuthorisation.Scope.CONSULTATIONS,
                revoked_at__isnull=True,
            )
            .filter(Exists(employed))
            .values_list("library_id", "person_id"),
        ]
        people = {
            pk: (email, account_email, language, f"{first} {last}".strip())
            for pk, email, account_email, language, first, last in Person.objects.filter(
                pk__in={person_id for _library, person_id in pairs}
            ).values_list("pk", "email", "user__email", "user__language", "first_name", "last_name")
        }
        for library_id, person_id in sorted(pairs, key=lambda pair: sort_key(names[pair[0]])):
            email, account_email, language, name = people[person_id]
            address = _address(email, account_email)
            if not address:
                continue
            recipient = add(address, language, name)
            if names[library_id] not in recipient.libraries:
                recipient.libraries.append(names[library_id])
    if consultation.individuals_answer:
        rows = individuals_not_answered(consultation).values_list(
            "email", "user__email", "user__language", "first_name", "last_name"
        )
        for email, account_email, language, first, last in rows:
            address = _address(email, account_email)
            if address:
                add(address, language, f"{first} {last}".strip()).for_self = True
    return list(found.values())


# The dashboard ----------------------------------------------------------------------------


def consultations_closing(now: datetime.datetime, *, days: int) -> QuerySet[Consultation]:
    """Open consultations whose deadline falls within `days` from `now`."""
    return Consultation.objects.filter(
        status=Consultation.Status.OPEN,
        deadline__gte=now,
        deadline__lt=now + datetime.timedelta(days=days),
    )


def response_counts(consultation_ids: list[int]) -> dict[int, int]:
    """{consultation id: how many responses}, one query."""
    return dict(
        Response.objects.filter(consultation_id__in=consultation_ids)
        .order_by()
        .values("consultation_id")
        .annotate(n=Count("pk"))
        .values_list("consultation_id", "n")
    )
