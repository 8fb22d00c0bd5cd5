"""Libraries' order files: MARC 21 records that read back with pymarc to the same fields,
as MARCXML and as ISO 2709, whether built from a title's metadata or kept from the MARC
record it was imported from (the sample files of /work/shared/samples/marc)."""

import io
import unicodedata
from decimal import Decimal
from pathlib import Path

import pymarc
import pytest
from django.utils import timezone

from lrba.acquisition.marcwrite import order_records, records_iso2709, records_marcxml
from lrba.acquisition.models import OrderLine
from lrba.acquisition.tests.factories import (
    OfferFactory,
    OrderLineFactory,
    RoundFactory,
    SupplierFactory,
    TitleFactory,
)
from lrba.members.tests.factories import LibraryFactory

pytestmark = pytest.mark.django_db

SAMPLES = Path("/work/shared/samples/marc")


def _fields(record: pymarc.Record) -> list[tuple]:
    out = []
    for field in record.get_fields():
        if field.is_control_field():
            out.append((field.tag, field.data))
        else:
            out.append(
                (
                    field.tag,
                    tuple(field.indicators),
                    tuple((s.code, s.value) for s in field.subfields),
                )
            )
    return out


def _read_xml(content: bytes) -> list[pymarc.Record]:
    return pymarc.parse_xml_to_array(io.BytesIO(content))


def _read_iso(content: bytes) -> list[pymarc.Record]:
    reader = pymarc.MARCReader(content, to_unicode=True, force_utf8=True)
    records = list(reader)
    assert all(record is not None for record in records), reader.current_exception
    return records


READERS = {"marcxml": (records_marcxml, _read_xml), "iso2709": (records_iso2709, _read_iso)}


@pytest.fixture
def order():
    supplier = SupplierFactory(name="UAB „Knygų tiekėjas“")
    round_ = RoundFactory(suppliers=[supplier])
    library = LibraryFactory()
    return round_, library, supplier


def _line(order, title, *, quantity=2, price=Decimal("12.50")):
    round_, library, supplier = order
    offer = OfferFactory(supplier=supplier, title=title, price=price)
    return OrderLineFactory(round=round_, library=library, offer=offer, quantity=quantity)


@pytest.mark.parametrize("fmt", READERS)
def test_a_record_built_from_metadata_reads_back_with_the_same_fields(order, fmt):
    title = TitleFactory(
        title="Šiaurės Lietuvos bibliotekų istorija",
        subtitle="nuo knygnešių iki skaitmenos",
        authors="Žemaitė, Julija; Čiurlionis, Mikalojus Konstantinas",
        publisher="Alma littera",
        year=2025,
        language="lit",
        edition="2-asis leidimas",
        pages=312,
        subjects="Bibliotekos; Lietuvos istorija",
    )
    _line(order, title, quantity=3)
    write, read = READERS[fmt]

    records = order_records(order[0], order[1])
    (back,) = read(write(records))

    assert _fields(back) == _fields(records[0])
    assert back.leader[9] == "a"  # UTF-8
    assert back["020"]["a"] == title.isbn
    assert back["041"]["a"] == "lit"
    assert back["100"]["a"] == "Žemaitė, Julija"
    assert back["700"]["a"] == "Čiurlionis, Mikalojus Konstantinas"
    assert (back["245"]["a"], back["245"]["b"]) == (title.title, title.subtitle)
    assert back["245"].indicators == pymarc.Indicators("1", "0")
    assert back["250"]["a"] == "2-asis leidimas"
    assert (back["264"]["b"], back["264"]["c"]) == ("Alma littera", "2025")
    assert back["300"]["a"] == "312 p."
    assert [f["a"] for f in back.get_fields("650")] == ["Bibliotekos", "Lietuvos istorija"]
    fixed = back["008"].data or ""
    assert fixed[7:11] == "2025"
    assert fixed[35:38] == "lit"
    assert len(back["008"].data) == 40
    acquisition = back["541"]
    assert acquisition["a"] == "UAB „Knygų tiekėjas“"
    assert acquisition["d"] == timezone.localdate().strftime("%Y%m%d")
    assert (acquisition["h"], acquisition["n"]) == ("12.50 EUR", "3")


