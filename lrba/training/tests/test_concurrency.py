"""Two runs of the same year issued at once share the series without clashing."""

import threading

import pytest
from django.db import connection

from lrba.training.models import Certificate
from lrba.training.services.certificates import certificates_issue_for_run
from lrba.training.tests.factories import ProgrammeRunFactory, attended


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks (SELECT … FOR UPDATE) need PostgreSQL"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("migrated_data_restored")
def test_two_runs_issued_at_once_get_unique_gap_free_numbers():
    runs = [ProgrammeRunFactory(), ProgrammeRunFactory()]
    for run in runs:
        attended(run, 15)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def issue(run) -> None:
        try:
            barrier.wait()
            certificates_issue_for_run(run=run, by=None)
        except BaseException as error:  # noqa: BLE001  (reported by the assertion below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(run,)) for run in runs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors
    numbers = sorted(
        int(number.rsplit("-", 1)[1])
        for number in Certificate.objects.values_list("number", flat=True)
    )
    assert numbers == list(range(1, 31))
