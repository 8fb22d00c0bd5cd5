"""`manage.py restore ARCHIVE [--yes] [--check]`.

Brings back an archive of `manage.py backup` into an EMPTY database (a new SQLite file or
a new PostgreSQL database: `createdb`) and the uploaded files' storage. The whole archive
is verified first (complete, every checksum, not from a newer LRBA); a database with any
table is refused; a failed restore leaves the target as it was. `--check` only verifies.
Then run `manage.py migrate` (for an archive older than the code).
"""

import sys
from pathlib import Path
from typing import Any

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, connections

from lrba.core.backup import BackupError, archive_verify, backup_restore


class Command(BaseCommand):
    help = "Restore a backup archive into an empty database and the uploaded files' storage."
    # The checks could open the database this command is about to replace.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="An lrba-backup-….tar file.")
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask before restoring (for scripts)."
        )
        parser.add_argument(
            "--check", action="store_true", help="Only verify the archive; change nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        archive: Path = options["archive"]
        try:
            if options["check"]:
                manifest = archive_verify(archive)
                self.stdout.write(self.style.SUCCESS(f"{archive} is whole: {_summary(manifest)}."))
                return
            target = connection.settings_dict.get("NAME")
            if not options["yes"]:
                if not sys.stdin.isatty():
                    raise CommandError("Not asking without a terminal: add --yes to restore.")
                answer = input(f"Restore {archive} into the empty database {target}? [y/N] ")
                if answer.strip().lower() not in {"y", "yes", "t", "taip"}:
                    raise CommandError("Nothing restored.")
            result = backup_restore(
                archive=archive,
                settings_dict=connection.settings_dict,
                storage=default_storage,
                close=connections.close_all,
            )
        except (BackupError, OSError) as error:
            raise CommandError(f"Restore failed: {error}") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {_summary(result.manifest)} into {target} in {result.seconds:.1f} s "
                f"({result.media_written} files written, {result.media_skipped} present)."
            )
        )
        self.stdout.write("Next: `manage.py migrate`, in case this LRBA is newer than the archive.")


def _summary(manifest: dict[str, Any]) -> str:
    app = manifest.get("app") or {}
    rows = sum((manifest.get("row_counts") or {}).values())
    return (
        f"{manifest['database']['vendor']} database of {manifest.get('created_at')} "
        f"(LRBA {app.get('version')}{' ' + app['git'] if app.get('git') else ''}), "
        f"{rows} rows, {manifest.get('media_files', 0)} uploaded files"
    )
