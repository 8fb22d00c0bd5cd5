"""The staff pages of fees and invoices: the secretariat writes, the auditor reads, a
representative or a librarian gets 403; an issued invoice offers no edit anywhere, the
back office included."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape

from conftest import lt
from lrba.finance.models import FeeSchedule, Invoice, InvoiceRun
from lrba.finance.services import invoices
from lrba.finance.tests.factories_invoices import fee_schedule, issued_invoice, member_library
from lrba.members.models import Library

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def documents(monkeypatch):
    monkeypatch.setattr(invoices, "documents_enqueue", lambda pk, *, send: None)


@pytest.fixture
def invoice():
    return issued_invoice(member_library(name="Akmenės rajono savivaldybės viešoji biblioteka"))


def _html(response) -> str:
    return response.content.decode()


# Who may see and write ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["finance:invoice_list", "finance:fee_schedule_list", "finance:fee_schedule_create"]
)
def test_a_representative_and_a_librarian_get_403_on_the_staff_pages(client_for, alice, bob, name):
    assert client_for(alice).get(reverse(name)).status_code == 403
    assert client_for(bob).get(reverse(name)).status_code == 403


def test_a_representative_gets_403_on_the_staff_page_of_their_own_invoice(client_for, alice):
    own = issued_invoice(alice.person.employments.get().library.memberships.get())

    response = client_for(alice).get(reverse("finance:invoice_detail", args=[own.pk]))

    assert response.status_code == 403


def test_an_anonymous_visitor_is_sent_to_sign_in(client_for):
    response = client_for(None).get(reverse("finance:invoice_list"))

    assert response.status_code == 302


def test_the_auditor_reads_but_cannot_write(client_for, auditor, invoice):
    client = client_for(auditor)
    schedule = fee_schedule()

    assert client.get(reverse("finance:invoice_list")).status_code == 200
    page = _html(client.get(reverse("finance:invoice_detail", args=[invoice.pk])))
    assert invoice.display_number in page
    assert reverse("finance:credit_note_create", args=[invoice.pk]) not in page
    assert client.get(schedule.get_absolute_url()).status_code == 200
    assert client.get(reverse("finance:fee_schedule_create")).status_code == 403
    assert client.get(reverse("finance:invoice_create")).status_code == 403
    assert client.post(reverse("finance:invoice_issue", args=[invoice.pk])).status_code == 403
    credit = reverse("finance:credit_note_create", args=[invoice.pk])
    assert client.post(credit, {"reason": "x"}).status_code == 403
    response = client.post(schedule.get_absolute_url(), {"action": "run"})
    assert response.status_code == 403
    assert not InvoiceRun.objects.exists()
    missing = reverse("finance:fee_schedule_detail", args=[schedule.pk + 1000])
    assert client.post(missing, {"action": "run"}).status_code == 403  # not 404: learns nothing


# The invoice list ---------------------------------------------------------------------------


def test_the_list_finds_an_invoice_by_number_buyer_or_reference(client_for, secretary, invoice):
    other = issued_invoice(member_library(name="Biržų rajono savivaldybės viešoji biblioteka"))
    client = client_for(secretary)

    for query in ("LRBA-00001", "Akmenės", invoice.reference):
        page = _html(client.get(reverse("finance:invoice_list"), {"q": query}))
        assert "Akmenės rajono" in page, query
        assert other.buyer_name not in page, query


def test_the_list_filters_overdue_invoices(client_for, secretary):
    overdue = issued_invoice(
        member_library(name="Vėluojanti biblioteka"), issue_date=datetime.date(2026, 1, 2)
    )
    Invoice.objects.filter(pk=overdue.pk).update(due_date=datetime.date(2026, 1, 10))
    issued_invoice(
        member_library(name="Laiku mokanti biblioteka"), issue_date=datetime.date.today()
    )

    page = _html(client_for(secretary).get(reverse("finance:invoice_list"), {"state": "overdue"}))

    assert "Vėluojanti biblioteka" in page
    assert "Laiku mokanti biblioteka" not in page
    assert lt("overdue") in page


def test_the_list_answers_htmx_with_the_table_only(client_for, secretary, invoice):
    response = client_for(secretary).get(
        reverse("finance:invoice_list"), {"q": "Akmenės"}, HTTP_HX_REQUEST="true"
    )

    assert "<html" not in _html(response)
    assert invoice.display_number in _html(response)


# Writing ---------------------------------------------------------------------------------


def test_the_secretariat_sets_a_fee_with_rates(client_for, secretary):
    response = client_for(secretary).post(
        reverse("finance:fee_schedule_create"),
        {
            "year": "2026",
            "name": "Nario mokestis",
            "decision_reference": "VNS 2026-04-18 Nr. 3",
            "proration": FeeSchedule.Proration.MONTHLY,
            "rate_municipal_public": "120,00",
            "rate_individual": "12",
        },
    )

    schedule = FeeSchedule.objects.get()
    assert response.status_code == 302 and response["Location"] == schedule.get_absolute_url()
    assert dict(schedule.rates.values_list("category", "amount")) == {
        Library.Kind.MUNICIPAL_PUBLIC: Decimal("120.00"),
        "individual": Decimal("12.00"),
    }


def test_a_fee_without_a_decision_is_refused_on_the_form(client_for, secretary):
    response = client_for(secretary).post(
        reverse("finance:fee_schedule_create"),
        {"year": "2026", "name": "Nario mokestis", "proration": "monthly"},
    )

    assert response.status_code == 200
    refusal = lt("Name the General Meeting's decision that set the fee, or give its reference.")
    assert escape(refusal) in _html(response)
    assert not FeeSchedule.objects.exists()


def test_the_secretariat_starts_the_run_and_watches_it(
    client_for, secretary, django_capture_on_commit_callbacks
):
    schedule = fee_schedule()
    member_library()
    member_library(name="Kodo neturinti biblioteka", legal_entity_code="")
    client = client_for(secretary)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            schedule.get_absolute_url(),
            {"action": "run", "series": "1", "issue_date": "2026-03-02", "send_emails": "on"},
        )

    run = InvoiceRun.objects.get()
    assert response["Location"] == reverse("finance:invoice_run_detail", args=[run.pk])
    page = _html(client.get(response["Location"]))
    assert "Kodo neturinti biblioteka" in page
    fragment = _html(client.get(response["Location"], HTTP_HX_REQUEST="true"))
    assert "<html" not in fragment and 'id="run-progress"' in fragment
    assert "hx-trigger" not in fragment  # done: the polling stops
    assert Invoice.objects.filter(run=run).count() == 1


def test_the_secretariat_writes_a_manual_invoice_and_issues_it(client_for, secretary):
    membership = member_library()
    client = client_for(secretary)

    response = client.post(
        reverse("finance:invoice_create"),
        {
            "membership": membership.pk,
            "lines-TOTAL_FORMS": "2",
            "lines-INITIAL_FORMS": "0",
            "lines-MIN_NUM_FORMS": "1",
            "lines-MAX_NUM_FORMS": "50",
            "lines-0-description": "Seminaro dalyvio mokestis",
            "lines-0-quantity": "2",
            "lines-0-unit": "vnt.",
            "lines-0-unit_price": "35,50",
            "lines-1-description": "",
            "lines-1-quantity": "1",
            "lines-1-unit": "vnt.",
            "lines-1-unit_price": "",
        },
    )

    draft = Invoice.objects.get()
    assert response["Location"] == draft.get_absolute_url()
    assert draft.status == Invoice.Status.DRAFT and draft.total == Decimal("71.00")
    client.post(reverse("finance:invoice_issue", args=[draft.pk]), {"send": ["0", "1"]})
    draft.refresh_from_db()
    assert draft.status == Invoice.Status.ISSUED and draft.number == 1


def test_issuing_to_a_library_without_a_code_shows_why(client_for, secretary):
    membership = member_library(name="Kodo neturinti biblioteka", legal_entity_code="")
    draft = invoices.invoice_draft_create(
        membership=membership,
        lines=[invoices.LineInput(description="Mokestis", unit_price=Decimal("10.00"))],
        by=None,
    )

    response = client_for(secretary).post(
        reverse("finance:invoice_issue", args=[draft.pk]), follow=True
    )

    assert "Kodo neturinti biblioteka" in _html(response)
    draft.refresh_from_db()
    assert draft.status == Invoice.Status.DRAFT


def test_a_credit_note_larger_than_what_is_open_is_refused_on_the_page(
    client_for, secretary, invoice
):
    client = client_for(secretary)
    url = reverse("finance:credit_note_create", args=[invoice.pk])

    response = client.post(url, {"amount": "500", "reason": "Klaida"})

    assert response.status_code == 200
    assert not Invoice.objects.credit_notes().exists()
    assert "LRBA-00001" in _html(response) and "500" in _html(response)
    response = client.post(url, {"amount": "", "reason": "Klaida"})
    assert response.status_code == 302
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.CANCELLED


# The back office ----------------------------------------------------------------------------


def test_an_issued_invoice_is_read_only_in_the_back_office_and_cannot_be_deleted(
    staff_client, invoice
):
    change = reverse("admin:finance_invoice_change", args=[invoice.pk])
    delete = reverse("admin:finance_invoice_delete", args=[invoice.pk])

    page = staff_client.get(change)
    assert page.status_code == 200
    assert 'name="_save"' not in _html(page)
    staff_client.post(change, {"notes": "pakeista", "due_date": "2030-01-01"})
    assert staff_client.get(delete).status_code == 403
    staff_client.post(delete, {"post": "yes"})
    staff_client.post(
        reverse("admin:finance_invoice_changelist"),
        {"action": "delete_selected", "_selected_action": [invoice.pk], "post": "yes"},
    )
    invoice.refresh_from_db()
    assert invoice.notes == "" and invoice.due_date != datetime.date(2030, 1, 1)


def test_a_draft_may_be_deleted_in_the_back_office(staff_client):
    draft = invoices.invoice_draft_create(
        membership=member_library(),
        lines=[invoices.LineInput(description="Mokestis", unit_price=Decimal("10.00"))],
        by=None,
    )

    staff_client.post(reverse("admin:finance_invoice_delete", args=[draft.pk]), {"post": "yes"})

    assert not Invoice.objects.filter(pk=draft.pk).exists()


def test_the_secretariat_exempts_a_member_on_the_fees_page(client_for, secretary):
    schedule, membership = fee_schedule(), member_library(name="Nukentėjusi biblioteka")
    client = client_for(secretary)
    page = _html(client.get(schedule.get_absolute_url()))
    assert lt("Issue the year's invoices") in page

    client.post(
        schedule.get_absolute_url(),
        {"action": "exemption", "membership": membership.pk, "amount": "", "reason": "Gaisras"},
    )

    exemption = schedule.exemptions.get()
    assert (exemption.membership, exemption.amount) == (membership, None)
    assert "Nukentėjusi biblioteka" in _html(client.get(schedule.get_absolute_url()))


def test_changing_the_rates_after_invoices_were_issued_is_refused_on_the_page(
    client_for, secretary
):
    from lrba.finance.services.fees import fee_invoice_issue
    from lrba.finance.tests.factories import series

    schedule = fee_schedule()
    fee_invoice_issue(
        schedule, member_library(), series=series(), issue_date=datetime.date(2026, 3, 2), by=None
    )

    response = client_for(secretary).post(
        schedule.get_absolute_url(),
        {"action": "rates", "rate_municipal_public": "200"},
        follow=True,
    )

    refusal = lt(
        "Invoices of this fee have been issued, so its rates no longer change. To correct "
        "a member's fee, issue a credit note and a new invoice."
    )
    assert escape(refusal) in _html(response)
    assert schedule.rates.get(category="municipal_public").amount == Decimal("120.00")
