"""E-mail the day's reminders of overdue invoices, on the schedule of the finance
settings (days after the due date), in each recipient's language.

Run once a day (cron or the worker's scheduler); running it again sends nothing twice
(see lrba.finance.services.arrears). `--date YYYY-MM-DD` runs it as of another day.
"""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lrba.finance.services.arrears import reminders_send


class Command(BaseCommand):
    help = "E-mail the day's reminders of overdue invoices."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date", type=datetime.date.fromisoformat, help="as of this day (default: today)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = reminders_send(on=options["date"])
        self.stdout.write(f"Reminders sent: {sent}")
