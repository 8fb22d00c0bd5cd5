"""QR codes (segno): as inline SVG for pages and PDFs, as PNG for e-mails."""

import io

import segno


def qr_svg(data: str, *, scale: int = 4, title: str = "") -> str:
    """An <svg> element (no XML declaration) to place in HTML or a PDF template."""
    buffer = io.BytesIO()
    segno.make(data, error="m").save(
        buffer, kind="svg", scale=scale, xmldecl=False, svgns=True, title=title or None, border=2
    )
    return buffer.getvalue().decode()


def qr_png(data: str, *, scale: int = 6) -> bytes:
    buffer = io.BytesIO()
    segno.make(data, error="m").save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()
