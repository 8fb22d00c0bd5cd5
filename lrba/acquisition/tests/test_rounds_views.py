"""The secretariat's round pages, the supplier orders' downloads and the libraries' MARC
files: who sees what, opening and closing after confirming, and the files themselves."""

import io
from decimal import Decimal

import openpyxl
import pymarc
import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from conftest import lt
from lrba.accounts.tests.factories import MODEL_BACKEND
from lrba.acquisition.models import Round, SupplierOrder
from lrba.acquisition.services.closing import round_close
from lrba.acquisition.tests.factories import (
    DiscountTierFactory,
    OfferFactory,
    OrderLineFactory,
    RoundBudgetFactory,
    RoundFactory,
    SupplierFactory,
    TitleFactory,
    authorised_employee,
    representative,
)
from lrba.members.tests.factories import LibraryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_with_orders():
    supplier = SupplierFactory(name="Alfa knygos")
    round_ = RoundFactory(suppliers=[supplier], name="Pavasario etapas")
    DiscountTierFactory(round=round_, min_copies=3, discount_percent=Decimal("5.00"))
    library = LibraryFactory(name="Utenos biblioteka")
    other = LibraryFactory(name="Molėtų biblioteka")
    RoundBudgetFactory(round=round_, library=library, amount=Decimal("300.00"))
    RoundBudgetFactory(round=round_, library=other, amount=Decimal("200.00"))
    offer = OfferFactory(
        supplier=supplier, price=Decimal("20.00"), title=TitleFactory(title="Žalios lankos")
    )
    OrderLineFactory(round=round_, library=library, offer=offer, quantity=2)
    OrderLineFactory(round=round_, library=other, offer=offer, quantity=1)
    return round_, library, other


def _login(client, user):
    client.force_login(user, backend=MODEL_BACKEND)
    return client


def test_the_round_page_shows_progress_and_each_library_s_budget_against_its_order(
    staff_client, round_with_orders
):
    round_, _library, _other = round_with_orders

    response = staff_client.get(reverse("acquisition:round_staff", args=[round_.pk]))

    assert response.status_code == 200
    budgets = {
        b.library.name: (b.amount, b.committed, b.remaining) for b in response.context["budgets"]
    }
    assert budgets == {
        "Utenos biblioteka": (Decimal("300.00"), Decimal("40.00"), Decimal("260.00")),
        "Molėtų biblioteka": (Decimal("200.00"), Decimal("20.00"), Decimal("180.00")),
    }
    assert response.context["progress"].copies == 3
    assert response.context["progress"].discount_percent == Decimal("5.00")
    assert reverse("acquisition:round_close", args=[round_.pk]) in response.content.decode()


def test_the_round_list_lists_every_round_for_the_staff(staff_client, round_with_orders):
    draft = RoundFactory(status=Round.Status.DRAFT, name="Rudens etapas")

    response = staff_client.get(reverse("acquisition:round_list_staff"))

    assert response.status_code == 200
    assert {r.name for r in response.context["items"]} == {"Pavasario etapas", draft.name}


def test_closing_asks_to_confirm_then_closes_and_lists_the_downloads(
    client, secretary, round_with_orders
):
    round_, _library, _other = round_with_orders
    client = _login(client, secretary)
    url = reverse("acquisition:round_close", args=[round_.pk])

    assert client.get(url).status_code == 200
    unconfirmed = client.post(url, {})
    round_.refresh_from_db()
    assert unconfirmed.status_code == 200 and round_.status == Round.Status.OPEN

    response = client.post(url, {"confirm": "on"}, follow=True)

    round_.refresh_from_db()
    assert round_.status == Round.Status.CLOSED
    order = SupplierOrder.objects.get(round=round_)
    content = response.content.decode()
    assert order.number in content
    assert reverse("acquisition:supplier_order_download", args=[order.pk, "xlsx"]) in content


def test_closing_a_closed_round_says_so_and_changes_nothing(client, secretary, round_with_orders):
    round_, _library, _other = round_with_orders
    round_close(round=round_, user=None)
    client = _login(client, secretary)

    response = client.post(reverse("acquisition:round_close", args=[round_.pk]), {"confirm": "on"})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert SupplierOrder.objects.filter(round=round_).count() == 1
    refused = LogEntry.objects.get_for_object(round_).filter(action=LogEntry.Action.ACCESS).get()
    assert refused.additional_data["refused"] == "round_close"
    assert refused.actor == secretary


