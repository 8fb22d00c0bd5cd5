"""The acquisition back office: every list and form opens, rounds open and close through
the actions (the services' checks included), a closed round and the services' records
are read-only, and the auditor runs no action."""

from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.admin import helpers
from django.urls import reverse

from conftest import lt
from lrba.accounts.tests.factories import MODEL_BACKEND
from lrba.acquisition import models
from lrba.acquisition.tests.factories import (
    ColumnMappingFactory,
    DiscountTierFactory,
    HoldingFactory,
    OfferFactory,
    OrderLineFactory,
    RoundBudgetFactory,
    RoundFactory,
    SupplierFactory,
)

pytestmark = pytest.mark.django_db

ACQUISITION_MODELS = [m for m in admin.site._registry if m._meta.app_label == "acquisition"]


def _url(model, view: str, *args) -> str:
    return reverse(f"admin:acquisition_{model._meta.model_name}_{view}", args=args)


def test_every_acquisition_list_and_record_opens_for_the_secretariat(staff_client):
    round_ = RoundFactory(status=models.Round.Status.DRAFT)
    RoundBudgetFactory(round=round_)
    DiscountTierFactory(round=round_)
    OrderLineFactory(round=round_)
    ColumnMappingFactory()
    HoldingFactory()

    assert {m._meta.model_name for m in ACQUISITION_MODELS} >= {
        "supplier",
        "round",
        "title",
        "offer",
        "catalogueimport",
        "orderline",
        "supplierorder",
        "holding",
    }
    for model in ACQUISITION_MODELS:
        assert staff_client.get(_url(model, "changelist")).status_code == 200, model
        obj = model._default_manager.first()
        if obj is not None:
            assert staff_client.get(_url(model, "change", obj.pk)).status_code == 200, model
    assert staff_client.get(_url(models.Round, "add")).status_code == 200
    assert staff_client.get(_url(models.Supplier, "add")).status_code == 200


def _act(client, action: str, *objects):
    return client.post(
        _url(models.Round, "changelist"),
        {"action": action, helpers.ACTION_CHECKBOX_NAME: [o.pk for o in objects]},
        follow=True,
    )


def _ready_draft(**fields):
    supplier = SupplierFactory()
    round_ = RoundFactory(status=models.Round.Status.DRAFT, suppliers=[supplier], **fields)
    RoundBudgetFactory(round=round_)
    DiscountTierFactory(round=round_, min_copies=10, discount_percent=Decimal("3"))
    DiscountTierFactory(round=round_, min_copies=50, discount_percent=Decimal("8"))
    return round_


def test_the_open_action_opens_a_complete_round_and_names_what_an_incomplete_one_lacks(
    client, secretary
):
    client.force_login(secretary, backend=MODEL_BACKEND)
    ready = _ready_draft()
    incomplete = RoundFactory(status=models.Round.Status.DRAFT)

    response = _act(client, "open_selected", ready, incomplete)

    ready.refresh_from_db()
    incomplete.refresh_from_db()
    assert (ready.status, incomplete.status) == (
        models.Round.Status.OPEN,
        models.Round.Status.DRAFT,
    )
    text = [str(m) for m in response.context["messages"]]
    name = str(incomplete.name)
    suppliers = lt("Choose at least one supplier for the round.")
    budgets = lt("Give at least one library a budget for the round.")
    assert any(name in m and suppliers in m for m in text), text
    assert any(name in m and budgets in m for m in text), text


def test_tiers_whose_discount_does_not_rise_keep_the_round_closed(client, secretary):
    client.force_login(secretary, backend=MODEL_BACKEND)
    round_ = _ready_draft()
    DiscountTierFactory(round=round_, min_copies=100, discount_percent=Decimal("2"))

    response = _act(client, "open_selected", round_)

    round_.refresh_from_db()
    assert round_.status == models.Round.Status.DRAFT
    rising = lt("Each discount tier must give a larger discount than the tier below it.")
    assert any(rising in str(m) for m in response.context["messages"])


def test_the_close_action_closes_and_makes_the_supplier_orders(client, secretary):
    client.force_login(secretary, backend=MODEL_BACKEND)
    supplier = SupplierFactory()
    round_ = RoundFactory(suppliers=[supplier])
    OrderLineFactory(round=round_, offer=OfferFactory(supplier=supplier), quantity=4)

    _act(client, "close_selected", round_)

    round_.refresh_from_db()
    assert round_.status == models.Round.Status.CLOSED
    assert round_.closed_by == secretary
    assert models.SupplierOrder.objects.get(round=round_).copies == 4


def test_a_closed_round_is_read_only_and_cannot_be_deleted(staff_client):
    round_ = RoundFactory(status=models.Round.Status.CLOSED)

    response = staff_client.post(
        _url(models.Round, "change", round_.pk), {"name": "Pakeista"}, follow=True
    )

    round_.refresh_from_db()
    assert round_.name != "Pakeista"
    assert response.status_code in (200, 403)
    assert staff_client.get(_url(models.Round, "delete", round_.pk)).status_code == 403


def test_order_lines_cannot_be_edited_past_the_ordering_service(staff_client):
    line = OrderLineFactory(quantity=2)

    staff_client.post(_url(models.OrderLine, "change", line.pk), {"quantity": 999})

    line.refresh_from_db()
    assert line.quantity == 2
    assert staff_client.get(_url(models.OrderLine, "add")).status_code == 403


def test_the_auditor_reads_the_rounds_and_is_offered_no_action(client, auditor):
    client.force_login(auditor, backend=MODEL_BACKEND)
    round_ = _ready_draft()

    response = client.get(_url(models.Round, "changelist"))
    _act(client, "open_selected", round_)

    assert response.status_code == 200
    assert "open_selected" not in response.content.decode()
    round_.refresh_from_db()
    assert round_.status == models.Round.Status.DRAFT
