"""The certificate as a PDF: what is printed on it and how it is stored.

Certificates are drawn in batches: one WeasyPrint document with a page per certificate,
split into one file each (`lrba.core.pdf.render_pdf_pages`), so a run of 500 people costs
one layout, not 500. Everything printed comes from the certificate row and the rows
loaded with it (`CERTIFICATE_RELATED`): rendering runs no query per certificate.
"""

import datetime
from collections.abc import Iterable

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone, translation

from lrba.core.association import association
from lrba.core.pdf import render_pdf_pages
from lrba.core.qr import qr_svg
from lrba.core.urls import absolute_url
from lrba.training.models import Certificate

CERTIFICATE_TEMPLATE = "training/pdf/certificate.html"
CERTIFICATE_RELATED = ("programme", "event", "event__municipality")

# Genitive month names, as the long Lithuanian date needs them ("balandžio 18 d.").
_LT_MONTHS = (
    "sausio",
    "vasario",
    "kovo",
    "balandžio",
    "gegužės",
    "birželio",
    "liepos",
    "rugpjūčio",
    "rugsėjo",
    "spalio",
    "lapkričio",
    "gruodžio",
)
_EN_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(date: datetime.date, language: str = "lt") -> str:
    """`2026 m. balandžio 18 d.` in Lithuanian, `18 April 2026` in English."""
    if language.startswith("en"):
        return f"{date.day} {_EN_MONTHS[date.month - 1]} {date.year}"
    return f"{date.year} m. {_LT_MONTHS[date.month - 1]} {date.day} d."


def event_dates(start: datetime.date, end: datetime.date) -> str:
    """The days an event ran, in the long Lithuanian form, a range when it took several."""
    if start == end:
        return long_date(start)
    if start.year == end.year and start.month == end.month:
        return f"{start.year} m. {_LT_MONTHS[start.month - 1]} {start.day}–{end.day} d."
    return f"{long_date(start)} – {long_date(end)}"


def certificate_face(certificate: Certificate) -> dict:
    """What the paper says (needs `CERTIFICATE_RELATED` loaded)."""
    event = certificate.event
    start = timezone.localtime(event.starts_at).date()
    end = timezone.localtime(event.ends_at).date()
    if event.venue_name:
        place = ", ".join(p for p in (event.venue_name, event.address) if p)
    elif event.online_url:
        place = "nuotoliniu būdu"
    else:
        place = event.municipality.name if event.municipality else ""
    verification_url = absolute_url(certificate.get_verification_url())
    return {
        "certificate": certificate,
        "programme": certificate.programme,
        "dates": event_dates(start, end),
        "place": place,
        "issued_on": long_date(certificate.issued_on),
        "verification_url": verification_url,
        "qr": qr_svg(verification_url, scale=3, title="Pažymėjimo tikrinimas"),
        "issuer": association().name,
    }


def pdf_name(certificate: Certificate) -> str:
    return f"certificates/{certificate.issued_on.year}/{certificate.number}.pdf"


def certificate_pdfs_draw(certificates: Iterable[Certificate]) -> list[bytes]:
    """The PDFs of `certificates`, one each, drawn in memory: nothing is stored."""
    certificates = list(certificates)
    if not certificates:
        return []
    # Certificates are printed in Lithuanian: the association issues them in Lithuania.
    with translation.override("lt"):
        faces = [certificate_face(certificate) for certificate in certificates]
        pages = render_pdf_pages(CERTIFICATE_TEMPLATE, {"faces": faces})
    if len(pages) != len(certificates):
        raise RuntimeError("Each certificate must fit on exactly one page.")
    return pages


def certificate_pdfs_render(certificates: Iterable[Certificate]) -> list[Certificate]:
    """Draw and store the PDFs of `certificates`, replacing any earlier file (so a retried
    batch overwrites rather than piles up). Returns them with `pdf` set, unsaved."""
    certificates = list(certificates)
    pages = certificate_pdfs_draw(certificates)
    for certificate, content in zip(certificates, pages, strict=True):
        name = pdf_name(certificate)
        if default_storage.exists(name):
            default_storage.delete(name)
        certificate.pdf.name = default_storage.save(name, ContentFile(content))
    return certificates
