"""Gap-free numbering series (the concurrency test is lrba/training/tests/test_concurrency.py)."""

import pytest
from django.db import transaction

from lrba.core.models import NumberingSeries
from lrba.core.numbering import number_next

pytestmark = pytest.mark.django_db


def test_numbers_follow_on_without_gaps_per_series():
    with transaction.atomic():
        assert number_next(series_key="invoice:2026") == range(1, 2)
        assert number_next(series_key="invoice:2026", count=3) == range(2, 5)
        assert number_next(series_key="decision:2026") == range(1, 2)
    assert NumberingSeries.objects.get(key="invoice:2026").next_number == 5


def test_a_rolled_back_transaction_gives_its_numbers_back():
    with pytest.raises(RuntimeError), transaction.atomic():
        number_next(series_key="minutes:2026", count=2)
        raise RuntimeError
    with transaction.atomic():
        assert number_next(series_key="minutes:2026") == range(1, 2)


# Transactional (an ordinary test runs inside one), so it empties the database on teardown:
# the migrated data is loaded back for the tests that follow on this worker.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("migrated_data_restored")
def test_it_refuses_to_run_outside_a_transaction():
    # Without one the lock would end at once and a concurrent issuer could interleave.
    with pytest.raises(transaction.TransactionManagementError):
        number_next(series_key="invoice:2026")


def test_a_block_needs_at_least_one_number():
    with pytest.raises(ValueError), transaction.atomic():
        number_next(series_key="invoice:2026", count=0)
