"""Migrations must not lock big tables on PostgreSQL.

Every migration of the LRBA apps newer than tests/migrations_baseline.txt is turned into
its SQL (`sqlmigrate`, on PostgreSQL) and linted with squawk (`.venv/bin/squawk`, the
squawk-cli dev dependency). Only squawk's rules about locks fail the check (LOCK_RULES):
a statement that holds a lock for as long as the table takes to scan, rewrite or index
blocks the site's reads or writes on a large table for that long. Operations on a table
the same migration creates are fine (squawk knows them). Its other rules — style
(`prefer-text-field`, `prefer-bigint-over-int`), compatibility (`ban-drop-column`,
`renaming-column`) and `require-lock-timeout`/`require-statement-timeout` (Django never
writes a `SET lock_timeout`: docs/deploy.md says to run `migrate` with one instead) —
do not.

How to fix what it finds (docs/deploy.md "Operations"): `AddIndexConcurrently` /
`RemoveIndexConcurrently` from django.contrib.postgres.operations in a migration with
`atomic = False`; a new column nullable or with a (non-volatile) default; a foreign key
or check constraint added NOT VALID and validated in a second migration; a column's type
changed through a new column and a backfill.
"""

import json
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, models
from django.db.migrations import AddField, AddIndex, AlterField, Migration
from django.db.migrations.loader import MigrationLoader

from lrba.core.plugins import lrba_apps

BASELINE = Path(__file__).with_name("migrations_baseline.txt")
SQUAWK = Path(sys.executable).with_name("squawk")
# The oldest PostgreSQL the site supports (docs/deploy.md): squawk's advice depends on it
# (since 11, a non-volatile default no longer rewrites the table).
PG_VERSION = "15"

# squawk's rules about locks held while a table is scanned, rewritten or indexed.
LOCK_RULES = {
    # ADD COLUMN … NOT NULL without a default: refused on a table with rows, and blocks
    "adding-required-field",
    # SET NOT NULL: scans the whole table under ACCESS EXCLUSIVE (no reads, no writes)
    "adding-not-nullable-field",
    # ADD COLUMN with a volatile default (gen_random_uuid()): rewrites the table
    "adding-field-with-default",
    # a foreign key validated at once: SHARE ROW EXCLUSIVE on both tables during the scan
    "adding-foreign-key-constraint",
    # a CHECK or FOREIGN KEY constraint without NOT VALID: scans, blocking writes
    "constraint-missing-not-valid",
    # ADD … UNIQUE: builds the index under ACCESS EXCLUSIVE
    "disallowed-unique-constraint",
    # CREATE INDEX / DROP INDEX without CONCURRENTLY: blocks writes (drop: everything)
    "require-concurrent-index-creation",
    "require-concurrent-index-deletion",
    # ALTER COLUMN … TYPE: rewrites the table under ACCESS EXCLUSIVE
    "changing-column-type",
    # ADD PRIMARY KEY / a serial column: builds the index (or rewrites) under ACCESS EXCLUSIVE
    "adding-serial-primary-key-field",
    # the fix done wrong: CONCURRENTLY inside a transaction fails (set atomic = False)
    "ban-concurrent-index-creation-in-transaction",
}

# A table the same migration creates is empty and invisible to everyone else until the
# migration commits: nothing done to it can block the site. squawk knows that for indexes
# but not for the columns Django adds to a new table after creating it (foreign keys
# between the models of one initial migration), so those findings are dropped here.
CREATE_TABLE = re.compile(r'CREATE TABLE "([^"]+)"')
ALTER_TABLE = re.compile(r'\s*ALTER TABLE (?:ONLY )?"([^"]+)"')

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the SQL checked is PostgreSQL's"
)


