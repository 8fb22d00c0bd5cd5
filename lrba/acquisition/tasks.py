"""Background jobs of acquisition: reading a supplier's catalogue file.

The task loads the import afresh by its id (it may run later, on another machine); a
task delivered twice imports once, since only a queued import starts
(`catalogue_import_run`).
"""

from django_tasks import task


@task()
def catalogue_import_task(import_id: int) -> None:
    from lrba.acquisition.services.catalogue_import import catalogue_import_run

    catalogue_import_run(import_id)
