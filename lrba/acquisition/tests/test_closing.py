"""Closing a round (`round_close`, `rounds_close_due`, `close_due_rounds`): the supplier
orders, the titles left out under the minimum, the discount reached, the holdings, and
refusals that leave nothing half-done."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from lrba.acquisition.models import Holding, OrderLine, Round, SupplierOrder
from lrba.acquisition.services.closing import round_close, rounds_close_due
from lrba.acquisition.tests.factories import (
    DiscountTierFactory,
    HoldingFactory,
    OfferFactory,
    OrderLineFactory,
    RoundBudgetFactory,
    RoundFactory,
    SupplierFactory,
    TitleFactory,
)
from lrba.members.tests.factories import LibraryFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def world():
    """Two suppliers, two libraries, tiers at 10 and 20 copies; minimum 2 copies a title."""
    alpha = SupplierFactory(name="Alfa knygos", code="alfa")
    beta = SupplierFactory(name="Beta leidykla", code="beta")
    round_ = RoundFactory(suppliers=[alpha, beta], min_copies_per_title=2, min_copies_per_order=5)
    DiscountTierFactory(round=round_, min_copies=10, discount_percent=Decimal("5.00"))
    DiscountTierFactory(round=round_, min_copies=20, discount_percent=Decimal("10.00"))
    north, south = (
        LibraryFactory(name="Šiaurės biblioteka"),
        LibraryFactory(name="Pietų biblioteka"),
    )
    for library in (north, south):
        RoundBudgetFactory(round=round_, library=library, amount=Decimal("5000.00"))
    popular = OfferFactory(supplier=alpha, price=Decimal("10.00"))
    rare = OfferFactory(supplier=alpha, price=Decimal("7.30"))
    other = OfferFactory(supplier=beta, price=Decimal("20.00"))
    lines = {
        "north_popular": OrderLineFactory(round=round_, library=north, offer=popular, quantity=6),
        "south_popular": OrderLineFactory(round=round_, library=south, offer=popular, quantity=6),
        "south_rare": OrderLineFactory(round=round_, library=south, offer=rare, quantity=1),
        "north_other": OrderLineFactory(round=round_, library=north, offer=other, quantity=3),
    }
    return {"round": round_, "alpha": alpha, "beta": beta, "north": north, "south": south, **lines}


def test_closing_makes_one_order_per_supplier_with_the_reached_discount(world, staff_user):
    orders = round_close(round=world["round"], user=staff_user)

    year = timezone.localdate().year
    assert [(o.supplier, o.copies) for o in orders] == [(world["alpha"], 12), (world["beta"], 3)]
    alpha, beta = orders
    # 15 ordered copies (the single rare copy is left out) reach the 10-copy tier: 5 %.
    assert alpha.discount_percent == beta.discount_percent == Decimal("5.00")
    assert (alpha.total_list, alpha.total_net) == (Decimal("120.00"), Decimal("114.00"))
    assert (beta.total_list, beta.total_net) == (Decimal("60.00"), Decimal("57.00"))
    assert (alpha.below_minimum, beta.below_minimum) == (False, True)  # 3 < 5 copies
    assert [o.number for o in orders] == [f"KU-{year}-0001", f"KU-{year}-0002"]
    round_ = Round.objects.get(pk=world["round"].pk)
    assert round_.status == Round.Status.CLOSED
    assert round_.closed_by == staff_user
    assert round_.closed_at is not None


def test_lines_of_a_title_under_the_minimum_are_left_out_and_the_rest_point_to_their_order(
    world, staff_user
):
    alpha, beta = round_close(round=world["round"], user=staff_user)

    for name, order in (("north_popular", alpha), ("south_popular", alpha), ("north_other", beta)):
        line = OrderLine.objects.get(pk=world[name].pk)
        assert (line.status, line.supplier_order) == (OrderLine.Status.ORDERED, order)
    rare = OrderLine.objects.get(pk=world["south_rare"].pk)
    assert (rare.status, rare.supplier_order) == (OrderLine.Status.BELOW_MINIMUM, None)


def test_each_library_holds_what_it_bought_and_keeps_what_it_held(world, staff_user):
    held = HoldingFactory(library=world["north"], isbn=world["north_other"].offer.title.isbn)

    round_close(round=world["round"], user=staff_user)

    north = set(Holding.objects.filter(library=world["north"]).values_list("isbn", "source"))
    south = set(Holding.objects.filter(library=world["south"]).values_list("isbn", "source"))
    assert north == {
        (world["north_popular"].offer.title.isbn, Holding.Source.ROUND),
        (held.isbn, Holding.Source.UPLOAD),  # already held: left as it was
    }
    # The rare title was left out: the south library does not hold it.
    assert south == {(world["south_popular"].offer.title.isbn, Holding.Source.ROUND)}
    bought = Holding.objects.filter(source=Holding.Source.ROUND).first()
    assert bought.created_at <= timezone.now()  # written in SQL, read back as a moment


def test_numbers_continue_across_rounds_of_the_year(world, staff_user):
    round_close(round=world["round"], user=staff_user)
    second = RoundFactory(suppliers=[world["alpha"]])
    OrderLineFactory(round=second, offer=OfferFactory(supplier=world["alpha"]), quantity=2)

    (order,) = round_close(round=second, user=staff_user)

    assert order.number == f"KU-{timezone.localdate().year}-0003"
    assert order.discount_percent == Decimal("0.00")  # the second round has no tiers
    assert order.total_net == order.total_list


def test_a_title_ordered_by_several_libraries_counts_their_copies_together(staff_user):
    supplier = SupplierFactory()
    round_ = RoundFactory(suppliers=[supplier], min_copies_per_title=3)
    offer = OfferFactory(supplier=supplier, title=TitleFactory())
    for _ in range(3):
        OrderLineFactory(round=round_, offer=offer, quantity=1)

    (order,) = round_close(round=round_, user=staff_user)

    assert order.copies == 3
    assert not OrderLine.objects.filter(status=OrderLine.Status.BELOW_MINIMUM).exists()


def test_a_round_without_orders_closes_with_no_supplier_order(staff_user):
    round_ = RoundFactory(suppliers=[SupplierFactory()])

    assert round_close(round=round_, user=staff_user) == []
    assert Round.objects.get(pk=round_.pk).status == Round.Status.CLOSED


@pytest.mark.parametrize("status", [Round.Status.CLOSED, Round.Status.DRAFT])
def test_only_an_open_round_closes_and_a_refusal_changes_nothing(staff_user, status):
    round_ = RoundFactory(status=status)
    OrderLineFactory(round=round_, quantity=5)

    with pytest.raises(ValidationError):
        round_close(round=round_, user=staff_user)

    assert Round.objects.get(pk=round_.pk).status == status
    assert not SupplierOrder.objects.exists()
    assert not Holding.objects.exists()


def test_closing_twice_is_refused_the_second_time(world, staff_user):
    round_close(round=world["round"], user=staff_user)

    with pytest.raises(ValidationError, match="closed already"):
        round_close(round=world["round"], user=staff_user)
    assert SupplierOrder.objects.count() == 2


def test_the_scheduled_job_closes_only_the_rounds_that_are_due(world):
    Round.objects.filter(pk=world["round"].pk).update(
        closes_at=timezone.now() - dt.timedelta(minutes=1)
    )
    later = RoundFactory()

    closed = rounds_close_due()

    assert closed == [world["round"]]
    assert Round.objects.get(pk=world["round"].pk).closed_by is None
    assert Round.objects.get(pk=later.pk).status == Round.Status.OPEN
    assert rounds_close_due() == []


def test_the_command_names_the_rounds_it_closed_and_their_orders(world):
    Round.objects.filter(pk=world["round"].pk).update(
        closes_at=timezone.now() - dt.timedelta(minutes=1)
    )
    out = io.StringIO()

    call_command("close_due_rounds", stdout=out)
    call_command("close_due_rounds", stdout=out)

    year = timezone.localdate().year
    assert f"KU-{year}-0001, KU-{year}-0002" in out.getvalue()
    assert out.getvalue().rstrip().endswith("No round is due to close.")
