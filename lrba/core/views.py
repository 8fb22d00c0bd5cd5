"""Project-wide error views."""

from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.template.loader import render_to_string


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form posted without a valid CSRF token: refuse it in the visitor's language, on
    the site's own page (Django's default page has no request, so no layout)."""
    return HttpResponseForbidden(render_to_string("403_csrf.html", {"reason": reason}, request))
