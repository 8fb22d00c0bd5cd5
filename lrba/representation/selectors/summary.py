"""What the members answered to a consultation or survey, aggregated for its organiser.

- `consultation_summary(consultation, county=, library_kind=)`: who was asked and who
  answered (overall and per county), and per question: the choices' counts and shares,
  a scale's distribution, mean and median, and the free-text answers as quotes naming
  the member, in the Lithuanian order of the members' names.
- `consultation_response_rows(consultation, …)`: one row per response with a cell per
  question, for the export (`lrba.representation.exports`).

Who is asked: the current member libraries when libraries answer, and the current
individual members when they do. A county or library-kind filter narrows both sides to
libraries (an individual member has neither), so individual members are then left out.

The counting is done by the database (grouped counts), so the number of queries is the
same for 5 answers or 5,000 (a test pins it).
"""

import statistics
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from lrba.core.charts import HorizontalBarChart, horizontal_bar_chart
from lrba.core.text import sort_key
from lrba.members.models import Library, Membership
from lrba.representation.models import Answer, Choice, Consultation, Question, Response

AnswerChoice = Answer.choices.through


def share(part: int, whole: int) -> Decimal | None:
    """`part` of `whole` as a fraction (0.25), None when there is no whole."""
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"))


@dataclass(frozen=True)
class ChoiceFigure:
    choice: Choice
    count: int
    share: Decimal | None  # of the question's respondents (several choices: may sum > 1)


@dataclass(frozen=True)
class Quote:
    text: str
    member: str  # the library's name (nominative, shown as a label) or the person's
    county: str
    is_library: bool
    # "Library: X · County: Y", made once here: hundreds of quotes each translating
    # their labels in the template cost more than the rest of the page.
    attribution: str


@dataclass
class QuestionSummary:
    question: Question
    respondents: int = 0
    choices: list[ChoiceFigure] = field(default_factory=list)
    distribution: list[tuple[int, int]] = field(default_factory=list)  # (value, count)
    mean: Decimal | None = None
    median: Decimal | None = None
    quotes: list[Quote] = field(default_factory=list)
    chart: HorizontalBarChart | None = None

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def chart_id(self) -> str:
        return f"chart-{self.question.pk}"


@dataclass(frozen=True)
class CountyFigure:
    code: str
    name: str
    invited: int
    answered: int

    @property
    def share(self) -> Decimal | None:
        return share(self.answered, self.invited)


@dataclass(frozen=True)
class MemberLibrary:
    pk: int
    name: str
    county: str


@dataclass
class ConsultationSummary:
    consultation: Consultation
    county: str
    library_kind: str
    invited_libraries: int
    answered_libraries: int
    invited_individuals: int
    answered_individuals: int
    counties: list[CountyFigure]
    questions: list[QuestionSummary]
    not_answered: list[MemberLibrary]

    @property
    def invited(self) -> int:
        return self.invited_libraries + self.invited_individuals

    @property
    def answered(self) -> int:
        return self.answered_libraries + self.answered_individuals

    @property
    def answered_share(self) -> Decimal | None:
        return share(self.answered, self.invited)

    @property
    def is_filtered(self) -> bool:
        return bool(self.county or self.library_kind)


def _library_filter(prefix: str, county: str, library_kind: str) -> Q:
    condition = Q()
    if county:
        condition &= Q(**{f"{prefix}municipality__county__code": county})
    if library_kind:
        condition &= Q(**{f"{prefix}kind": library_kind})
    return condition


def consultation_responses(
    consultation: Consultation, *, county: str = "", library_kind: str = ""
) -> QuerySet[Response]:
    """The responses counted under the filters (libraries only when a filter is set)."""
    responses = Response.objects.filter(consultation=consultation)
    if county or library_kind:
        responses = responses.filter(
            _library_filter("library__", county, library_kind), library__isnull=False
        )
    return responses


def _invited_libraries(
    consultation: Consultation, county: str, library_kind: str
) -> list[dict[str, Any]]:
    if not consultation.libraries_answer:
        return []
    members = Membership.objects.current().filter(library__isnull=False).values("library_id")
    return list(
        Library.objects.filter(_library_filter("", county, library_kind), pk__in=members)
        .order_by()
        .values("pk", "name", "sort_name", "municipality__county__code")
    )


def _invited_individuals(consultation: Consultation, filtered: bool) -> int:
    if not consultation.individuals_answer or filtered:
        return 0
    return Membership.objects.current().filter(person__isnull=False).count()


