"""The invitation link (/paskyra/pakvietimas/<token>/): open an account, join the library.

Public: the invitee has no account yet. The link is refused, with the reason in the
visitor's language, when it is unknown, used, revoked or expired. An address that
already has an account keeps it: accepting links it to the library, and the person signs
in with their own password (see lrba.members.services.invitations).
"""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from lrba.accounts.models import User
from lrba.members.forms import InvitationAcceptForm
from lrba.members.models import Invitation
from lrba.members.selectors.representatives import is_library_representative
from lrba.members.services import invitations

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _landing(user: User, invitation: Invitation) -> str:
    """A representative lands on "My library", anyone else on the library's public page."""
    if is_library_representative(user, invitation.library):
        return reverse("members:my_library_detail", kwargs={"slug": invitation.library.slug})
    return invitation.library.get_absolute_url()


@login_not_required
@never_cache
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = invitations.invitation_find(token)
    refusal = invitations.invitation_refusal(invitation)
    if refusal or invitation is None:
        status = 404 if invitation is None else 410
        return render(
            request, "members/invitation_refused.html", {"refusal": refusal}, status=status
        )

    existing = invitations.invitation_existing_user(invitation)
    form = None if existing else InvitationAcceptForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and (form is None or form.is_valid()):
        data = form.cleaned_data if form else {}
        try:
            user = invitations.invitation_accept(
                token=token,
                password=data.get("password1"),
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
            )
        except ValidationError as error:
            if form is None:
                for text in error.messages:
                    messages.error(request, text)
                return redirect(request.path)
            form.add_error(None, error)
        else:
            landing = _landing(user, invitation)
            messages.success(
                request,
                _("Welcome! You are now on the staff of %(library)s.")
                % {"library": invitation.library},
            )
            if existing is None:
                login(request, user, backend=MODEL_BACKEND)
            elif request.user != user:
                messages.info(request, _("Sign in with the password you already have."))
                return redirect(f"{reverse('account_login')}?{urlencode({'next': landing})}")
            return redirect(landing)
    context = {"invitation": invitation, "form": form, "existing": existing}
    status = 400 if form is not None and form.is_bound else 200
    return render(request, "members/invitation_accept.html", context, status=status)
