"""Development: a missing page shows the site's own 404 page even with DEBUG on.

With DEBUG on, Django answers a missing page with its technical page (every URL pattern
of the project), which is not what a visitor sees and not what someone trying the site
out expects. This middleware answers with the project's handler404 instead, unless
LRBA_DEBUG_404 asks for Django's page (`make run DEBUG=1`). With DEBUG off Django does
so itself and this does nothing.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import Resolver404, get_resolver, get_urlconf, resolve


class SitePageNotFoundMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._active():
            # An address that matches no pattern never reaches a view (nor
            # process_exception): resolve it here first. CommonMiddleware, above this
            # one, still turns the 404 into a redirect when only the slash is missing.
            try:
                resolve(request.path_info, getattr(request, "urlconf", None))
            except Resolver404 as exception:
                return self._site_page(request, exception)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if self._active() and isinstance(exception, Http404):
            return self._site_page(request, exception)
        return None

    @staticmethod
    def _active() -> bool:
        return settings.DEBUG and not settings.LRBA_DEBUG_404

    @staticmethod
    def _site_page(request: HttpRequest, exception: Exception) -> HttpResponse:
        resolver = get_resolver(get_urlconf())
        handler: Callable[..., HttpResponse] = resolver.resolve_error_handler(404)
        return handler(request, exception)
