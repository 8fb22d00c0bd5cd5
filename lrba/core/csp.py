"""Content-Security-Policy: strict on the site, wider in the back office.

The public site and the account pages run no inline script or style
(settings.CONTENT_SECURITY_POLICY). The Unfold admin needs two exceptions: Alpine.js
evaluates its `x-data` expressions with `new Function` ('unsafe-eval'), and Unfold and
Django's admin widgets set `style="…"` attributes ('unsafe-inline' for styles only).
"""

from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from csp.middleware import PolicyParts
from django.http import HttpRequest, HttpResponseBase
from django.urls import reverse

BACK_OFFICE_DIRECTIVES = {
    "script-src": ["'self'", "'unsafe-eval'"],
    "style-src": ["'self'", "'unsafe-inline'"],
}


class CSPMiddleware(BaseCSPMiddleware):
    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(reverse("admin:index")):
            parts.replace = {**BACK_OFFICE_DIRECTIVES, **(parts.replace or {})}
        return parts
