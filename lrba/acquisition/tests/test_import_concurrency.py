"""Catalogue imports at the same moment, on PostgreSQL (SQLite serialises writers by
itself): two suppliers' catalogues sharing titles, and one supplier's catalogue imported
twice at once, each in several batches. Every ISBN ends as one title, every supplier
with one offer of it, and no import fails or deadlocks."""

from django.core.files.uploadedfile import SimpleUploadedFile

from lrba.acquisition.models import CatalogueImport, Offer, Title
from lrba.acquisition.services import catalogue_import as service
from lrba.acquisition.tests.factories import SupplierFactory, isbn13
from lrba.acquisition.tests.test_import_files import onix30
from lrba.core.tests.concurrency import POSTGRES_RACE, run_at_once

pytestmark = POSTGRES_RACE


def start(supplier, content: bytes) -> CatalogueImport:
    return service.catalogue_import_start(
        supplier=supplier,
        uploaded_file=SimpleUploadedFile("katalogas.xml", content),
        user=None,
        enqueue=False,
    )


def test_two_suppliers_sharing_titles_import_at_once_into_one_title_each(monkeypatch):
    monkeypatch.setattr(service, "BATCH_SIZE", 50)
    forward = onix30([(isbn13(n), f"Knyga {n}") for n in range(1, 301)])
    # The second file lists the shared titles backwards, so the batches cross.
    backward = onix30([(isbn13(n), f"Knyga {n}") for n in range(400, 100, -1)])
    first, second = SupplierFactory(), SupplierFactory()
    imports = [start(first, forward), start(second, backward)]

    outcome = run_at_once([lambda pk=i.pk: service.catalogue_import_run(pk) for i in imports])

    assert outcome.errors == []
    done = sorted(outcome.results, key=lambda i: i.pk)
    assert [i.status for i in done] == ["done", "done"], [i.error for i in done]
    assert Title.objects.count() == 400
    assert sum(i.titles_new for i in done) == 400
    assert [i.titles_new + i.titles_updated for i in done] == [300, 300]
    assert Offer.objects.filter(supplier=first).count() == 300
    assert Offer.objects.filter(supplier=second).count() == 300


def test_one_catalogue_imported_twice_at_once_makes_one_offer_per_title(monkeypatch):
    monkeypatch.setattr(service, "BATCH_SIZE", 50)
    content = onix30([(isbn13(n), f"Knyga {n}") for n in range(1, 201)])
    supplier = SupplierFactory()
    imports = [start(supplier, content), start(supplier, content)]

    outcome = run_at_once([lambda pk=i.pk: service.catalogue_import_run(pk) for i in imports])

    assert outcome.errors == []
    assert [i.status for i in outcome.results] == ["done", "done"]
    assert Title.objects.count() == 200
    assert Offer.objects.filter(supplier=supplier).count() == 200
    assert sum(i.titles_new for i in outcome.results) == 200
