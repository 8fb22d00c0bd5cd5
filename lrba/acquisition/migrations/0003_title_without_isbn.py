"""A title may have no ISBN (older MARC records, maps, sound recordings): it is then known
by its supplier's record reference. And on PostgreSQL an index serving the catalogue's
Lithuanian order, `sort_title COLLATE "C"` (lrba.core.db.CodePointOrder): the plain
(sort_title, id) index follows the database's collation, which is not the key's
code-point order, so a page without a query would sort every title."""

from django.db import migrations, models

POSTGRES_CREATE = (
    'CREATE INDEX acquisition_title_sort_c ON acquisition_title (sort_title COLLATE "C", id)'
)
POSTGRES_DROP = "DROP INDEX IF EXISTS acquisition_title_sort_c"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_CREATE)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("acquisition", "0002_title_search_index"),
    ]

    operations = [
        migrations.AlterField(
            model_name="title",
            name="isbn",
            field=models.CharField(
                blank=True, max_length=13, null=True, unique=True, verbose_name="ISBN"
            ),
        ),
        migrations.RunPython(create_index, drop_index),
    ]
