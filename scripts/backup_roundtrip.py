"""Back up the demo data, restore it into a fresh database and compare: the proof that a
backup restores (CI runs it on both databases; docs/deploy.md "Backups").

    .venv/bin/python scripts/backup_roundtrip.py                      # SQLite and PostgreSQL
    .venv/bin/python scripts/backup_roundtrip.py --databases sqlite --people 100
    .venv/bin/python scripts/backup_roundtrip.py --archive var/backups/lrba-backup-….tar

For each database it makes a source — a new SQLite file, or a PostgreSQL database
`lrba_backup_src_<pid>` — runs `migrate` and `demo_data --scale S --people P` on it with its
own media directory, runs `manage.py backup`, restores the archive with `manage.py restore`
into a fresh target (a new file, or `lrba_backup_dst_<pid>`) with an empty media directory,
and compares the row count of every table and the SHA-256 of every uploaded file between
source and target. With --archive it only restores that archive into a fresh database and
compares with the archive's manifest (the monthly restore test of a real backup).
Throwaway databases and folders are removed at the end, also on failure. Prints the
backup's and the restore's time and the archive's size; exits non-zero on any difference.
PostgreSQL: a server on 127.0.0.1:5432 where `postgres` may create databases
(--postgres-admin-url).
"""

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import dj_database_url  # noqa: E402
import django  # noqa: E402

django.setup()

from django.core.files.storage import FileSystemStorage  # noqa: E402

from lrba.core.backup import (  # noqa: E402
    MANIFEST,
    postgres_connect,
    postgres_params,
    storage_files,
    table_row_counts,
)

PYTHON = sys.executable


class Failed(Exception):
    pass


