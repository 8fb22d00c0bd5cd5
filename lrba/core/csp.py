"""Content-Security-Policy: strict on the site, wider in the back office.

The public site and the account pages run no inline script or style
(settings.CONTENT_SECURITY_POLICY). The Unfold admin needs two exceptions: Alpine.js
evaluates its `x-data` expressions with `new Function` ('unsafe-eval'), and Unfold and
Django's admin widgets set `style="…"` attributes ('unsafe-inline' for styles only).

Every page also allows one inline script by its hash: the import map the rich-text
editor's assets start with (`lrba.core.richtext`), the same wherever the editor is shown.
"""

import base64
import functools
import hashlib
import re

from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from csp.middleware import PolicyParts
from django.http import HttpRequest, HttpResponseBase
from django.urls import reverse

BACK_OFFICE_DIRECTIVES = {
    "script-src": ["'self'", "'unsafe-eval'"],
    "style-src": ["'self'", "'unsafe-inline'"],
}


_IMPORTMAP = re.compile(r'<script type="importmap">(.*?)</script>', re.S)


@functools.cache
def editor_importmap_source() -> str:
    """The CSP source allowing the rich-text editor's inline import map ("" if none).

    The map names the editor's static files, so it is fixed for a deployment."""
    from django_prose_editor.widgets import AdminProseEditorWidget

    found = _IMPORTMAP.search(str(AdminProseEditorWidget().media))
    if not found:
        return ""
    digest = hashlib.sha256(found.group(1).encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


class CSPMiddleware(BaseCSPMiddleware):
    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(reverse("admin:index")):
            parts.replace = {**BACK_OFFICE_DIRECTIVES, **(parts.replace or {})}
        editor = editor_importmap_source()
        if editor:
            update = dict(parts.update or {})
            update["script-src"] = [*update.get("script-src", []), editor]
            parts.update = update
        return parts
