"""Gap-free numbering: certificates today; invoices, decisions and minutes next.

A series is a row of `NumberingSeries` named by its key (e.g. "certificate:LRBA-2026").
Taking numbers locks that row until the transaction ends, so concurrent issuers take
turns and a rolled-back transaction gives its numbers back: numbers are unique and
consecutive. Only writers of the same series wait for each other.
"""

from django.db import transaction
from django.db.models import F

from lrba.core.models import NumberingSeries


def number_next(*, series_key: str, count: int = 1) -> range:
    """Reserve the next `count` numbers of `series_key` (created at 1 on first use) and
    return them, e.g. range(7, 10).

    Must be called inside a transaction (`transaction.atomic`): it takes SELECT FOR
    UPDATE on the series row, held until that transaction commits; the caller must save
    the numbered documents in the same transaction, or the numbers leave a gap."""
    if not transaction.get_connection().in_atomic_block:
        raise transaction.TransactionManagementError(
            "number_next() must run inside transaction.atomic: the lock ends with it."
        )
    if count < 1:
        raise ValueError("count must be at least 1")
    # get_or_create survives a concurrent first use: the loser of the unique insert
    # reads the winner's row.
    NumberingSeries.objects.get_or_create(key=series_key)
    series = NumberingSeries.objects.select_for_update().get(key=series_key)
    first = series.next_number
    NumberingSeries.objects.filter(pk=series.pk).update(next_number=F("next_number") + count)
    return range(first, first + count)
