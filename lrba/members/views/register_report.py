"""The register report page in the back office (wired in MembershipAdmin.get_urls).

The admin wraps it in `admin_site.admin_view`, so only staff reach it.
"""

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from lrba.core.tables import table_response
from lrba.members.access import access_register_report
from lrba.members.selectors.register import (
    FIRST_REPORT_YEAR,
    parse_report_year,
    register_report,
    register_report_sheets,
    register_report_warnings,
)


def register_report_view(request: HttpRequest) -> HttpResponse:
    access_register_report(request.user)
    this_year = timezone.localdate().year
    error = None
    try:
        year = parse_report_year(request.GET.get("year"), default=this_year)
    except ValueError as exc:
        error, year = str(exc), this_year
    report = register_report(year=year)

    export = request.GET.get("format")
    if export in ("csv", "xlsx") and error is None:
        return table_response(
            file_format=export,
            filename=f"lrba-registras-{year}",
            sheets=register_report_sheets(report),
        )

    context = {
        **admin.site.each_context(request),
        "title": _("Register report"),
        "report": report,
        "error": error,
        "warnings": register_report_warnings(report),
        "years": range(this_year, FIRST_REPORT_YEAR - 1, -1),
    }
    return TemplateResponse(request, "admin/members/register_report.html", context)
