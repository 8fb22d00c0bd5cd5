"""`manage.py register_report --year 2026 [--format text|csv|xlsx] [--output PATH]`."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lrba.members.selectors.register import (
    parse_report_year,
    register_report,
    register_report_csv,
    register_report_text,
    register_report_xlsx,
)


class Command(BaseCommand):
    help = "Print or save the member register report for a year end (Facts §1.3, §2.4)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--year", required=True, help="The year; the report is as at 31 December."
        )
        parser.add_argument("--format", choices=["text", "csv", "xlsx"], default="text")
        parser.add_argument("--output", help="Write to this file instead of the screen.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            year = parse_report_year(options["year"])
        except ValueError as error:
            raise CommandError(str(error)) from None
        report = register_report(year=year)
        fmt, output = options["format"], options["output"]
        if fmt == "xlsx":
            if not output:
                raise CommandError("A spreadsheet cannot go to the screen: add --output PATH.")
            Path(output).write_bytes(register_report_xlsx(report))
        else:
            text = register_report_csv(report) if fmt == "csv" else register_report_text(report)
            if not output:
                self.stdout.write(text, ending="")
                return
            Path(output).write_text(text, encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"Saved {output}"))
