"""Finance in "My data": an individual member's invoices, reminders and matched payments,
and a natural-person donor's record and support, are exported; erasure keeps the
accounting documents (10 years) and says so, and removes the donor's e-mail address."""

import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import TestCase

from lrba.accounts.privacy.erasure import erasure_request_confirm, erasure_request_create
from lrba.accounts.privacy.export import personal_data_export
from lrba.core.audit import acting_as
from lrba.finance.models import Donor, Invoice, Reminder
from lrba.finance.tests.factories import DonorFactory, SupportReceivedFactory
from lrba.finance.tests.factories_portal import credit_entry, issued_invoice, match
from lrba.members.tests.factories import MembershipFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

EMAIL = "ieva.rememja@example.lt"


@pytest.fixture
def ieva(secretary):
    """An individual member invoiced and paying from her account, who also gave support."""
    user = UserFactory(email=EMAIL)
    person = PersonFactory(user=user, first_name="Ieva", last_name="Rėmėja", email=EMAIL)
    MembershipFactory(person=person, library=None)
    invoice = issued_invoice(person=person, buyer_email=EMAIL, total=Decimal("30.00"))
    Reminder.objects.create(
        invoice=invoice, stage=7, sent_on=invoice.issue_date, recipients=[EMAIL]
    )
    match(
        credit_entry("30.00", counterparty_name="Ieva Rėmėja", text="Nario mokestis"),
        "30.00",
        invoice=invoice,
    )
    with acting_as(secretary):
        donor = DonorFactory(
            kind=Donor.Kind.NATURAL,
            name="Ieva Rėmėja",
            code="",
            email=EMAIL,
            notes="Skambinti vakare",
        )
    SupportReceivedFactory(donor=donor, value=Decimal("50.00"))
    return person


def _data(person) -> dict:
    archive = zipfile.ZipFile(io.BytesIO(personal_data_export(person=person)))
    return json.loads(archive.read("data.json"))


def test_my_data_holds_the_invoices_payments_reminders_and_support(ieva):
    data = _data(ieva)

    assert [row["buyer_name"] for row in data["finance_invoices"]] == ["Ieva Rėmėja"]
    assert [row["recipients"] for row in data["finance_reminders"]] == [[EMAIL]]
    assert [row["counterparty_name"] for row in data["finance_payments"]] == ["Ieva Rėmėja"]
    assert [row["email"] for row in data["finance_donor"]] == [EMAIL]
    assert [row["value"] for row in data["finance_support_given_by_you"]] == ["50.00"]


def test_a_librarys_invoices_are_not_the_representatives_data(alice, library_a):
    issued_invoice(library=library_a)

    assert _data(alice.person)["finance_invoices"] == []


def test_erasure_keeps_the_invoice_says_so_and_removes_the_donors_address(ieva, secretary):
    request = erasure_request_create(person=ieva, requested_by=secretary)
    with TestCase.captureOnCommitCallbacks(execute=True):
        erasure_request_confirm(request=request, decided_by=secretary)

    invoice = Invoice.objects.get(person=ieva)
    assert invoice.buyer_name == "Ieva Rėmėja" and invoice.total == Decimal("30.00")
    request.refresh_from_db()
    assert "Buhalterinės apskaitos įstatymo 19 str." in request.kept_records
    donor = Donor.objects.get()
    assert donor.email == "" and donor.notes == ""
    dump = io.StringIO()
    call_command("dumpdata", "finance", "auditlog", stdout=dump)
    assert "skambinti vakare" not in dump.getvalue().lower()
