"""Delivering an issued invoice: the PDF kept on it, and the invoice e-mailed, with the
PDF and the e-invoice attached, in the buyer's language to the library's representatives
(its director and period mandate holders, not its other staff) or to the member."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from lrba.finance.models import Invoice
from lrba.finance.services import delivery
from lrba.finance.tests.factories import InvoiceFactory
from lrba.finance.tests.factories_documents import issued_credit_note, issued_invoice
from lrba.finance.tests.ubl_validation import VALIDATION_XSLT, en16931_fatal_errors
from lrba.members.models import Membership
from lrba.members.tests.factories import (
    EmploymentFactory,
    MandateFactory,
    MembershipFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def requisites(settings):
    settings.LRBA_ASSOCIATION_SHORT_NAME = "LRBA"
    # EN 16931 needs an identifier of the seller (BR-CO-26): the legal-entity code.
    settings.LRBA_ASSOCIATION_LEGAL_ENTITY_CODE = "302512345"
    settings.LRBA_ASSOCIATION_BANK_ACCOUNT = "LT121000011101001000"
    settings.LRBA_SITE_URL = "https://lrba.example.lt"


@pytest.fixture
def library_invoice(library_a, alice, bob, carol):
    """An invoice to library A, directed by Alė; Bronius works there without a mandate;
    Karolina represents library B (and not A); Dana holds a mandate for A; Edmundas
    directed A until last year."""
    membership = Membership.objects.get(library=library_a)
    MandateFactory(
        library=library_a,
        person=PersonFactory(first_name="Dana", last_name="Dainė", email="dana@example.lt"),
    )
    EmploymentFactory(
        library=library_a,
        person=PersonFactory(first_name="Edmundas", email="edmundas@example.lt"),
        is_director=True,
        end_date=datetime.date(2025, 12, 31),
    )
    return issued_invoice(
        membership=membership,
        library=library_a,
        buyer_name=library_a.name,
        buyer_code=library_a.legal_entity_code,
        buyer_email="buhalterija@akmenesbiblioteka.lt",
    )


def _recipients() -> set[str]:
    return {address for message in mail.outbox for address in message.to}


def test_the_invoice_goes_to_the_librarys_representatives_and_its_own_address(
    library_invoice, django_capture_on_commit_callbacks
):
    delivery.invoice_documents_task.enqueue(library_invoice.pk)

    assert _recipients() == {
        "alice@example.lt",
        "dana@example.lt",
        "buhalterija@akmenesbiblioteka.lt",
    }
    library_invoice.refresh_from_db()
    assert library_invoice.sent_at is not None
    assert library_invoice.pdf.name.endswith(".pdf")


def test_the_e_mail_carries_the_pdf_and_a_valid_e_invoice(library_invoice):
    delivery.invoice_documents_task.enqueue(library_invoice.pk)

    message = next(m for m in mail.outbox if m.to == ["alice@example.lt"])
    assert library_invoice.display_number in message.subject
    assert "RF77LRBA00001" in message.body
    assert "https://lrba.example.lt/" in message.body
    names = {name: (content, mimetype) for name, content, mimetype in message.attachments}
    pdf, pdf_type = names["LRBA-00001.pdf"]
    assert pdf_type == "application/pdf" and pdf.startswith(b"%PDF-")
    xml, xml_type = names["LRBA-00001.xml"]
    assert xml_type == "application/xml"
    assert b"<cbc:ID>LRBA-00001</cbc:ID>" in xml
    if VALIDATION_XSLT.exists():
        assert en16931_fatal_errors(xml) == []


def test_the_e_mail_is_in_the_buyers_language(library_invoice):
    Invoice.objects.filter(pk=library_invoice.pk).update(language="en")

    delivery.invoice_documents_task.enqueue(library_invoice.pk)

    message = mail.outbox[0]
    assert message.subject == "Invoice LRBA-00001 from LRBA"
    assert "Attached is invoice LRBA-00001 of 2026-03-02" in message.body
    assert "€120.00" in message.body


def test_running_the_task_twice_sends_once(library_invoice):
    delivery.invoice_documents_task.enqueue(library_invoice.pk)
    sent = len(mail.outbox)
    delivery.invoice_documents_task.enqueue(library_invoice.pk)

    assert sent == 3
    assert len(mail.outbox) == sent


def test_without_send_the_pdf_is_kept_and_nothing_is_e_mailed(library_invoice):
    delivery.invoice_documents_task.enqueue(library_invoice.pk, send=False)

    library_invoice.refresh_from_db()
    assert mail.outbox == []
    assert library_invoice.sent_at is None
    assert library_invoice.pdf


def test_an_individual_member_receives_their_own_invoice():
    person = PersonFactory(first_name="Živilė", email="zivile@example.lt")
    membership = MembershipFactory(library=None, person=person)
    invoice = issued_invoice(
        membership=membership,
        library=None,
        person=person,
        buyer_name="Živilė Ąžuolaitė",
        buyer_code="",
        buyer_email="zivile@example.lt",
    )

    delivery.invoice_documents_task.enqueue(invoice.pk)

    assert _recipients() == {"zivile@example.lt"}
    assert mail.outbox[0].body.startswith("Laba diena, Živile,")


def test_a_credit_note_is_delivered_as_a_credit_note(library_invoice, english):
    Invoice.objects.filter(pk=library_invoice.pk).update(language="en")
    library_invoice.refresh_from_db()
    note = issued_credit_note(library_invoice, reason="Fee charged twice")

    delivery.invoice_documents_task.enqueue(note.pk)

    message = mail.outbox[0]
    assert message.subject == "Credit invoice LRBAK-00001 from LRBA"
    assert "which credits invoice LRBA-00001" in message.body
    assert "Fee charged twice" in message.body
    assert {name for name, _c, _m in message.attachments} == {"LRBAK-00001.pdf", "LRBAK-00001.xml"}


def test_a_draft_is_neither_drawn_nor_sent():
    draft = InvoiceFactory(buyer_email="x@example.lt")

    delivery.invoice_documents_task.enqueue(draft.pk)

    draft.refresh_from_db()
    assert mail.outbox == [] and not draft.pdf


def test_the_secretariat_sends_an_invoice_again(
    library_invoice, staff_user, django_capture_on_commit_callbacks
):
    delivery.invoice_documents_task.enqueue(library_invoice.pk)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        delivery.invoice_resend(library_invoice, staff_user)

    assert len(mail.outbox) == 3


def test_a_draft_is_not_sent_again(staff_user, english):
    with pytest.raises(ValidationError, match="issue it first"):
        delivery.invoice_resend(InvoiceFactory(), staff_user)
