"""`manage.py backup` and `restore` (lrba.core.backup), on the database the suite runs on.

The archives hold the test database: on SQLite its in-memory database through the online
backup API, restored into a new file; on PostgreSQL the test database through pg_dump,
restored into a new database `lrba_backup_<test database>` that each test drops again.
Uploaded files live in a storage of each test's own, walked through the storage API.
"""

import hashlib
import io
import json
import sqlite3
import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from lrba.core.backup import (
    FORMAT_VERSION,
    MANIFEST,
    BackupError,
    archive_verify,
    backup_create,
    backup_prune,
    backup_restore,
    postgres_connect,
    postgres_env,
    postgres_params,
    storage_files,
    table_row_counts,
)
from lrba.events.tests.factories import EventFactory
from lrba.members.tests.factories import EmploymentFactory, MembershipFactory

POSTGRES = connection.vendor == "postgresql"
FILES = {
    "documents/2026/ataskaita.pdf": b"%PDF-1.4\n%metine ataskaita\n",
    "events/attachments/programa-šiauliai.txt": "Programa: Šiaulių seminaras".encode(),
    "top.csv": b"a,b\n1,2\n",
}


def _storage(path: Path, files: dict[str, bytes] | None = None) -> FileSystemStorage:
    storage = FileSystemStorage(location=path)
    for name, content in (files or {}).items():
        assert storage.save(name, ContentFile(content)) == name
    return storage


def _checksums(storage: FileSystemStorage) -> dict[str, str]:
    result = {}
    for name in storage_files(storage):
        with storage.open(name, "rb") as file:
            result[name] = hashlib.sha256(file.read()).hexdigest()
    return result


def _admin_params() -> dict[str, str]:
    return postgres_params({**connection.settings_dict, "NAME": "postgres"})


def _target(tmp_path: Path) -> dict[str, Any]:
    """A new, empty database of the suite's vendor (created on PostgreSQL)."""
    if not POSTGRES:
        return {**connection.settings_dict, "NAME": str(tmp_path / "restored.sqlite3")}
    from psycopg import sql

    name = f"lrba_backup_{connection.settings_dict['NAME']}"[:63]
    with postgres_connect(_admin_params()) as admin:
        admin.autocommit = True
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return {**connection.settings_dict, "NAME": name}


@pytest.fixture
def target(tmp_path):
    settings_dict = _target(tmp_path)
    yield settings_dict
    if POSTGRES:
        from psycopg import sql

        with postgres_connect(_admin_params()) as admin:
            admin.autocommit = True
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                    sql.Identifier(settings_dict["NAME"])
                )
            )


def _live_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            if table.startswith("sqlite_"):  # SQLite's own (statistics), not backed up apart
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
        return counts


def _restore(archive: Path, target: dict[str, Any], storage: FileSystemStorage) -> Any:
    return backup_restore(
        archive=archive, settings_dict=target, storage=storage, close=lambda: None
    )


def _target_is_empty(target: dict[str, Any]) -> bool:
    if not POSTGRES:
        return not Path(target["NAME"]).exists()
    return table_row_counts(target) == {}


# One archive of the migrated test database for the tests of damaged archives ----------------


@pytest.fixture(scope="module")
def archive(tmp_path_factory, django_db_setup, django_db_blocker) -> Path:
    folder = tmp_path_factory.mktemp("backup")
    with django_db_blocker.unblock():
        result = backup_create(
            directory=folder / "archives",
            keep=0,
            connection=connection,
            storage=_storage(folder / "media", FILES),
        )
    return result.path


def _rewrite(source: Path, target: Path, change_manifest) -> Path:
    """A copy of `source` whose manifest `change_manifest` edited (other members intact)."""
    with tarfile.open(source) as old, tarfile.open(target, "w", format=tarfile.PAX_FORMAT) as new:
        for info in old.getmembers():
            data = old.extractfile(info).read()
            if info.name == MANIFEST:
                manifest = json.loads(data)
                change_manifest(manifest)
                data = json.dumps(manifest).encode()
                info.size = len(data)
            new.addfile(info, io.BytesIO(data))
    return target


def test_an_archive_holds_the_database_the_files_and_a_manifest_of_checksums(archive):
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile(MANIFEST).read())
        for name, entry in manifest["members"].items():
            assert hashlib.sha256(tar.extractfile(name).read()).hexdigest() == entry["sha256"]
    assert names[-1] == MANIFEST
    assert {f"media/{name}" for name in FILES} < set(names)
    assert manifest["format"] == FORMAT_VERSION
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["app"]["version"]
    assert manifest["migrations"]["members"].startswith("00")
    assert manifest["row_counts"]["django_migrations"] > 0
    assert manifest["created_at"].endswith("Z")
    assert archive.stat().st_mode & 0o077 == 0  # people's data: the owner's only


