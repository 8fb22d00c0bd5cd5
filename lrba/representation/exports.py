"""A consultation's answers as a spreadsheet (`lrba.core.tables`): a summary sheet with
who answered and each question's figures, then one row per response with a column per
question."""

from django.utils.translation import gettext as _

from lrba.core.tables import Sheet
from lrba.members.models import Library
from lrba.representation.models import Consultation, Question
from lrba.representation.selectors.summary import (
    ConsultationSummary,
    consultation_response_rows,
)


def _summary_rows(summary: ConsultationSummary) -> list[list[object]]:
    consultation = summary.consultation
    rows: list[list[object]] = [
        [_("Consultation"), consultation.title],
        [_("Kind"), consultation.get_kind_display()],
        [_("Institution asking"), consultation.institution],
        [_("Answers until"), consultation.deadline],
        [_("Status"), consultation.get_status_display()],
    ]
    if summary.county:
        county = next((c.name for c in summary.counties if c.code == summary.county), "")
        rows.append([_("County"), county or summary.county])
    if summary.library_kind:
        kinds = dict(Library.Kind.choices)
        rows.append([_("Kind of library"), kinds.get(summary.library_kind, summary.library_kind)])
    rows += [
        [_("Member libraries asked"), summary.invited_libraries],
        [_("Member libraries answered"), summary.answered_libraries],
    ]
    if summary.invited_individuals or summary.answered_individuals:
        rows += [
            [_("Individual members asked"), summary.invited_individuals],
            [_("Individual members answered"), summary.answered_individuals],
        ]
    for number, item in enumerate(summary.questions, start=1):
        rows.append([])
        rows.append([f"{number}. {item.question.text}", item.question.get_kind_display()])
        rows.append([_("Answered"), item.respondents])
        if item.choices:
            for figure in item.choices:
                rows.append([figure.choice.text, figure.count, figure.share])
        if item.question.kind == Question.Kind.SCALE:
            for value, count in item.distribution:
                rows.append([value, count])
            rows.append([_("Mean"), item.mean])
            rows.append([_("Median"), item.median])
    return rows


def consultation_sheets(summary: ConsultationSummary) -> list[Sheet]:
    """The summary (under the same filters) and the responses, one per row."""
    consultation: Consultation = summary.consultation
    questions, responses = consultation_response_rows(
        consultation, county=summary.county, library_kind=summary.library_kind
    )
    headers = [
        _("Member"),
        _("County"),
        _("Kind of library"),
        _("Answered"),
        _("Last changed"),
        *(f"{n}. {question.text}" for n, question in enumerate(questions, start=1)),
    ]
    return [
        Sheet(title=_("Summary"), headers=[], rows=_summary_rows(summary), widths=(50, 20, 12)),
        Sheet(
            title=_("Responses"),
            headers=headers,
            rows=[
                [
                    row.member,
                    row.county,
                    row.library_kind if row.is_library else _("individual member"),
                    row.submitted_at,
                    row.updated_at,
                    *row.cells,
                ]
                for row in responses
            ],
            widths=(45, 18, 24, 17, 17, *(40 for _question in questions)),
        ),
    ]