def manage(*args: str, database_url: str, media: Path, log: Path) -> float:
    """Run `manage.py ARGS` on that database and media directory; its time in seconds."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_MEDIA_ROOT": str(media),
        # Tasks the demo data enqueues are not run here: no worker, nothing sent.
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    started = time.monotonic()
    done = subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), *args], env=env, capture_output=True, text=True, cwd=ROOT
    )
    elapsed = time.monotonic() - started
    with open(log, "a") as out:
        out.write(f"$ manage.py {' '.join(args)}\n{done.stdout}{done.stderr}")
    if done.returncode != 0:
        raise Failed(f"manage.py {args[0]} failed (exit {done.returncode}): {done.stderr.strip()}")
    # backup and restore report their own time, without Python's and Django's start-up.
    reported = re.findall(r" in (\d+\.\d) s", done.stdout)
    return float(reported[-1]) if reported else elapsed


def media_checksums(folder: Path) -> dict[str, str]:
    storage = FileSystemStorage(location=folder)
    result = {}
    for name in storage_files(storage):
        with storage.open(name, "rb") as file:
            result[name] = hashlib.sha256(file.read()).hexdigest()
    return result


class Postgres:
    def __init__(self, admin_url: str) -> None:
        self.admin = dj_database_url.parse(admin_url)

    def url(self, name: str) -> str:
        settings = self.admin
        password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
        return (
            f"postgres://{settings['USER']}{password}@{settings['HOST']}:"
            f"{settings['PORT'] or 5432}/{name}"
        )

    def _execute(self, statement: str, name: str) -> None:
        from psycopg import sql

        with postgres_connect(postgres_params(dict(self.admin))) as db:
            db.autocommit = True
            db.execute(sql.SQL(statement).format(sql.Identifier(name)))

    def create(self, name: str) -> None:
        self.drop(name)
        self._execute("CREATE DATABASE {}", name)

    def drop(self, name: str) -> None:
        self._execute("DROP DATABASE IF EXISTS {} WITH (FORCE)", name)


def roundtrip(
    vendor: str, work: Path, args: argparse.Namespace, postgres: Postgres | None
) -> dict[str, Any]:
    log = work / f"{vendor}.log"
    pid = os.getpid()
    if vendor == "sqlite":
        source_url = f"sqlite:///{work / 'source.sqlite3'}"
        target_url = f"sqlite:///{work / 'target.sqlite3'}"
    else:
        assert postgres is not None
        source_name, target_name = f"lrba_backup_src_{pid}", f"lrba_backup_dst_{pid}"
        source_url, target_url = postgres.url(source_name), postgres.url(target_name)
    source_media, target_media = work / "source-media", work / "target-media"
    archives = work / "archives"
    figures: dict[str, Any] = {"database": vendor}
    try:
        if vendor == "postgresql":
            assert postgres is not None
            postgres.create(target_name)
        if args.archive:
            archive = args.archive.resolve()
        else:
            if vendor == "postgresql":
                assert postgres is not None
                postgres.create(source_name)
            figures["migrate_s"] = manage(
                "migrate", "--no-input", "-v0", database_url=source_url, media=source_media, log=log
            )
            demo = ["demo_data", "--scale", str(args.scale)]
            if args.people is not None:
                demo += ["--people", str(args.people)]
            figures["demo_data_s"] = manage(
                *demo, database_url=source_url, media=source_media, log=log
            )
            figures["backup_s"] = manage(
                "backup",
                "--output",
                str(archives),
                "--keep",
                "0",
                database_url=source_url,
                media=source_media,
                log=log,
            )
            archive = next(archives.glob("lrba-backup-*.tar"))
        figures["archive_mb"] = round(archive.stat().st_size / 1e6, 1)
        figures["restore_s"] = manage(
            "restore", str(archive), "--yes", database_url=target_url, media=target_media, log=log
        )

        with tarfile.open(archive) as tar:
            manifest = json.loads(tar.extractfile(MANIFEST).read())  # type: ignore[union-attr]
        target = table_row_counts(dict(dj_database_url.parse(target_url)))
        expected = manifest["row_counts"]
        if not args.archive:
            source = table_row_counts(dict(dj_database_url.parse(source_url)))
            if source != expected:
                raise Failed(f"{vendor}: the manifest's row counts differ from the source's")
            if media_checksums(target_media) != media_checksums(source_media):
                raise Failed(f"{vendor}: the restored files differ from the source's")
        differ = sorted(t for t in set(target) | set(expected) if target.get(t) != expected.get(t))
        if differ:
            raise Failed(f"{vendor}: row counts differ after the restore in {differ[:5]}")
        checksums = media_checksums(target_media)
        members = {
            name.removeprefix("media/"): entry["sha256"]
            for name, entry in manifest["members"].items()
            if name.startswith("media/")
        }
        if checksums != members:
            raise Failed(f"{vendor}: the restored files differ from the archive's")
        figures.update(tables=len(target), rows=sum(target.values()), files=len(checksums))
        return figures
    finally:
        if vendor == "postgresql" and postgres is not None and not args.keep:
            postgres.drop(target_name)
            if not args.archive:
                postgres.drop(source_name)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--people", type=int, default=100)
    parser.add_argument("--archive", type=Path, help="Restore this archive (no demo data).")
    parser.add_argument(
        "--postgres-admin-url", default="postgres://postgres@127.0.0.1:5432/postgres"
    )
    parser.add_argument("--json", type=Path, help="Also write the figures to this file.")
    parser.add_argument("--keep", action="store_true", help="Keep databases and folders.")
    args = parser.parse_args()
    if args.people is not None and args.people < 0:
        args.people = None  # --people -1: demo_data's default (3000 × scale)
    vendors = [name.strip() for name in args.databases.split(",") if name.strip()]
    if args.archive:
        with tarfile.open(args.archive) as tar:
            manifest = json.loads(tar.extractfile(MANIFEST).read())  # type: ignore[union-attr]
        vendors = [manifest["database"]["vendor"]]
    postgres = Postgres(args.postgres_admin_url) if "postgresql" in vendors else None
    results: dict[str, Any] = {}
    errors: list[str] = []
    base = Path(tempfile.mkdtemp(prefix="lrba-backup-roundtrip-"))

    def run(vendor: str) -> None:
        work = base / vendor
        work.mkdir()
        try:
            results[vendor] = roundtrip(vendor, work, args, postgres)
        except Exception as error:  # reported below, with the other database's result
            errors.append(f"{vendor}: {error}")
            log = work / f"{vendor}.log"
            if log.exists():
                print(f"--- {log} (last lines)\n" + "\n".join(log.read_text().splitlines()[-30:]))

    # Both databases at once: the time is mostly migrate and the demo data.
    threads = [threading.Thread(target=run, args=(vendor,)) for vendor in vendors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if not args.keep:
        shutil.rmtree(base, ignore_errors=True)
    for vendor, figures in results.items():
        print(
            f"{vendor}: OK — {figures['tables']} tables, {figures['rows']} rows, "
            f"{figures['files']} files identical; backup {figures.get('backup_s', 0):.1f} s, "
            f"restore {figures['restore_s']:.1f} s, archive {figures['archive_mb']} MB"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    for error in errors:
        print(f"FAILED {error}", file=sys.stderr)
    return 1 if errors or not results else 0


if __name__ == "__main__":
    sys.exit(main())
