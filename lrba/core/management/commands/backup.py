"""`manage.py backup [--output DIR] [--keep N]`.

Writes one archive (`lrba-backup-<UTC time>.tar`) of the database and every uploaded file
with a manifest of checksums (`lrba.core.backup`), then deletes all but the N newest
archives of the directory. Run it from cron; see docs/deploy.md "Backups".
"""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from lrba.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into one archive."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            help="Directory of the archives (default: LRBA_BACKUP_DIR, var/backups).",
        )
        parser.add_argument(
            "--keep",
            type=int,
            help="Keep this many newest archives there, delete older ones; 0 keeps all "
            "(default: LRBA_BACKUP_KEEP, 14).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        directory = Path(options["output"] or settings.LRBA_BACKUP_DIR)
        keep = settings.LRBA_BACKUP_KEEP if options["keep"] is None else options["keep"]
        if keep < 0:
            raise CommandError("--keep must be 0 (keep all) or more.")
        try:
            result = backup_create(
                directory=directory, keep=keep, connection=connection, storage=default_storage
            )
        except (BackupError, OSError) as error:
            raise CommandError(f"Backup failed: {error}") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {result.path} ({result.size / 1e6:.1f} MB: {result.tables} tables, "
                f"{result.rows} rows, {result.media_files} uploaded files) "
                f"in {result.seconds:.1f} s."
            )
        )
        for path in result.deleted:
            self.stdout.write(f"Deleted the old archive {path.name}.")