def consultation_summary(
    consultation: Consultation, *, county: str = "", library_kind: str = ""
) -> ConsultationSummary:
    """The consultation's answers aggregated, under an optional county (its code) and
    library kind. Nine queries at most, whatever the number of answers."""
    from lrba.core.models import County

    filtered = bool(county or library_kind)
    questions = list(Question.objects.filter(consultation=consultation).prefetch_related("choices"))
    county_names = dict(County.objects.values_list("code", "name"))
    invited = _invited_libraries(consultation, county, library_kind)
    invited_individuals = _invited_individuals(consultation, filtered)

    responses_qs = consultation_responses(consultation, county=county, library_kind=library_kind)
    responses = {
        row["pk"]: row
        for row in responses_qs.order_by().values(
            "pk",
            "library_id",
            "library__name",
            "library__municipality__county__code",
            "person__first_name",
            "person__last_name",
        )
    }
    answered_library_ids = {r["library_id"] for r in responses.values() if r["library_id"]}
    answered_individuals = sum(1 for r in responses.values() if not r["library_id"])

    answers = Answer.objects.filter(response__in=responses_qs)
    summaries = {question.pk: QuestionSummary(question=question) for question in questions}
    _choice_figures(summaries, answers)
    _scale_figures(summaries, answers)
    _quotes(summaries, answers, responses, county_names)

    return ConsultationSummary(
        consultation=consultation,
        county=county,
        library_kind=library_kind,
        invited_libraries=len(invited),
        answered_libraries=len(answered_library_ids),
        invited_individuals=invited_individuals,
        answered_individuals=answered_individuals,
        counties=_counties(invited, responses, county_names),
        questions=[summaries[question.pk] for question in questions],
        not_answered=sorted(
            (
                MemberLibrary(
                    pk=row["pk"],
                    name=row["name"],
                    county=county_names.get(row["municipality__county__code"] or "", ""),
                )
                for row in invited
                if row["pk"] not in answered_library_ids
            ),
            key=lambda library: sort_key(library.name),
        ),
    )


def _choice_figures(summaries: dict[int, QuestionSummary], answers: QuerySet[Answer]) -> None:
    chosen = AnswerChoice.objects.filter(answer__in=answers).order_by()
    counts = {
        row["choice_id"]: row["n"] for row in chosen.values("choice_id").annotate(n=Count("pk"))
    }
    respondents = {
        row["answer__question_id"]: row["n"]
        for row in chosen.values("answer__question_id").annotate(
            n=Count("answer_id", distinct=True)
        )
    }
    for summary in summaries.values():
        question = summary.question
        if question.kind not in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
            continue
        summary.respondents = respondents.get(question.pk, 0)
        summary.choices = [
            ChoiceFigure(
                choice=choice,
                count=counts.get(choice.pk, 0),
                share=share(counts.get(choice.pk, 0), summary.respondents),
            )
            for choice in question.choices.all()
        ]
        summary.chart = horizontal_bar_chart([(c.choice.text, c.count) for c in summary.choices])


def _scale_figures(summaries: dict[int, QuestionSummary], answers: QuerySet[Answer]) -> None:
    rows = (
        answers.filter(question__kind=Question.Kind.SCALE, scale_value__isnull=False)
        .order_by()
        .values("question_id", "scale_value")
        .annotate(n=Count("pk"))
    )
    counts: dict[int, dict[int, int]] = defaultdict(dict)
    for row in rows:
        counts[row["question_id"]][row["scale_value"]] = row["n"]
    for summary in summaries.values():
        question = summary.question
        if question.kind != Question.Kind.SCALE:
            continue
        by_value = counts.get(question.pk, {})
        low = min([question.scale_min, *by_value])
        high = max([question.scale_max, *by_value])
        summary.distribution = [(value, by_value.get(value, 0)) for value in range(low, high + 1)]
        summary.respondents = sum(by_value.values())
        if summary.respondents:
            values = [value for value, n in summary.distribution for _ in range(n)]
            total = sum(value * n for value, n in summary.distribution)
            summary.mean = (Decimal(total) / summary.respondents).quantize(Decimal("0.01"))
            summary.median = Decimal(str(statistics.median(values)))
        summary.chart = horizontal_bar_chart(
            [(_scale_label(question, value), n) for value, n in summary.distribution]
        )


def _scale_label(question: Question, value: int) -> str:
    if value == question.scale_min and question.scale_min_label:
        return f"{value} ({question.scale_min_label})"
    if value == question.scale_max and question.scale_max_label:
        return f"{value} ({question.scale_max_label})"
    return str(value)


def _member_name(response: Mapping[str, Any]) -> str:
    if response["library_id"]:
        return response["library__name"]
    return f"{response['person__first_name']} {response['person__last_name']}".strip()


