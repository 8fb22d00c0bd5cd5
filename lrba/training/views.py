"""Training pages: certificate verification (public), the programme list (public),
"My learning", a library's staff hours, the secretariat's overview, a run's ZIP."""

import zipfile
from collections.abc import Iterator
from typing import IO, Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django_ratelimit.decorators import ratelimit

from lrba.accounts.access import staff_page
from lrba.core.db import LithuanianOrder
from lrba.core.downloads import content_disposition, download_response
from lrba.core.tables import Sheet, table_response
from lrba.members.selectors.register import FIRST_REPORT_YEAR
from lrba.members.selectors.representatives import represented_libraries
from lrba.training import selectors
from lrba.training.access import (
    access_certificate_for_download,
    access_library_for_training,
    access_reports,
    access_run_for_download,
)
from lrba.training.documents import CERTIFICATE_RELATED, certificate_pdfs_draw
from lrba.training.forms import ExternalTrainingForm, normalise_code
from lrba.training.models import Certificate
from lrba.training.services.records import external_training_submit
from lrba.training.verification import VERIFICATION_GROUP, verification_rate

# One budget per address for the verification page and the API's verification
# (lrba.api.routers.certificates): guessing codes through both is no faster.
# Public --------------------------------------------------------------------------------


@login_not_required
@require_GET
@ratelimit(key="ip", rate=verification_rate, block=False, group=VERIFICATION_GROUP)
def verify_form(request: HttpRequest) -> HttpResponse:
    """`/pazymejimai/?code=…`: the form, or straight to the code's page."""
    raw = request.GET.get("code", "")
    if raw:
        code = normalise_code(raw)
        if code:
            return redirect("training:verify", code=code)
        return _not_genuine(request, raw)
    return render(request, "training/verify.html", {"typed": ""})


