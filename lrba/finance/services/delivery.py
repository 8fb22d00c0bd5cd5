"""Delivering an issued invoice or credit note: its PDF drawn and kept, and the document
e-mailed (the PDF and the e-invoice attached) to whoever acts for the buyer.

Who receives it: for a library, the people who represent it now (its director and the
holders of a current mandate for a period, the same rule as
`lrba.members.querysets.LibraryQuerySet.represented_by`) and the e-mail address copied
onto the invoice at issue (the library's own, where invoices are usually booked); for an
individual member, that person. Every e-mail is in the invoice's language, the buyer's,
which the PDF is drawn in too.

`invoice_issue` (lrba.finance.services.invoices) enqueues `invoice_documents_task` after
its commit; the secretariat's "send again" button calls `invoice_resend`.
"""

import logging
from dataclasses import dataclass
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from lrba.core.mail import Attachment, mail_send
from lrba.core.urls import absolute_url
from lrba.finance.documents import invoice_pdf, invoice_pdf_filename, invoice_pdf_store
from lrba.finance.models import Invoice
from lrba.finance.ubl import invoice_ubl, invoice_ubl_filename
from lrba.members.models import Employment, Mandate, Person

logger = logging.getLogger(__name__)

EMAIL_TEMPLATE = "finance/email/invoice"


@dataclass(frozen=True)
class Recipient:
    email: str
    first_name: str  # "" for an address with no person (the library's own)
    language: str  # the reader's own interface language, else the invoice's


def invoice_recipients(invoice: Invoice, *, buyer_address: str = "always") -> list[Recipient]:
    """Who hears about an invoice, each address once, people first: the library's
    director and holders of a current mandate for a period, or the individual member;
    then the buyer's address copied at issue — "always" (the invoice itself) or only
    when the register names nobody ("fallback": reminders go to people)."""
    people: list[Person] = []
    if invoice.library_id is not None:
        directors = Employment.objects.current().filter(
            library_id=invoice.library_id, is_director=True
        )
        mandates = Mandate.objects.current().filter(library_id=invoice.library_id)
        people = list(
            Person.objects.filter(
                Q(pk__in=directors.values("person_id")) | Q(pk__in=mandates.values("person_id"))
            )
            .select_related("user")
            .order_by("last_name", "first_name", "pk")
        )
    elif invoice.person is not None:
        people = [invoice.person]

    recipients: dict[str, Recipient] = {}

    def add(email: str, first_name: str, language: str) -> None:
        email = (email or "").strip().lower()
        if email and email not in recipients:
            recipients[email] = Recipient(email=email, first_name=first_name, language=language)

    for person in people:
        user = person.user
        add(
            person.email or (user.email if user is not None else ""),
            person.first_name,
            (user.language if user is not None else "") or invoice.language,
        )
    if buyer_address == "always" or not recipients:
        add(invoice.buyer_email, "", invoice.language)
    return list(recipients.values())


def _invoice_url(invoice: Invoice) -> str:
    """The member's page of the invoice, "" while that page does not exist."""
    try:
        return absolute_url(reverse("finance:my_invoice_detail", kwargs={"pk": invoice.pk}))
    except NoReverseMatch:
        return ""


def _attachments(invoice: Invoice) -> list[Attachment]:
    if invoice.pdf:
        with invoice.pdf.open("rb") as handle:
            pdf = handle.read()
    else:
        pdf = invoice_pdf(invoice)
    return [
        Attachment(invoice_pdf_filename(invoice), pdf, "application/pdf"),
        Attachment(invoice_ubl_filename(invoice), invoice_ubl(invoice), "application/xml"),
    ]


def invoice_send(invoice: Invoice) -> int:
    """E-mail `invoice` to its recipients now and note when (`sent_at`); the number of
    e-mails sent. Call from a task, never inside a transaction (lrba.core.mail)."""
    recipients = invoice_recipients(invoice)
    if not recipients:
        logger.warning("Invoice %s has nobody to e-mail it to.", invoice.pk)
        return 0
    attachments = _attachments(invoice)
    context = {"invoice": invoice, "url": _invoice_url(invoice)}
    sent = 0
    for recipient in recipients:
        try:
            mail_send(
                to=recipient.email,
                template=EMAIL_TEMPLATE,
                context={**context, "first_name": recipient.first_name},
                language=invoice.language,
                attachments=attachments,
            )
        except Exception as error:  # one refused address must not stop the others
            logger.warning("Invoice %s not sent to %s: %s", invoice.pk, recipient.email, error)
        else:
            sent += 1
    if sent:
        # An update, not save(): the issued invoice itself is never edited.
        invoice.sent_at = timezone.now()
        Invoice.objects.filter(pk=invoice.pk).update(sent_at=invoice.sent_at)
    return sent


def _issued(invoice_id: int) -> Invoice | None:
    return (
        Invoice.objects.select_related("series", "library", "person__user", "credited_invoice")
        .exclude(status=Invoice.Status.DRAFT)
        .filter(pk=invoice_id)
        .first()
    )


@task()
def invoice_documents_task(invoice_id: int, send: bool = True) -> None:
    """After issue: draw and keep the PDF (unless kept already) and, when `send`, e-mail
    the document unless it was e-mailed already (a task run twice sends once)."""
    invoice = _issued(invoice_id)
    if invoice is None:
        return
    if not invoice.pdf:
        invoice_pdf_store(invoice)
    if send and invoice.sent_at is None:
        invoice_send(invoice)


@task()
def invoice_send_task(invoice_id: int) -> None:
    """E-mail an issued document again (the secretariat asked for it)."""
    invoice = _issued(invoice_id)
    if invoice is not None:
        invoice_send(invoice)


def invoice_resend(invoice: Invoice, by) -> None:
    """The secretariat's "send again": the document is e-mailed once more, after the
    current transaction commits. A draft is refused (it is no document yet)."""
    if invoice.status == Invoice.Status.DRAFT or invoice.number is None:
        raise ValidationError(_("A draft is not sent: issue it first."), code="draft")
    logger.info("Invoice %s to be sent again by user %s.", invoice.pk, getattr(by, "pk", None))
    transaction.on_commit(partial(invoice_send_task.enqueue, invoice.pk))
