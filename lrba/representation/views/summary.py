"""The organiser's view of a consultation's answers (the secretariat and the auditor):
the summary page with its filters, charts, quotes and who has not answered yet; the
export (XLSX or CSV); and, on a survey, proposing training programmes from its answers."""

from html import escape

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from lrba.accounts.access import has_permission, permission_require, staff_page
from lrba.core.models import County
from lrba.core.pagination import paginate
from lrba.core.tables import table_response
from lrba.core.text import sort_key
from lrba.members.models import Library
from lrba.representation.access import (
    CONSULTATION_WRITE,
    consultations_read_require,
    consultations_write_require,
)
from lrba.representation.exports import consultation_sheets
from lrba.representation.models import Choice, Consultation, ProgrammeProposal
from lrba.representation.selectors.summary import (
    ConsultationSummary,
    QuestionSummary,
    Quote,
    consultation_summary,
)
from lrba.representation.services.proposals import programme_proposals_create

FILE_FORMATS = ("csv", "xlsx")
# Free-text answers shown under each question on the summary; all of them, a page at a
# time, on the question's own page (and in the export).
QUOTES_SHOWN = 10
QUOTES_PER_PAGE = 50
PROGRAMME_ADD = "training.add_programme"


class SummaryFilterForm(forms.Form):
    county = forms.ChoiceField(label=gettext_lazy("County"), required=False)
    kind = forms.ChoiceField(label=gettext_lazy("Kind of library"), required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        everyone = [("", _("All"))]
        counties = sorted(County.objects.values_list("code", "name"), key=lambda c: sort_key(c[1]))
        self.fields["county"].choices = everyone + counties  # type: ignore[attr-defined]
        self.fields["kind"].choices = everyone + list(Library.Kind.choices)  # type: ignore[attr-defined]


def _quote_items(quotes: list[Quote]) -> SafeString:
    # Escaped with the standard library and joined once: Django's escaping and
    # format_html cost several times more per call, and a question may have 500 quotes.
    return mark_safe(  # noqa: S308 (every value is escaped above)
        "\n".join(
            f"<li><blockquote><p>{escape(q.text).replace(chr(10), '<br>')}</p></blockquote>"
            f'<p class="muted">{escape(q.attribution)}</p></li>'
            for q in quotes
        )
    )


def _with_quotes(summary: ConsultationSummary) -> list[tuple[QuestionSummary, SafeString]]:
    """Each question with its first quotes as HTML list items (the rest are a link away:
    five hundred answers make a page nobody reads and that takes long to draw). Drawn here
    rather than in the template: the template engine's cost per item made up most of the
    page's time (bench/representation/summary_bench)."""
    return [(item, _quote_items(item.quotes[:QUOTES_SHOWN])) for item in summary.questions]


def _filters(request: HttpRequest) -> tuple[SummaryFilterForm, str, str]:
    form = SummaryFilterForm(request.GET)
    if not form.is_valid():
        return form, "", ""
    return form, form.cleaned_data["county"], form.cleaned_data["kind"]


@staff_page
@require_GET
def consultation_summary_page(request: HttpRequest, pk: int) -> HttpResponse:
    consultations_read_require(request.user)
    consultation = get_object_or_404(Consultation, pk=pk)
    form, county, kind = _filters(request)
    summary = consultation_summary(consultation, county=county, library_kind=kind)
    is_survey = consultation.kind == Consultation.Kind.SURVEY
    may_propose = (
        is_survey
        and has_permission(request.user, CONSULTATION_WRITE)
        and has_permission(request.user, PROGRAMME_ADD)
    )
    proposals = (
        list(
            ProgrammeProposal.objects.filter(consultation=consultation).select_related(
                "programme", "choice"
            )
        )
        if is_survey
        else []
    )
    proposed_choice_ids = {proposal.choice_id for proposal in proposals}
    query = request.GET.urlencode() if county or kind else ""
    return render(
        request,
        "representation/summary/summary.html",
        {
            "consultation": consultation,
            "summary": summary,
            "questions": _with_quotes(summary),
            "form": form,
            "query": query,
            "is_survey": is_survey,
            "may_propose": may_propose,
            "proposals": proposals,
            "proposed_choice_ids": proposed_choice_ids,
            "quotes_shown": QUOTES_SHOWN,
        },
    )


@staff_page
@require_GET
def consultation_quotes(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    """Every free-text answer to one question, a page at a time, with the summary's
    county and library-kind filters."""
    consultations_read_require(request.user)
    consultation = get_object_or_404(Consultation, pk=pk)
    question = get_object_or_404(consultation.questions, pk=question_pk)
    form, county, kind = _filters(request)
    summary = consultation_summary(consultation, county=county, library_kind=kind)
    item = next(item for item in summary.questions if item.question.pk == question.pk)
    page, note = paginate(request.GET, item.quotes, QUOTES_PER_PAGE)
    query = QueryDict(mutable=True)
    query.update({name: value for name, value in (("county", county), ("kind", kind)) if value})
    return render(
        request,
        "representation/summary/quotes.html",
        {
            "consultation": consultation,
            "question": question,
            "count": len(item.quotes),
            "quotes_html": _quote_items(list(page.object_list)),
            "page_obj": page,
            "notes": [note] if note else [],
            "form": form,
            "query_string": query.urlencode(),
        },
    )


@staff_page
@require_GET
def consultation_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    consultations_read_require(request.user)
    if fmt not in FILE_FORMATS:
        raise Http404(_("Unknown file format."))
    consultation = get_object_or_404(Consultation, pk=pk)
    _form, county, kind = _filters(request)
    summary = consultation_summary(consultation, county=county, library_kind=kind)
    filename = f"{slugify(consultation.slug)[:60] or consultation.pk}-atsakymai"
    return table_response(file_format=fmt, filename=filename, sheets=consultation_sheets(summary))


@staff_page
@require_POST
def programme_proposals(request: HttpRequest, pk: int) -> HttpResponse:
    consultations_write_require(request.user)
    permission_require(
        request.user, PROGRAMME_ADD, _("Only the secretariat proposes training programmes.")
    )
    consultation = get_object_or_404(Consultation, pk=pk)
    ids = [value for value in request.POST.getlist("choices") if value.isdigit()]
    choices = list(Choice.objects.filter(pk__in=ids))
    if len(choices) != len(set(ids)):
        messages.error(request, _("An answer ticked is no longer in the survey. Reload the page."))
        return redirect("representation:consultation_summary", pk=consultation.pk)
    try:
        proposals = programme_proposals_create(
            consultation=consultation, choices=choices, by=request.user
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Programmes proposed: %(count)s. Complete them in training before offering them.")
            % {"count": len(proposals)},
        )
    return redirect("representation:consultation_summary", pk=consultation.pk)


urlpatterns: list = [
    path(
        "sekretoriatas/konsultacijos/<int:pk>/suvestine/",
        consultation_summary_page,
        name="consultation_summary",
    ),
    path(
        "sekretoriatas/konsultacijos/<int:pk>/klausimai/<int:question_pk>/atsakymai/",
        consultation_quotes,
        name="consultation_quotes",
    ),
    path(
        "sekretoriatas/konsultacijos/<int:pk>/atsakymai.<str:fmt>",
        consultation_export,
        name="consultation_export",
    ),
    path(
        "sekretoriatas/konsultacijos/<int:pk>/programu-pasiulymai/",
        programme_proposals,
        name="programme_proposals_create",
    ),
]
