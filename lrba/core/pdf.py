"""PDF documents (certificates, signature sheets, badges, reports) from HTML templates.

WeasyPrint lays out HTML and CSS; templates extend `pdf/base.html`, which sets the
fonts, including inside `@page` margin boxes (footers otherwise fall back to a serif).
Fonts come from the operating system (DejaVu on Debian: full Lithuanian coverage).
"""

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render `template_name` with `context` to PDF bytes."""
    # Imported here: WeasyPrint loads Pango at import, which only PDF work needs.
    from weasyprint import HTML

    html = render_to_string(template_name, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=_static_only).write_pdf()


def _static_only(url: str, timeout: int = 10, ssl_context=None) -> dict:  # type: ignore[no-untyped-def]
    """Let documents load our own static files (logo, CSS) and data: URLs, nothing else:
    a PDF is never a way to make the server fetch an arbitrary address."""
    from weasyprint.urls import default_url_fetcher

    if url.startswith("data:"):
        return default_url_fetcher(url)
    prefix = "file://"
    if url.startswith(prefix):
        path = url[len(prefix) :]
        static_root = str(settings.BASE_DIR / "lrba" / "static")
        if path.startswith(static_root):
            return default_url_fetcher(url)
    if url.startswith("static:"):
        found = finders.find(url.removeprefix("static:"))
        if found:
            return default_url_fetcher(f"file://{found}")
    raise ValueError(f"PDF documents may not load {url!r}")
