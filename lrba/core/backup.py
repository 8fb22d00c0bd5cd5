"""Backups: one archive with the database, every uploaded file and a manifest, and its restore.

An archive is an uncompressed tar (`lrba-backup-<UTC time>.tar`; a PostgreSQL dump is
compressed by pg_dump itself) holding

- `database/lrba.sqlite3` (SQLite's online backup API: a consistent copy while the site
  runs) or `database/lrba.pgdump` (`pg_dump --format=custom`, taken in an exported snapshot
  so that the row counts of the manifest are those of the dump);
- `media/<name>` for every file of the default storage, read through Django's storage API,
  so it works the same on a local directory and on S3-compatible storage;
- `manifest.json`, last: the format version, the LRBA version that wrote it, the database
  vendor, the applied migrations (and the latest per app), the row count of every table
  and the SHA-256 and size of every other member.

`backup_restore` verifies an archive completely before it touches anything (readable,
complete, every checksum, a format and migrations this code knows), restores only into an
empty database, and leaves the target as it was when it fails: SQLite's file is built
beside the target and moved into place at once; PostgreSQL's restore is one transaction;
uploaded files it wrote are removed again.
"""

import hashlib
import json
import os
import re
import sqlite3
import subprocess
import tarfile
import tempfile
import time
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage
from django.db.migrations.loader import MigrationLoader

# Bump when an older LRBA could no longer restore what this one writes.
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database/lrba.sqlite3"
POSTGRES_MEMBER = "database/lrba.pgdump"
MEDIA_PREFIX = "media/"
ARCHIVE_PREFIX = "lrba-backup-"
# lrba-backup-20261129T231500.123Z.tar: names sort in the order they were made.
ARCHIVE_NAME = re.compile(r"^lrba-backup-\d{8}T\d{6}\.\d{3}Z\.tar$")
_CHUNK = 1024 * 1024
_VENDORS = {"django.db.backends.sqlite3": "sqlite", "django.db.backends.postgresql": "postgresql"}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is meant for the operator."""


@dataclass
class BackupResult:
    path: Path
    size: int
    seconds: float
    tables: int
    rows: int
    media_files: int
    deleted: list[Path] = field(default_factory=list)


@dataclass
class RestoreResult:
    manifest: dict[str, Any]
    seconds: float
    media_written: int
    media_skipped: int


# Versions -----------------------------------------------------------------------------------


def app_version() -> str:
    """The version in pyproject.toml (the one a release carries)."""
    try:
        with open(Path(settings.BASE_DIR) / "pyproject.toml", "rb") as file:
            return str(tomllib.load(file)["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


def git_describe() -> str | None:
    """`git describe --tags --always --dirty` of the checkout, or None outside one."""
    try:
        done = subprocess.run(
            ["git", "describe", "--tags", "--always", "--dirty"],
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None if done.returncode == 0 else None


def _version_label(app: dict[str, Any]) -> str:
    version = str(app.get("version") or "unknown")
    return f"{version} ({app['git']})" if app.get("git") else version


def _this_version() -> dict[str, Any]:
    return {"version": app_version(), "git": git_describe()}


# Database connections -----------------------------------------------------------------------


def database_vendor(settings_dict: dict[str, Any]) -> str:
    vendor = _VENDORS.get(settings_dict["ENGINE"])
    if vendor is None:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {settings_dict['ENGINE']}.")
    return vendor


# libpq's connection parameters that Django's OPTIONS may carry, and their environment names.
_LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "options": "PGOPTIONS",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "application_name": "PGAPPNAME",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
}
_LIBPQ_MAIN = {
    "dbname": "PGDATABASE",
    "user": "PGUSER",
    "password": "PGPASSWORD",
    "host": "PGHOST",
    "port": "PGPORT",
}


def postgres_params(settings_dict: dict[str, Any]) -> dict[str, str]:
    """libpq's parameters for a Django PostgreSQL database setting (empty ones left out)."""
    params = {
        "dbname": settings_dict.get("NAME") or "",
        "user": settings_dict.get("USER") or "",
        "password": settings_dict.get("PASSWORD") or "",
        "host": settings_dict.get("HOST") or "",
        "port": str(settings_dict.get("PORT") or ""),
    }
    for key, value in (settings_dict.get("OPTIONS") or {}).items():
        if key in _LIBPQ_OPTIONS and value not in (None, ""):
            params[key] = str(value)
    return {key: value for key, value in params.items() if value}


