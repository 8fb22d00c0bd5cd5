from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_content_version"),
    ]

    operations = [
        migrations.CreateModel(
            name="NumberingSeries",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.CharField(max_length=60, unique=True, verbose_name="series")),
                (
                    "next_number",
                    models.PositiveIntegerField(default=1, verbose_name="next number"),
                ),
            ],
            options={
                "verbose_name": "numbering series",
                "verbose_name_plural": "numbering series",
                "ordering": ["key"],
            },
        ),
    ]
