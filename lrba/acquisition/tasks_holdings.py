"""Background job of acquisition's holdings uploads: the task loads the upload afresh by
its id; a task delivered twice imports once (only a queued upload starts)."""

from django_tasks import task


@task()
def holdings_import_task(import_id: int) -> None:
    from lrba.acquisition.services.holdings import holdings_import_run

    holdings_import_run(import_id)
