"""Daily (cron): remind those who have not answered a consultation whose deadline is
near, and close the consultations whose deadline has passed. Safe to run more often:
each consultation is reminded once (again only after its deadline is extended) and
closed once."""

from typing import Any

from django.core.management.base import BaseCommand

from lrba.representation.services.consultations import (
    consultations_close_due,
    consultations_remind_due,
)


class Command(BaseCommand):
    help = "Send the consultations' reminders and close the consultations past their deadline."

    def handle(self, *args: Any, **options: Any) -> None:
        reminded = consultations_remind_due()
        closed = consultations_close_due()
        self.stdout.write(f"Consultations reminded: {reminded}; closed: {closed}.")
