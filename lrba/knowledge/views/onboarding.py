"""The onboarding pages (see lrba/knowledge/urls_onboarding.py): the list of new
libraries' checklists for the secretariat and the mentors, one checklist, and ticking a
manual step. Assigning the mentor is the secretariat's form on the checklist's page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lrba.accounts.access import staff_page
from lrba.accounts.models import User
from lrba.knowledge import access_help as access
from lrba.knowledge.forms_help import MentorForm, StepForm
from lrba.knowledge.selectors import onboarding as selectors
from lrba.knowledge.services import onboarding as services


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@staff_page  # the secretariat and the auditor see every checklist
@require_GET
def onboarding_list(request: HttpRequest) -> HttpResponse:
    include_completed = request.GET.get("completed") == "1"
    progress = selectors.onboarding_list(request.user, include_completed=include_completed)
    context = {
        "items": progress,
        "include_completed": include_completed,
        "reads_all": access.may_read_all_onboardings(request.user),
    }
    return render(request, "knowledge/onboarding_list.html", context)


@staff_page
@require_http_methods(["GET", "POST"])
def onboarding_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The checklist (GET) and the secretariat's mentor form (POST)."""
    if request.method == "POST":
        onboarding = access.access_rw_onboarding(request.user, pk)
        form = MentorForm(request.POST)
        if form.is_valid():
            try:
                services.onboarding_mentor_set(
                    onboarding=onboarding,
                    mentor_library=form.cleaned_data["mentor_library"],
                    by=_user(request),
                )
            except ValidationError as error:
                for text in error.messages:
                    form.add_error("mentor_library", text)
            else:
                messages.success(request, _("The mentor library is saved."))
                return redirect("knowledge:onboarding_detail", pk=onboarding.pk)
    else:
        onboarding = access.access_onboarding(request.user, pk)
        form = MentorForm(initial={"mentor_library": onboarding.mentor_library_id})
    manages = access.may_manage_onboardings(request.user)
    context = {
        "progress": selectors.onboarding_progress(onboarding),
        "onboarding": onboarding,
        "mentor_form": form if manages else None,
        "may_tick": manages or access.is_mentor(request.user, onboarding),
    }
    status = 400 if form.is_bound else 200
    return render(request, "knowledge/onboarding_detail.html", context, status=status)


@staff_page
@require_POST
def onboarding_step(request: HttpRequest, pk: int, step: int) -> HttpResponse:
    found = access.access_rw_onboarding_step(request.user, pk, step)
    form = StepForm(request.POST)
    if form.is_valid():
        try:
            services.onboarding_step_set(
                step=found,
                done=form.cleaned_data["done"],
                note=form.cleaned_data["note"],
                by=_user(request),
            )
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(request, _("The step is saved."))
    return redirect("knowledge:onboarding_detail", pk=pk)
