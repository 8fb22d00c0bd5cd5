"""`?lang=en` on any address shows that page in English, for that request only.

The site keeps one address per page for both languages (the reader's choice lives in a
cookie), but a search engine has no cookie: the `hreflang` links (base.html) point it at
`…?lang=en` for the English version. This middleware, placed after LocaleMiddleware,
activates the language the parameter names, sets no cookie and changes nothing else; an
unknown value is ignored. Anything cached per language (lrba.core.cache keys hold the
active language) follows it, so an English request never gets the Lithuanian rendering.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

LANGUAGE_PARAMETER = "lang"


def requested_language(request: HttpRequest) -> str | None:
    """The language `?lang=` names, if the site has it."""
    value = request.GET.get(LANGUAGE_PARAMETER, "").strip().lower()
    return value if value in dict(settings.LANGUAGES) else None


class LanguageQueryMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = requested_language(request)
        if language is None:
            return self.get_response(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        # LocaleMiddleware adds Content-Language and Vary: Accept-Language on the way out;
        # the cookie does not decide this response's language, the address does.
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Accept-Language",))
        return response
