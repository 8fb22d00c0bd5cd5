"""The matching pages through the client: the secretariat matches, splits, keeps as
credit, ignores and undoes; the auditor reads and gets no form; anyone else is refused."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from conftest import lt
from lrba.finance.models import Allocation, BankEntry, FinanceSettings, Invoice
from lrba.finance.services.matching import entry_split
from lrba.finance.tests.factories import BankEntryFactory
from lrba.finance.tests.factories_matching import issued_invoice
from lrba.governance.models import WrittenProcedure

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat(client_for, secretary):
    return client_for(secretary)


@pytest.fixture
def auditing(client_for, auditor):
    return client_for(auditor)


def _fresh(obj):
    obj.refresh_from_db()
    return obj


def test_the_queue_lists_waiting_payments_and_not_matched_ones(secretariat):
    waiting = BankEntryFactory(counterparty_name="Kupiškio biblioteka", amount=Decimal("77.00"))
    invoice = issued_invoice()
    done = BankEntryFactory(counterparty_name="Pasvalio biblioteka")
    entry_split(entry=done, parts=[(invoice, Decimal("120.00"))], by=None)

    response = secretariat.get(reverse("finance:match_queue"))

    assert response.status_code == 200
    assert waiting.counterparty_name in response.text
    assert done.counterparty_name not in response.text


def test_the_queue_filters_by_search_as_an_htmx_fragment(secretariat):
    BankEntryFactory(counterparty_name="Kupiškio biblioteka")
    BankEntryFactory(counterparty_name="Pasvalio biblioteka")

    response = secretariat.get(
        reverse("finance:match_queue"), {"q": "Kupiškio"}, headers={"HX-Request": "true"}
    )

    assert "Kupiškio" in response.text and "Pasvalio" not in response.text
    assert "<h1>" not in response.text


def test_the_secretariat_matches_an_entry_by_hand(secretariat):
    invoice = issued_invoice(total="120.00")
    entry = BankEntryFactory(amount=Decimal("120.00"))
    page = secretariat.get(reverse("finance:entry_detail", args=[entry.pk]))
    assert invoice.display_number in page.text  # suggested: the same amount

    response = secretariat.post(
        reverse("finance:entry_match", args=[entry.pk]),
        {"invoice": invoice.pk, "amount": "120,00"},
        follow=True,
    )

    assert _fresh(invoice).status == Invoice.Status.PAID
    assert _fresh(entry).status == BankEntry.Status.MATCHED
    assert (
        lt("The payment is matched to invoice %(number)s.") % {"number": invoice.display_number}
        in response.text
    )


def test_a_refused_match_says_why_and_changes_nothing(secretariat):
    invoice = issued_invoice(total="50.00")
    entry = BankEntryFactory(amount=Decimal("120.00"))

    response = secretariat.post(
        reverse("finance:entry_match", args=[entry.pk]),
        {"invoice": invoice.pk, "amount": "120.00"},
        follow=True,
    )

    assert not Allocation.objects.exists()
    assert response.status_code == 200
    assert "50,00" in response.text  # the balance still due, named in the refusal


def test_an_amount_with_three_decimals_is_refused(secretariat):
    invoice = issued_invoice()
    entry = BankEntryFactory()
    secretariat.post(
        reverse("finance:entry_match", args=[entry.pk]), {"invoice": invoice.pk, "amount": "1.005"}
    )
    assert not Allocation.objects.exists()


def test_the_secretariat_splits_keeps_credit_ignores_and_undoes(secretariat):
    first = issued_invoice(total="100.00")
    second = issued_invoice(total="50.00")
    entry = BankEntryFactory(amount=Decimal("200.00"))

    secretariat.post(
        reverse("finance:entry_split", args=[entry.pk]),
        {
            "invoice_1": first.pk,
            "amount_1": "100",
            "invoice_2": second.pk,
            "amount_2": "50",
            "credit_membership": first.membership_id,
        },
    )
    assert _fresh(first).status == Invoice.Status.PAID
    assert _fresh(second).status == Invoice.Status.PAID
    credit = Allocation.objects.get(invoice__isnull=True)
    assert credit.amount == Decimal("50.00")

    secretariat.post(reverse("finance:allocation_undo", args=[credit.pk]))
    assert _fresh(entry).status == BankEntry.Status.PARTLY_MATCHED

    other = BankEntryFactory(amount=Decimal("10.00"))
    secretariat.post(
        reverse("finance:entry_credit", args=[other.pk]), {"membership": second.membership_id}
    )
    assert _fresh(other).status == BankEntry.Status.MATCHED

    interest = BankEntryFactory(amount=Decimal("0.12"))
    secretariat.post(reverse("finance:entry_ignore", args=[interest.pk]), {"reason": "Palūkanos"})
    assert _fresh(interest).status == BankEntry.Status.IGNORED
    secretariat.post(reverse("finance:entry_unignore", args=[interest.pk]))
    assert _fresh(interest).status == BankEntry.Status.UNMATCHED


def test_the_secretariat_applies_a_credit_to_an_invoice(secretariat):
    invoice = issued_invoice(total="100.00")
    entry = BankEntryFactory(amount=Decimal("30.00"))
    [credit] = entry_split(entry=entry, parts=[], credit_membership=invoice.membership, by=None)
    assert secretariat.get(reverse("finance:credit_apply", args=[credit.pk])).status_code == 200

    secretariat.post(
        reverse("finance:credit_apply", args=[credit.pk]),
        {"invoice": invoice.pk, "amount": "30"},
    )

    assert _fresh(invoice).status == Invoice.Status.PARTLY_PAID
    assert _fresh(invoice).amount_paid == Decimal("30.00")


def test_the_auditor_reads_every_page_and_gets_no_form(auditing):
    invoice = issued_invoice(total="120.00", due_date=datetime.date(2026, 1, 1))
    entry = BankEntryFactory(amount=Decimal("120.00"))

    for url in (
        reverse("finance:match_queue"),
        reverse("finance:entry_detail", args=[entry.pk]),
        reverse("finance:arrears_list"),
        reverse("finance:arrears_proposal", args=[invoice.membership_id]),
    ):
        response = auditing.get(url)
        assert response.status_code == 200, url
        assert 'method="post"' not in response.text.split("</header>", 1)[-1].split("<footer")[0]

    response = auditing.post(
        reverse("finance:entry_match", args=[entry.pk]), {"invoice": invoice.pk, "amount": "120"}
    )
    assert response.status_code == 403
    assert not Allocation.objects.exists()


@pytest.mark.parametrize("who", ["member_user", "board_member", "dave"])
def test_others_are_refused(who, client_for, request):
    user = request.getfixturevalue(who)
    client = client_for(user)
    entry = BankEntryFactory()
    allocation_entry = BankEntryFactory()
    invoice = issued_invoice()
    [allocation] = entry_split(
        entry=allocation_entry, parts=[(invoice, Decimal("120.00"))], by=None
    )

    for url in (
        reverse("finance:match_queue"),
        reverse("finance:entry_detail", args=[entry.pk]),
        reverse("finance:arrears_list"),
    ):
        assert client.get(url).status_code in (302, 403), url
    assert client.post(reverse("finance:allocation_undo", args=[allocation.pk])).status_code in (
        302,
        403,
    )
    assert _fresh(allocation).is_active


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("finance:match_queue"))
    assert response.status_code in (302, 403)


def test_the_arrears_list_shows_ages_and_downloads(secretariat):
    invoice = issued_invoice(
        total="120.00", due_date=datetime.date.today() - datetime.timedelta(days=45)
    )

    page = secretariat.get(reverse("finance:arrears_list"))
    assert invoice.display_number in page.text
    assert lt("31–60 days") in page.text

    csv = secretariat.get(reverse("finance:arrears_list"), {"format": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    assert invoice.display_number in csv.content.decode("utf-8-sig")
    xlsx = secretariat.get(reverse("finance:arrears_list"), {"format": "xlsx"})
    assert xlsx.content[:2] == b"PK"


def test_the_secretariat_prepares_a_board_proposal(secretariat):
    finance = FinanceSettings.current()
    finance.arrears_consequence_days = 60
    finance.save()
    invoice = issued_invoice(due_date=datetime.date.today() - datetime.timedelta(days=70))
    page = secretariat.get(reverse("finance:arrears_list"))
    assert reverse("finance:arrears_proposal", args=[invoice.membership_id]) in page.text

    response = secretariat.post(
        reverse("finance:arrears_proposal", args=[invoice.membership_id]),
        {
            "how": "procedure",
            "deadline": (datetime.datetime.now() + datetime.timedelta(days=5)).strftime(
                "%Y-%m-%dT%H:%M"
            ),
        },
    )

    procedure = WrittenProcedure.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("governance:procedure_detail", args=[procedure.pk])
    assert procedure.status == WrittenProcedure.Status.DRAFT
