"""The site search's full-text index, one per database (lrba.core.search):

- SQLite: the FTS5 table `core_searchentry_fts` (rowid = the entry's id) of stemmed,
  folded tokens, which lrba.core.search writes itself (the tokens come from Python's
  Lithuanian stemmer, which SQL cannot call). It is a table of its own, not triggers on
  core_searchentry: Django rebuilds a SQLite table to alter it, and triggers would go
  with the old one;
- PostgreSQL: a GIN index on `core_searchentry.vector`.

Entries already there (none, unless sources were indexed before this migration) are
filled by `manage.py search_reindex`.
"""

from django.db import migrations

SQLITE_CREATE = (
    "CREATE VIRTUAL TABLE core_searchentry_fts USING fts5("
    "title, summary, body, tokenize = 'unicode61 remove_diacritics 2')"
)
SQLITE_DROP = "DROP TABLE IF EXISTS core_searchentry_fts"
POSTGRES_CREATE = "CREATE INDEX core_searchentry_vector_gin ON core_searchentry USING GIN (vector)"
POSTGRES_DROP = "DROP INDEX IF EXISTS core_searchentry_vector_gin"


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_CREATE)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_CREATE)


def drop_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_DROP)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_search_entry"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
