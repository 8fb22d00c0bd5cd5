"""Closing a round while a library orders: the line is either in the supplier order or
refused, never half (PostgreSQL: real transactions in threads).

Closing locks the round, marks it closed, then locks every budget row; ordering locks its
library's budget row, then re-reads the round. The first two tests pin each interleaving
by pausing one side while it holds its locks; the last races them many times."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from lrba.acquisition.models import Holding, OrderLine, Round, SupplierOrder
from lrba.acquisition.services import closing, ordering
from lrba.acquisition.services.closing import round_close
from lrba.acquisition.services.ordering import order_line_set
from lrba.acquisition.tests.factories import (
    OfferFactory,
    OrderLineFactory,
    RoundBudgetFactory,
    RoundFactory,
    SupplierFactory,
    representative,
)
from lrba.core.tests.concurrency import POSTGRES_RACE, run_at_once
from lrba.members.tests.factories import LibraryFactory

pytestmark = POSTGRES_RACE

WAIT = 10  # seconds: far beyond any lock wait here, so a hang fails instead of blocking


def _round_with_orders():
    supplier = SupplierFactory()
    round_ = RoundFactory(suppliers=[supplier])
    library = LibraryFactory()
    RoundBudgetFactory(round=round_, library=library, amount=Decimal("1000.00"))
    # Another library's line already in, so the supplier order exists either way.
    other = LibraryFactory()
    RoundBudgetFactory(round=round_, library=other, amount=Decimal("1000.00"))
    OrderLineFactory(round=round_, library=other, offer=OfferFactory(supplier=supplier))
    offer = OfferFactory(supplier=supplier, price=Decimal("15.00"))
    return round_, library, representative(library), offer


def _in_the_supplier_order(round_: Round, library, offer) -> bool:
    """The line is wholly in: ordered, in its supplier order's totals, held."""
    mine = OrderLine.objects.get(round=round_, library=library, offer=offer)
    order = SupplierOrder.objects.get(round=round_, supplier=offer.supplier)
    return (
        mine.status == OrderLine.Status.ORDERED
        and mine.supplier_order_id == order.pk
        and order.copies == sum(order.lines.values_list("quantity", flat=True))
        and order.total_list == sum(line.amount for line in order.lines.all())
        and Holding.objects.filter(library=library, isbn=offer.title.isbn).exists()
    )


def _in_thread(job):
    outcome: dict = {}

    def run():
        from django.db import connections

        try:
            outcome["result"] = job()
        except BaseException as error:  # noqa: BLE001 (reported to the test)
            outcome["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def test_an_order_holding_its_budget_lock_is_counted_by_the_closing(monkeypatch):
    round_, library, user, offer = _round_with_orders()
    locked, release = threading.Event(), threading.Event()
    committed = ordering.library_committed

    def paused(*args, **kwargs):
        # Inside order_line_set, after the budget lock and the round's re-read.
        locked.set()
        assert release.wait(WAIT)
        return committed(*args, **kwargs)

    monkeypatch.setattr(ordering, "library_committed", paused)
    order_thread, order_outcome = _in_thread(
        lambda: order_line_set(round=round_, library=library, offer=offer, quantity=3, user=user)
    )
    assert locked.wait(WAIT)
    close_thread, close_outcome = _in_thread(lambda: round_close(round=round_, user=None))
    close_thread.join(1.0)
    assert close_thread.is_alive(), "closing must wait for the order holding a budget lock"

    release.set()
    order_thread.join(WAIT)
    close_thread.join(WAIT)

    assert "error" not in order_outcome and "error" not in close_outcome
    assert _in_the_supplier_order(round_, library, offer)


def test_an_order_arriving_while_the_round_closes_is_refused_and_writes_nothing(monkeypatch):
    round_, library, user, offer = _round_with_orders()
    locked, release = threading.Event(), threading.Event()
    tier = closing.tier_for

    def paused(*args, **kwargs):
        # Inside round_close, after the round is marked closed and every budget locked.
        locked.set()
        assert release.wait(WAIT)
        return tier(*args, **kwargs)

    monkeypatch.setattr(closing, "tier_for", paused)
    close_thread, close_outcome = _in_thread(lambda: round_close(round=round_, user=None))
    assert locked.wait(WAIT)
    order_thread, order_outcome = _in_thread(
        lambda: order_line_set(round=round_, library=library, offer=offer, quantity=3, user=user)
    )
    order_thread.join(1.0)
    assert order_thread.is_alive(), "the order must wait for the closing's budget locks"

    release.set()
    close_thread.join(WAIT)
    order_thread.join(WAIT)

    assert "error" not in close_outcome
    refusal = order_outcome.get("error")
    assert isinstance(refusal, ValidationError)
    assert refusal.code == "round_not_taking_orders"
    assert not OrderLine.objects.filter(library=library).exists()
    assert not Holding.objects.filter(library=library).exists()


@pytest.mark.parametrize("attempt", range(12))
def test_closing_and_ordering_at_once_leave_the_line_in_or_refused_never_half(attempt):
    round_, library, user, offer = _round_with_orders()

    outcome = run_at_once(
        [
            lambda: round_close(round=round_, user=None),
            lambda: order_line_set(
                round=round_, library=library, offer=offer, quantity=2, user=user
            ),
        ]
    )

    assert all(isinstance(e, ValidationError) for e in outcome.errors), outcome.errors
    assert Round.objects.get(pk=round_.pk).status == Round.Status.CLOSED
    if outcome.errors:  # the order came after the closing
        assert [e.code for e in outcome.errors] == ["round_not_taking_orders"]
        assert not OrderLine.objects.filter(library=library).exists()
    else:  # the order came first and is wholly in
        assert _in_the_supplier_order(round_, library, offer)