def _quotes(
    summaries: dict[int, QuestionSummary],
    answers: QuerySet[Answer],
    responses: Mapping[int, Mapping[str, Any]],
    county_names: dict[str, str],
) -> None:
    rows = (
        answers.filter(question__kind=Question.Kind.TEXT)
        .exclude(text="")
        .order_by()
        .values_list("question_id", "response_id", "text")
    )
    labels = {True: _("Library:"), False: _("Individual member:")}
    county_label = _("County:")
    quotes: dict[int, list[Quote]] = defaultdict(list)
    for question_id, response_id, text in rows:
        response = responses[response_id]
        member = _member_name(response)
        is_library = bool(response["library_id"])
        county = county_names.get(response["library__municipality__county__code"] or "", "")
        attribution = f"{labels[is_library]} {member}"
        if county:
            attribution += f" · {county_label} {county}"
        quotes[question_id].append(
            Quote(
                text=text.strip(),
                member=member,
                county=county,
                is_library=is_library,
                attribution=attribution,
            )
        )
    for question_id, items in quotes.items():
        if question_id in summaries:
            items.sort(key=lambda quote: (sort_key(quote.member), quote.text))
            summaries[question_id].quotes = items
            summaries[question_id].respondents = len(items)


def _counties(
    invited: list[dict[str, Any]],
    responses: Mapping[int, Mapping[str, Any]],
    county_names: dict[str, str],
) -> list[CountyFigure]:
    invited_by: dict[str, int] = defaultdict(int)
    for row in invited:
        invited_by[row["municipality__county__code"] or ""] += 1
    answered_by: dict[str, int] = defaultdict(int)
    for response in responses.values():
        if response["library_id"]:
            answered_by[response["library__municipality__county__code"] or ""] += 1
    figures = [
        CountyFigure(
            code=code,
            name=county_names.get(code) or _("County not known"),
            invited=invited_by.get(code, 0),
            answered=answered_by.get(code, 0),
        )
        for code in set(invited_by) | set(answered_by)
    ]
    return sorted(figures, key=lambda figure: sort_key(figure.name))


# One row per response, for the export -----------------------------------------------------


@dataclass(frozen=True)
class ResponseRow:
    member: str
    is_library: bool
    county: str
    library_kind: str
    submitted_at: datetime
    updated_at: datetime
    cells: list[Any]  # one per question, in the questions' order


def consultation_response_rows(
    consultation: Consultation, *, county: str = "", library_kind: str = ""
) -> tuple[list[Question], list[ResponseRow]]:
    """The questions and one row per response (the members in Lithuanian order): a
    text answer as written, the choices' texts ("; " between several), a scale's value.
    Four queries, whatever the number of answers."""
    questions = list(Question.objects.filter(consultation=consultation))
    responses_qs = consultation_responses(consultation, county=county, library_kind=library_kind)
    responses = list(
        responses_qs.order_by().values(
            "pk",
            "library_id",
            "library__name",
            "library__kind",
            "library__municipality__county__name",
            "person__first_name",
            "person__last_name",
            "submitted_at",
            "updated_at",
        )
    )
    answers = Answer.objects.filter(response__in=responses_qs)
    values: dict[tuple[int, int], Any] = {}
    for response_id, question_id, text, scale_value in answers.order_by().values_list(
        "response_id", "question_id", "text", "scale_value"
    ):
        values[(response_id, question_id)] = scale_value if scale_value is not None else text
    chosen: dict[tuple[int, int], list[tuple[int, int, str]]] = defaultdict(list)
    for response_id, question_id, position, pk, text in (
        AnswerChoice.objects.filter(answer__in=answers)
        .order_by()
        .values_list(
            "answer__response_id",
            "answer__question_id",
            "choice__position",
            "choice_id",
            "choice__text",
        )
    ):
        chosen[(response_id, question_id)].append((position, pk, text))
    for key, items in chosen.items():
        values[key] = "; ".join(text for _position, _pk, text in sorted(items))
    kinds = dict(Library.Kind.choices)
    rows = [
        ResponseRow(
            member=_member_name(response),
            is_library=bool(response["library_id"]),
            county=response["library__municipality__county__name"] or "",
            library_kind=str(kinds.get(response["library__kind"], "")),
            submitted_at=response["submitted_at"],
            updated_at=response["updated_at"],
            cells=[values.get((response["pk"], question.pk), "") for question in questions],
        )
        for response in responses
    ]
    rows.sort(key=lambda row: sort_key(row.member))
    return questions, rows
