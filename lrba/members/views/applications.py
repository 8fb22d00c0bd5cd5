"""The public membership application (/stoti/): a library asks to join the association."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django_ratelimit.decorators import ratelimit

from lrba.members.forms import MembershipApplicationForm
from lrba.members.services.membership import application_submit


@login_not_required
@ratelimit(
    key="ip", rate=lambda group, request: settings.LRBA_APPLICATION_RATE, method="POST", block=False
)
def apply(request: HttpRequest) -> HttpResponse:
    if getattr(request, "limited", False):
        # Each application mails the secretariat: a flood from one address stops here.
        return render(request, "429.html", status=429)
    form = MembershipApplicationForm(
        request.POST or None, initial=MembershipApplicationForm.initial_from_query(request.GET)
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                application_submit(data=form.application_data(), language=get_language() or "lt")
            except ValidationError as error:
                # A race the form could not see (an identical submission a moment earlier).
                form.add_error(None, error)
            else:
                return redirect("members:apply_done")
        elif form.is_spam:
            # Bots get the same answer as people, so they learn nothing; nothing is stored.
            return redirect("members:apply_done")
    return render(request, "members/apply.html", {"form": form})


@login_not_required
def apply_done(request: HttpRequest) -> HttpResponse:
    return render(request, "members/apply_done.html", {})
