"""The catalogue import service: titles upserted by ISBN-13, offers per supplier, every
rejection kept with its reason, batches that commit with their progress, a failed import
resumed where it stopped, a task delivered twice importing once.

Most tests feed the service records through a stand-in reader (`reading`), so they test
the import itself whatever the file format; test_import_files.py reads real files."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from lrba.acquisition.formats import CatalogueRecord, FileRefused, RecordRejection
from lrba.acquisition.models import CatalogueImport, ImportRejection, Offer, Title
from lrba.acquisition.search import titles_matching
from lrba.acquisition.services import catalogue_import as service
from lrba.acquisition.tests.factories import (
    ColumnMappingFactory,
    OfferFactory,
    SupplierFactory,
    TitleFactory,
    isbn13,
)
from lrba.core.text import sort_key

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def record(n: int, position: int | None = None, **values) -> CatalogueRecord:
    values.setdefault("isbn", isbn13(n))
    values.setdefault("title", f"Knyga {n}")
    values.setdefault("price", Decimal("10.00") + n)
    return CatalogueRecord(position=position or n, **values)


@pytest.fixture
def reading(monkeypatch):
    """`reading(items)`: the next imports read `items` (records, rejections, or an
    exception to raise at that point) whatever the file holds, as ONIX 3.0."""

    def use(items, file_format="onix30"):
        def read(file, fmt, mapping=None):
            for item in items:
                if isinstance(item, Exception):
                    raise item
                yield item

        monkeypatch.setattr(service, "read_catalogue", read)
        monkeypatch.setattr(service, "detect_format", lambda file, name: file_format)

    return use


def run_import(supplier, user=None, name="katalogas.xml"):
    started = service.catalogue_import_start(
        supplier=supplier,
        uploaded_file=SimpleUploadedFile(name, b"<ONIXMessage/>"),
        user=user,
        enqueue=False,
    )
    return service.catalogue_import_run(started)


def test_it_creates_titles_and_offers_and_counts_them(reading, staff_user):
    supplier = SupplierFactory()
    reading([record(1, authors=["Žemaitė, Julija"], subjects=["Romanai", "Klasika"]), record(2)])
    done = run_import(supplier, staff_user)
    assert done.status == CatalogueImport.Status.DONE
    assert (done.records_read, done.titles_new, done.titles_updated, done.rejected) == (2, 2, 0, 0)
    assert done.created_by == staff_user and done.finished_at is not None
    first = Title.objects.get(isbn=isbn13(1))
    assert first.authors == "Žemaitė, Julija"
    assert first.subjects == "Romanai; Klasika"
    assert first.sort_title  # bulk writes set the sort key themselves
    offer = Offer.objects.get(title=first)
    assert (offer.supplier, offer.price, offer.catalogue_import) == (
        supplier,
        Decimal("11.00"),
        done,
    )
    # Indexed for the catalogue search as each batch is written.
    assert list(titles_matching(Title.objects.all(), "žemaitė")) == [first]


def test_importing_the_same_catalogue_again_updates_offers_and_adds_no_title(reading):
    supplier = SupplierFactory()
    reading([record(1), record(2)])
    run_import(supplier)
    reading([record(1, price=Decimal("9.99"), is_available=False, availability="40"), record(2)])
    again = run_import(supplier)
    assert (again.titles_new, again.titles_updated, again.rejected) == (0, 2, 0)
    assert Title.objects.count() == 2
    assert Offer.objects.count() == 2
    offer = Offer.objects.get(title__isbn=isbn13(1))
    assert (offer.price, offer.is_available, offer.availability) == (Decimal("9.99"), False, "40")
    assert offer.catalogue_import == again


def test_a_title_offered_by_two_suppliers_is_one_title_with_two_offers(reading):
    reading([record(1)])
    run_import(SupplierFactory())
    isbn = isbn13(1)
    reading([record(1, isbn=f"{isbn[:3]}-{isbn[3:6]}-{isbn[6:12]}-{isbn[12]}")])
    second = run_import(SupplierFactory())
    assert (second.titles_new, second.titles_updated) == (0, 1)
    assert Title.objects.count() == 1
    assert Offer.objects.filter(title__isbn=isbn13(1)).count() == 2


def test_an_isbn_10_becomes_the_isbn_13_of_the_same_title(reading):
    reading([record(1, isbn="0-306-40615-2")])
    run_import(SupplierFactory())
    assert Title.objects.get().isbn == "9780306406157"


def test_invalid_isbns_and_records_without_a_title_are_rejected_with_the_reason(reading):
    reading(
        [
            record(1),
            record(2, isbn="978-609-000002-0"),  # wrong check digit
            record(3, isbn=""),
            record(4, title="  "),
            record(5, price=Decimal("-1.00")),
            RecordRejection(position=6, reference="REF-6", reason="The product has no ISBN."),
        ]
    )
    done = run_import(SupplierFactory())
    assert (done.records_read, done.titles_new, done.rejected) == (6, 1, 5)
    reasons = [(r.position, r.reference, r.reason) for r in done.rejections.all()]
    assert reasons == [
        (2, "978-609-000002-0", "ISBN 978-609-000002-0 has a wrong check digit."),
        (3, "", "The ISBN is missing."),
        (4, isbn13(4), "The record has no title."),
        (5, isbn13(5), "The price -1.00 is not a possible amount."),
        (6, "REF-6", "The product has no ISBN."),
    ]


def test_the_same_isbn_twice_in_a_file_is_one_title_and_the_repeat_is_reported(
    reading, monkeypatch
):
    monkeypatch.setattr(service, "BATCH_SIZE", 2)
    reading(
        [
            record(1, position=1),
            record(1, position=2, title="Kartojasi toje pačioje partijoje"),
            record(2, position=3),
            record(1, position=4, title="Kartojasi kitoje partijoje"),
        ]
    )
    done = run_import(SupplierFactory())
    assert (done.records_read, done.titles_new, done.titles_updated, done.rejected) == (4, 2, 0, 2)
    assert Title.objects.get(isbn=isbn13(1)).title == "Knyga 1"  # the first record holds
    assert [r.reason for r in done.rejections.all()] == [
        f"ISBN {isbn13(1)} appears earlier in this file (record 1); this record was left out.",
        f"ISBN {isbn13(1)} appears earlier in this file; this record was left out.",
    ]


def test_an_existing_title_gets_the_files_values_and_never_loses_one_to_an_empty_value(reading):
    title = TitleFactory(
        isbn=isbn13(1), title="Senas", publisher="Alma littera", year=2020, lithuanian_author=True
    )
    reading(
        [record(1, title="Naujas pavadinimas", publisher="", year=None, pages=320, language="LIT")]
    )
    done = run_import(SupplierFactory())
    assert (done.titles_new, done.titles_updated) == (0, 1)
    title.refresh_from_db()
    assert (title.title, title.publisher, title.year, title.pages, title.language) == (
        "Naujas pavadinimas",
        "Alma littera",
        2020,
        320,
        "lit",
    )
    assert title.lithuanian_author is True  # None in the file tells nothing
    assert title.sort_title == sort_key("Naujas pavadinimas")  # follows the new title
    assert list(titles_matching(Title.objects.all(), "naujas")) == [title]


def test_overlong_values_are_cut_to_their_columns_and_impossible_years_left_out(reading):
    reading([record(1, title="Ž" * 600, publisher="L" * 300, year=20, pages=0)])
    run_import(SupplierFactory())
    title = Title.objects.get()
    assert (len(title.title), len(title.publisher), title.year, title.pages) == (
        500,
        255,
        None,
        None,
    )


def test_the_offer_of_another_import_is_updated_not_duplicated(reading):
    supplier = SupplierFactory()
    OfferFactory(supplier=supplier, title=TitleFactory(isbn=isbn13(1)), price=Decimal("1.00"))
    reading([record(1)])
    run_import(supplier)
    assert Offer.objects.get().price == Decimal("11.00")


def test_a_file_broken_half_way_keeps_the_batches_before_and_fails_with_the_reason(
    reading, monkeypatch
):
    monkeypatch.setattr(service, "BATCH_SIZE", 2)
    reading([record(1), record(2), record(3), FileRefused("The XML breaks on line 40.")])
    done = run_import(SupplierFactory())
    assert done.status == CatalogueImport.Status.FAILED
    assert done.error == "The XML breaks on line 40."
    # Both the committed batch and the record read before the damage are in.
    assert Title.objects.count() == 3
    assert (done.records_read, done.titles_new) == (3, 3)


def test_an_unexpected_error_fails_the_import_and_resuming_goes_on_where_it_stopped(
    reading, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(service, "BATCH_SIZE", 2)
    supplier = SupplierFactory()
    reading([record(1), record(2), record(3), RuntimeError("the disk went away")])
    failed = run_import(supplier)
    assert failed.status == CatalogueImport.Status.FAILED
    assert "error on our side" in failed.error
    # The batch committed before the error stays; the half batch (record 3) rolled back.
    assert (failed.records_read, failed.titles_new) == (2, 2)
    assert Title.objects.count() == 2

    # The whole file, readable this time: the run skips the two records already in.
    reading([record(1), record(2), record(3), record(4, isbn="bad")])
    with django_capture_on_commit_callbacks(execute=True):
        service.catalogue_import_resume(catalogue_import=failed, user=None)
    failed.refresh_from_db()
    assert failed.status == CatalogueImport.Status.DONE
    assert failed.error == ""
    assert (failed.records_read, failed.titles_new, failed.titles_updated, failed.rejected) == (
        4,
        3,
        0,
        1,
    )
    assert ImportRejection.objects.filter(catalogue_import=failed).count() == 1


def test_only_a_failed_import_can_be_resumed(reading):
    reading([record(1)])
    done = run_import(SupplierFactory())
    with pytest.raises(ValidationError, match="Only a failed import can be resumed"):
        service.catalogue_import_resume(catalogue_import=done, user=None)


def test_a_task_delivered_twice_imports_once(reading):
    reading([record(1)])
    done = run_import(SupplierFactory())
    again = service.catalogue_import_run(done.pk)
    assert again.status == CatalogueImport.Status.DONE
    assert (again.records_read, again.titles_new) == (1, 1)


def test_starting_queues_the_task_after_commit_and_it_runs(
    reading, django_capture_on_commit_callbacks
):
    reading([record(1)])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        started = service.catalogue_import_start(
            supplier=SupplierFactory(),
            uploaded_file=SimpleUploadedFile("k.xml", b"<x/>"),
            user=None,
        )
    assert len(callbacks) == 1
    started.refresh_from_db()
    assert started.status == CatalogueImport.Status.DONE
    assert started.file_format == "onix30" and started.original_name == "k.xml"
    assert started.file.read() == b"<x/>"


def test_a_file_that_is_no_catalogue_is_refused_before_anything_is_stored(monkeypatch):
    def refuse(file, name):
        raise FileRefused("notes.pdf is not a catalogue file: it is a PDF document.")

    monkeypatch.setattr(service, "detect_format", refuse)
    with pytest.raises(ValidationError, match="is not a catalogue file"):
        service.catalogue_import_start(
            supplier=SupplierFactory(),
            uploaded_file=SimpleUploadedFile("notes.pdf", b"%PDF-1.4"),
            user=None,
        )
    assert CatalogueImport.objects.count() == 0


def test_an_empty_file_is_refused(reading):
    reading([])
    with pytest.raises(ValidationError, match="The file is empty."):
        service.catalogue_import_start(
            supplier=SupplierFactory(), uploaded_file=SimpleUploadedFile("a.xml", b""), user=None
        )


def test_a_table_needs_a_mapping_of_the_same_supplier(reading):
    reading([], file_format="csv")
    supplier = SupplierFactory()
    upload = io.BytesIO(b"ISBN;Pavadinimas\n")
    upload.name = "kainorastis.csv"
    with pytest.raises(ValidationError, match="choose a saved column mapping") as caught:
        service.catalogue_import_start(supplier=supplier, uploaded_file=upload, user=None)
    assert caught.value.code == "mapping_needed"
    with pytest.raises(ValidationError, match="belongs to another supplier"):
        service.catalogue_import_start(
            supplier=supplier, uploaded_file=upload, mapping=ColumnMappingFactory(), user=None
        )
    mapping = ColumnMappingFactory(supplier=supplier)
    started = service.catalogue_import_start(
        supplier=supplier, uploaded_file=upload, mapping=mapping, user=None, enqueue=False
    )
    assert (started.file_format, started.mapping) == ("csv", mapping)


def test_rejection_messages_are_written_in_the_importers_language(reading, staff_user):
    staff_user.language = "lt"
    staff_user.save()
    reading([record(1, title="")])
    done = run_import(SupplierFactory(), staff_user)
    from django.utils import translation

    with translation.override("lt"):
        expected = translation.gettext("The record has no title.")
    assert done.rejections.get().reason == expected
