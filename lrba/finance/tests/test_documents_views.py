"""The PDF and e-invoice downloads: for the library's representatives and the finance
staff; a representative of another library and the library's other staff get 404, a
visitor who is not signed in is sent to sign in, and a draft has no documents."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from lrba.finance.models import Invoice
from lrba.finance.tests.factories import InvoiceFactory
from lrba.finance.tests.factories_documents import issued_invoice
from lrba.members.models import Membership

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def requisites(settings):
    settings.LRBA_ASSOCIATION_LEGAL_ENTITY_CODE = "302512345"
    settings.LRBA_ASSOCIATION_BANK_ACCOUNT = "LT121000011101001000"


@pytest.fixture
def invoice(library_a):
    return issued_invoice(
        membership=Membership.objects.get(library=library_a),
        library=library_a,
        buyer_name=library_a.name,
        buyer_code=library_a.legal_entity_code,
    )


def _urls(invoice: Invoice) -> list[str]:
    return [
        reverse("finance:invoice_pdf", args=[invoice.pk]),
        reverse("finance:invoice_ubl", args=[invoice.pk]),
    ]


def test_the_librarys_director_downloads_the_pdf_and_the_e_invoice(client_for, alice, invoice):
    client = client_for(alice)

    pdf = client.get(reverse("finance:invoice_pdf", args=[invoice.pk]))
    ubl = client.get(reverse("finance:invoice_ubl", args=[invoice.pk]))

    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    assert 'filename="LRBA-00001.pdf"' in pdf["Content-Disposition"]
    assert pdf["Cache-Control"] == "private, no-store"
    assert ubl.status_code == 200
    assert ubl["Content-Type"].startswith("application/xml")
    assert b"<cbc:ID>LRBA-00001</cbc:ID>" in ubl.content
    assert 'filename="LRBA-00001.xml"' in ubl["Content-Disposition"]


def test_a_kept_pdf_is_sent_as_kept(client_for, alice, invoice):
    invoice.pdf.save("LRBA-00001.pdf", ContentFile(b"%PDF-1.7 kept at issue"), save=True)

    response = client_for(alice).get(reverse("finance:invoice_pdf", args=[invoice.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == b"%PDF-1.7 kept at issue"


def test_a_representative_of_another_library_gets_404(client_for, carol, invoice):
    client = client_for(carol)

    assert [client.get(url).status_code for url in _urls(invoice)] == [404, 404]


def test_the_librarys_other_staff_get_404(client_for, bob, invoice):
    client = client_for(bob)

    assert [client.get(url).status_code for url in _urls(invoice)] == [404, 404]


def test_a_visitor_is_sent_to_sign_in(client_for, invoice):
    client = client_for(None)

    for url in _urls(invoice):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_the_secretariat_and_the_auditor_download_any_invoice(
    client_for, secretary, auditor, invoice
):
    for user in (secretary, auditor):
        client = client_for(user)
        assert [client.get(url).status_code for url in _urls(invoice)] == [200, 200]


def test_a_draft_has_no_documents_even_for_the_secretariat(client_for, secretary):
    draft = InvoiceFactory()

    client = client_for(secretary)

    assert [client.get(url).status_code for url in _urls(draft)] == [404, 404]


def test_downloads_take_get_only(client_for, alice, invoice):
    client = client_for(alice)

    assert [client.post(url).status_code for url in _urls(invoice)] == [405, 405]
