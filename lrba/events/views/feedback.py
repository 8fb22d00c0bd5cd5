"""The survey a participant answers after the event, and its summary for the organiser."""

from django import forms
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from lrba.accounts.access import staff_page
from lrba.events.access import access_event_for_desk
from lrba.events.models import Feedback, Registration
from lrba.events.selectors.attendance import FeedbackSummary, feedback_summary
from lrba.events.services.feedback import (
    FeedbackAlreadyGiven,
    feedback_refusal,
    feedback_submit,
)

RATING_CHOICES = [(n, str(n)) for n in range(1, 6)]


class FeedbackForm(forms.Form):
    overall = forms.TypedChoiceField(
        label=_("How would you rate the event overall?"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    content = forms.TypedChoiceField(
        label=_("How useful was the content?"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    organisation = forms.TypedChoiceField(
        label=_("How well was it organised?"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comments and suggestions"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


@login_not_required  # the personal link is the access: participants need no account
@require_http_methods(["GET", "POST"])
def feedback_form(request: HttpRequest, token: str) -> HttpResponse:
    registration = get_object_or_404(Registration.objects.select_related("event"), token=token)
    context: dict = {"registration": registration, "event": registration.event}
    if Feedback.objects.filter(registration=registration).exists():
        return render(request, "events/feedback_thanks.html", context)
    refusal = feedback_refusal(registration)
    if refusal:
        return render(request, "events/feedback_closed.html", {**context, "reason": refusal})
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            feedback_submit(registration=registration, **form.cleaned_data)
        except FeedbackAlreadyGiven:
            # A double click: the first answer stands, and the page says so.
            return render(request, "events/feedback_thanks.html", context)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            # Rendered, not redirected: sending the form again only says it was answered.
            context["just_answered"] = True
            return render(request, "events/feedback_thanks.html", context)
    return render(request, "events/feedback_form.html", {**context, "form": form})


# Bars are drawn in SVG with width attributes: the site's CSP allows no style="".
BAR_AREA = 300


def _charts(summary: FeedbackSummary) -> list[dict]:
    charts = []
    for question in summary.questions:
        most = max((count for _rating, count in question.distribution), default=0)
        charts.append(
            {
                "question": question,
                "average_width": round((question.average or 0) / 5 * BAR_AREA),
                "bars": [
                    {
                        "rating": rating,
                        "count": count,
                        "width": round(count / most * BAR_AREA) if most else 0,
                    }
                    for rating, count in reversed(question.distribution)
                ],
            }
        )
    return charts


@staff_page
@require_GET
def feedback_results(request: HttpRequest, slug: str) -> HttpResponse:
    event = access_event_for_desk(request.user, slug)
    summary = feedback_summary(event)
    context = {"event": event, "summary": summary, "charts": _charts(summary), "bar_area": BAR_AREA}
    return render(request, "events/feedback_summary.html", context)
