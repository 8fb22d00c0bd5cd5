"""An invoice's settlement: what it has been paid and credited, and the status that
follows. Every service that adds or undoes a payment match or issues a credit note calls
`invoice_settlement_refresh` in its own transaction, which locks the invoice row, so two
writers touching one invoice take turns and the stored sums always equal the rows."""

from decimal import Decimal

from django.db import transaction
from django.db.models import Sum

from lrba.finance.models import Allocation, Invoice

ZERO = Decimal("0.00")


def invoice_settlement_refresh(invoice_id: int) -> Invoice:
    """Recompute `amount_paid` (active payment matches) and `amount_credited` (issued
    credit notes) of an issued invoice and set its status: paid when nothing is left,
    partly paid when something was paid, cancelled when credit notes cover it all."""
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(pk=invoice_id)
        if invoice.kind != Invoice.Kind.INVOICE or invoice.status == Invoice.Status.DRAFT:
            return invoice
        paid = (
            Allocation.objects.filter(invoice_id=invoice.pk, reversed_at__isnull=True).aggregate(
                total=Sum("amount")
            )["total"]
            or ZERO
        )
        credited = (
            Invoice.objects.filter(
                credited_invoice_id=invoice.pk,
                kind=Invoice.Kind.CREDIT_NOTE,
                status=Invoice.Status.ISSUED,
            ).aggregate(total=Sum("total"))["total"]
            or ZERO
        )
        invoice.amount_paid = paid
        invoice.amount_credited = credited
        if credited >= invoice.total and paid == ZERO:
            invoice.status = Invoice.Status.CANCELLED
        elif paid + credited >= invoice.total:
            invoice.status = Invoice.Status.PAID
        elif paid > ZERO:
            invoice.status = Invoice.Status.PARTLY_PAID
        else:
            invoice.status = Invoice.Status.ISSUED
        invoice.save(update_fields=["amount_paid", "amount_credited", "status"])
        return invoice
