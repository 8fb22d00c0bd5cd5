"""Import bank statement files from the command line, as the upload page does but at
once (no queue): `manage.py import_statement FILE... [--csv-mapping NAME]`.

Prints per file how many entries were new, already known and refused; exits non-zero
with a one-line message (never a traceback) when a file cannot be read or is refused.
"""

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from lrba.finance.models import CsvMapping, StatementImport
from lrba.finance.services.statements import statement_import_create, statement_import_run
from lrba.finance.statements import safety


class Command(BaseCommand):
    help = "Import bank statements (camt.053, camt.054, LITAS-ESIS, or CSV with a mapping)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument(
            "--csv-mapping", metavar="NAME", help="the saved CSV mapping to read CSV files with"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        mapping = None
        if options["csv_mapping"]:
            mapping = CsvMapping.objects.filter(name=options["csv_mapping"]).first()
            if mapping is None:
                raise CommandError(
                    _("There is no CSV mapping named “%(name)s”.")
                    % {"name": options["csv_mapping"]}
                )
        failures = []
        for name in options["files"]:
            try:
                self._import(Path(name), mapping)
            except CommandError as error:
                failures.append(str(error))
                self.stderr.write(str(error))
        if failures:
            raise CommandError(
                _("%(count)s of %(total)s files were not imported.")
                % {"count": len(failures), "total": len(options["files"])}
            )

    def _import(self, path: Path, mapping: CsvMapping | None) -> None:
        try:
            size = path.stat().st_size
            if size > safety.MAX_STATEMENT_BYTES:
                safety.size_check(size)
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(
                _("%(file)s: cannot be read (%(reason)s).")
                % {"file": path, "reason": error.strerror or error}
            ) from None
        except safety.StatementRefused as refusal:
            raise CommandError(f"{path}: {refusal.message}") from None
        try:
            statement = statement_import_create(
                file=(path.name, content), by=None, csv_mapping=mapping, enqueue=False
            )
        except ValidationError as refusal:
            raise CommandError(f"{path}: {' '.join(refusal.messages)}") from None
        statement = statement_import_run(statement.pk)
        if statement.status != StatementImport.Status.DONE:
            raise CommandError(f"{path}: {statement.error}")
        self.stdout.write(
            _("%(file)s: new %(new)s, already known %(known)s, refused %(refused)s")
            % {
                "file": path,
                "new": statement.new_count,
                "known": statement.known_count,
                "refused": statement.refused_count,
            }
        )
        for refused in statement.line_errors:
            self.stdout.write(
                "  "
                + _("line %(line)s: %(message)s")
                % {"line": refused["line"], "message": refused["message"]}
            )
