"""Anonymise people whose membership and employment ended long ago (dry run by default).

Run daily by cron or the worker's scheduler; it is idempotent.
"""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from lrba.accounts.privacy.retention import retention_apply


class Command(BaseCommand):
    help = "Anonymise people whose every membership and employment ended more than N years ago."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--years",
            type=int,
            default=None,
            help="Retention period in years (default: settings.LRBA_RETENTION_YEARS).",
        )
        parser.add_argument(
            "--apply",
            action="store_true",
            help="Anonymise; without it the command only lists who would be anonymised.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        years = options["years"] if options["years"] is not None else settings.LRBA_RETENTION_YEARS
        if years < 1:
            self.stderr.write("--years must be at least 1.")
            return
        result = retention_apply(years=years, apply=options["apply"])
        verb = "Anonymised" if result.applied else "Would anonymise"
        for person in result.people:
            self.stdout.write(
                f"{verb}: person #{person.pk} {person.full_name} — every membership and "
                f"employment ended more than {years} years ago"
            )
        self.stdout.write(f"{verb} {len(result.people)} people.")
        if not result.applied and result.people:
            self.stdout.write("Dry run: nothing changed. Add --apply to anonymise.")
