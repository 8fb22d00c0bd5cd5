"""Fetch-and-authorise helpers of the finance app.

Read and write apart: the secretariat (change permissions) issues, matches and records;
the auditor (view permissions) reads everything; a library's representatives read that
library's issued invoices and credit notes; an individual member reads their own. Drafts
are the secretariat's alone. Nobody else learns that an invoice number exists (404).
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from lrba.accounts.access import has_permission, permission_require
from lrba.finance.models import Invoice
from lrba.members.selectors.representatives import represented_libraries

READ_PERMISSION = "finance.view_invoice"
WRITE_PERMISSION = "finance.change_invoice"
SUPPORT_READ_PERMISSION = "finance.view_supportreceived"
SUPPORT_WRITE_PERMISSION = "finance.change_supportreceived"
STATEMENT_WRITE_PERMISSION = "finance.add_statementimport"
MATCH_PERMISSION = "finance.add_allocation"


def may_read_finance(user: Any) -> bool:
    return has_permission(user, READ_PERMISSION)


def finance_read_require(user: Any) -> None:
    permission_require(
        user, READ_PERMISSION, _("Only the secretariat and the auditor see the finances.")
    )


def finance_write_require(user: Any, permission: str = WRITE_PERMISSION) -> None:
    permission_require(user, permission, _("Only the secretariat keeps the finances."))


def invoices_visible_to(user: Any) -> QuerySet[Invoice]:
    """Every invoice and credit note for finance staff; otherwise the issued documents of
    the libraries `user` represents and of `user`'s own person."""
    base = Invoice.objects.select_related("series", "library", "person", "credited_invoice")
    if may_read_finance(user):
        return base
    if not getattr(user, "is_authenticated", False):
        return base.none()
    mine = Q(library__in=represented_libraries(user))
    person = getattr(user, "person", None) if hasattr(user, "person") else None
    if person is not None:
        mine |= Q(person=person)
    return base.filter(mine).exclude(status=Invoice.Status.DRAFT)


def access_invoice(user: Any, pk: int) -> Invoice:
    """An invoice `user` may read (its page, PDF, e-invoice): 404 for any other."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied(_("Sign in to see invoices."))
    return get_object_or_404(invoices_visible_to(user), pk=pk)


def access_rw_invoice(user: Any, pk: int) -> Invoice:
    finance_write_require(user)
    return get_object_or_404(Invoice.objects.select_related("series"), pk=pk)
