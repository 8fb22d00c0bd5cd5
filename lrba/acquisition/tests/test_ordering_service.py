"""Ordering for a library in a round: lines set and removed within the budget, every
refusal with a message that says what to change, and nothing written when refused."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from lrba.acquisition.models import OrderLine, Round
from lrba.acquisition.services.ordering import (
    order_line_remove,
    order_line_set,
    quantity_parse,
)
from lrba.acquisition.tests.factories import (
    OfferFactory,
    OrderLineFactory,
    RoundBudgetFactory,
    RoundFactory,
    SupplierFactory,
    authorised_employee,
    representative,
)
from lrba.members.tests.factories import LibraryFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def setting():
    supplier = SupplierFactory()
    round_ = RoundFactory(suppliers=[supplier])
    library = LibraryFactory()
    budget = RoundBudgetFactory(round=round_, library=library, amount=Decimal("100.00"))
    offer = OfferFactory(supplier=supplier, price=Decimal("12.50"))
    user = representative(library)
    return round_, library, budget, offer, user


def refusal(error: ValidationError) -> str:
    return " ".join(error.messages)


def test_a_representative_orders_copies_at_the_offers_price(setting):
    round_, library, _, offer, user = setting

    line = order_line_set(round=round_, library=library, offer=offer, quantity=3, user=user)

    assert (line.quantity, line.unit_price, line.amount) == (3, Decimal("12.50"), Decimal("37.50"))
    assert line.created_by == user and line.updated_by == user
    assert line.status == OrderLine.Status.ORDERED


def test_an_authorised_employee_orders_too(setting):
    round_, library, _, offer, _ = setting
    employee = authorised_employee(library)

    line = order_line_set(round=round_, library=library, offer=offer, quantity="2", user=employee)

    assert line.quantity == 2


def test_setting_an_ordered_title_again_changes_its_line_and_reprices_it(setting):
    round_, library, _, offer, user = setting
    first = order_line_set(round=round_, library=library, offer=offer, quantity=2, user=user)
    offer.price = Decimal("10.00")
    offer.save()
    colleague = authorised_employee(library)

    second = order_line_set(round=round_, library=library, offer=offer, quantity=5, user=colleague)

    assert second.pk == first.pk
    assert OrderLine.objects.count() == 1
    assert (second.quantity, second.unit_price) == (5, Decimal("10.00"))
    assert second.created_by == user and second.updated_by == colleague


def test_the_whole_budget_can_be_spent_to_the_cent(setting):
    round_, library, _, offer, user = setting

    line = order_line_set(round=round_, library=library, offer=offer, quantity=8, user=user)

    assert line.amount == Decimal("100.00")


def test_an_order_beyond_the_budget_is_refused_saying_by_how_much(setting):
    round_, library, _, offer, user = setting
    other = OfferFactory(supplier=offer.supplier, price=Decimal("30.00"))
    order_line_set(round=round_, library=library, offer=other, quantity=2, user=user)

    with pytest.raises(ValidationError) as refused:
        order_line_set(round=round_, library=library, offer=offer, quantity=4, user=user)

    message = refusal(refused.value)
    assert "€110.00" in message  # the order would come to
    assert "€10.00 over the budget of €100.00" in message
    assert "€40.00 left" in message
    assert OrderLine.objects.count() == 1


def test_changing_a_line_counts_the_line_once_against_the_budget(setting):
    round_, library, _, offer, user = setting
    order_line_set(round=round_, library=library, offer=offer, quantity=7, user=user)

    # 8 × 12.50 = 100.00: the 7 copies already ordered are replaced, not added.
    line = order_line_set(round=round_, library=library, offer=offer, quantity=8, user=user)

    assert line.quantity == 8
    with pytest.raises(ValidationError, match="€12.50 over the budget"):
        order_line_set(round=round_, library=library, offer=offer, quantity=9, user=user)
    assert OrderLine.objects.get().quantity == 8


@pytest.mark.parametrize(
    ("quantity", "expected"),
    [
        (0, "at least one copy"),
        (-2, "at least one copy"),
        ("-1", "at least one copy"),
        ("trys", "“trys” is not a number of copies"),
        ("2.5", "“2.5” is not a number of copies"),
        ("", "Enter the number of copies"),
        (None, "Enter the number of copies"),
        (True, "Enter the number of copies"),
        (1000, "At most 999 copies"),
    ],
)
def test_a_bad_quantity_is_refused_and_nothing_is_written(setting, quantity, expected):
    round_, library, _, offer, user = setting

    with pytest.raises(ValidationError, match=expected):
        order_line_set(round=round_, library=library, offer=offer, quantity=quantity, user=user)

    assert not OrderLine.objects.exists()


def test_a_bad_quantity_leaves_an_existing_line_as_it_was(setting):
    round_, library, _, offer, user = setting
    order_line_set(round=round_, library=library, offer=offer, quantity=2, user=user)

    with pytest.raises(ValidationError):
        order_line_set(round=round_, library=library, offer=offer, quantity=0, user=user)

    assert OrderLine.objects.get().quantity == 2


def test_quantity_parse_reads_what_a_person_types():
    assert quantity_parse(" 4 ") == 4
    assert quantity_parse(999) == 999


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"status": Round.Status.CLOSED}, "is closed"),
        ({"status": Round.Status.DRAFT}, "is not open for orders yet"),
        ({"opens_at_days": 1, "closes_at_days": 5}, "takes orders from"),
        ({"opens_at_days": -10, "closes_at_days": -1}, "stopped taking orders at"),
    ],
)
def test_a_round_not_taking_orders_refuses_them(setting, changes, expected):
    round_, library, _, offer, user = setting
    now = timezone.now()
    Round.objects.filter(pk=round_.pk).update(
        status=changes.get("status", Round.Status.OPEN),
        opens_at=now + dt.timedelta(days=changes.get("opens_at_days", -1)),
        closes_at=now + dt.timedelta(days=changes.get("closes_at_days", 14)),
    )

    # The caller's copy of the round still says open: the service reads it afresh.
    with pytest.raises(ValidationError, match=expected):
        order_line_set(round=round_, library=library, offer=offer, quantity=1, user=user)

    assert not OrderLine.objects.exists()


def test_a_closed_round_keeps_its_lines(setting):
    round_, library, _, offer, user = setting
    line = order_line_set(round=round_, library=library, offer=offer, quantity=2, user=user)
    Round.objects.filter(pk=round_.pk).update(status=Round.Status.CLOSED)

    with pytest.raises(ValidationError, match="is closed"):
        order_line_set(round=round_, library=library, offer=offer, quantity=5, user=user)
    with pytest.raises(ValidationError, match="is closed"):
        order_line_remove(round=round_, library=library, line=line, user=user)

    assert OrderLine.objects.get().quantity == 2


def test_an_offer_of_a_supplier_outside_the_round_is_refused(setting):
    round_, library, _, _, user = setting
    outsider = OfferFactory(supplier=SupplierFactory(name="UAB Kitas"))

    with pytest.raises(ValidationError, match="UAB Kitas does not supply the round"):
        order_line_set(round=round_, library=library, offer=outsider, quantity=1, user=user)

    assert not OrderLine.objects.exists()


@pytest.mark.parametrize("fields", [{"is_available": False}, {"price": None}])
def test_an_offer_that_cannot_be_ordered_is_refused(setting, fields):
    round_, library, _, offer, user = setting
    for name, value in fields.items():
        setattr(offer, name, value)
    offer.save()

    with pytest.raises(ValidationError, match="cannot deliver"):
        order_line_set(round=round_, library=library, offer=offer, quantity=1, user=user)

    assert not OrderLine.objects.exists()


def test_a_library_without_a_budget_in_the_round_cannot_order(setting):
    round_, _, _, offer, _ = setting
    library = LibraryFactory(name="Kitos bibliotekos")
    user = representative(library)

    with pytest.raises(ValidationError, match="has no budget in the round"):
        order_line_set(round=round_, library=library, offer=offer, quantity=1, user=user)

    assert not OrderLine.objects.exists()


def test_a_representative_cannot_order_for_another_library(setting):
    round_, library, _, offer, _ = setting
    stranger = representative(LibraryFactory())
    RoundBudgetFactory(round=round_, library=stranger.person.employments.get().library)

    with pytest.raises(PermissionDenied):
        order_line_set(round=round_, library=library, offer=offer, quantity=1, user=stranger)
    with pytest.raises(PermissionDenied):
        order_line_set(round=round_, library=library, offer=offer, quantity=1, user=UserFactory())

    assert not OrderLine.objects.exists()


def test_a_revoked_authorisation_no_longer_orders(setting):
    round_, library, _, offer, _ = setting
    employee = authorised_employee(library)
    employee.person.staff_authorisations.update(revoked_at=timezone.now())

    with pytest.raises(PermissionDenied):
        order_line_set(round=round_, library=library, offer=offer, quantity=1, user=employee)


def test_a_line_is_removed_while_the_round_is_open(setting):
    round_, library, _, offer, user = setting
    line = order_line_set(round=round_, library=library, offer=offer, quantity=2, user=user)

    order_line_remove(round=round_, library=library, line=line, user=authorised_employee(library))

    assert not OrderLine.objects.exists()


def test_removing_a_line_twice_says_it_is_gone(setting):
    round_, library, _, offer, user = setting
    line = order_line_set(round=round_, library=library, offer=offer, quantity=2, user=user)
    order_line_remove(round=round_, library=library, line=line, user=user)

    with pytest.raises(ValidationError, match="no longer in the order"):
        order_line_remove(round=round_, library=library, line=line, user=user)


def test_another_librarys_line_cannot_be_removed_through_ones_own_library(setting):
    round_, library, _, offer, user = setting
    other_library = LibraryFactory()
    RoundBudgetFactory(round=round_, library=other_library)
    theirs = OrderLineFactory(round=round_, library=other_library, offer=offer)

    with pytest.raises(ValidationError, match="no longer in the order"):
        order_line_remove(round=round_, library=library, line=theirs, user=user)
    with pytest.raises(PermissionDenied):
        order_line_remove(round=round_, library=other_library, line=theirs, user=user)

    assert OrderLine.objects.filter(pk=theirs.pk).exists()


def test_refusals_are_in_lithuanian_for_a_lithuanian_user(setting):
    round_, library, _, offer, user = setting

    with translation.override("lt"), pytest.raises(ValidationError) as refused:
        order_line_set(round=round_, library=library, offer=offer, quantity=9, user=user)

    # The amounts are written the Lithuanian way whatever the catalogue has translated.
    assert "12,50\xa0€" in refusal(refused.value)
