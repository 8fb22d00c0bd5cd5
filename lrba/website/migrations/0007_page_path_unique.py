from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("website", "0006_page_tree_and_menus")]

    operations = [
        migrations.AlterField(
            model_name="page",
            name="path",
            field=models.CharField(
                editable=False, max_length=400, unique=True, verbose_name="full address"
            ),
        ),
    ]
