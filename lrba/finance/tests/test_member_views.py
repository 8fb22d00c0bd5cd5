"""What members see of their invoices: a library's on "My library" (its representatives
and the secretariat), an individual member's on "My invoices" and "My account", one
invoice's page; never a draft, never another member's."""

import datetime
from decimal import Decimal

import pytest
from django.urls import NoReverseMatch, reverse

from conftest import lt
from lrba.finance.models import Invoice
from lrba.finance.tests.factories import InvoiceFactory
from lrba.finance.tests.factories_portal import issued_credit_note, issued_invoice
from lrba.members.tests.factories import MembershipFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def _my_library(client, library) -> str:
    response = client.get(reverse("members:my_library_detail", args=[library.slug]))
    assert response.status_code == 200
    return response.content.decode()


def _url_if_defined(name: str, pk: int) -> str | None:
    """A part's URL once that part is in the tree (documents are drawn by another part)."""
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return None


@pytest.fixture
def individual():
    """An individual member with an account."""
    user = UserFactory(email="ieva@example.lt")
    person = PersonFactory(user=user, first_name="Ieva", last_name="Individuali", email=user.email)
    MembershipFactory(person=person, library=None)
    return person


# My library ---------------------------------------------------------------------------------


def test_a_representative_sees_the_librarys_issued_invoices_and_no_draft(
    client_for, alice, library_a, library_b
):
    mine = issued_invoice(library=library_a)
    draft = InvoiceFactory(membership=library_a.memberships.first(), buyer_name="Juodraštis")
    theirs = issued_invoice(library=library_b)

    content = _my_library(client_for(alice), library_a)

    assert mine.display_number in content
    assert reverse("finance:my_invoice_detail", args=[mine.pk]) in content
    assert reverse("finance:my_invoice_detail", args=[draft.pk]) not in content
    assert theirs.display_number not in content
    assert reverse("finance:my_invoice_detail", args=[theirs.pk]) not in content


def test_my_library_shows_the_payment_details_of_what_is_open(client_for, alice, library_a):
    invoice = issued_invoice(
        library=library_a,
        total=Decimal("150.00"),
        amount_paid=Decimal("50.00"),
        status=Invoice.Status.PARTLY_PAID,
    )
    issued_invoice(library=library_a, status=Invoice.Status.PAID, amount_paid=Decimal("120.00"))

    content = _my_library(client_for(alice), library_a)

    assert invoice.reference in content
    assert "100,00" in content  # what is left of the partly paid one, and all that is due
    assert lt("How to pay") in content
    assert lt("partly paid") in content and lt("paid") in content


def test_an_invoice_past_its_due_date_reads_overdue(client_for, alice, library_a):
    issued_invoice(library=library_a, due_date=datetime.date(2020, 1, 31))

    assert lt("overdue") in _my_library(client_for(alice), library_a)


def test_my_library_links_the_pdf_and_the_e_invoice(client_for, alice, library_a):
    invoice = issued_invoice(library=library_a)

    content = _my_library(client_for(alice), library_a)

    for name in ("finance:invoice_pdf", "finance:invoice_ubl"):
        url = _url_if_defined(name, invoice.pk)
        if url is not None:  # part B's pages; the link appears once they exist
            assert url in content


def test_a_credit_note_is_listed_with_the_invoice_it_credits(client_for, alice, library_a):
    invoice = issued_invoice(library=library_a)
    note = issued_credit_note(invoice, Decimal("20.00"))

    content = _my_library(client_for(alice), library_a)

    assert note.display_number in content
    assert lt("credit note") in content


def test_a_library_without_invoices_says_so(client_for, alice, library_a):
    assert lt("No invoices yet.") in _my_library(client_for(alice), library_a)


# One invoice's page -----------------------------------------------------------------------


def test_the_representative_opens_the_invoice_and_sees_its_lines_and_reference(
    client_for, alice, library_a
):
    invoice = issued_invoice(library=library_a)

    response = client_for(alice).get(reverse("finance:my_invoice_detail", args=[invoice.pk]))

    content = response.content.decode()
    assert response.status_code == 200
    assert invoice.reference in content
    assert invoice.lines.get().description in content


def test_nobody_else_learns_the_invoice_exists(client_for, alice, bob, carol, dave, library_a):
    invoice = issued_invoice(library=library_a)
    url = reverse("finance:my_invoice_detail", args=[invoice.pk])

    assert client_for(carol).get(url).status_code == 404  # another library's representative
    assert client_for(bob).get(url).status_code == 404  # works there, does not represent it
    assert client_for(dave).get(url).status_code == 404
    assert client_for(alice).get(url).status_code == 200


def test_a_draft_has_no_members_page_even_for_the_secretariat(staff_client, library_a):
    draft = InvoiceFactory(membership=library_a.memberships.first())

    response = staff_client.get(reverse("finance:my_invoice_detail", args=[draft.pk]))

    assert response.status_code == 404


# An individual member -----------------------------------------------------------------------


def test_an_individual_member_sees_their_own_invoices_only(client_for, individual):
    own = issued_invoice(person=individual)
    other = issued_invoice(person=MembershipFactory(person=PersonFactory(), library=None).person)
    InvoiceFactory(membership=individual.memberships.first(), buyer_name="Juodraštis")

    response = client_for(individual.user).get(reverse("finance:my_invoices"))

    content = response.content.decode()
    assert response.status_code == 200
    assert own.display_number in content and own.reference in content
    assert other.display_number not in content
    assert (
        client_for(individual.user)
        .get(reverse("finance:my_invoice_detail", args=[other.pk]))
        .status_code
        == 404
    )


def test_my_account_links_an_individual_members_invoices(client_for, individual):
    issued_invoice(person=individual, total=Decimal("30.00"))

    content = client_for(individual.user).get(reverse("accounts:my_account")).content.decode()

    assert reverse("finance:my_invoices") in content
    assert "30,00" in content


def test_my_account_has_no_invoices_section_for_a_librarian(client_for, bob):
    content = client_for(bob).get(reverse("accounts:my_account")).content.decode()

    assert reverse("finance:my_invoices") not in content


def test_my_invoices_points_a_representative_to_the_librarys_page(client_for, alice, library_a):
    content = client_for(alice).get(reverse("finance:my_invoices")).content.decode()

    assert reverse("members:my_library_detail", args=[library_a.slug]) in content
