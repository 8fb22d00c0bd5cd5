"""A library's order in a buying round: setting a title's copies and removing a line.

A library can never spend more than its budget in a round, even when two of its staff
order at the same moment, and an order racing the round's closing is either in the
supplier order or refused, never half. Both writes therefore run in one transaction that

1. locks the library's `RoundBudget` row (SELECT … FOR UPDATE): two orders for one
   library take turns, orders of different libraries do not wait for each other;
2. then re-reads the round's status and closing time: `round_close` (services/rounds.py)
   marks the round closed and then locks every budget row of the round, so an order
   holding a budget lock finishes before the closing reads the lines, and an order that
   gets the lock after the closing sees the round closed;
3. then adds up what the library has committed (`library_committed`) and only then
   writes.

The lock order is always budget row, then nothing else: the round row is read, never
locked, here, so ordering and closing cannot deadlock.

Refusals are `ValidationError`s in the user's language that say what to change; nothing is
written when one is raised. Acting for a library the user does not order for is a
`PermissionDenied` (views reach the library through `access_order_library`, a 404).
"""

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lrba.acquisition.access import may_order_for
from lrba.acquisition.models import Offer, OrderLine, Round, RoundBudget
from lrba.acquisition.selectors.rounds import library_committed
from lrba.core.audit import acting_as
from lrba.core.formatting import format_money
from lrba.members.models import Library

# More copies of one title than any library orders in a round: a typo guard
# ("1000" for "10"), well below the database's integer limit.
MAX_COPIES = 999


def quantity_parse(value: object) -> int:
    """The number of copies as a person typed it: a whole number from 1 to MAX_COPIES.
    Refuses anything else with a message saying what is wrong."""
    if isinstance(value, bool):
        value = None  # True is an int to Python, never a number of copies to a person
    text = str(value).strip() if value is not None else ""
    if not text:
        raise ValidationError(_("Enter the number of copies."), code="quantity_missing")
    try:
        number = int(text)
    except ValueError:
        raise ValidationError(
            _("“%(value)s” is not a number of copies: enter a whole number, e.g. 3.")
            % {"value": text},
            code="quantity_not_a_number",
        ) from None
    if number < 1:
        raise ValidationError(
            _("Order at least one copy; to drop a title from the order, remove its line."),
            code="quantity_too_small",
        )
    if number > MAX_COPIES:
        raise ValidationError(
            _("At most %(max)s copies of one title can be ordered.") % {"max": MAX_COPIES},
            code="quantity_too_large",
        )
    return number


def _moment(value: Any) -> str:
    return date_format(timezone.localtime(value), "Y-m-d H:i")


def round_refusal(round_: Round, at: Any = None) -> str | None:
    """Why `round_` takes no orders at `at` (now), in words; None when it takes them."""
    moment = at or timezone.now()
    if round_.status == Round.Status.CLOSED:
        return _("The round “%(round)s” is closed: its orders can no longer change.") % {
            "round": round_.name
        }
    if round_.status == Round.Status.DRAFT:
        return _("The round “%(round)s” is not open for orders yet.") % {"round": round_.name}
    if moment < round_.opens_at:
        return _("The round “%(round)s” takes orders from %(opens)s.") % {
            "round": round_.name,
            "opens": _moment(round_.opens_at),
        }
    if moment >= round_.closes_at:
        return _("The round “%(round)s” stopped taking orders at %(closes)s.") % {
            "round": round_.name,
            "closes": _moment(round_.closes_at),
        }
    return None


def _budget_locked(round_: Round, library: Library) -> RoundBudget | None:
    """The library's budget row in the round, locked until the transaction ends.

    Should be called inside `transaction.atomic`, before the round is re-read."""
    # Only the budget row: the model's default ordering joins the round and the library,
    # and FOR UPDATE would lock their rows too (the closing holds the round's: deadlock),
    # and queue every library's orders behind each other on the round.
    return (
        RoundBudget.objects.select_for_update(of=("self",))
        .filter(round=round_, library=library)
        .order_by("pk")
        .first()
    )


