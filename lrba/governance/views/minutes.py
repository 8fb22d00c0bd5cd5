"""The minutes' pages: the minutes of a meeting (PDF, signatures, deadline, comments),
drawing them up (the secretariat), signing (the chair and the secretary only) and
commenting (the participants, within the window)."""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from lrba.accounts.access import has_permission, staff_page
from lrba.accounts.privacy.declarations import person_of
from lrba.core.audit import refusals_recorded
from lrba.core.downloads import file_download
from lrba.governance.access import (
    MINUTES_WRITE_PERMISSION,
    access_minutes,
    access_rw_minutes_of_meeting,
)
from lrba.governance.models import Minutes, validate_signed_minutes
from lrba.governance.services import minutes as services


class SignForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy("I have read the minutes and sign them"), required=True
    )
    signed_file = forms.FileField(
        label=gettext_lazy("Signed copy (optional)"),
        required=False,
        validators=[validate_signed_minutes],
        help_text=gettext_lazy(
            "A PDF or ADOC/ASiC-E file with your qualified e-signature, or a scan of the "
            "signed paper."
        ),
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Your comment on the minutes"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )


def _person(request: HttpRequest) -> Any:
    """The register's person of the signed-in user, or None."""
    user = request.user
    return person_of(user) if user.is_authenticated else None


def _refusal_show(request: HttpRequest, refusal: ValidationError) -> None:
    for message in refusal.messages:
        messages.error(request, message)


def _form_errors_show(request: HttpRequest, form: forms.Form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))


@staff_page
@require_POST
def minutes_generate(request: HttpRequest, pk: int) -> HttpResponse:
    """Draw up (or refresh) the minutes of a closed meeting."""
    meeting = access_rw_minutes_of_meeting(request.user, pk)
    try:
        with refusals_recorded(user=request.user, target=meeting, attempt="minutes_generate"):
            minutes = services.minutes_generate(meeting=meeting, generated_by=request.user)
    except ValidationError as refusal:
        _refusal_show(request, refusal)
        return redirect("governance:meeting_manage", meeting.pk)
    messages.success(request, _("The minutes are drawn up; the PDF follows in a moment."))
    return redirect("governance:minutes_detail", minutes.pk)


@staff_page
@require_GET
def minutes_detail(request: HttpRequest, pk: int) -> HttpResponse:
    minutes = access_minutes(request.user, pk)
    now = timezone.now()
    person = _person(request)
    role = services.signatory_role(minutes=minutes, user=request.user)
    offices = ("chair", "secretary") if role == "both" else ((role,) if role else ())
    may_sign = any(getattr(minutes, f"{office}_signed_at") is None for office in offices)
    comments_open = services.comments_open(minutes, now)
    may_comment = comments_open and services.may_comment(minutes=minutes, person=person)
    return render(
        request,
        "governance/minutes_detail.html",
        {
            "minutes": minutes,
            "meeting": minutes.meeting,
            "overdue": minutes.is_overdue(timezone.localdate()),
            "comments": minutes.comments.select_related("author").order_by("created_at"),
            "decisions": minutes.meeting.decisions.order_by("sequence"),
            "comments_open": comments_open,
            "sign_form": SignForm() if may_sign else None,
            "comment_form": CommentForm() if may_comment else None,
            "may_generate": has_permission(request.user, MINUTES_WRITE_PERMISSION)
            and not (minutes.chair_signed_at or minutes.secretary_signed_at),
        },
    )


@staff_page
@require_GET
def minutes_pdf(request: HttpRequest, pk: int) -> Any:
    minutes = access_minutes(request.user, pk)
    return file_download(minutes.pdf, filename=f"protokolas-{minutes.number}.pdf")


@staff_page
@require_GET
def minutes_signed_file(request: HttpRequest, pk: int, office: str) -> Any:
    """The copy the chair (or the secretary) signed and uploaded."""
    minutes = access_minutes(request.user, pk)
    if office not in ("chair", "secretary"):
        raise Http404
    return file_download(getattr(minutes, f"{office}_signed_file"))


@require_POST
def minutes_sign(request: HttpRequest, pk: int) -> HttpResponse:
    """The chair or the secretary signs; anyone else is refused and the attempt is
    recorded in the change history."""
    minutes = get_object_or_404(Minutes, pk=pk)
    form = SignForm(request.POST, request.FILES)
    if not form.is_valid():
        _form_errors_show(request, form)
        return HttpResponseRedirect(minutes_url(minutes))
    try:
        with refusals_recorded(user=request.user, target=minutes, attempt="minutes_sign"):
            services.minutes_sign(
                minutes=minutes, user=request.user, signed_file=form.cleaned_data["signed_file"]
            )
    except ValidationError as refusal:
        _refusal_show(request, refusal)
    else:
        messages.success(request, _("Your signature is recorded."))
    return HttpResponseRedirect(minutes_url(minutes))


@require_POST
def minutes_comment(request: HttpRequest, pk: int) -> HttpResponse:
    """A participant's comment, within the comment window."""
    minutes = get_object_or_404(Minutes, pk=pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        _form_errors_show(request, form)
        return HttpResponseRedirect(minutes_url(minutes))
    try:
        with refusals_recorded(user=request.user, target=minutes, attempt="minutes_comment"):
            person = _person(request)
            if person is None:
                raise ValidationError(_("Only the meeting's participants comment on its minutes."))
            services.minutes_comment_add(
                minutes=minutes,
                author_person=person,
                text=form.cleaned_data["text"],
                added_by=request.user,
            )
    except ValidationError as refusal:
        _refusal_show(request, refusal)
    else:
        messages.success(request, _("Your comment is kept with the minutes."))
    return HttpResponseRedirect(minutes_url(minutes))


def minutes_url(minutes: Minutes) -> str:
    from django.urls import reverse

    return reverse("governance:minutes_detail", args=[minutes.pk])
