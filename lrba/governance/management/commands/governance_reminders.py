"""Send the day's governance reminders: follow-up tasks due (a week before, on the date,
weekly after), minutes waiting for the chair's or the secretary's signature (likewise
around the signing deadline), and create the year's reminder to approve last year's
annual statements by 30 April.

Run once a day (cron or the worker's scheduler); running it again the same day sends
nothing twice (see lrba.governance.services.reminders). `--date YYYY-MM-DD` runs it as of
another day.
"""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lrba.governance.services.reminders import reminders_send


class Command(BaseCommand):
    help = "Send the day's governance reminders (follow-up tasks, minutes to sign, statements)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date", type=datetime.date.fromisoformat, help="as of this day (default: today)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = reminders_send(today=options["date"])
        self.stdout.write(
            f"Follow-up reminders: {len(sent.follow_ups)}; minutes reminders: "
            f"{len(sent.minutes)}; statements reminder created: "
            f"{'yes' if sent.statements_created else 'no'}"
        )
