"""Closing a round: one consolidated order per supplier, with the distribution per library.

Locking (why the order matters): closing locks the Round row (FOR NO KEY UPDATE, which
lets orders in flight still check their line's foreign key) and sets it CLOSED, then
locks every RoundBudget row of the round (by pk, as ordering locks one). Ordering
(`lrba.acquisition.services.ordering.order_line_set`) locks the library's RoundBudget row
and only then reads the round's status. So an order in flight when the round closes
either
- got its budget lock first: closing waits for it to commit, and the line is counted; or
- comes after: it waits for the closing to commit, then reads CLOSED and is refused.
No line is ever written into a round whose supplier orders are already made.

What closing does, in one transaction:
1. lines of a supplier's title ordered less than `min_copies_per_title` copies by the
   whole round become `below_minimum` (left out: the supplier does not take them);
2. the discount is the tier the round's remaining ordered copies reach;
3. one `SupplierOrder` per supplier with ordered lines, numbered "KU-<year>-0001" from
   the series "acquisition-order:<year>", with copies and totals at list prices and after
   the discount, flagged when under the supplier's `min_copies_per_order`;
4. the lines point to their supplier order, and each library holds the ISBNs it bought
   (`Holding`, source "round"), for the overlap of later rounds.
"""

import datetime as dt
import logging
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import DecimalField, ExpressionWrapper, F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from lrba.acquisition.models import (
    DiscountTier,
    Holding,
    Offer,
    OrderLine,
    Round,
    RoundBudget,
    SupplierOrder,
    Title,
)
from lrba.acquisition.selectors.rounds import tier_for
from lrba.core.numbering import number_next
from lrba.finance.money import round_money

logger = logging.getLogger(__name__)

_AMOUNT = ExpressionWrapper(
    F("unit_price") * F("quantity"), output_field=DecimalField(max_digits=14, decimal_places=2)
)


def supplier_order_number(year: int, number: int) -> str:
    return f"KU-{year}-{number:04d}"


@transaction.atomic
def round_close(*, round: Round, user: Any) -> list[SupplierOrder]:  # noqa: A002
    """Close an open round and make its supplier orders (see the module's docstring).

    ValidationError when the round is not open (a draft, or closed already: a second
    click or the scheduled job closing it first). `user` is who closed it (None for the
    scheduled job). Returns the supplier orders, by supplier name."""
    # FOR NO KEY UPDATE, not FOR UPDATE: an order in flight inserting its line takes a
    # KEY SHARE lock on the round (the foreign key's check) while holding its budget row;
    # FOR UPDATE would make it wait for us while we wait for its budget row: a deadlock.
    locked = Round.objects.select_for_update(no_key=True).get(pk=round.pk)
    if locked.status == Round.Status.CLOSED:
        raise ValidationError(_("The round “%(name)s” is closed already.") % {"name": locked})
    if locked.status != Round.Status.OPEN:
        raise ValidationError(_("Only an open round can be closed; open it first."))
    now = timezone.now()
    locked.status = Round.Status.CLOSED
    locked.closed_at = now
    locked.closed_by = user if getattr(user, "is_authenticated", False) else None
    locked.save(update_fields=["status", "closed_at", "closed_by"])
    # Wait for every order in flight: each holds its library's budget row until it commits.
    list(RoundBudget.objects.select_for_update().filter(round=locked).order_by("pk"))

    ordered = OrderLine.objects.filter(round=locked, status=OrderLine.Status.ORDERED)
    below = [
        row["offer_id"]
        for row in ordered.values("offer_id")
        .annotate(copies=Sum("quantity"))
        .filter(copies__lt=locked.min_copies_per_title)
        .order_by()
    ]
    if below:
        ordered.filter(offer_id__in=below).update(
            status=OrderLine.Status.BELOW_MINIMUM, updated_at=now
        )

    per_supplier = list(
        ordered.values("offer__supplier_id")
        .annotate(copies=Sum("quantity"), total=Sum(_AMOUNT))
        .order_by("offer__supplier__name", "offer__supplier_id")
    )
    copies = sum(row["copies"] for row in per_supplier)
    tiers = list(DiscountTier.objects.filter(round=locked).order_by("min_copies"))
    tier, _next = tier_for(tiers, copies)
    discount = tier.discount_percent if tier else Decimal("0.00")

    orders = []
    if per_supplier:
        year = timezone.localdate(now).year
        numbers = number_next(series_key=f"acquisition-order:{year}", count=len(per_supplier))
        for row, number in zip(per_supplier, numbers, strict=True):
            total_list = round_money(Decimal(row["total"]))
            order = SupplierOrder(
                round=locked,
                supplier_id=row["offer__supplier_id"],
                number=supplier_order_number(year, number),
                discount_percent=discount,
                copies=row["copies"],
                total_list=total_list,
                total_net=round_money(total_list * (100 - discount) / 100),
                below_minimum=row["copies"] < locked.min_copies_per_order,
            )
            order.full_clean()
            order.save()
            # offer_id IN (the supplier's offers), not a join: the UPDATE stays on one
            # table instead of Django's "id IN (SELECT … JOIN …)" over every line again.
            supplier_offers = Offer.objects.filter(supplier_id=row["offer__supplier_id"])
            ordered.filter(offer_id__in=supplier_offers.values("pk")).update(
                supplier_order=order, updated_at=now
            )
            orders.append(order)

    _holdings_record(locked)
    round.status, round.closed_at, round.closed_by = (
        locked.status,
        locked.closed_at,
        locked.closed_by,
    )
    logger.info(
        "Round %s closed: %d supplier orders, %d copies, %s %% discount",
        locked.pk,
        len(orders),
        copies,
        discount,
    )
    return orders


def _holdings_record(round_: Round) -> None:
    """Each library now holds what it bought in the round (what it held stays as it was).

    One INSERT … SELECT in the database: a round of 50 libraries × 2,000 lines would
    otherwise read 100,000 pairs into Python and write them back in hundreds of batches.
    ON CONFLICT DO NOTHING is the same on PostgreSQL and SQLite (3.24+)."""
    holding, line, offer, title = (
        model._meta.db_table for model in (Holding, OrderLine, Offer, Title)
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {holding} (library_id, isbn, source, created_at)
            SELECT DISTINCT line.library_id, title.isbn, %s, %s
            FROM {line} line
            JOIN {offer} offer ON offer.id = line.offer_id
            JOIN {title} title ON title.id = offer.title_id
            WHERE line.round_id = %s AND line.status = %s AND title.isbn IS NOT NULL
            ON CONFLICT (library_id, isbn) DO NOTHING
            """,  # noqa: S608 (table names from the models, values as parameters)
            [
                Holding.Source.ROUND,
                connection.ops.adapt_datetimefield_value(timezone.now()),
                round_.pk,
                OrderLine.Status.ORDERED,
            ],
        )


def rounds_close_due(now: dt.datetime | None = None) -> list[Round]:
    """Close every open round whose closing time has come (the scheduled job). Each
    round closes in its own transaction; one already closed by someone else meanwhile is
    skipped. Returns the rounds this call closed."""
    moment = now or timezone.now()
    closed = []
    due = Round.objects.filter(status=Round.Status.OPEN, closes_at__lte=moment).order_by(
        "closes_at", "pk"
    )
    for round_ in due:
        try:
            round_close(round=round_, user=None)
        except ValidationError:
            continue  # closed by the secretariat between the query and the lock
        closed.append(round_)
    return closed