def _sample_records() -> list[tuple[str, pymarc.Record]]:
    samples = [
        (f"batch.xml#{n}", r) for n, r in enumerate(_read_xml((SAMPLES / "batch.xml").read_bytes()))
    ]
    for name in ("diacritic.dat", "marc8.dat"):
        with open(SAMPLES / name, "rb") as handle:
            for record in pymarc.MARCReader(handle, to_unicode=True):
                if record is not None:
                    samples.append((name, record))
    return samples


SAMPLE_RECORDS = _sample_records()


@pytest.mark.parametrize("fmt", READERS)
@pytest.mark.parametrize(
    "source", [r for _n, r in SAMPLE_RECORDS], ids=[n for n, _r in SAMPLE_RECORDS]
)
def test_a_title_imported_from_marc_21_keeps_its_record_with_the_acquisition_field(
    order, source, fmt
):
    stored = pymarc.record_to_xml(source, namespace=True).decode()
    title = TitleFactory(title=source.title or "?", marc_record=stored)
    _line(order, title, quantity=1, price=Decimal("9.99"))
    write, read = READERS[fmt]

    (back,) = read(write(order_records(order[0], order[1])))

    kept = [field for field in _fields(back) if field[0] != "541"]
    assert kept == _fields(source)
    assert back["541"]["h"] == "9.99 EUR"
    assert back["541"]["n"] == "1"


def test_the_marc_8_sample_reads_back_with_its_letters_in_unicode(order):
    (_name, source) = next((n, r) for n, r in SAMPLE_RECORDS if n == "marc8.dat")
    title = TitleFactory(marc_record=pymarc.record_to_xml(source, namespace=True).decode())
    _line(order, title)

    (back,) = _read_iso(records_iso2709(order_records(order[0], order[1])))

    assert "De la solitude à la communauté." in unicodedata.normalize("NFC", back["240"]["a"])
    assert back.leader[9] == "a"


def test_a_unimarc_title_gets_a_record_built_from_its_metadata(order):
    with open(SAMPLES / "testunimarc.dat", "rb") as handle:
        unimarc = next(iter(pymarc.MARCReader(handle, to_unicode=True, force_utf8=True)))
    title = TitleFactory(
        title="Il libro", marc_record=pymarc.record_to_xml(unimarc, namespace=True).decode()
    )
    _line(order, title)

    (back,) = _read_xml(records_marcxml(order_records(order[0], order[1])))

    assert back["245"]["a"] == "Il libro"
    assert back["020"]["a"] == title.isbn
    assert not back.get_fields("200")  # UNIMARC's title tag means something else in MARC 21


def test_a_stored_record_that_no_longer_parses_falls_back_to_the_metadata(order):
    title = TitleFactory(title="Sugadintas įrašas", marc_record="<record><oops")
    _line(order, title)

    (back,) = _read_xml(records_marcxml(order_records(order[0], order[1])))

    assert back["245"]["a"] == "Sugadintas įrašas"


def test_the_file_lists_only_the_library_s_ordered_lines(order):
    round_, library, supplier = order
    kept = _line(order, TitleFactory(title="Lieka"))
    left_out = _line(order, TitleFactory(title="Per mažai"))
    OrderLine.objects.filter(pk=left_out.pk).update(status=OrderLine.Status.BELOW_MINIMUM)
    OrderLineFactory(round=round_, offer=OfferFactory(supplier=supplier))  # another library's
    OrderLineFactory(library=library)  # another round's

    records = _read_iso(records_iso2709(order_records(round_, library)))

    assert [r["245"]["a"] for r in records] == [kept.offer.title.title]


def test_an_empty_order_is_an_empty_collection(order):
    assert _read_xml(records_marcxml(order_records(order[0], order[1]))) == []
    assert records_iso2709([]) == b""
