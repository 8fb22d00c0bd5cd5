"""Two staff of one library ordering at the same moment never take it over its budget
(PostgreSQL: real transactions in two threads; SQLite serialises writers by itself)."""

from decimal import Decimal

from django.core.exceptions import ValidationError

from lrba.acquisition.models import OrderLine
from lrba.acquisition.selectors.rounds import library_committed
from lrba.acquisition.services.ordering import order_line_set
from lrba.acquisition.tests.factories import (
    OfferFactory,
    RoundBudgetFactory,
    RoundFactory,
    SupplierFactory,
    authorised_employee,
    representative,
)
from lrba.core.tests.concurrency import POSTGRES_RACE, run_at_once
from lrba.members.tests.factories import LibraryFactory

pytestmark = POSTGRES_RACE


def _library_with_budget(amount: str):
    supplier = SupplierFactory()
    round_ = RoundFactory(suppliers=[supplier])
    library = LibraryFactory()
    RoundBudgetFactory(round=round_, library=library, amount=Decimal(amount))
    return supplier, round_, library


def test_two_staff_ordering_at_once_never_exceed_the_budget():
    supplier, round_, library = _library_with_budget("100.00")
    director, employee = representative(library), authorised_employee(library)
    # Each order alone fits (6 × 12.50 = 75.00); both together would be 150.00.
    first, second = OfferFactory.create_batch(2, supplier=supplier, price=Decimal("12.50"))

    outcome = run_at_once(
        [
            lambda: order_line_set(
                round=round_, library=library, offer=first, quantity=6, user=director
            ),
            lambda: order_line_set(
                round=round_, library=library, offer=second, quantity=6, user=employee
            ),
        ]
    )

    assert len(outcome.results) == 1
    assert len(outcome.errors) == 1
    assert isinstance(outcome.errors[0], ValidationError)
    assert outcome.errors[0].code == "over_budget"
    assert OrderLine.objects.filter(round=round_, library=library).count() == 1
    assert library_committed(round_, library) == Decimal("75.00")


def test_many_orders_racing_stop_at_the_budget_and_the_libraries_do_not_block_each_other():
    supplier, round_, library = _library_with_budget("100.00")
    other_library = LibraryFactory()
    RoundBudgetFactory(round=round_, library=other_library, amount=Decimal("100.00"))
    people = [representative(library), authorised_employee(library)]
    offers = OfferFactory.create_batch(6, supplier=supplier, price=Decimal("20.00"))
    other = representative(other_library)

    def orders(user, mine):
        placed = 0
        for offer in mine:
            try:
                order_line_set(round=round_, library=library, offer=offer, quantity=2, user=user)
                placed += 1
            except ValidationError as error:
                assert error.code == "over_budget"
        return placed

    # Two staff each try three titles of 40.00 (six in all, 240.00) for a budget of 100.00,
    # while another library orders its own: only two lines of the first library fit.
    outcome = run_at_once(
        [
            lambda: orders(people[0], offers[:3]),
            lambda: orders(people[1], offers[3:]),
            lambda: order_line_set(
                round=round_, library=other_library, offer=offers[0], quantity=5, user=other
            ),
        ]
    )

    assert not outcome.errors
    assert library_committed(round_, library) == Decimal("80.00")
    assert OrderLine.objects.filter(library=library).count() == 2
    assert library_committed(round_, other_library) == Decimal("100.00")


def test_two_staff_changing_the_same_title_at_once_leave_one_line():
    supplier, round_, library = _library_with_budget("100.00")
    director, employee = representative(library), authorised_employee(library)
    offer = OfferFactory(supplier=supplier, price=Decimal("10.00"))

    outcome = run_at_once(
        [
            lambda: order_line_set(
                round=round_, library=library, offer=offer, quantity=4, user=director
            ),
            lambda: order_line_set(
                round=round_, library=library, offer=offer, quantity=7, user=employee
            ),
        ]
    )

    # The second to get the budget lock finds the first one's line and sets its copies.
    assert not outcome.errors
    line = OrderLine.objects.get(round=round_, library=library)
    assert line.quantity in (4, 7)
    assert library_committed(round_, library) == Decimal("10.00") * line.quantity
