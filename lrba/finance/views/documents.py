"""An invoice's documents as downloads: the PDF and the e-invoice (UBL XML).

Both open for whoever `access.access_invoice` lets read the invoice (the secretariat and
the auditor, the buyer library's representatives, the individual member it is made out
to); anybody else gets 404, and a visitor who is not signed in is sent to sign in
(LoginRequiredMiddleware). A draft has no documents. The PDF kept at issue is sent as
kept; one not drawn yet is drawn on demand.
"""

from django.http import Http404, HttpRequest, HttpResponseBase
from django.urls import path
from django.views.decorators.http import require_GET

from lrba.accounts.access import staff_page
from lrba.core.downloads import download_response, file_download
from lrba.finance.access import access_invoice
from lrba.finance.documents import invoice_pdf, invoice_pdf_filename
from lrba.finance.models import Invoice
from lrba.finance.ubl import invoice_ubl, invoice_ubl_filename


def _issued_invoice(request: HttpRequest, pk: int) -> Invoice:
    invoice = access_invoice(request.user, pk)
    if invoice.status == Invoice.Status.DRAFT or invoice.number is None:
        raise Http404
    return invoice


@staff_page  # the secretariat and the auditor read every invoice's documents
@require_GET
def invoice_pdf_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    invoice = _issued_invoice(request, pk)
    filename = invoice_pdf_filename(invoice)
    if invoice.pdf and invoice.pdf.storage.exists(invoice.pdf.name):
        return file_download(invoice.pdf, filename=filename)
    response = download_response(
        invoice_pdf(invoice), filename=filename, content_type="application/pdf"
    )
    response["Cache-Control"] = "private, no-store"
    return response


@staff_page
@require_GET
def invoice_ubl_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    invoice = _issued_invoice(request, pk)
    response = download_response(
        invoice_ubl(invoice),
        filename=invoice_ubl_filename(invoice),
        content_type="application/xml; charset=utf-8",
    )
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns: list = [
    path("saskaitos/<int:pk>/pdf/", invoice_pdf_download, name="invoice_pdf"),
    path("saskaitos/<int:pk>/e-saskaita/", invoice_ubl_download, name="invoice_ubl"),
]