def squawk_lock_problems(sql: str, *, name: str = "migration.sql") -> list[str]:
    """squawk's findings in `sql` under LOCK_RULES, as readable lines."""
    assert SQUAWK.exists(), f"{SQUAWK} is missing: run `uv sync` (squawk-cli, a dev dependency)"
    done = subprocess.run(
        [str(SQUAWK), "--reporter", "json", "--pg-version", PG_VERSION, "--stdin-filepath", name],
        input=sql,
        capture_output=True,
        text=True,
        timeout=60,
    )
    try:
        findings: list[dict[str, Any]] = json.loads(done.stdout or "[]")
    except json.JSONDecodeError:
        raise AssertionError(
            f"squawk did not answer JSON: {done.stdout!r} {done.stderr!r}"
        ) from None
    assert done.returncode in (0, 1), done.stderr  # 1: it found something, of any rule
    lines = sql.splitlines()
    created = set(CREATE_TABLE.findall(sql))
    problems = []
    for finding in findings:
        line = lines[finding["line"]] if finding["line"] < len(lines) else ""
        altered = ALTER_TABLE.match(line)
        if finding["rule_name"] not in LOCK_RULES or (altered and altered[1] in created):
            continue
        problems.append(
            f"{name}:{finding['line'] + 1}: {finding['rule_name']}: {finding['message']}\n"
            f"    {line.strip()[:300]}"
        )
    return problems


def baseline() -> set[str]:
    return {
        line.strip()
        for line in BASELINE.read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }


def project_migrations() -> list[tuple[str, str]]:
    labels = {app.label for app in lrba_apps()}
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return sorted(key for key in loader.disk_migrations if key[0] in labels)


def migration_sql(app_label: str, name: str) -> str:
    out = StringIO()
    call_command("sqlmigrate", app_label, name, stdout=out)
    return out.getvalue()


def operations_sql(app_label: str, operations: list[Any]) -> str:
    """The SQL a migration of `operations` on the current models would run (as
    `sqlmigrate` shows it), without running it."""
    loader = MigrationLoader(connection)
    state = loader.project_state()
    migration = Migration("9999_lock_check", app_label)
    migration.operations = operations
    with connection.schema_editor(collect_sql=True, atomic=migration.atomic) as editor:
        migration.apply(state, editor, collect_sql=True)
    return "BEGIN;\n" + "\n".join(editor.collected_sql) + "\nCOMMIT;\n"


# The check ---------------------------------------------------------------------------------


def new_migration_lock_problems(known: set[str]) -> list[str]:
    """squawk's lock findings in every project migration not in `known`."""
    return [
        problem
        for app_label, name in project_migrations()
        if f"{app_label}.{name}" not in known
        for problem in squawk_lock_problems(
            migration_sql(app_label, name), name=f"{app_label}/migrations/{name}.py"
        )
    ]


@pytest.mark.django_db
@pytest.mark.postgres
@on_postgres
def test_no_new_migration_locks_a_table():
    problems = new_migration_lock_problems(baseline())

    assert not problems, (
        "These migrations would lock a table on PostgreSQL (see tests/test_migrations_lock.py "
        "for the fixes):\n" + "\n".join(problems)
    )


@pytest.mark.django_db
@pytest.mark.postgres
@on_postgres
def test_a_grandfathered_migration_would_be_caught_if_it_were_new():
    """members 0005 indexes an existing table without CONCURRENTLY: written today, the
    check would refuse it."""
    problems = new_migration_lock_problems(baseline() - {"members.0005_application_by_person"})

    assert problems
    assert all(
        problem.startswith("members/migrations/0005_application_by_person.py:")
        for problem in problems
    )
    assert any(": require-concurrent-index-creation: " in problem for problem in problems)


def test_the_baseline_names_only_migrations_that_exist():
    existing = {f"{app_label}.{name}" for app_label, name in project_migrations()}

    assert baseline() <= existing, baseline() - existing


# The check catches what it should ----------------------------------------------------------