def postgres_env(params: dict[str, str]) -> dict[str, str]:
    """The environment for pg_dump and pg_restore: the connection (and password) in PG*
    variables, so nothing secret shows on a command line; the caller's PG* are dropped."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    names = {**_LIBPQ_MAIN, **_LIBPQ_OPTIONS}
    env.update({names[key]: value for key, value in params.items()})
    return env


def postgres_connect(params: dict[str, str]) -> Any:
    import psycopg

    try:
        return psycopg.connect(**params)  # type: ignore[arg-type]
    except psycopg.Error as error:
        raise BackupError(
            f"Cannot connect to database {params.get('dbname')!r}: {_first_line(error)}"
        ) from None


def _first_line(error: BaseException | str) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise BackupError(
            f"{command[0]} is not installed (Debian: apt-get install postgresql-client)."
        ) from None
    if done.returncode != 0:
        errors = [line for line in done.stderr.splitlines() if line.strip()]
        detail = next((line for line in errors if "error" in line.lower()), None)
        raise BackupError(f"{what} failed: {detail or (errors[0] if errors else done.returncode)}")


# Tables, row counts, migrations -------------------------------------------------------------


def _count_sqlite(db: sqlite3.Connection) -> dict[str, int]:
    names = [
        row[0]
        for row in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    return {
        name: db.execute(f'SELECT COUNT(*) FROM "{name.replace(chr(34), chr(34) * 2)}"').fetchone()[
            0
        ]
        for name in names
    }


def _count_postgres(cursor: Any) -> dict[str, int]:
    from psycopg import sql

    cursor.execute(
        "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
        " AND n.nspname NOT LIKE 'pg\\_toast%%' ORDER BY 1, 2"
    )
    counts = {}
    for schema, table in cursor.fetchall():
        cursor.execute(
            sql.SQL("SELECT COUNT(*) FROM {}.{}").format(
                sql.Identifier(schema), sql.Identifier(table)
            )
        )
        counts[table if schema == "public" else f"{schema}.{table}"] = cursor.fetchone()[0]
    return counts


def _migrations_from_rows(rows: list[tuple[str, str]]) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in rows:
        applied.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def table_row_counts(settings_dict: dict[str, Any]) -> dict[str, int]:
    """Every table's row count in the database `settings_dict` names (used to compare a
    restored database with its archive)."""
    if database_vendor(settings_dict) == "sqlite":
        db = sqlite3.connect(settings_dict["NAME"])
        try:
            return _count_sqlite(db)
        finally:
            db.close()
    with postgres_connect(postgres_params(settings_dict)) as db, db.cursor() as cursor:
        return _count_postgres(cursor)


def _database_has_tables(settings_dict: dict[str, Any]) -> list[str]:
    if database_vendor(settings_dict) == "sqlite":
        path = Path(settings_dict["NAME"])
        if not path.exists():
            return []
        db = sqlite3.connect(path)
        try:
            return [
                row[0]
                for row in db.execute(
                    "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
                    "AND name NOT LIKE 'sqlite_%' ORDER BY name"
                )
            ]
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{path} is not a readable SQLite database: {error}") from None
        finally:
            db.close()
    with postgres_connect(postgres_params(settings_dict)) as db, db.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE c.relkind IN ('r', 'p', 'v', 'm') AND n.nspname NOT IN"
            " ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%%'"
            " ORDER BY 1"
        )
        return [row[0] for row in cursor.fetchall()]


def _latest(applied: dict[str, list[str]]) -> dict[str, str]:
    # Django numbers migrations (0001_…, 0002_…), so the last name in order is the latest.
    return {app: names[-1] for app, names in applied.items() if names}


# Storage ------------------------------------------------------------------------------------


def storage_files(storage: Storage, path: str = "") -> Iterator[str]:
    """Every file name in `storage`, walking it with listdir (local or object storage)."""
    try:
        directories, files = storage.listdir(path)
    except FileNotFoundError:  # a local media directory not created yet
        return
    for name in sorted(files):
        yield f"{path}/{name}" if path else name
    for directory in sorted(directories):
        yield from storage_files(storage, f"{path}/{directory}" if path else directory)


class _Hashing:
    """Copies a stream in chunks, counting and hashing what passes."""

    def __init__(self) -> None:
        self.sha256 = hashlib.sha256()
        self.size = 0

    def copy(self, source: IO[bytes], target: IO[bytes] | None) -> "_Hashing":
        while chunk := source.read(_CHUNK):
            self.sha256.update(chunk)
            self.size += len(chunk)
            if target is not None:
                target.write(chunk)
        return self

    def entry(self) -> dict[str, Any]:
        return {"sha256": self.sha256.hexdigest(), "size": self.size}


def _file_sha256(path: Path) -> dict[str, Any]:
    with open(path, "rb") as file:
        return _Hashing().copy(file, None).entry()


# Backup -------------------------------------------------------------------------------------


def _snapshot_sqlite(connection: Any, target: Path) -> tuple[dict[str, int], dict[str, list]]:
    if connection.in_atomic_block:
        # SQLite's backup would wait forever for this connection's own transaction.
        raise BackupError("Cannot back up SQLite from inside a transaction.")
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        # One step: the whole database is copied under one read lock, a consistent state
        # even while the site keeps writing (WAL lets writers go on meanwhile).
        connection.connection.backup(copy)
        # A self-contained file: no -wal beside it to forget.
        copy.execute("PRAGMA journal_mode=DELETE")
        counts = _count_sqlite(copy)
        rows = _sqlite_migration_rows(copy)
    finally:
        copy.close()
    return counts, _migrations_from_rows(rows)


def _sqlite_migration_rows(db: sqlite3.Connection) -> list[tuple[str, str]]:
    try:
        return list(db.execute("SELECT app, name FROM django_migrations"))
    except sqlite3.OperationalError:  # no such table: an unmigrated database
        return []


def _snapshot_postgres(
    settings_dict: dict[str, Any], target: Path
) -> tuple[dict[str, int], dict[str, list]]:
    import psycopg

    params = postgres_params(settings_dict)
    db = postgres_connect(params)
    try:
        db.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        db.read_only = True
        with db.cursor() as cursor:
            # pg_dump works in this transaction's snapshot, so the counts and the
            # migrations read here are exactly those of the dump.
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = _count_postgres(cursor)
            cursor.execute("SELECT to_regclass('django_migrations') IS NOT NULL")
            rows: list[tuple[str, str]] = []
            if cursor.fetchone()[0]:
                cursor.execute("SELECT app, name FROM django_migrations")
                rows = list(cursor.fetchall())
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-password",
                f"--snapshot={snapshot}",
                f"--file={target}",
            ],
            postgres_env(params),
            "pg_dump",
        )
    finally:
        db.close()
    return counts, _migrations_from_rows(rows)


def archive_name(moment: datetime) -> str:
    return f"{ARCHIVE_PREFIX}{moment:%Y%m%dT%H%M%S}.{moment.microsecond // 1000:03d}Z.tar"


def backup_create(*, directory: Path, keep: int, connection: Any, storage: Storage) -> BackupResult:
    """Write one archive of the database behind `connection` and every file of `storage`
    into `directory`, then delete all but the `keep` newest archives there (0: keep all).

    The archive is written under a temporary name and renamed once complete, so an
    archive under its final name is always whole.
    """
    started = time.monotonic()
    vendor = database_vendor(connection.settings_dict)
    directory.mkdir(parents=True, exist_ok=True)
    moment = datetime.now(UTC)
    final = directory / archive_name(moment)
    if final.exists():
        raise BackupError(f"{final} exists already.")
    descriptor, partial_name = tempfile.mkstemp(
        dir=directory, prefix=f".{final.name}.", suffix=".partial"
    )
    os.close(descriptor)
    partial = Path(partial_name)
    try:
        with tempfile.TemporaryDirectory(prefix="lrba-backup-") as work:
            dump = Path(work) / "database"
            if vendor == "sqlite":
                counts, applied = _snapshot_sqlite(connection, dump)
                member = SQLITE_MEMBER
            else:
                counts, applied = _snapshot_postgres(connection.settings_dict, dump)
                member = POSTGRES_MEMBER
            members: dict[str, dict[str, Any]] = {}
            # PAX: file names of any length and in any script (Lithuanian letters).
            with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as tar:
                members[member] = _file_sha256(dump)
                _add(tar, member, dump.open("rb"), members[member]["size"], moment)
                media = 0
                for name in storage_files(storage):
                    members[MEDIA_PREFIX + name] = _add_storage_file(tar, storage, name, moment)
                    media += 1
                manifest = {
                    "format": FORMAT_VERSION,
                    "app": _this_version(),
                    "created_at": moment.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
                    "database": {"vendor": vendor, "member": member},
                    "migrations": _latest(applied),
                    "applied_migrations": applied,
                    "row_counts": counts,
                    "media_files": media,
                    "members": members,
                }
                data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
                _add(tar, MANIFEST, _BytesReader(data), len(data), moment)
        with open(partial, "rb") as file:
            os.fsync(file.fileno())
        partial.chmod(0o600)  # people's data: readable by the site's account only
        os.replace(partial, final)
    finally:
        partial.unlink(missing_ok=True)
    deleted = backup_prune(directory=directory, keep=keep)
    return BackupResult(
        path=final,
        size=final.stat().st_size,
        seconds=time.monotonic() - started,
        tables=len(counts),
        rows=sum(counts.values()),
        media_files=media,
        deleted=deleted,
    )


class _BytesReader:
    def __init__(self, data: bytes) -> None:
        self._data, self._at = data, 0

    def read(self, size: int = -1) -> bytes:
        end = len(self._data) if size < 0 else self._at + size
        chunk, self._at = self._data[self._at : end], min(end, len(self._data))
        return chunk

    def close(self) -> None:
        pass


def _add(tar: tarfile.TarFile, name: str, source: Any, size: int, moment: datetime) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, int(moment.timestamp()), 0o600
    try:
        tar.addfile(info, source)
    finally:
        source.close()


def _add_storage_file(
    tar: tarfile.TarFile, storage: Storage, name: str, moment: datetime
) -> dict[str, Any]:
    # Copied to a local spool first: the size a tar header needs up front is then the
    # size of exactly the bytes hashed, even if the stored file changes meanwhile.
    with tempfile.SpooledTemporaryFile(max_size=8 * _CHUNK) as spool:
        with storage.open(name, "rb") as source:
            entry = _Hashing().copy(source, spool).entry()
        spool.seek(0)
        _add(tar, MEDIA_PREFIX + name, spool, entry["size"], moment)
    return entry


def backup_prune(*, directory: Path, keep: int) -> list[Path]:
    """Delete all but the `keep` newest archives in `directory` (0: none deleted). Only
    files named like this module's archives are ever considered."""
    if keep <= 0:
        return []
    archives = sorted(path for path in directory.iterdir() if ARCHIVE_NAME.match(path.name))
    old = archives[:-keep]
    for path in old:
        path.unlink()
    return old


