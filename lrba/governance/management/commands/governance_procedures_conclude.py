"""Conclude the Board's written procedures whose deadline has passed (or whose answers
are all in): failed, adopted (the decision goes to the register) or not adopted.

Run it every hour or once a day (cron or the worker's scheduler); running it again
concludes nothing twice (a concluded procedure is no longer circulated).
"""

from typing import Any

from django.core.management.base import BaseCommand

from lrba.governance.services.procedures import procedures_conclude_due


class Command(BaseCommand):
    help = "Conclude the Board's written procedures whose deadline has passed."

    def handle(self, *args: Any, **options: Any) -> None:
        for procedure in procedures_conclude_due():
            self.stdout.write(f"{procedure.reference}: {procedure.get_status_display()}")