@pytest.mark.parametrize(
    ("statement", "rule"),
    [
        ('ALTER TABLE "members_library" ADD COLUMN "x" integer NOT NULL;', "adding-required-field"),
        (
            'CREATE INDEX "members_library_x" ON "members_library" ("name");',
            "require-concurrent-index-creation",
        ),
        ('DROP INDEX "members_library_x";', "require-concurrent-index-deletion"),
        ('ALTER TABLE "members_library" ALTER COLUMN "name" TYPE text;', "changing-column-type"),
        (
            'ALTER TABLE "members_library" ALTER COLUMN "name" SET NOT NULL;',
            "adding-not-nullable-field",
        ),
        (
            'ALTER TABLE "members_library" ADD CONSTRAINT "c" CHECK ("id" > 0);',
            "constraint-missing-not-valid",
        ),
        (
            'ALTER TABLE "members_library" ADD CONSTRAINT "f" FOREIGN KEY ("region_id") '
            'REFERENCES "core_region" ("id") DEFERRABLE INITIALLY DEFERRED;',
            "adding-foreign-key-constraint",
        ),
        (
            'ALTER TABLE "members_library" ADD CONSTRAINT "u" UNIQUE ("name");',
            "disallowed-unique-constraint",
        ),
        (
            'ALTER TABLE "members_library" ADD COLUMN "k" uuid DEFAULT gen_random_uuid();',
            "adding-field-with-default",
        ),
    ],
)
def test_a_locking_statement_is_caught(statement, rule):
    problems = squawk_lock_problems(f"BEGIN;\n{statement}\nCOMMIT;\n")

    assert any(f": {rule}: " in problem for problem in problems), problems


def test_safe_statements_pass():
    sql = (
        "BEGIN;\n"
        'CREATE TABLE "api_new" ("id" bigint NOT NULL PRIMARY KEY GENERATED BY DEFAULT AS '
        'IDENTITY, "library_id" bigint NOT NULL, "name" varchar(100) NOT NULL);\n'
        'ALTER TABLE "api_new" ADD CONSTRAINT "api_new_library_fk" FOREIGN KEY ("library_id") '
        'REFERENCES "members_library" ("id") DEFERRABLE INITIALLY DEFERRED;\n'
        'CREATE INDEX "api_new_library_id" ON "api_new" ("library_id");\n'
        'ALTER TABLE "api_new" ADD COLUMN "owner_id" bigint NOT NULL CONSTRAINT "api_new_owner_fk" '
        'REFERENCES "accounts_user"("id") DEFERRABLE INITIALLY DEFERRED;\n'
        'ALTER TABLE "members_library" ADD COLUMN "note" text NULL;\n'
        'ALTER TABLE "members_library" ADD COLUMN "count" integer DEFAULT 0 NOT NULL;\n'
        'ALTER TABLE "members_library" ADD CONSTRAINT "c" CHECK ("id" > 0) NOT VALID;\n'
        "COMMIT;\n"
        'CREATE INDEX CONCURRENTLY "members_library_note" ON "members_library" ("note");\n'
    )

    assert squawk_lock_problems(sql) == []


def test_a_new_table_beside_does_not_excuse_an_existing_one():
    sql = (
        "BEGIN;\n"
        'CREATE TABLE "api_new" ("id" bigint NOT NULL PRIMARY KEY GENERATED BY DEFAULT AS '
        "IDENTITY);\n"
        'ALTER TABLE "members_library" ADD COLUMN "new_id" bigint NOT NULL;\n'
        "COMMIT;\n"
    )

    (problem,) = squawk_lock_problems(sql)
    assert ": adding-required-field: " in problem
    assert '"members_library"' in problem


@pytest.mark.django_db
@pytest.mark.postgres
@on_postgres
def test_a_migration_that_would_lock_a_table_is_caught():
    """Django's own SQL for bad operations on an existing table, as `sqlmigrate` prints it."""
    sql = operations_sql(
        "members",
        [
            AddIndex("library", models.Index(fields=["name"], name="members_library_name_lock")),
            AddField("library", "lock_check", models.IntegerField()),
            AlterField("library", "name", models.CharField(max_length=400)),
        ],
    )

    rules = {problem.split(": ")[1] for problem in squawk_lock_problems(sql)}

    assert {
        "require-concurrent-index-creation",
        "adding-required-field",
        "changing-column-type",
    } <= rules


@pytest.mark.django_db
@pytest.mark.postgres
@on_postgres
def test_a_migration_creating_its_own_table_passes():
    """The API's first migration creates new tables with their keys and indexes: fine."""
    assert "CREATE TABLE" in migration_sql("api", "0001_initial")
    assert squawk_lock_problems(migration_sql("api", "0001_initial")) == []