def _round_fresh(round_: Round) -> Round:
    """The round as committed now (another transaction may have closed it since the
    caller read it); read after the budget row is locked."""
    return Round.objects.get(pk=round_.pk)


def _library_check(user: Any, library: Library) -> None:
    if not may_order_for(user, library):
        raise PermissionDenied(_("You do not order for %(library)s.") % {"library": library})


@transaction.atomic
def order_line_set(
    *, round: Round, library: Library, offer: Offer, quantity: object, user: Any
) -> OrderLine:
    """Order `quantity` copies of `offer` for `library` in `round`: a new line, or the
    library's existing line for the offer set to that many copies (priced at the offer's
    price now). Raises ValidationError (nothing written) for a bad quantity, a round not
    taking orders, an offer the round does not buy, no budget, or a total beyond the
    budget (saying by how much); PermissionDenied when `user` does not order for
    `library`."""
    _library_check(user, library)
    copies = quantity_parse(quantity)

    budget = _budget_locked(round, library)
    round_ = _round_fresh(round)
    refusal = round_refusal(round_)
    if refusal:
        raise ValidationError(refusal, code="round_not_taking_orders")
    if budget is None:
        raise ValidationError(
            _("%(library)s has no budget in the round “%(round)s”: ask the secretariat.")
            % {"library": library, "round": round_.name},
            code="no_budget",
        )

    offer = Offer.objects.select_related("supplier", "title").get(pk=offer.pk)
    if not round_.suppliers.filter(pk=offer.supplier_id).exists():
        raise ValidationError(
            _(
                "%(supplier)s does not supply the round “%(round)s”: "
                "choose an offer from its suppliers."
            )
            % {"supplier": offer.supplier, "round": round_.name},
            code="offer_outside_round",
        )
    if not offer.is_available or offer.price is None:
        raise ValidationError(
            _("%(supplier)s cannot deliver “%(title)s” now, or gave no price for it.")
            % {"supplier": offer.supplier, "title": offer.title},
            code="offer_not_orderable",
        )

    line = (
        OrderLine.objects.filter(round=round_, library=library, offer=offer)
        .select_related("offer")
        .first()
    )
    committed = library_committed(round_, library)
    if line is not None and line.status == OrderLine.Status.ORDERED:
        committed -= line.amount
    cost = offer.price * copies
    total = committed + cost
    if total > budget.amount:
        raise ValidationError(
            _(
                "%(copies)s × “%(title)s” cost %(cost)s: the order would come to %(total)s, "
                "%(over)s over the budget of %(budget)s (%(left)s left)."
            )
            % {
                "copies": copies,
                "title": offer.title,
                "cost": format_money(cost),
                "total": format_money(total),
                "over": format_money(total - budget.amount),
                "budget": format_money(budget.amount),
                "left": format_money(max(budget.amount - committed, Decimal("0.00"))),
            },
            code="over_budget",
        )

    if line is None:
        line = OrderLine(round=round_, library=library, offer=offer, created_by=user)
    line.quantity = copies
    line.unit_price = offer.price
    line.status = OrderLine.Status.ORDERED
    line.updated_by = user
    line.full_clean()
    with acting_as(user):
        line.save()
    return line


@transaction.atomic
def order_line_remove(*, round: Round, library: Library, line: OrderLine, user: Any) -> None:
    """Remove `line` from `library`'s order in `round` while the round takes orders.
    Takes the same locks as `order_line_set` (the budget row, then the round read fresh),
    so a removal racing the closing is either done before it or refused."""
    _library_check(user, library)
    budget = _budget_locked(round, library)
    if budget is None:
        # A budget the secretariat deleted mid-round: hold the round row instead, which
        # the closing locks first, so the removal still cannot interleave with it.
        Round.objects.select_for_update().filter(pk=round.pk).first()
    round_ = _round_fresh(round)
    refusal = round_refusal(round_)
    if refusal:
        raise ValidationError(refusal, code="round_not_taking_orders")
    current = OrderLine.objects.filter(pk=line.pk, round=round_, library=library).first()
    if current is None:
        raise ValidationError(
            _("That line is no longer in the order: someone removed it already."),
            code="line_gone",
        )
    with acting_as(user):
        current.delete()
