"""Invoices and credit notes: drafting, issuing, crediting (issue 10, point 2).

A draft is the secretariat's working copy: it has no number and may change or be
deleted. Issuing gives it the next number of its series (gap-free: `number_next` locks the
series row until the transaction commits), the RF payment reference, the buyer's details
as the register says them that day, the totals and the issuer. From then on the invoice is
never edited or deleted (`invoice_edit_refuse`); it is settled by payments or cancelled,
wholly or in part, by a credit note.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lrba.core.audit import acting_as
from lrba.core.numbering import number_next
from lrba.finance import money
from lrba.finance.models import (
    FeeSchedule,
    FinanceSettings,
    Invoice,
    InvoiceLine,
    InvoiceSeries,
)
from lrba.finance.reference import creditor_reference
from lrba.finance.services.settlement import invoice_settlement_refresh
from lrba.members.models import Employment, Library, Mandate, Membership, Person

ZERO = money.ZERO
DEFAULT_LANGUAGE = "lt"


@dataclass(frozen=True)
class LineInput:
    """One line of an invoice as the secretariat or the yearly run writes it."""

    description: str
    quantity: Decimal = Decimal(1)
    unit_price: Decimal = ZERO
    unit: str = "vnt."


# The buyer ---------------------------------------------------------------------------------


def default_series(kind: str = InvoiceSeries.Kind.INVOICE) -> InvoiceSeries:
    found = InvoiceSeries.objects.filter(kind=kind, is_default=True, is_active=True).first()
    if found is None:
        raise ValidationError(
            _("No series of numbers is in use for these documents: set one in the back office.")
        )
    return found


def _library_representative_users(library: Library) -> list[Any]:
    """The accounts of the people who act for `library` now: its director and the holders
    of a current mandate for a period."""
    people = [
        employment.person
        for employment in Employment.objects.current()
        .filter(library=library, is_director=True)
        .select_related("person__user")
    ]
    people += [
        mandate.person
        for mandate in Mandate.objects.current()
        .filter(library=library)
        .select_related("person__user")
    ]
    return [person.user for person in people if person.user_id]


def buyer_language(*, library: Library | None = None, person: Person | None = None) -> str:
    """The language the buyer reads: the library's representatives' (or the person's)
    chosen site language, else Lithuanian."""
    users = _library_representative_users(library) if library is not None else []
    if person is not None and person.user_id:
        users.append(person.user)
    for user in users:
        if getattr(user, "language", ""):
            return user.language
    return DEFAULT_LANGUAGE


def _library_address(library: Library) -> str:
    return ", ".join(
        part for part in (library.street_address, library.postal_code, library.city) if part
    )


def _buyer_of(
    membership: Membership | None, library: Library | None, person: Person | None
) -> tuple[Membership | None, Library | None, Person | None]:
    if membership is not None:
        return membership, membership.library, membership.person
    if library is not None:
        membership = Membership.objects.current().filter(library=library).first()
    elif person is not None:
        membership = Membership.objects.current().filter(person=person).first()
    if library is None and person is None:
        raise ValidationError(_("Choose whom the invoice is to."))
    return membership, library, person


def _buyer_snapshot(invoice: Invoice) -> None:
    """Copy the buyer's name, code, address and e-mail as the register says them now."""
    library, person = invoice.library, invoice.person
    if library is not None:
        invoice.buyer_name = library.name
        invoice.buyer_code = library.legal_entity_code
        invoice.buyer_vat_code = library.vat_code
        invoice.buyer_address = _library_address(library)
        invoice.buyer_email = library.email
    elif person is not None:
        invoice.buyer_name = person.full_name
        invoice.buyer_code = ""
        invoice.buyer_vat_code = ""
        invoice.buyer_address = ""
        invoice.buyer_email = person.email
    invoice.language = buyer_language(library=invoice.library, person=invoice.person)


def buyer_code_require(invoice: Invoice) -> None:
    """An invoice to a library names its legal-entity code (and public institutions' systems
    refuse an e-invoice without one): refuse, saying what to do."""
    library = invoice.library
    if library is not None and not library.legal_entity_code:
        raise ValidationError(
            _(
                "%(library)s has no legal-entity code in the member register, and an invoice "
                "to a library must name it. Enter the code on the library's page, then issue "
                "the invoice."
            )
            % {"library": library.name},
            code="buyer_code_missing",
        )


# Drafts ------------------------------------------------------------------------------------


def _line_vat_rate(settings: FinanceSettings) -> Decimal | None:
    return settings.vat_rate if settings.vat_payer else None


def _lines_write(invoice: Invoice, lines: list[LineInput], settings: FinanceSettings) -> None:
    if not lines:
        raise ValidationError(_("An invoice needs at least one line."), code="no_lines")
    vat_rate = _line_vat_rate(settings)
    for position, line in enumerate(lines, start=1):
        quantity = Decimal(line.quantity)
        unit_price = money.money_parse(line.unit_price)
        if quantity <= 0:
            raise ValidationError(_("A line's quantity must be more than zero."))
        row = InvoiceLine(
            invoice=invoice,
            position=position,
            description=line.description.strip(),
            quantity=quantity,
            unit=line.unit or "vnt.",
            unit_price=unit_price,
            vat_rate=vat_rate,
            net_amount=money.LineAmount(quantity, unit_price, vat_rate).net,
        )
        row.full_clean()
        row.save()


def _totals_set(invoice: Invoice) -> None:
    """Recompute the invoice's totals from its lines (EN 16931 rounding: `money.totals`)."""
    totals = money.totals(
        money.LineAmount(line.quantity, line.unit_price, line.vat_rate)
        for line in invoice.lines.all()
    )
    invoice.total_net, invoice.total_vat, invoice.total = totals.net, totals.vat, totals.total


@transaction.atomic
def invoice_draft_create(
    *,
    membership: Membership | None = None,
    library: Library | None = None,
    person: Person | None = None,
    lines: list[LineInput],
    by: Any,
    due_date: datetime.date | None = None,
    fee_schedule: FeeSchedule | None = None,
    notes: str = "",
    series: InvoiceSeries | None = None,
) -> Invoice:
    """A draft invoice to a member (or a library or person), with its lines and totals.

    A draft of a fee counts against the one-invoice-per-member-and-fee constraint, so a
    concurrent second draft of the same fee fails with IntegrityError."""
    membership, library, person = _buyer_of(membership, library, person)
    series = series or default_series()
    if series.kind != InvoiceSeries.Kind.INVOICE:
        raise ValidationError(_("Invoices are numbered in a series for invoices."))
    settings = FinanceSettings.current()
    with acting_as(by):
        invoice = Invoice(
            kind=Invoice.Kind.INVOICE,
            series=series,
            membership=membership,
            library=library,
            person=person,
            due_date=due_date,
            fee_schedule=fee_schedule,
            notes=notes,
            vat_payer=settings.vat_payer,
            created_by=by if getattr(by, "is_authenticated", False) else None,
        )
        _buyer_snapshot(invoice)
        invoice.full_clean(validate_constraints=False)
        invoice.save()
        _lines_write(invoice, lines, settings)
        _totals_set(invoice)
        invoice.save(update_fields=["total_net", "total_vat", "total"])
    return invoice


def invoice_draft_delete(invoice: Invoice, *, by: Any) -> None:
    """Delete a draft (it has no number, so no gap is left); an issued invoice is refused."""
    with transaction.atomic(), acting_as(by):
        locked = Invoice.objects.select_for_update().get(pk=invoice.pk)
        invoice_delete_refuse(locked)
        locked.delete()


# Issued documents are final ------------------------------------------------------------------


def invoice_edit_refuse(invoice: Invoice) -> None:
    """Refuse any change to an issued invoice or credit note (the pages, the back office,
    every service): it is corrected by a credit note, never edited."""
    if invoice.pk is None:
        return
    stored = Invoice.objects.filter(pk=invoice.pk).values_list("status", flat=True).first()
    if stored is not None and stored != Invoice.Status.DRAFT:
        raise ValidationError(
            _(
                "Invoice %(number)s has been issued and cannot be changed. To correct it, "
                "issue a credit note and, if needed, a new invoice."
            )
            % {"number": invoice.display_number},
            code="issued_invoice_final",
        )


def invoice_delete_refuse(invoice: Invoice) -> None:
    if invoice.status != Invoice.Status.DRAFT or invoice.number is not None:
        raise ValidationError(
            _(
                "Invoice %(number)s has been issued and cannot be deleted: accounting "
                "documents are kept. Cancel it with a credit note instead."
            )
            % {"number": invoice.display_number},
            code="issued_invoice_final",
        )


# Issuing -----------------------------------------------------------------------------------


def documents_enqueue(invoice_id: int, *, send: bool) -> None:
    """Draw the PDF and, when `send`, e-mail the document (part B, in the background).
    Called after commit; a separate function so tests that do not concern the documents
    can replace it."""
    from lrba.finance.services.delivery import invoice_documents_task

    invoice_documents_task.enqueue(invoice_id, send=send)


def _number_and_finish(
    invoice: Invoice, *, settings: FinanceSettings, issue_date: datetime.date
) -> None:
    """Number `invoice` and mark it issued. Precondition: inside the issuing transaction,
    with the invoice row locked."""
    number = number_next(series_key=invoice.series.numbering_key)[0]
    invoice.number = number
    invoice.reference = creditor_reference(invoice.series.code, number)
    invoice.issue_date = issue_date
    invoice.issuer_name = settings.issuer_name
    invoice.issuer_position = settings.issuer_position
    invoice.status = Invoice.Status.ISSUED
    invoice.issued_at = timezone.now()


def invoice_issue(
    invoice: Invoice,
    *,
    by: Any,
    issue_date: datetime.date | None = None,
    send: bool = True,
) -> Invoice:
    """Issue a draft invoice: number, payment reference, buyer details, totals, issuer,
    due date; then, after commit, its PDF is drawn and (when `send`) it is e-mailed.

    Refuses an invoice that is no longer a draft, one without lines or with nothing to
    pay, and one to a library without a legal-entity code."""
    issue_date = issue_date or timezone.localdate()
    settings = FinanceSettings.current()
    with transaction.atomic(), acting_as(by):
        invoice = (
            Invoice.objects.select_for_update(of=("self",))
            .select_related("series", "library", "person")
            .get(pk=invoice.pk)
        )
        if invoice.status != Invoice.Status.DRAFT:
            raise ValidationError(
                _("Invoice %(number)s has already been issued.")
                % {"number": invoice.display_number},
                code="already_issued",
            )
        if invoice.is_credit_note:
            raise ValidationError(_("Credit notes are issued from the invoice they credit."))
        buyer_code_require(invoice)
        _buyer_snapshot(invoice)
        # The VAT status of the day of issue applies to every line.
        vat_rate = _line_vat_rate(settings)
        lines = list(invoice.lines.all())
        if not lines:
            raise ValidationError(_("An invoice needs at least one line."), code="no_lines")
        for line in lines:
            if line.vat_rate != vat_rate:
                line.vat_rate = vat_rate
                line.save(update_fields=["vat_rate"])
        invoice.vat_payer = settings.vat_payer
        _totals_set(invoice)
        if invoice.total <= ZERO:
            raise ValidationError(
                _("The invoice's total must be more than zero."), code="nothing_to_pay"
            )
        if invoice.due_date is None:
            invoice.due_date = issue_date + datetime.timedelta(days=settings.payment_days)
        if invoice.due_date < issue_date:
            raise ValidationError(
                _("The due date cannot be before the invoice date."), code="due_before_issue"
            )
        _number_and_finish(invoice, settings=settings, issue_date=issue_date)
        invoice.full_clean(validate_constraints=False)
        invoice.save()
        invoice_id = invoice.pk
        transaction.on_commit(lambda: documents_enqueue(invoice_id, send=send))
    return invoice


# Credit notes ------------------------------------------------------------------------------


def credit_note_issue(
    invoice: Invoice,
    *,
    amount: Decimal | None = None,
    reason: str,
    by: Any,
    issue_date: datetime.date | None = None,
    send: bool = True,
) -> Invoice:
    """Issue a credit note cancelling `amount` of `invoice` (None: all that is open).

    What is open is the total less what has been paid and what earlier credit notes
    credited; a credit note for more is refused. Locks the invoice, so two credit notes
    issued at once cannot together credit more than is open. The invoice's status follows
    (`invoice_settlement_refresh`): cancelled when credited in full."""
    issue_date = issue_date or timezone.localdate()
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the credit note is issued."), code="reason_missing")
    settings = FinanceSettings.current()
    with transaction.atomic(), acting_as(by):
        original = (
            Invoice.objects.select_for_update(of=("self",))
            .select_related("series", "library", "person")
            .get(pk=invoice.pk)
        )
        if original.is_credit_note:
            raise ValidationError(_("A credit note cannot itself be credited."))
        if original.status == Invoice.Status.DRAFT:
            raise ValidationError(
                _("A draft has nothing to credit: change or delete the draft instead.")
            )
        open_amount = max(original.total - original.amount_paid - original.amount_credited, ZERO)
        amount = open_amount if amount is None else money.money_parse(amount)
        if amount <= ZERO:
            if open_amount <= ZERO:
                raise ValidationError(
                    _("Nothing is open on invoice %(number)s: it is paid or credited in full.")
                    % {"number": original.display_number},
                    code="nothing_open",
                )
            raise ValidationError(_("A credit note's amount must be more than zero."))
        if amount > open_amount:
            raise ValidationError(
                _(
                    "A credit note of %(amount)s is more than is open on invoice %(number)s: "
                    "%(open)s is neither paid nor already credited."
                )
                % {
                    "amount": money.round_money(amount),
                    "number": original.display_number,
                    "open": open_amount,
                },
                code="credit_too_large",
            )
        vat_rate = Decimal(original.lines.values_list("vat_rate", flat=True).first() or 0) or None
        # The amount is what the buyer no longer owes, VAT included: the line is its net.
        net = amount if vat_rate is None else money.round_money(amount * 100 / (100 + vat_rate))
        note = Invoice(
            kind=Invoice.Kind.CREDIT_NOTE,
            series=default_series(InvoiceSeries.Kind.CREDIT_NOTE),
            credited_invoice=original,
            membership=original.membership,
            library=original.library,
            person=original.person,
            buyer_name=original.buyer_name,
            buyer_code=original.buyer_code,
            buyer_vat_code=original.buyer_vat_code,
            buyer_address=original.buyer_address,
            buyer_email=original.buyer_email,
            language=original.language,
            vat_payer=original.vat_payer,
            due_date=issue_date,
            reason=reason,
            fee_schedule=None,
            created_by=by if getattr(by, "is_authenticated", False) else None,
        )
        note.save()
        line = InvoiceLine(
            invoice=note,
            position=1,
            description=_("Credit for invoice %(number)s: %(reason)s")
            % {"number": original.display_number, "reason": reason},
            quantity=Decimal(1),
            unit_price=net,
            vat_rate=vat_rate,
            net_amount=net,
        )
        line.full_clean()
        line.save()
        _totals_set(note)
        if note.total > open_amount:  # a VAT cent of rounding may not tip it over
            raise ValidationError(
                _("A credit note of %(amount)s is more than is open on invoice %(number)s.")
                % {"amount": note.total, "number": original.display_number},
                code="credit_too_large",
            )
        _number_and_finish(note, settings=settings, issue_date=issue_date)
        note.full_clean(validate_constraints=False)
        note.save()
        invoice_settlement_refresh(original.pk)
        note_id = note.pk
        transaction.on_commit(lambda: documents_enqueue(note_id, send=send))
    return note