# Verification -------------------------------------------------------------------------------


def _known_migrations() -> set[tuple[str, str]]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    for migration in loader.disk_migrations.values():
        known.update(migration.replaces)  # squashed away, still understood
    return known


def _check_compatible(manifest: dict[str, Any]) -> None:
    here = _this_version()
    app = manifest.get("app")
    made_by: dict[str, Any] = app if isinstance(app, dict) else {}
    version = manifest.get("format")
    if not isinstance(version, int):
        raise BackupError("The archive's manifest has no format version: not an LRBA backup.")
    if version > FORMAT_VERSION:
        raise BackupError(
            f"The archive is in backup format {version}, written by LRBA "
            f"{_version_label(made_by)}; this LRBA {_version_label(here)} reads format "
            f"{FORMAT_VERSION} at most. Restore it with LRBA {_version_label(made_by)} or newer."
        )
    known = _known_migrations()
    for app, names in sorted((manifest.get("applied_migrations") or {}).items()):
        unknown = [name for name in names if (app, name) not in known]
        if unknown:
            raise BackupError(
                f"The archive's database has migration {app}.{unknown[-1]}, which this LRBA "
                f"{_version_label(here)} does not have: it was made by a newer LRBA "
                f"{_version_label(made_by)}. Restore it with that version or newer."
            )