def test_a_truncated_archive_is_refused_and_nothing_is_restored(archive, target, tmp_path):
    data = archive.read_bytes()
    storage = _storage(tmp_path / "restored-media")
    with tarfile.open(archive) as tar:
        manifest_at = tar.getmember(MANIFEST).offset_data
    # Inside the database, in the middle, inside the manifest's header and its data.
    for cut in (1000, len(data) // 2, manifest_at - 100, manifest_at + 10):
        truncated = tmp_path / f"truncated-{cut}.tar"
        truncated.write_bytes(data[:cut])
        with pytest.raises(BackupError, match="truncated|incomplete"):
            _restore(truncated, target, storage)
    assert _target_is_empty(target)
    assert list(storage_files(storage)) == []


def test_a_damaged_file_in_the_archive_fails_its_checksum(archive, target, tmp_path):
    damaged = tmp_path / "damaged.tar"
    damaged.write_bytes(archive.read_bytes())
    with tarfile.open(archive) as tar:
        offset = tar.getmember("media/top.csv").offset_data
    with open(damaged, "r+b") as file:
        file.seek(offset)
        file.write(b"X")
    storage = _storage(tmp_path / "restored-media")
    with pytest.raises(BackupError, match="checksum of media/top.csv does not match"):
        _restore(damaged, target, storage)
    assert _target_is_empty(target)
    assert list(storage_files(storage)) == []


def test_an_archive_missing_a_member_is_incomplete(archive, tmp_path):
    def add_a_member(manifest):
        manifest["members"]["media/lost.pdf"] = {"sha256": "0" * 64, "size": 1}

    with pytest.raises(BackupError, match="incomplete.*media/lost.pdf"):
        archive_verify(_rewrite(archive, tmp_path / "missing.tar", add_a_member))


def test_an_archive_in_a_newer_format_is_refused_naming_both_versions(archive, target, tmp_path):
    def from_the_future(manifest):
        manifest["format"] = FORMAT_VERSION + 1
        manifest["app"] = {"version": "9.1.0", "git": None}

    newer = _rewrite(archive, tmp_path / "newer.tar", from_the_future)
    with pytest.raises(BackupError) as refused:
        _restore(newer, target, _storage(tmp_path / "restored-media"))
    message = str(refused.value)
    assert f"format {FORMAT_VERSION + 1}" in message
    assert "9.1.0" in message
    assert f"format {FORMAT_VERSION} at most" in message
    assert _target_is_empty(target)


def test_an_archive_with_a_migration_this_code_lacks_is_refused(archive, target, tmp_path):
    def newer_schema(manifest):
        manifest["applied_migrations"]["members"].append("9999_from_a_newer_lrba")
        manifest["app"] = {"version": "9.1.0", "git": "abc1234"}

    newer = _rewrite(archive, tmp_path / "newer.tar", newer_schema)
    with pytest.raises(BackupError, match=r"members\.9999_from_a_newer_lrba.*9\.1\.0 \(abc1234\)"):
        _restore(newer, target, _storage(tmp_path / "restored-media"))
    assert _target_is_empty(target)


def test_a_database_with_tables_is_refused_and_left_as_it_was(archive, target, tmp_path):
    if POSTGRES:
        with postgres_connect(postgres_params(target)) as db:
            db.execute("CREATE TABLE kept (note text)")
            db.execute("INSERT INTO kept VALUES ('mine')")
    else:
        with sqlite3.connect(target["NAME"]) as db:
            db.execute("CREATE TABLE kept (note text)")
            db.execute("INSERT INTO kept VALUES ('mine')")
        db.close()
    storage = _storage(tmp_path / "restored-media")
    with pytest.raises(BackupError, match="is not empty .*kept.*new, empty database"):
        _restore(archive, target, storage)
    assert table_row_counts(target) == {"kept": 1}
    assert list(storage_files(storage)) == []


def test_an_uploaded_file_with_other_content_is_refused_before_anything_is_written(
    archive, target, tmp_path
):
    storage = _storage(tmp_path / "restored-media", {"top.csv": b"other\n"})
    with pytest.raises(BackupError, match="top.csv exists already with other content"):
        _restore(archive, target, storage)
    assert _target_is_empty(target)
    assert list(storage_files(storage)) == ["top.csv"]


class _FailingStorage(FileSystemStorage):
    """Fails on its second write, as a full disk or a lost bucket would."""

    saves = 0

    def _save(self, name, content):
        self.saves += 1
        if self.saves == 2:
            raise OSError("No space left on device")
        return super()._save(name, content)


def test_a_restore_failing_half_way_leaves_the_database_and_the_files_as_they_were(
    archive, target, tmp_path
):
    storage = _FailingStorage(location=tmp_path / "restored-media")
    with pytest.raises(OSError, match="No space left"):
        _restore(archive, target, storage)
    assert _target_is_empty(target)
    assert list(storage_files(storage)) == []
    if not POSTGRES:  # the staged database file is gone too
        assert [path.name for path in tmp_path.iterdir() if path.suffix == ".db"] == []


def test_the_restore_command_fails_with_one_line_and_no_change(archive, tmp_path, settings):
    truncated = tmp_path / "truncated.tar"
    truncated.write_bytes(archive.read_bytes()[:5000])
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(truncated), "--yes")
    assert str(refused.value).startswith("Restore failed: ")
    assert "\n" not in str(refused.value)
    with pytest.raises(CommandError, match="no such file"):
        call_command("restore", str(tmp_path / "none.tar"), "--check")
    out = io.StringIO()
    call_command("restore", str(archive), "--check", stdout=out)
    assert "is whole" in out.getvalue()