def test_opening_a_draft_names_what_is_missing(client, secretary):
    draft = RoundFactory(status=Round.Status.DRAFT)
    client = _login(client, secretary)

    response = client.post(reverse("acquisition:round_open", args=[draft.pk]), {"confirm": "on"})

    draft.refresh_from_db()
    assert draft.status == Round.Status.DRAFT
    errors = " ".join(response.context["form"].non_field_errors())
    assert lt("Choose at least one supplier for the round.") in errors
    assert lt("Give at least one library a budget for the round.") in errors


def test_opening_a_complete_draft_opens_it(client, secretary):
    supplier = SupplierFactory()
    draft = RoundFactory(status=Round.Status.DRAFT, suppliers=[supplier])
    RoundBudgetFactory(round=draft)
    client = _login(client, secretary)

    response = client.post(reverse("acquisition:round_open", args=[draft.pk]), {"confirm": "on"})

    draft.refresh_from_db()
    assert response.status_code == 302
    assert draft.status == Round.Status.OPEN


def test_the_auditor_reads_but_cannot_open_or_close(client, auditor, round_with_orders):
    round_, _library, _other = round_with_orders
    client = _login(client, auditor)

    page = client.get(reverse("acquisition:round_staff", args=[round_.pk]))
    close = client.post(reverse("acquisition:round_close", args=[round_.pk]), {"confirm": "on"})

    assert page.status_code == 200
    assert reverse("acquisition:round_close", args=[round_.pk]) not in page.content.decode()
    assert close.status_code == 403
    round_.refresh_from_db()
    assert round_.status == Round.Status.OPEN


def test_a_librarian_sees_none_of_the_secretariat_s_pages(client, round_with_orders):
    round_, library, _other = round_with_orders
    client = _login(client, representative(library))

    for url in (
        reverse("acquisition:round_list_staff"),
        reverse("acquisition:round_staff", args=[round_.pk]),
        reverse("acquisition:round_close", args=[round_.pk]),
    ):
        assert client.get(url).status_code == 403, url


def test_the_supplier_order_downloads_as_xlsx_and_csv(staff_client, round_with_orders):
    round_, _library, _other = round_with_orders
    (order,) = round_close(round=round_, user=None)

    xlsx = staff_client.get(reverse("acquisition:supplier_order_download", args=[order.pk, "xlsx"]))
    csv = staff_client.get(reverse("acquisition:supplier_order_download", args=[order.pk, "csv"]))
    other = staff_client.get(reverse("acquisition:supplier_order_download", args=[order.pk, "pdf"]))

    workbook = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert len(workbook.sheetnames) == 2
    assert order.number in xlsx["Content-Disposition"]
    assert csv["Content-Type"].startswith("text/csv")
    assert "Žalios lankos" in csv.content.decode("utf-8-sig")
    assert other.status_code == 404


def test_a_library_s_staff_download_its_marc_and_nobody_else_s(client, round_with_orders):
    round_, library, other = round_with_orders
    round_close(round=round_, user=None)
    client = _login(client, authorised_employee(library))

    mine = client.get(
        reverse("acquisition:library_order_marc", args=[round_.pk, library.pk, "mrc"])
    )
    theirs = client.get(
        reverse("acquisition:library_order_marc", args=[round_.pk, other.pk, "mrc"])
    )

    assert mine.status_code == 200
    (record,) = list(pymarc.MARCReader(mine.content, to_unicode=True, force_utf8=True))
    assert record["245"]["a"] == "Žalios lankos"
    assert record["541"]["n"] == "2"
    assert theirs.status_code == 404


def test_the_staff_download_any_library_s_marc_as_marcxml(staff_client, round_with_orders):
    round_, _library, other = round_with_orders

    response = staff_client.get(
        reverse("acquisition:library_order_marc", args=[round_.pk, other.pk, "xml"])
    )

    (record,) = pymarc.parse_xml_to_array(io.BytesIO(response.content))
    assert record["541"]["n"] == "1"
    assert ".xml" in response["Content-Disposition"]


def test_a_draft_round_s_marc_is_not_there_for_a_library(client, round_with_orders):
    _round, library, _other = round_with_orders
    draft = RoundFactory(status=Round.Status.DRAFT)
    client = _login(client, representative(library))

    response = client.get(
        reverse("acquisition:library_order_marc", args=[draft.pk, library.pk, "xml"])
    )

    assert response.status_code == 404


def test_a_visitor_is_asked_to_sign_in_for_a_marc_file(client, round_with_orders):
    round_, library, _other = round_with_orders

    response = client.get(
        reverse("acquisition:library_order_marc", args=[round_.pk, library.pk, "xml"])
    )

    assert response.status_code in (302, 403)
