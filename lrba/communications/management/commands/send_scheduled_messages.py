"""Start the scheduled messages whose time has come, and resume any sending a stopped
worker left half-done.

Run every few minutes from cron (docs/deploy.md); running it again sends nothing twice:
a started message is no longer scheduled. `--resume` also enqueues again the sending of
messages with deliveries still waiting (after a worker stopped); on PostgreSQL a delivery
is claimed under a row lock, so this is safe beside a live worker.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lrba.communications.services.messages import messages_send_due, messages_sending_resume


class Command(BaseCommand):
    help = "Start the scheduled messages whose time has come."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--resume", action="store_true", help="also resume sendings left half-done"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = messages_send_due()
        resumed = messages_sending_resume() if options["resume"] else 0
        self.stdout.write(f"Messages started: {len(started)}; sending resumed: {resumed}")
