"""`manage.py demo_data [--scale N] [--people N] [--if-empty] [--seed S]`.

Loads every app's made-up demo data in the order the apps declare (`demo_module`,
`demo_order` in their `AppConfig`): the register first, then a year of events and
trainings on it. Safe to run again: what exists is skipped. `make run` calls it with
--if-empty.
"""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lrba.core.demo import DEFAULT_SEED, demo_data_load, demo_data_present


class Command(BaseCommand):
    help = (
        "Load demonstration data: libraries, people, memberships, a year of events and "
        "trainings, and two demo sign-ins."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale", type=int, default=1, help="Multiplies branches, other libraries and people."
        )
        parser.add_argument("--people", type=int, help="How many people (default 3000 × scale).")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when any library exists."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and demo_data_present():
            self.stdout.write("Libraries exist already; demo data not loaded.")
            return
        if options["scale"] < 1 or (options["people"] is not None and options["people"] < 0):
            raise CommandError("--scale must be at least 1 and --people not negative.")
        started = time.monotonic()
        result = demo_data_load(
            scale=options["scale"], people=options["people"], seed=options["seed"]
        )
        elapsed = time.monotonic() - started
        summary = ", ".join(f"{count} {name}" for name, count in result.created.items())
        self.stdout.write(self.style.SUCCESS(f"Created {summary} in {elapsed:.1f} s."))
        self.stdout.write("Demo sign-ins (for demonstration only, never on a real server):")
        for role, email, password in result.accounts:
            self.stdout.write(f"  {role:<15} {email} / {password}")
        self.stdout.write("  The secretariat's two-factor code: `make demo-totp`.")
