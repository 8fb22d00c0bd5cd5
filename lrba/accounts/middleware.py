"""The back office demands two-factor authentication."""

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from lrba.accounts.roles import requires_two_factor


def _staff_prefixes() -> tuple[str, ...]:
    # Staff pages outside the admin (meeting control, reconciliation…) add their prefix here.
    return (reverse("admin:index"),)


class RequireTwoFactorMiddleware:
    """Send back-office users without an authenticator app to set one up first.

    Runs after authentication and messages. Users who need 2FA (see
    `roles.requires_two_factor`) and have no TOTP authenticator are redirected from every
    staff page to allauth's TOTP activation page; everything else passes untouched.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._must_set_up_two_factor(request):
            messages.warning(
                request,
                _("The back office requires two-factor authentication: set it up to continue."),
            )
            return HttpResponseRedirect(reverse("mfa_activate_totp"))
        return self.get_response(request)

    def _must_set_up_two_factor(self, request: HttpRequest) -> bool:
        user = request.user
        if not user.is_authenticated or not request.path_info.startswith(_staff_prefixes()):
            return False
        if not requires_two_factor(user):
            return False
        return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
