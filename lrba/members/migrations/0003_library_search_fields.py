"""The directory sorts and searches on stored columns (`Library.sort_name`,
`Library.search_text`), derived on save; this fills them for the libraries already there."""

from django.db import migrations, models

from lrba.core.text import fold, sort_key

# PostgreSQL compares text under the database's collation, whose order is not the key's
# code-point order; the directory orders by `sort_name COLLATE "C"` there
# (`lrba.core.db.CodePointOrder`), and this index serves that order.
POSTGRES_INDEX = (
    'CREATE INDEX members_library_sort_name_c ON members_library (sort_name COLLATE "C", id)'
)


def fill_search_fields(apps, schema_editor):  # type: ignore[no-untyped-def]
    Library = apps.get_model("members", "Library")
    libraries = list(Library.objects.select_related("municipality"))
    for library in libraries:
        # The same as Library.derive_search_fields (historical models have no methods).
        parts = (library.name, library.short_name, library.city, library.municipality.name)
        library.sort_name = sort_key(library.name)
        library.search_text = fold(" ".join(part for part in parts if part))
    Library.objects.bulk_update(libraries, ["sort_name", "search_text"], batch_size=1000)


def add_postgres_index(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_INDEX)


def drop_postgres_index(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS members_library_sort_name_c")


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0002_mandate_invitation"),
    ]

    operations = [
        migrations.AddField(
            model_name="library",
            name="search_text",
            field=models.TextField(default="", editable=False, verbose_name="search text"),
        ),
        migrations.AddField(
            model_name="library",
            name="sort_name",
            field=models.TextField(default="", editable=False, verbose_name="sort key of the name"),
        ),
        migrations.AddIndex(
            model_name="library",
            index=models.Index(fields=["sort_name", "id"], name="members_library_sort_name"),
        ),
        migrations.AddIndex(
            model_name="library",
            index=models.Index(fields=["search_text"], name="members_library_search_text"),
        ),
        migrations.RunPython(fill_search_fields, migrations.RunPython.noop),
        migrations.RunPython(add_postgres_index, drop_postgres_index),
    ]
