"""The directory's text search: every word of the query must occur in a library's
`search_text` (its folded name, short name, town and municipality).

A substring search is a scan of every library with LIKE; on SQLite it goes through an
FTS5 trigram index instead (`members_library_search`, kept in step with the library
table by triggers), which finds the libraries containing a word of three letters or more
without reading the others. Shorter words, and databases without that index, use LIKE on
the indexed `search_text` column. PostgreSQL scans 5,000 short rows fast enough.
"""

from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

SQLITE_TABLE = "members_library_search"
# FTS5's trigram tokenizer indexes every three-character sequence: shorter words cannot
# be looked up in it.
TRIGRAM = 3

SQLITE_SCHEMA = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {SQLITE_TABLE} USING fts5(
        search_text, content='members_library', content_rowid='id', tokenize='trigram')""",
    f"""CREATE TRIGGER IF NOT EXISTS {SQLITE_TABLE}_insert AFTER INSERT ON members_library
    BEGIN
        INSERT INTO {SQLITE_TABLE}(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {SQLITE_TABLE}_delete AFTER DELETE ON members_library
    BEGIN
        INSERT INTO {SQLITE_TABLE}({SQLITE_TABLE}, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {SQLITE_TABLE}_update
    AFTER UPDATE OF search_text ON members_library
    BEGIN
        INSERT INTO {SQLITE_TABLE}({SQLITE_TABLE}, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
        INSERT INTO {SQLITE_TABLE}(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
]
_TRIGGERS = {f"{SQLITE_TABLE}_insert", f"{SQLITE_TABLE}_delete", f"{SQLITE_TABLE}_update"}


def ensure_sqlite_index(using: Any = None, **kwargs: Any) -> None:
    """Create the FTS5 index and its triggers when missing, and fill the index when any
    was (a post_migrate receiver: Django rebuilds a SQLite table to alter it, and the
    triggers go with the old table)."""
    from django.db import connections

    db = connections[using or "default"]
    if db.vendor != "sqlite":
        return
    with db.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name LIKE %s", [f"{SQLITE_TABLE}%"])
        present = {row[0] for row in cursor.fetchall()}
        if SQLITE_TABLE in present and present >= _TRIGGERS:
            return
        try:
            for statement in SQLITE_SCHEMA:
                cursor.execute(statement)
        except Exception:  # noqa: BLE001  (an SQLite built without FTS5: LIKE it is)
            return
        cursor.execute(f"INSERT INTO {SQLITE_TABLE}({SQLITE_TABLE}) VALUES ('rebuild')")
    db._lrba_library_search = True  # type: ignore[attr-defined]


def note_sqlite_index(sender: Any, connection: Any, **kwargs: Any) -> None:
    """Whether this SQLite database has the index, noted once per new connection (a
    connection_created receiver), so no page pays for the look-up."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", [SQLITE_TABLE])
        present = cursor.fetchone() is not None
    connection._lrba_library_search = present


def _sqlite_index_present() -> bool:
    if not hasattr(connection, "_lrba_library_search"):
        note_sqlite_index(None, connection)
    return connection._lrba_library_search  # type: ignore[attr-defined]


def containing_words(libraries: QuerySet, words: list[str]) -> QuerySet:
    """`libraries` whose search text contains every one of `words` (already folded)."""
    use_index = connection.vendor == "sqlite" and _sqlite_index_present()
    for word in words:
        if use_index and len(word) >= TRIGRAM:
            # A quoted FTS5 string is matched as a substring by the trigram tokenizer.
            phrase = '"' + word.replace('"', '""') + '"'
            libraries = libraries.filter(
                pk__in=RawSQL(
                    f"SELECT rowid FROM {SQLITE_TABLE} WHERE {SQLITE_TABLE} MATCH %s", [phrase]
                )
            )
        else:
            # `contains` escapes % and _, so the word is matched literally.
            libraries = libraries.filter(search_text__contains=word)
    return libraries
