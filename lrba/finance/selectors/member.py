"""What a member sees of its own finances: a library's (or an individual member's) issued
invoices and credit notes, and how to pay what is still open.

Everything starts from `access.invoices_visible_to(user)`, so a page can never show more
than the user may open: drafts stay the secretariat's, and another library's documents
are never in the queryset to begin with.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from django.db.models import Sum

from lrba.core.association import association
from lrba.finance.access import invoices_visible_to
from lrba.finance.models import ZERO, Allocation, FinanceSettings, Invoice, InvoiceQuerySet
from lrba.members.models import Library, Membership, Person


def _issued(user: Any) -> InvoiceQuerySet:
    """The issued documents `user` may read, newest first, drafts never (the secretariat
    reads all, but a member's page shows what the member was sent)."""
    return (
        cast(InvoiceQuerySet, invoices_visible_to(user))
        .issued()
        .select_related("series", "credited_invoice__series")
        .order_by("-issue_date", "-number", "-pk")
    )


def library_invoices(user: Any, library: Library) -> InvoiceQuerySet:
    """`library`'s issued invoices and credit notes that `user` may read."""
    return _issued(user).filter(library=library)


def person_invoices(user: Any, person: Person) -> InvoiceQuerySet:
    """The issued invoices and credit notes to `person` as an individual member."""
    return _issued(user).filter(person=person, library__isnull=True)


def is_individual_member(person: Person | None) -> bool:
    """Whether `person` is, or was, an individual member (so may have invoices)."""
    if person is None:
        return False
    return Membership.objects.filter(person=person, library__isnull=True).exists()


@dataclass(frozen=True)
class PaymentDetails:
    """How to pay the open invoices of one buyer: the association's account and, per
    invoice, the amount and the RF reference to quote."""

    payee: str
    iban: str
    bank: str
    bic: str
    open_invoices: list[Invoice]
    amount_due: Decimal

    @property
    def anything_due(self) -> bool:
        return self.amount_due > ZERO


def payment_details(invoices: InvoiceQuerySet) -> PaymentDetails:
    """The payment details for the open invoices among `invoices` (two queries)."""
    settings = FinanceSettings.current()
    open_invoices = list(invoices.open().order_by("due_date", "number", "pk"))
    requisites = association()
    return PaymentDetails(
        payee=requisites.name,
        iban=requisites.bank_account,
        bank=settings.bank_name,
        bic=settings.bic,
        open_invoices=open_invoices,
        amount_due=sum((invoice.balance for invoice in open_invoices), ZERO),
    )


def credit_kept(membership_ids: list[int]) -> Decimal:
    """The unused credit (overpayments kept) of these memberships, as the matching keeps
    it: active credit allocations less what was applied from them."""
    kept = (
        Allocation.objects.filter(
            membership_id__in=membership_ids, invoice__isnull=True, reversed_at__isnull=True
        ).aggregate(total=Sum("amount"))["total"]
        or ZERO
    )
    used = (
        Allocation.objects.filter(
            from_credit__membership_id__in=membership_ids,
            from_credit__invoice__isnull=True,
            reversed_at__isnull=True,
        ).aggregate(total=Sum("amount"))["total"]
        or ZERO
    )
    return max(kept - used, ZERO)
