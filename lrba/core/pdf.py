"""PDF documents (certificates, signature sheets, badges, reports) from HTML templates.

WeasyPrint lays out HTML and CSS; templates extend `pdf/base.html`, which sets the
fonts, including inside `@page` margin boxes (footers otherwise fall back to a serif),
and prints the association's name: every PDF's context has `association`
(lrba.core.association).
Fonts come from the operating system (DejaVu on Debian: full Lithuanian coverage).
"""

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from lrba.core.association import association


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render `template_name` with `context` to PDF bytes."""
    # Imported here: WeasyPrint loads Pango at import, which only PDF work needs.
    from weasyprint import HTML

    html = render_to_string(template_name, {"association": association(), **context})
    fetcher = _static_only_fetcher()
    return HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=fetcher).write_pdf()


def allowed_url(url: str) -> str:
    """The address a document may load for `url`, or ValueError.

    Documents may load our own static files (`static:css/x.css`, or a file under
    lrba/static) and data: URLs, nothing else: a PDF is never a way to make the server
    fetch an arbitrary address or read an arbitrary file.
    """
    if url.startswith("data:"):
        return url
    if url.startswith("static:"):
        found = finders.find(url.removeprefix("static:"))
        if found:
            return f"file://{found}"
    static_root = f"file://{settings.BASE_DIR / 'lrba' / 'static'}/"
    if url.startswith(static_root) and ".." not in url:
        return url
    raise ValueError(f"PDF documents may not load {url!r}")


def _static_only_fetcher():
    from weasyprint.urls import URLFetcher

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            return super().fetch(allowed_url(url), headers)

    return StaticOnlyFetcher()


def render_pdf_pages(template_name: str, context: dict) -> list[bytes]:
    """Render `template_name` once and return each page as a PDF of its own.

    Laying out one document of N pages costs far less than N documents (fonts and styles
    are loaded once), so batches of one-page documents (certificates, badges) are drawn
    together and split here. The template must put each item on exactly one page.
    """
    from weasyprint import HTML

    html = render_to_string(template_name, {"association": association(), **context})
    fetcher = _static_only_fetcher()
    document = HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=fetcher).render()
    return [document.copy([page]).write_pdf() for page in document.pages]
