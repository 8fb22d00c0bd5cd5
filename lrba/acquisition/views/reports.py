"""The acquisition reports: a round's (the secretariat and the auditor) and a library's
over the years (acquisition staff, and whoever orders for the library). Each page
downloads as XLSX or CSV with `?format=`."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from lrba.accounts.access import staff_page
from lrba.acquisition.access import (
    access_order_library,
    acquisition_read_require,
    may_read_acquisition,
)
from lrba.acquisition.models import Round
from lrba.acquisition.selectors import reports
from lrba.core.tables import table_response
from lrba.members.models import Library

FILE_FORMATS = ("csv", "xlsx")


def access_library_report(user: Any, pk: int) -> Library:
    """Any library for acquisition staff; for others, only a library they order for
    (404 for the rest: its spending is not theirs to learn about)."""
    if may_read_acquisition(user):
        return get_object_or_404(Library, pk=pk)
    return access_order_library(user, pk)


@staff_page
@require_GET
def round_report(request: HttpRequest, pk: int) -> HttpResponse:
    acquisition_read_require(request.user)
    round_ = get_object_or_404(Round, pk=pk)
    report = reports.round_report(round_)
    file_format = request.GET.get("format", "")
    if file_format in FILE_FORMATS:
        return table_response(
            file_format=file_format,
            filename=f"etapas-{round_.pk}-ataskaita",
            sheets=reports.round_report_sheets(report),
        )
    return render(request, "acquisition/reports/round_report.html", {"report": report})


@staff_page
@require_GET
def library_report(request: HttpRequest, pk: int) -> HttpResponse:
    library = access_library_report(request.user, pk)
    report = reports.library_report(library)
    file_format = request.GET.get("format", "")
    if file_format in FILE_FORMATS:
        return table_response(
            file_format=file_format,
            filename=f"{slugify(library.slug or library.name)[:60]}-komplektavimas",
            sheets=reports.library_report_sheets(report),
        )
    return render(request, "acquisition/reports/library_report.html", {"report": report})


urlpatterns: list = [
    path("ataskaitos/etapai/<int:pk>/", round_report, name="round_report"),
    path("ataskaitos/bibliotekos/<int:pk>/", library_report, name="library_report"),
]