def _safe_media_name(member: str) -> str:
    name = member[len(MEDIA_PREFIX) :]
    parts = PurePosixPath(name).parts
    if not name or name.startswith("/") or ".." in parts or "\\" in name:
        raise BackupError(f"The archive holds a file with an unsafe name: {member!r}.")
    return name


def _read_manifest(tar: tarfile.TarFile, path: Path) -> dict[str, Any]:
    try:
        source = tar.extractfile(MANIFEST)
        data = source.read() if source else b""
        manifest = json.loads(data)
    except KeyError:
        raise BackupError(
            f"{path} is incomplete: it has no manifest (a truncated or unfinished archive)."
        ) from None
    except (tarfile.TarError, OSError, EOFError):
        raise BackupError(f"{path} is truncated: its manifest cannot be read whole.") from None
    except ValueError:
        raise BackupError(f"{path}: the manifest is not valid JSON.") from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("members"), dict):
        raise BackupError(f"{path}: the manifest lists no members: not an LRBA backup.")
    return manifest


def archive_verify(
    path: Path, *, keep_database: Callable[[str], IO[bytes] | None] | None = None
) -> dict[str, Any]:
    """Check `path` is a whole LRBA archive this code can restore and return its manifest.

    Reads every member once: checksums and sizes must match the manifest, and no member
    may be missing or extra. `keep_database(member_name)` may return an open file to
    receive the database member's bytes while they are checked.
    """
    try:
        tar = tarfile.open(path, "r:")  # noqa: SIM115 (closed by the `with` below)
    except FileNotFoundError:
        raise BackupError(f"{path}: no such file.") from None
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(f"{path} is not a readable backup archive ({error}).") from None
    with tar:
        try:
            infos = tar.getmembers()
        except (tarfile.TarError, OSError, EOFError):
            raise BackupError(
                f"{path} is truncated or damaged: its file list ends early."
            ) from None
        archive_size = path.stat().st_size
        for info in infos:
            if info.offset_data + info.size > archive_size:
                raise BackupError(f"{path} is truncated: {info.name} is cut off.")
        manifest = _read_manifest(tar, path)
        _check_compatible(manifest)
        expected: dict[str, dict[str, Any]] = manifest["members"]
        present = [info.name for info in infos if info.name != MANIFEST]
        missing = sorted(set(expected) - set(present))
        if missing:
            raise BackupError(
                f"{path} is incomplete: {len(missing)} member(s) of the manifest are missing, "
                f"e.g. {missing[0]}."
            )
        extra = sorted(set(present) - set(expected))
        if extra or len(present) != len(set(present)):
            raise BackupError(f"{path} holds members the manifest does not list: {extra[:3]}.")
        database_member = (manifest.get("database") or {}).get("member")
        if database_member not in (SQLITE_MEMBER, POSTGRES_MEMBER) or (
            database_member not in expected
        ):
            raise BackupError(f"{path}: the manifest names no database member.")
        for info in infos:
            if info.name == MANIFEST:
                continue
            if info.name.startswith(MEDIA_PREFIX):
                _safe_media_name(info.name)
            elif info.name != database_member:
                raise BackupError(f"{path} holds an unexpected member {info.name!r}.")
            target = (
                keep_database(info.name) if keep_database and info.name == database_member else None
            )
            try:
                source = tar.extractfile(info)
                if source is None:
                    raise BackupError(f"{path}: {info.name} is not a regular file.")
                got = _Hashing().copy(source, target).entry()
            except (tarfile.TarError, OSError, EOFError):
                raise BackupError(f"{path} is truncated: {info.name} is cut off.") from None
            finally:
                if target is not None:
                    target.close()
            if got != expected[info.name]:
                raise BackupError(
                    f"{path} is damaged: the checksum of {info.name} does not match the manifest."
                )
    return manifest


