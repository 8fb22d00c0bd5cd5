"""The default invoice and credit-note series and the settings row, so the first invoice
can be issued without setup. The secretariat renames or adds series in the back office."""

from django.db import migrations


def create(apps, schema_editor):
    InvoiceSeries = apps.get_model("finance", "InvoiceSeries")
    FinanceSettings = apps.get_model("finance", "FinanceSettings")
    InvoiceSeries.objects.get_or_create(
        code="LRBA",
        defaults={"kind": "invoice", "is_default": True, "description": "Sąskaitos faktūros"},
    )
    InvoiceSeries.objects.get_or_create(
        code="LRBAK",
        defaults={
            "kind": "credit_note",
            "is_default": True,
            "description": "Kreditinės sąskaitos faktūros",
        },
    )
    FinanceSettings.objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("finance", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
