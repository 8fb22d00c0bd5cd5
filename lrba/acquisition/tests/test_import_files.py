"""Real catalogue files through the whole import (detection, the format's reader, the
service): every sample in ../shared/samples/onix and /marc imports or has each record it
cannot take reported with the reason; a generated ONIX 3.0 file spanning several batches;
the same catalogue in short and reference tags makes one title."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lrba.acquisition.models import CatalogueImport, Offer, Title
from lrba.acquisition.services import catalogue_import as service
from lrba.acquisition.tests.factories import SupplierFactory, isbn13
from lrba.core.tests.samples import SAMPLES_DIR, needs_samples

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

# file: (format, new titles, rejected records)
SAMPLES = {
    "onix/Google Sample ONIX 2.1.xml": ("onix21", 1, 0),
    "onix/entities.xml": ("onix21", 1, 0),
    "onix/full_sample.xml": ("onix30", 1, 0),
    "onix/iso_8859_1.xml": ("onix21", 1, 0),
    "onix/short.xml": ("onix30", 1, 0),
    "onix/short_tags_ivp.xml": ("onix21", 1, 0),
    "onix/valid_onix3_ref.xml": ("onix30", 0, 1),  # a product without a title
    # Records without an ISBN come by their 001 (or a fingerprint); the two good records
    # of bad_records.mrc say the same, so they are one title: the second is a duplicate.
    "marc/bad_records.mrc": ("marc21", 1, 7),
    "marc/batch.xml": ("marcxml", 2, 0),  # LC records without an ISBN
    "marc/diacritic.dat": ("marc21", 1, 0),
    "marc/marc8.dat": ("marc21", 1, 0),
    "marc/testunimarc.dat": ("unimarc", 1, 0),
}


def import_file(supplier, name: str, content: bytes) -> CatalogueImport:
    started = service.catalogue_import_start(
        supplier=supplier,
        uploaded_file=SimpleUploadedFile(name, content),
        user=None,
        enqueue=False,
    )
    return service.catalogue_import_run(started)


@needs_samples
@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_every_sample_file_imports_and_reports_what_it_cannot_take(sample):
    file_format, new, rejected = SAMPLES[sample]
    path = SAMPLES_DIR / sample
    done = import_file(SupplierFactory(), path.name, path.read_bytes())
    assert done.status == CatalogueImport.Status.DONE, done.error
    assert done.file_format == file_format
    assert (done.titles_new, done.rejected) == (new, rejected)
    assert done.records_read == new + rejected
    assert all(r.reason for r in done.rejections.all())
    assert Title.objects.count() == new


@needs_samples
def test_the_same_message_in_short_and_reference_tags_is_one_title_and_one_offer():
    supplier = SupplierFactory()
    first = import_file(
        supplier, "full_sample.xml", (SAMPLES_DIR / "onix/full_sample.xml").read_bytes()
    )
    second = import_file(supplier, "short.xml", (SAMPLES_DIR / "onix/short.xml").read_bytes())
    assert (first.titles_new, second.titles_new, second.titles_updated) == (1, 0, 1)
    title = Title.objects.get()
    assert (title.isbn, title.title) == ("9780007232833", "Roseanna")
    offer = Offer.objects.get()
    assert (offer.price, offer.catalogue_import) == (Decimal("8.99"), second)


@needs_samples
def test_a_latin_1_catalogue_keeps_its_letters():
    path = SAMPLES_DIR / "onix/iso_8859_1.xml"
    import_file(SupplierFactory(), path.name, path.read_bytes())
    assert "Küng" in Title.objects.get().authors


def onix30(products: list[tuple[str, str]]) -> bytes:
    """A small ONIX 3.0 message (reference tags, namespace) of (ISBN, title) products."""
    body = "".join(
        f"""<Product><RecordReference>lt.example.{n}</RecordReference>
