""" "My data" (export, consents, erasure request) and the records of processing activities.

The person always comes from `request.user`: no address here takes a person's id, so
nobody can reach another person's data by changing a number.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lrba.accounts.access import has_permission, permission_require, staff_page
from lrba.accounts.models import ConsentRecord, ErasureRequest, ProcessingActivity, User
from lrba.accounts.privacy.consent import (
    CONSENT_TEXTS,
    consent_current,
    consent_give,
    consent_withdraw,
)
from lrba.accounts.privacy.declarations import person_of
from lrba.accounts.privacy.erasure import erasure_request_create
from lrba.accounts.privacy.export import personal_data_export
from lrba.core.downloads import download_response


def _me(request: HttpRequest) -> tuple[User, Any]:
    user = request.user
    assert isinstance(user, User)  # LoginRequiredMiddleware and @login_required
    return user, person_of(user)


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    user, person = _me(request)
    current = consent_current(person=person) if person else {}
    consents = [
        {
            "purpose": purpose,
            "label": label,
            "text": CONSENT_TEXTS[purpose],
            "record": current.get(purpose),
        }
        for purpose, label in ConsentRecord.Purpose.choices
    ]
    pending = ErasureRequest.objects.filter(
        requested_by=user, status=ErasureRequest.Status.PENDING
    ).first()
    context = {"person": person, "account": user, "consents": consents, "pending": pending}
    return render(request, "accounts/privacy/my_data.html", context)


@login_required
def my_data_download(request: HttpRequest) -> HttpResponse:
    user, person = _me(request)
    response = download_response(
        personal_data_export(person=person, user=user),
        filename=f"lrba-mano-duomenys-{timezone.localdate():%Y-%m-%d}.zip",
        content_type="application/zip",
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def my_consent(request: HttpRequest) -> HttpResponse:
    user, person = _me(request)
    purpose = request.POST.get("purpose", "")
    action = request.POST.get("action", "")
    if person is None or purpose not in ConsentRecord.Purpose.values:
        return HttpResponseBadRequest()
    if action == "give":
        consent_give(person=person, purpose=purpose, by=user)
        messages.success(request, _("Thank you: your consent is recorded."))
    elif action == "withdraw":
        consent_withdraw(person=person, purpose=purpose, by=user)
        messages.success(request, _("Your consent is withdrawn."))
    else:
        return HttpResponseBadRequest()
    return redirect("accounts:my_data")


@login_required
@require_POST
def my_erasure_request(request: HttpRequest) -> HttpResponse:
    user, person = _me(request)
    reason = request.POST.get("reason", "")[:2000]
    try:
        erasure_request_create(person=person, requested_by=user, reason=reason)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(
            request,
            _(
                "Your request is received. The secretariat will decide within one month and "
                "tell you by e-mail."
            ),
        )
    return redirect("accounts:my_data")


@staff_page
@require_GET
def processing_activities(request: HttpRequest) -> HttpResponse:
    """The records of processing activities (GDPR Art. 30) for the secretariat and auditors."""
    permission_require(request.user, "accounts.view_processingactivity")
    context = {
        "activities": ProcessingActivity.objects.order_by("name"),
        "can_edit": has_permission(request.user, "accounts.change_processingactivity"),
    }
    return render(request, "accounts/privacy/processing_activities.html", context)
