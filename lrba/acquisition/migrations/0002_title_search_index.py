"""The catalogue's full-text index, one per database (lrba.acquisition.search):

- SQLite: the FTS5 table `acquisition_title_fts` (rowid = the title's id) of stemmed,
  folded tokens in three columns (title, authors, the rest), written by
  lrba.acquisition.search (the tokens come from Python's Lithuanian stemmer);
- PostgreSQL: a GIN index on `acquisition_title.vector` (the 'lithuanian' configuration).
"""

from django.db import migrations

SQLITE_CREATE = (
    "CREATE VIRTUAL TABLE acquisition_title_fts USING fts5("
    "title, authors, rest, tokenize = 'unicode61 remove_diacritics 2')"
)
SQLITE_DROP = "DROP TABLE IF EXISTS acquisition_title_fts"
POSTGRES_CREATE = "CREATE INDEX acquisition_title_vector_gin ON acquisition_title USING GIN (vector)"
POSTGRES_DROP = "DROP INDEX IF EXISTS acquisition_title_vector_gin"


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
        ("acquisition", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