<NotificationType>03</NotificationType>
<ProductIdentifier><ProductIDType>15</ProductIDType><IDValue>{isbn}</IDValue></ProductIdentifier>
<DescriptiveDetail><ProductComposition>00</ProductComposition>
<ProductForm>BC</ProductForm>
<TitleDetail><TitleType>01</TitleType><TitleElement><TitleElementLevel>01</TitleElementLevel>
<TitleText>{title}</TitleText></TitleElement></TitleDetail>
<Contributor><SequenceNumber>1</SequenceNumber><ContributorRole>A01</ContributorRole>
<PersonNameInverted>Žemaitė, Julija</PersonNameInverted>
<ContributorPlace><ContributorPlaceRelator>01</ContributorPlaceRelator>
<CountryCode>LT</CountryCode></ContributorPlace></Contributor>
<Language><LanguageRole>01</LanguageRole><LanguageCode>lit</LanguageCode></Language>
</DescriptiveDetail>
<ProductSupply><SupplyDetail><Supplier><SupplierRole>01</SupplierRole>
<SupplierName>Tiekėjas</SupplierName></Supplier>
<ProductAvailability>21</ProductAvailability>
<Price><PriceType>02</PriceType><PriceAmount>{n % 20 + 5}.50</PriceAmount>
<CurrencyCode>EUR</CurrencyCode></Price>
</SupplyDetail></ProductSupply></Product>
"""
        for n, (isbn, title) in enumerate(products, start=1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<ONIXMessage xmlns="http://ns.editeur.org/onix/3.0/reference" release="3.0">'
        "<Header><Sender><SenderName>Tiekėjas</SenderName></Sender>"
        "<SentDateTime>20260510</SentDateTime></Header>\n" + body + "</ONIXMessage>\n"
    ).encode()


def test_a_generated_onix_catalogue_over_several_batches(monkeypatch):
    monkeypatch.setattr(service, "BATCH_SIZE", 40)
    products = [(isbn13(n), f"Knyga apie Žemaitiją {n}") for n in range(1, 121)]
    products[50] = ("978-609-000002-0", "Klaidingas ISBN")
    products.append((isbn13(3), "Kartojasi"))  # the same ISBN again, in a later batch
    supplier = SupplierFactory()
    done = import_file(supplier, "katalogas.xml", onix30(products))
    assert done.status == CatalogueImport.Status.DONE, done.error
    assert (done.records_read, done.titles_new, done.rejected) == (121, 119, 2)
    reasons = [(r.position, r.reason) for r in done.rejections.all()]
    assert reasons == [
        (51, "ISBN 978-609-000002-0 has a wrong check digit."),
        (121, f"ISBN {isbn13(3)} appears earlier in this file; this record was left out."),
    ]
    title = Title.objects.get(isbn=isbn13(1))
    assert (title.language, title.lithuanian_author) == ("lit", True)
    assert Offer.objects.get(title=title).price == Decimal("6.50")

    again = import_file(supplier, "katalogas.xml", onix30(products))
    assert (again.titles_new, again.titles_updated, again.rejected) == (0, 119, 2)
    assert Title.objects.count() == 119 and Offer.objects.count() == 119


@needs_samples
def test_records_without_an_isbn_are_known_by_their_reference_and_import_again_in_place():
    supplier, other = SupplierFactory(), SupplierFactory()
    content = (SAMPLES_DIR / "marc/batch.xml").read_bytes()
    first = import_file(supplier, "batch.xml", content)
    again = import_file(supplier, "batch.xml", content)
    elsewhere = import_file(other, "batch.xml", content)
    assert (first.titles_new, again.titles_new, again.titles_updated) == (2, 0, 2)
    # Another supplier's record of the same reference is that supplier's own title: a
    # control number names a record only within the catalogue it came from.
    assert elsewhere.titles_new == 2
    assert Title.objects.filter(isbn__isnull=True).count() == 4
    assert Offer.objects.filter(supplier=supplier).count() == 2
    title = Offer.objects.filter(supplier=supplier).order_by("title__title")[0].title
    assert (title.title, title.isbn) == ("The Great Ray Charles", None)
    assert "Ray Charles" in title.marc_record
