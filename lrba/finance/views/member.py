"""What members see of their finances (see lrba/finance/urls.py).

A library's invoices are a section of its "My library" page and an individual member's
a section of "My account": the members and accounts apps do not import finance, they ask
the apps for sections (`lrba.core.plugins`, `member_pages_module`), and this module is the
one finance declares. "My invoices" lists an individual member's own; one invoice's page
opens for whoever `access.access_invoice` lets read it.
"""

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from lrba.accounts.access import staff_page
from lrba.finance.access import access_invoice
from lrba.finance.models import Invoice
from lrba.finance.selectors import member as selectors
from lrba.members.models import Library
from lrba.members.selectors.representatives import represented_libraries


def _person(request: HttpRequest) -> Any:
    """The signed-in user's person in the register, or None."""
    try:
        return request.user.person  # type: ignore[union-attr]
    except (AttributeError, ObjectDoesNotExist):  # an account without a person
        return None


@require_GET
def my_invoices(request: HttpRequest) -> HttpResponse:
    """An individual member's own invoices and credit notes, with the payment details;
    a representative is pointed to the libraries' pages."""
    person = _person(request)
    invoices = (
        selectors.person_invoices(request.user, person)
        if person is not None
        else Invoice.objects.none()
    )
    return render(
        request,
        "finance/member/my_invoices.html",
        {
            "invoices": invoices,
            "payment": selectors.payment_details(invoices),
            "libraries": represented_libraries(request.user),
        },
    )


@staff_page  # the secretariat and the auditor open any invoice's page too
@require_GET
def my_invoice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = access_invoice(request.user, pk)
    if invoice.status == Invoice.Status.DRAFT:
        raise Http404  # a draft is no document yet: the secretariat's own page shows it
    return render(
        request,
        "finance/member/invoice_detail.html",
        {
            "invoice": invoice,
            "lines": invoice.lines.all(),
            "credit_notes": invoice.credit_notes.issued().select_related("series"),
            "payment": selectors.payment_details(Invoice.objects.filter(pk=invoice.pk)),
        },
    )


# Sections of the members' own pages (lrba.core.plugins) -----------------------------------


def my_library_sections(request: HttpRequest, library: Library) -> list[tuple[str, dict]]:
    """The library's invoices on its "My library" page."""
    invoices = selectors.library_invoices(request.user, library)
    return [
        (
            "finance/member/_library_invoices.html",
            {
                "library": library,
                "invoices": invoices,
                "payment": selectors.payment_details(invoices),
            },
        )
    ]


def my_account_sections(request: HttpRequest) -> list[tuple[str, dict]]:
    """A link to "My invoices" for an individual member (or anyone invoiced in person)."""
    person = _person(request)
    if person is None:
        return []
    invoices = selectors.person_invoices(request.user, person)
    if not selectors.is_individual_member(person) and not invoices.exists():
        return []
    return [
        (
            "finance/member/_account_invoices.html",
            {"payment": selectors.payment_details(invoices)},
        )
    ]


urlpatterns: list = [
    path("mano-saskaitos/", my_invoices, name="my_invoices"),
    path("mano-saskaitos/<int:pk>/", my_invoice_detail, name="my_invoice_detail"),
]
