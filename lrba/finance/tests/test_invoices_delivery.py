"""Issuing hands the document to part B after commit: the PDF is drawn and kept, and the
invoice e-mailed when asked (lrba.finance.services.delivery)."""

from decimal import Decimal

import pytest

from lrba.finance.services.invoices import LineInput, invoice_draft_create, invoice_issue
from lrba.finance.tests.factories_invoices import member_library

pytestmark = pytest.mark.django_db


def test_issuing_draws_the_pdf_after_commit(settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    draft = invoice_draft_create(
        membership=member_library(),
        lines=[LineInput(description="Nario mokestis 2026", unit_price=Decimal("120.00"))],
        by=None,
    )

    with django_capture_on_commit_callbacks(execute=True):
        invoice = invoice_issue(draft, by=None, send=False)

    invoice.refresh_from_db()
    assert invoice.pdf and invoice.pdf.read().startswith(b"%PDF")
    assert invoice.sent_at is None
