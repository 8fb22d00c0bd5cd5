"""Reads for the day of the event and after it: the desk lists, the participant list for
signature sheets and badges, the attendance export and the feedback summary."""

from dataclasses import dataclass, field

from django.db.models import Avg, Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from lrba.core.db import Folded, LithuanianOrder
from lrba.core.text import fold, sort_key
from lrba.events.models import Event, Feedback, Registration

S = Registration.Status


def _alphabetical(registrations: QuerySet[Registration]) -> QuerySet[Registration]:
    return registrations.order_by(LithuanianOrder("last_name"), LithuanianOrder("first_name"), "pk")


def checkin_counts(event: Event) -> dict[str, int]:
    """How many are still expected, have arrived, and wait for a seat (one query)."""
    return Registration.objects.filter(event=event).aggregate(
        expected=Count("pk", filter=Q(status=S.CONFIRMED)),
        arrived=Count("pk", filter=Q(status=S.ATTENDED)),
        waitlisted=Count("pk", filter=Q(status=S.WAITLISTED)),
    )


def _matching(registrations: QuerySet[Registration], query: str) -> QuerySet[Registration]:
    """Registrations where every word of `query` is in a name, the e-mail, the
    institution or the library, ignoring case and diacritics (`siauliu` → `Šiaulių`)."""
    words = fold(query).split()
    if not words:
        return registrations
    registrations = registrations.annotate(
        first_folded=Folded("first_name"),
        last_folded=Folded("last_name"),
        email_folded=Folded("email"),
        institution_folded=Folded("institution"),
        library_folded=Folded("library__name"),
    )
    for word in words:
        registrations = registrations.filter(
            Q(first_folded__contains=word)
            | Q(last_folded__contains=word)
            | Q(email_folded__contains=word)
            | Q(institution_folded__contains=word)
            | Q(library_folded__contains=word)
        )
    return registrations


def checkin_expected(event: Event, *, query: str = "") -> QuerySet[Registration]:
    """Confirmed participants who have not arrived yet, in Lithuanian alphabetical order."""
    registrations = Registration.objects.filter(event=event, status=S.CONFIRMED)
    return _alphabetical(_matching(registrations.select_related("library"), query))


def checkin_arrived(event: Event, *, query: str = "") -> QuerySet[Registration]:
    """Those checked in, the latest first (a mistake is usually the last tap)."""
    registrations = Registration.objects.filter(event=event, status=S.ATTENDED)
    return _matching(registrations.select_related("library"), query).order_by(
        "-checked_in_at", "-pk"
    )


def participant_list(event: Event) -> list[Registration]:
    """Everyone holding a seat (confirmed or attended), for signature sheets and badges."""
    registrations = Registration.objects.filter(
        event=event, status__in=Registration.SEATED_STATUSES
    )
    # Sorted in Python with the tested key, so both databases give the very same sheet.
    return sorted(
        registrations.select_related("library"),
        key=lambda r: (sort_key(r.last_name), sort_key(r.first_name), r.pk),
    )


def attendance_list(event: Event) -> QuerySet[Registration]:
    """Every registration of `event`, whatever its status, for the attendance export."""
    return _alphabetical(Registration.objects.filter(event=event).select_related("library"))


@dataclass(frozen=True)
class QuestionSummary:
    name: str
    label: str
    average: float | None
    # Answers per rating, 1 to 5, as (rating, count) pairs.
    distribution: list[tuple[int, int]]


@dataclass(frozen=True)
class FeedbackSummary:
    answers: int
    attended: int
    questions: list[QuestionSummary]
    comments: list[Feedback] = field(default_factory=list)

    @property
    def response_rate(self) -> float | None:
        return self.answers / self.attended if self.attended else None


QUESTIONS = ("overall", "content", "organisation")
QUESTION_LABELS = {
    "overall": _("overall"),
    "content": _("content"),
    "organisation": _("organisation"),
}


def feedback_summary(event: Event) -> FeedbackSummary:
    """The organiser's view of the survey: averages, distributions and comments."""
    feedback = Feedback.objects.filter(registration__event=event)
    aggregates: dict = {"answers": Count("pk")}
    for name in QUESTIONS:
        aggregates[f"{name}_avg"] = Avg(name)
        for rating in range(1, 6):
            aggregates[f"{name}_{rating}"] = Count("pk", filter=Q(**{name: rating}))
    totals = feedback.aggregate(**aggregates)
    questions = [
        QuestionSummary(
            name=name,
            label=str(QUESTION_LABELS[name]),
            average=totals[f"{name}_avg"],
            distribution=[(rating, totals[f"{name}_{rating}"]) for rating in range(1, 6)],
        )
        for name in QUESTIONS
    ]
    attended = Registration.objects.filter(event=event, status=S.ATTENDED).count()
    comments = list(feedback.exclude(comment="").order_by("submitted_at", "pk"))
    return FeedbackSummary(
        answers=totals["answers"], attended=attended, questions=questions, comments=comments
    )
