"""Certificate numbers move to the shared numbering series in core, counters kept."""

from django.db import migrations


def _key(prefix: str, year: int) -> str:
    # The key lrba.training.services.certificates.certificate_series_key gives.
    return f"certificate:{prefix}-{year}"


def forwards(apps, schema_editor):
    CertificateSeries = apps.get_model("training", "CertificateSeries")
    NumberingSeries = apps.get_model("core", "NumberingSeries")
    for series in CertificateSeries.objects.all():
        NumberingSeries.objects.update_or_create(
            key=_key(series.prefix, series.year), defaults={"next_number": series.next_number}
        )


def backwards(apps, schema_editor):
    CertificateSeries = apps.get_model("training", "CertificateSeries")
    NumberingSeries = apps.get_model("core", "NumberingSeries")
    for series in NumberingSeries.objects.filter(key__startswith="certificate:"):
        prefix, year = series.key.removeprefix("certificate:").rsplit("-", 1)
        CertificateSeries.objects.update_or_create(
            prefix=prefix, year=int(year), defaults={"next_number": series.next_number}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_numbering_series"),
        ("training", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.DeleteModel(name="CertificateSeries"),
    ]
