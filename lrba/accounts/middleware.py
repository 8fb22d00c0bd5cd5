"""Staff pages demand two-factor authentication; the language follows the user."""

from collections.abc import Callable
from typing import Any

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from lrba.accounts.access import is_staff_page
from lrba.accounts.roles import requires_two_factor


class RequireTwoFactorMiddleware:
    """Send users whose roles demand two-factor and who have no authenticator app to set
    one up before any staff page.

    Two-factor belongs to the roles (see `roles.requires_two_factor`), not to URL
    prefixes: a staff page is any view marked with `accounts.access.staff_page`, wherever
    it lives, and every page of the back office (the `admin` namespace). Runs after
    authentication and messages; everything else passes untouched.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: list[Any],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        if not self._must_set_up_two_factor(request, view_func):
            return None
        messages.warning(
            request,
            _("The back office requires two-factor authentication: set it up to continue."),
        )
        return HttpResponseRedirect(reverse("mfa_activate_totp"))

    def _must_set_up_two_factor(self, request: HttpRequest, view_func: Callable[..., Any]) -> bool:
        match = request.resolver_match
        in_admin = match is not None and "admin" in match.namespaces
        if not (in_admin or is_staff_page(view_func)):
            return False  # before any query: most pages are not staff pages
        user = request.user
        if not user.is_authenticated or not requires_two_factor(user):
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


# How often a signed-in session's "last seen" (time, address, browser) is written.
SESSION_ACTIVITY_INTERVAL_SECONDS = 60


class SessionActivityMiddleware:
    """allauth's record of signed-in sessions (the list under "My account"), written at
    most once a minute per session instead of on every request.

    allauth's own middleware reads and rewrites the session's row on every request: a
    write per page, per htmx poll of the quorum panel or the room view. The shared cache
    remembers for a minute that a session was recorded, so every server of the site
    skips the write in between; a new session, or one back after a minute, is recorded.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from allauth.usersessions.internal import usersessionkit
        from django.core.cache import cache

        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        key = getattr(session, "session_key", None)
        signed_in = key and getattr(user, "is_authenticated", False)
        if signed_in and cache.add(f"session-seen:{key}", 1, SESSION_ACTIVITY_INTERVAL_SECONDS):
            usersessionkit.track_activity(request, user=user, session=session)
        return self.get_response(request)
