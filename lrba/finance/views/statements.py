"""Finance pages: bank statements — the imports (with the upload form) and one import,
followed while it runs (htmx polls its progress) with its per-line error report."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from lrba.accounts.access import has_permission, staff_page
from lrba.core.pagination import paginate
from lrba.finance.access import (
    STATEMENT_WRITE_PERMISSION,
    finance_read_require,
    finance_write_require,
)
from lrba.finance.models import CsvMapping, StatementImport
from lrba.finance.services.statements import statement_import_create
from lrba.finance.statements.safety import MAX_STATEMENT_BYTES

PER_PAGE = 30


class StatementUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Statement file"),
        help_text=gettext_lazy(
            "ISO 20022 camt.053 or camt.054 (XML), LITAS-ESIS text, or the bank's CSV export."
        ),
    )
    csv_mapping = forms.ModelChoiceField(
        label=gettext_lazy("CSV mapping"),
        queryset=CsvMapping.objects.all(),
        required=False,
        empty_label=gettext_lazy("— not a CSV file —"),
        help_text=gettext_lazy("For a CSV export only: how this bank's columns read."),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > MAX_STATEMENT_BYTES:
            raise ValidationError(
                _("The file is too large; a statement may be at most %(limit)s MB.")
                % {"limit": MAX_STATEMENT_BYTES // (1024 * 1024)}
            )
        return file


def _queue_url() -> str:
    """The matching queue's address (lrba.finance.views.matching), "" without it."""
    try:
        return reverse("finance:match_queue")
    except NoReverseMatch:
        return ""


@staff_page
@require_http_methods(["GET", "POST"])
def statement_import_list(request: HttpRequest) -> HttpResponse:
    finance_read_require(request.user)
    may_import = has_permission(request.user, STATEMENT_WRITE_PERMISSION)
    form = StatementUploadForm()
    if request.method == "POST":
        finance_write_require(request.user, STATEMENT_WRITE_PERMISSION)
        form = StatementUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                statement = statement_import_create(
                    file=form.cleaned_data["file"],
                    by=request.user,
                    csv_mapping=form.cleaned_data["csv_mapping"],
                )
            except ValidationError as refusal:
                form.add_error("file", refusal)
            else:
                messages.success(request, _("The statement is uploaded and being imported."))
                return redirect(statement)
    imports = StatementImport.objects.select_related("imported_by", "csv_mapping")
    page, page_note = paginate(request.GET, imports, PER_PAGE)
    return render(
        request,
        "finance/statements/import_list.html",
        {"form": form, "page": page, "page_note": page_note, "may_import": may_import},
        status=400 if form.errors else 200,
    )


@staff_page
@require_GET
def statement_import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    finance_read_require(request.user)
    statement = get_object_or_404(
        StatementImport.objects.select_related("imported_by", "csv_mapping"), pk=pk
    )
    context = {
        "statement": statement,
        "running": statement.status
        in (StatementImport.Status.QUEUED, StatementImport.Status.RUNNING),
        "percent": (
            min(100, statement.processed_lines * 100 // statement.total_lines)
            if statement.total_lines
            else 0
        ),
        "same_file": StatementImport.objects.filter(sha256=statement.sha256)
        .exclude(pk=statement.pk)
        .order_by("created_at")
        .first(),
        "queue_url": _queue_url(),
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "finance/statements/_import_progress.html", context)
    return render(request, "finance/statements/import_detail.html", context)


urlpatterns: list = [
    path("banko-israsai/", statement_import_list, name="statement_import_list"),
    path("banko-israsai/<int:pk>/", statement_import_detail, name="statement_import_detail"),
]
