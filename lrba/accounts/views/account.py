"""A user's own account pages ("My account")."""

from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lrba.accounts.forms import ProfileForm
from lrba.accounts.models import User
from lrba.accounts.services import user_person, user_sessions_end_all, user_update_profile
from lrba.core import plugins


def my_account(request: HttpRequest) -> HttpResponse:
    # LoginRequiredMiddleware lets only signed-in users through.
    user: User = request.user  # type: ignore[assignment]
    person = user_person(user)
    initial = {"full_name": user.full_name, "language": user.language}
    if person is not None:
        initial |= {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "phone": person.phone,
        }
    form = ProfileForm(request.POST or None, initial=initial, with_person=person is not None)
    if request.method == "POST" and form.is_valid():
        user_update_profile(user=user, data=form.cleaned_data)
        # The new language applies at once: to this redirect's message and, through the
        # cookie LanguagePreferenceMiddleware sets, to every page after it.
        translation.activate(user.language)
        request.lrba_language = user.language  # type: ignore[attr-defined]
        messages.success(request, _("Your details have been saved."))
        return redirect("accounts:my_account")
    return render(
        request,
        "accounts/my_account.html",
        {
            "form": form,
            "person": person,
            # Other apps' sections (an individual member's invoices…).
            "sections": [
                render_to_string(template, context, request=request)
                for template, context in plugins.my_account_sections(request)
            ],
            **_security_summary(user),
        },
    )


def _security_summary(user: User) -> dict:
    kinds = set(Authenticator.objects.filter(user=user).values_list("type", flat=True))
    return {
        "totp_active": Authenticator.Type.TOTP in kinds,
        "recovery_codes_active": Authenticator.Type.RECOVERY_CODES in kinds,
        "session_count": UserSession.objects.filter(user_id=user.pk).count(),
    }


@require_POST
def sign_out_everywhere(request: HttpRequest) -> HttpResponse:
    user_sessions_end_all(user=request.user)  # type: ignore[arg-type]
    logout(request)
    messages.success(request, _("You have been signed out on every device."))
    return redirect("account_login")
