"""The back office demands two-factor authentication; the language follows the user."""

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from lrba.accounts.roles import requires_two_factor


def _staff_prefixes() -> tuple[str, ...]:
    # Staff pages outside the admin (meeting control, reconciliation…) add their prefix here.
    return (reverse("admin:index"), reverse("accounts:processing_activities"))


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


class LanguagePreferenceMiddleware:
    """Remember a user's language (`User.language`) in the language cookie.

    Signing in (`signals._on_login`) and saving "My account" put the preferred language on
    the request as `lrba_language`; this sets Django's language cookie on the response, so
    the pages that follow — and LocaleMiddleware on the next request — use it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        language = getattr(request, "lrba_language", None)
        if language:
            language_cookie_set(response, language)
        return response


def language_cookie_set(response: HttpResponse, language: str) -> None:
    """Set the language cookie the way Django's `set_language` view does."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type]
    )