# Restore ------------------------------------------------------------------------------------


def backup_restore(
    *, archive: Path, settings_dict: dict[str, Any], storage: Storage, close: Callable[[], None]
) -> RestoreResult:
    """Restore `archive` into the empty database `settings_dict` names and into `storage`.

    Verifies the whole archive first. Refuses a database with any table, a database of
    another vendor than the archive's, and an uploaded file that exists with other
    content. `close()` must close every connection this process holds to the target (the
    SQLite file is replaced). On failure the target is left as it was.
    """
    started = time.monotonic()
    vendor = database_vendor(settings_dict)
    target_name = str(settings_dict.get("NAME") or "")
    if vendor == "sqlite" and (
        not target_name or target_name == ":memory:" or target_name.startswith("file:")
    ):
        raise BackupError(f"Cannot restore into SQLite database {target_name!r}: name a file.")
    _refuse_unless_empty(settings_dict)
    staging_dir = Path(target_name).resolve().parent if vendor == "sqlite" else None
    if staging_dir is not None:
        staging_dir.mkdir(parents=True, exist_ok=True)
    descriptor, staging_name = tempfile.mkstemp(
        dir=staging_dir, prefix=".lrba-restore-", suffix=".db"
    )
    os.close(descriptor)
    staging = Path(staging_name)
    written: list[str] = []
    try:
        manifest = archive_verify(archive, keep_database=lambda _name: staging.open("wb"))
        if manifest["database"]["vendor"] != vendor:
            raise BackupError(
                f"The archive holds a {manifest['database']['vendor']} database; the target "
                f"is {vendor}."
            )
        media = {
            _safe_media_name(name): entry
            for name, entry in manifest["members"].items()
            if name.startswith(MEDIA_PREFIX)
        }
        to_write = _media_to_write(storage, media)
        if vendor == "sqlite":
            _check_sqlite_copy(staging, manifest)
        _write_media(archive, storage, to_write, media, written)
        if vendor == "sqlite":
            _sqlite_move_into_place(staging, Path(target_name), settings_dict, close)
        else:
            _postgres_restore(staging, settings_dict)
    except BaseException:
        for name in written:
            storage.delete(name)
        raise
    finally:
        staging.unlink(missing_ok=True)
    return RestoreResult(
        manifest=manifest,
        seconds=time.monotonic() - started,
        media_written=len(to_write),
        media_skipped=len(media) - len(to_write),
    )