# Retention ------------------------------------------------------------------------------------


def test_retention_keeps_the_newest_archives_and_nothing_else_is_touched(tmp_path):
    names = [f"lrba-backup-2026110{day}T020000.000Z.tar" for day in range(1, 6)]
    for name in names:
        (tmp_path / name).write_bytes(b"old")
    (tmp_path / "notes.txt").write_text("keep me")
    (tmp_path / "lrba-backup-manual.tar").write_text("not ours by name")
    deleted = backup_prune(directory=tmp_path, keep=2)
    assert [path.name for path in deleted] == names[:3]
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
        [*names[3:], "lrba-backup-manual.tar", "notes.txt"]
    )
    assert backup_prune(directory=tmp_path, keep=0) == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("migrated_data_restored")
def test_the_backup_command_deletes_the_oldest_after_a_successful_backup(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    folder = tmp_path / "archives"
    folder.mkdir()
    oldest = folder / "lrba-backup-20250101T020000.000Z.tar"
    older = folder / "lrba-backup-20250102T020000.000Z.tar"
    oldest.write_bytes(b"")
    older.write_bytes(b"")
    out = io.StringIO()
    call_command("backup", "--output", str(folder), "--keep", "2", stdout=out)
    remaining = sorted(path.name for path in folder.iterdir())
    assert remaining[0] == older.name and len(remaining) == 2
    assert f"Deleted the old archive {oldest.name}" in out.getvalue()
    archive_verify(folder / remaining[1])


# The round trip -------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("migrated_data_restored")
def test_a_backup_restores_into_a_new_database_with_every_row_and_file(target, tmp_path):
    for _number in range(3):
        membership = MembershipFactory()
        EmploymentFactory(library=membership.library)
    EventFactory()
    source = _storage(tmp_path / "media", FILES)
    live = _live_counts()

    made = backup_create(
        directory=tmp_path / "archives", keep=14, connection=connection, storage=source
    )
    restored_storage = _storage(tmp_path / "restored-media")
    restored = _restore(made.path, target, restored_storage)

    manifest = restored.manifest
    assert restored.media_written == len(FILES)
    assert {table: manifest["row_counts"][table] for table in live} == live
    assert table_row_counts(target) == manifest["row_counts"]
    assert live["members_library"] >= 3 and live["events_event"] >= 1
    assert _checksums(restored_storage) == _checksums(source)
    assert sorted(_checksums(source)) == sorted(FILES)


@pytest.mark.django_db
@pytest.mark.skipif(POSTGRES, reason="pg_dump works in a session and snapshot of its own")
def test_sqlite_is_not_backed_up_from_inside_a_transaction(tmp_path):
    with pytest.raises(BackupError, match="inside a transaction"):
        backup_create(
            directory=tmp_path, keep=0, connection=connection, storage=_storage(tmp_path / "m")
        )
    assert list(tmp_path.glob("*.tar")) == []


# Connection parameters ----------------------------------------------------------------------


def test_the_postgres_password_goes_in_the_environment_not_on_a_command_line(monkeypatch):
    monkeypatch.setenv("PGHOST", "elsewhere.example")
    params = postgres_params(
        {
            "NAME": "lrba",
            "USER": "lrba",
            "PASSWORD": "s3cret",
            "HOST": "db.internal",
            "PORT": 5433,
            "OPTIONS": {"sslmode": "require", "options": "-c statement_timeout=0", "pool": True},
        }
    )
    assert params == {
        "dbname": "lrba",
        "user": "lrba",
        "password": "s3cret",
        "host": "db.internal",
        "port": "5433",
        "sslmode": "require",
        "options": "-c statement_timeout=0",
    }
    env = postgres_env(params)
    assert env["PGPASSWORD"] == "s3cret" and env["PGHOST"] == "db.internal"
    assert env["PGSSLMODE"] == "require" and env["PGOPTIONS"] == "-c statement_timeout=0"
