"""Delegations: the public list of who represents the association where, the delegate's
own page with a form to report back, and a report's file (the delegate's and the
secretariat's only; lrba.representation.selectors.delegations.access_delegate_report).

The secretariat records delegations in the back office (lrba.representation.admin)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lrba.accounts.access import staff_page
from lrba.core.downloads import file_download
from lrba.core.pagination import paginate
from lrba.representation.forms_delegations import DelegateReportForm
from lrba.representation.models import Delegation
from lrba.representation.selectors.delegations import (
    access_delegate_report,
    access_own_delegation,
    delegate_person,
    delegation_list_for_person,
    delegation_list_public,
    delegations_by_kind,
)
from lrba.representation.services.delegations import delegate_report_submit

PER_PAGE = 50


@login_not_required
@require_GET
def delegation_list(request: HttpRequest) -> HttpResponse:
    """`atstovai/`: the current public delegations by kind of body; `?buvusios=1` the
    past ones."""
    past = request.GET.get("buvusios") == "1"
    page, page_note = paginate(request.GET, delegation_list_public(past=past), PER_PAGE)
    return render(
        request,
        "representation/delegations/delegation_list.html",
        {
            "groups": delegations_by_kind(page.object_list),
            "past": past,
            "page": page,
            "page_note": page_note,
            "query_string": "buvusios=1" if past else "",
        },
    )


@require_http_methods(["GET", "POST"])
def my_delegations(request: HttpRequest) -> HttpResponse:
    """`mano-atstovavimas/`: a delegate's delegations with their reports, and the form to
    report back (kept as typed when refused)."""
    person = delegate_person(request.user)
    delegations = delegation_list_for_person(person) if person is not None else []
    choices = Delegation.objects.filter(person=person).order_by("-starts_on", "-pk")
    form = DelegateReportForm(delegations=choices)
    if request.method == "POST" and person is not None:
        form = DelegateReportForm(request.POST, request.FILES, delegations=choices)
        if form.is_valid():
            data = form.cleaned_data
            delegation = access_own_delegation(request.user, data["delegation"].pk)
            try:
                delegate_report_submit(
                    delegation=delegation,
                    by=request.user,
                    title=data["title"],
                    text=data["text"],
                    reported_on=data["reported_on"],
                    file=data["file"],
                )
            except ValidationError as refusal:
                form.add_error(None, refusal)  # a dated refusal lands on the date field
            else:
                messages.success(request, _("Thank you: your report is with the secretariat."))
                return redirect("representation:my_delegations")
    return render(
        request,
        "representation/delegations/my_delegations.html",
        {"person": person, "delegations": delegations, "form": form},
        status=400 if form.errors else 200,
    )


# A staff page: the secretariat and the auditor open it because of their role.
@staff_page
@require_GET
def delegate_report_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    report = access_delegate_report(request.user, pk)
    return file_download(report.file)


urlpatterns: list = [
    path("atstovai/", delegation_list, name="delegations"),
    path("mano-atstovavimas/", my_delegations, name="my_delegations"),
    path("ataskaitos/<int:pk>/", delegate_report_file, name="delegate_report_file"),
]