def _refuse_unless_empty(settings_dict: dict[str, Any]) -> None:
    tables = _database_has_tables(settings_dict)
    if tables:
        raise BackupError(
            f"The target database {settings_dict.get('NAME')} is not empty ({len(tables)} "
            f"tables, e.g. {tables[0]}): restore only into a new, empty database."
        )


def _media_to_write(storage: Storage, media: dict[str, dict[str, Any]]) -> list[str]:
    to_write = []
    for name, entry in sorted(media.items()):
        if not storage.exists(name):
            to_write.append(name)
            continue
        with storage.open(name, "rb") as existing:
            if _Hashing().copy(existing, None).entry() != entry:
                raise BackupError(
                    f"The uploaded file {name} exists already with other content: restore "
                    "into empty file storage (or one holding the same files)."
                )
    return to_write


def _write_media(
    archive: Path,
    storage: Storage,
    names: list[str],
    media: dict[str, dict[str, Any]],
    written: list[str],
) -> None:
    wanted = set(names)
    with tarfile.open(archive, "r:") as tar:
        for info in tar:
            if not info.name.startswith(MEDIA_PREFIX):
                continue
            name = info.name[len(MEDIA_PREFIX) :]
            if name not in wanted:
                continue
            source = tar.extractfile(info)
            assert source is not None  # checked by archive_verify
            with tempfile.SpooledTemporaryFile(max_size=8 * _CHUNK) as spool:
                if _Hashing().copy(source, spool).entry() != media[name]:
                    raise BackupError(f"{archive} changed while it was being restored.")
                spool.seek(0)
                saved = storage.save(name, File(spool, name=name))
            written.append(saved)
            if saved != name:
                raise BackupError(f"The storage saved {name} as {saved}: it is not empty.")


def _check_sqlite_copy(staging: Path, manifest: dict[str, Any]) -> None:
    db = sqlite3.connect(staging)
    try:
        result = db.execute("PRAGMA quick_check").fetchone()[0]
        counts = _count_sqlite(db)
    except sqlite3.DatabaseError as error:
        raise BackupError(f"The archive's database is damaged: {error}.") from None
    finally:
        db.close()
    if result != "ok":
        raise BackupError(f"The archive's database is damaged: {result}.")
    if counts != manifest["row_counts"]:
        raise BackupError("The archive's database does not hold the row counts of its manifest.")


def _sqlite_move_into_place(
    staging: Path, target: Path, settings_dict: dict[str, Any], close: Callable[[], None]
) -> None:
    close()
    _refuse_unless_empty(settings_dict)  # once more, right before the move
    # An empty database's write-ahead log must not be replayed onto the restored file.
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    with open(staging, "rb") as file:
        os.fsync(file.fileno())
    os.replace(staging, target)


def _postgres_restore(dump: Path, settings_dict: dict[str, Any]) -> None:
    params = postgres_params(settings_dict)
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--exit-on-error",
            "--single-transaction",
            "--no-password",
            f"--dbname={params.get('dbname', '')}",
            str(dump),
        ],
        postgres_env({key: value for key, value in params.items() if key != "dbname"}),
        "pg_restore (the database is unchanged)",
    )