@login_not_required
@require_GET
@ratelimit(key="ip", rate=verification_rate, block=False, group=VERIFICATION_GROUP)
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Confirm a certificate by its code, showing only what is printed on it."""
    if getattr(request, "limited", False):
        # Codes are random, so guessing needs many tries: a flood from one address stops here.
        return render(request, "429.html", status=429)
    normalised = normalise_code(code)
    if normalised and normalised != code:
        return redirect("training:verify", code=normalised)
    certificate = selectors.certificate_for_verification(code=normalised) if normalised else None
    if certificate is None:
        return _not_genuine(request, code)
    return render(request, "training/verify.html", {"certificate": certificate})


def _not_genuine(request: HttpRequest, typed: str) -> HttpResponse:
    if getattr(request, "limited", False):
        return render(request, "429.html", status=429)
    context = {"not_found": True, "typed": typed[:40]}
    return render(request, "training/verify.html", context, status=404)


@login_not_required
@require_GET
def programme_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "training/programme_list.html", {"programmes": selectors.programme_list_offered()}
    )


# My learning ----------------------------------------------------------------------------


def my_learning(request: HttpRequest) -> HttpResponse:
    person = getattr(request.user, "person", None)
    if person is None:
        return render(request, "training/my_learning.html", {"person": None})
    form = ExternalTrainingForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        external_training_submit(person=person, by=request.user, **form.cleaned_data)
        messages.success(
            request, _("Thank you. The training counts once the secretariat approves it.")
        )
        return redirect("training:my_learning")
    this_year = timezone.localdate().year
    hours = selectors.hours_per_year(person=person)
    context = {
        "person": person,
        "form": form,
        "year": this_year,
        "hours": sorted(hours.items(), reverse=True),
        "hours_this_year": hours.get(this_year, 0),
        "chart": selectors.hours_chart(hours=hours, last_year=this_year),
        "target": selectors.yearly_target(year=this_year),
        "certificates": selectors.certificate_list_for_person(person=person),
        "records": selectors.training_record_list_for_person(person=person),
        "represented": represented_libraries(request.user).order_by(LithuanianOrder("name")),
    }
    return render(request, "training/my_learning.html", context)


@staff_page
@require_GET
def certificate_download(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = access_certificate_for_download(request.user, pk)
    return download_response(
        _pdf_bytes(certificate),
        filename=f"{certificate.number}.pdf",
        content_type="application/pdf",
    )


def _is_stored(certificate: Certificate) -> bool:
    return bool(certificate.pdf) and default_storage.exists(certificate.pdf.name)


def _pdf_bytes(certificate: Certificate) -> bytes:
    """The stored PDF, or, if the background task has not stored it yet, one drawn in
    memory: a download (a GET) writes nothing; the task stores it."""
    if not _is_stored(certificate):
        loaded = Certificate.objects.select_related(*CERTIFICATE_RELATED).get(pk=certificate.pk)
        (content,) = certificate_pdfs_draw([loaded])
        return content
    with default_storage.open(certificate.pdf.name, "rb") as handle:
        return handle.read()


# A library's staff ------------------------------------------------------------------------


@staff_page
@require_GET
def library_training(request: HttpRequest, slug: str) -> HttpResponse:
    library = access_library_for_training(request.user, slug)
    year = timezone.localdate().year
    staff = selectors.library_staff_hours(library=library, year=year)
    export = request.GET.get("format")
    if export in ("csv", "xlsx"):
        headers = [_("Name"), _("Position"), str(year), str(year - 1)]
        rows = [[p.full_name, p.position, p.hours, p.hours_before] for p in staff]
        sheet = Sheet(title=library.short_name or library.name, headers=headers, rows=rows)
        return table_response(
            file_format=export, filename=f"{library.slug}-mokymai-{year}", sheets=[sheet]
        )
    context = {
        "library": library,
        "year": year,
        "staff": staff,
        "without_hours": sum(1 for p in staff if not p.hours),
    }
    return render(request, "training/library_training.html", context)


# The secretariat -----------------------------------------------------------------------


@staff_page
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    access_reports(request.user)
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year") or this_year)
    except ValueError:
        year = this_year
    year = min(max(year, FIRST_REPORT_YEAR), this_year + 1)
    report = selectors.training_overview(year=year)
    export = request.GET.get("format")
    if export in ("csv", "xlsx"):
        level = request.GET.get("level", "library")
        sheet = Sheet(
            title=_("Training %(year)s") % {"year": year}, **_overview_table(report, level)
        )
        return table_response(
            file_format=export, filename=f"mokymai-{year}-{level}", sheets=[sheet]
        )
    context = {"report": report, "year": year, "years": range(this_year, this_year - 10, -1)}
    return render(request, "training/overview.html", context)


def _overview_table(report: selectors.Overview, level: str) -> dict[str, Any]:
    measures = [_("Academic hours"), _("People trained"), _("Certificates")]
    if level == "county":
        headers, items = [_("County")], report.counties
    elif level == "municipality":
        headers, items = [_("Municipality"), _("County")], report.municipalities
    else:
        headers, items = [_("Library"), _("Municipality")], report.libraries
    rows = [
        [
            t.label,
            *([t.parent] if len(headers) == 2 else []),
            t.hours,
            t.people_trained,
            t.certificates,
        ]
        for t in items
    ]
    return {"headers": headers + measures, "rows": rows}


@staff_page
@require_GET
def run_certificates_zip(request: HttpRequest, run_id: int) -> HttpResponseBase:
    """All valid certificates of a run in one ZIP; a PDF the background task has not
    stored yet is drawn in memory (a GET writes nothing)."""
    run = access_run_for_download(request.user, run_id)
    certificates = list(
        selectors.certificate_list_for_run(run=run).select_related(*CERTIFICATE_RELATED)
    )
    missing = [c for c in certificates if not _is_stored(c)]
    drawn = dict(zip((c.pk for c in missing), certificate_pdfs_draw(missing), strict=True))

    def chunks() -> Iterator[bytes]:
        buffer = _ZipBuffer()
        with zipfile.ZipFile(cast(IO[bytes], buffer), "w", zipfile.ZIP_STORED) as archive:
            for certificate in certificates:
                if certificate.pk in drawn:
                    archive.writestr(f"{certificate.number}.pdf", drawn[certificate.pk])
                else:
                    with default_storage.open(certificate.pdf.name, "rb") as handle:
                        archive.writestr(f"{certificate.number}.pdf", handle.read())
                yield buffer.take()
        yield buffer.take()

    response = StreamingHttpResponse(chunks(), content_type="application/zip")
    response["Content-Disposition"] = content_disposition(f"pazymejimai-{run.pk}.zip")
    return response


class _ZipBuffer:
    """A write-only file for ZipFile that hands out what was written so far (PDFs are
    already compressed: the archive only stores them, and streams as it goes)."""

    def __init__(self) -> None:
        self._data = bytearray()
        self._position = 0

    def write(self, data: bytes) -> int:
        self._data += data
        self._position += len(data)
        return len(data)

    def tell(self) -> int:
        return self._position

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data, self._data = bytes(self._data), bytearray()
        return data
