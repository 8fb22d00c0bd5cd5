"""Running writes at the same moment, for the race tests on PostgreSQL (SQLite serialises
writers by itself, so races are tested there only).

    pytestmark = POSTGRES_RACE
    outcome = run_at_once([lambda: vote_cast(...), lambda: vote_cast(...)])
    assert len(outcome.errors) == 1
"""

import threading
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import pytest
from django.db import connection, connections
from django.utils import translation

# The marks of a race-test module: real transactions (each thread has its own connection),
# the migrations' data put back afterwards, PostgreSQL only.
POSTGRES_RACE = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("migrated_data_restored"),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrency is tested on PostgreSQL"
    ),
]


class Outcome(NamedTuple):
    results: list[Any]
    errors: list[BaseException]


def run_at_once(jobs: Sequence[Callable[[], Any]]) -> Outcome:
    """Run each job in its own thread, released together by a barrier; return what they
    returned and what they raised. Threads speak the caller's language (translation is
    per thread), so refusals read as the test expects."""
    barrier = threading.Barrier(len(jobs))
    language = translation.get_language()
    results: list[Any] = []
    errors: list[BaseException] = []

    def run(job: Callable[[], Any]) -> None:
        try:
            with translation.override(language):
                barrier.wait()
                results.append(job())
        except BaseException as error:  # noqa: BLE001  (reported to the test)
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Outcome(results, errors)
