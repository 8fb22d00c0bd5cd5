"""MARC 21 and UNIMARC records read into the catalogue: every sample file in
../shared/samples/marc/, records built here for what the samples lack (ISBN with price,
Lithuanian letters in MARC-8 and UTF-8, UNIMARC in UTF-8 and in a set we cannot read),
broken records amid good ones, MARCXML with and without namespace prefixes, and XML that
tries to reach outside the file."""

import io
from decimal import Decimal

import pymarc
import pytest
from django.utils import translation

from lrba.acquisition.formats import marc, read_catalogue
from lrba.acquisition.formats.records import CatalogueRecord, FileRefused, RecordRejection
from lrba.core.tests.samples import SAMPLES_DIR, needs_samples

SAMPLES = SAMPLES_DIR / "marc"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _read(name: str) -> list[CatalogueRecord | RecordRejection]:
    with open(SAMPLES / name, "rb") as file:
        reader = marc.read_marcxml if name.endswith(".xml") else marc.read_iso2709
        return list(reader(file))


def _records(name: str) -> list[tuple[int, pymarc.Record | str]]:
    with open(SAMPLES / name, "rb") as file:
        if name.endswith(".xml"):
            return list(marc.read_marcxml_records(file))
        return list(marc.read_iso2709_records(file))


def _iso2709(*records: pymarc.Record) -> bytes:
    return b"".join(record.as_marc() for record in records)


def _field(tag: str, indicators: str = "  ", **subfields: str) -> pymarc.Field:
    return pymarc.Field(
        tag=tag,
        indicators=pymarc.Indicators(indicators[0], indicators[1]),
        subfields=[pymarc.Subfield(code[-1], value) for code, value in subfields.items()],
    )


def _lithuanian_marc21() -> pymarc.Record:
    record = pymarc.Record(leader="00000nam a22000007i 4500")
    record.add_field(
        pymarc.Field(tag="001", data="LT-0001"),
        pymarc.Field(tag="008", data="240115s2024    li            000 0 lit d"),
        _field("020", a="978-609-01-2345-6 (įrišta)", c="EUR 12,50"),
        _field("100", "1 ", a="Žemaitė,"),
        _field("245", "10", a="Šventė prie Nemuno :", b="apysakos /", c="Žemaitė."),
        _field("250", a="2-asis leid."),
        _field("264", " 1", a="Vilnius :", b="Alma littera,", c="2024."),
        _field("300", a="245 p. ;", c="21 cm"),
        _field("650", " 4", a="Lietuvių literatūra", y="20 a."),
        _field("700", "1 ", a="Čiurlionis, Mikalojus Konstantinas,", e="iliustratorius."),
    )
    return record


# --- The sample files ----------------------------------------------------------------------


@needs_samples
def test_marc8_sample_decodes_its_combining_accents_and_comes_by_its_control_number():
    [(position, record)] = _records("marc8.dat")
    assert isinstance(record, pymarc.Record)
    metadata = marc.record_metadata(record, position)
    assert metadata.title == "Escape from loneliness"
    assert metadata.authors == ["Tournier, Paul"]
    assert metadata.publisher == "Westminster Press"
    assert metadata.year == 1962
    assert metadata.pages == 192
    assert metadata.language == "eng"
    assert metadata.subjects == ["Loneliness", "Self", "Social psychology", "Social Isolation"]
    assert metadata.reference == "2"
    # MARC-8 writes the accent before its letter (0xE1 a, 0xE2 e): "à", "é" composed.
    assert record["240"]["a"] == "De la solitude \u00e0 la communaut\u00e9."
    assert "communaut\u00e9" in metadata.marc_record
    assert record.leader[9] == "a"  # the MARCXML copy is Unicode now

    # No ISBN: the import knows it by its 001 control number.
    [catalogue] = _read("marc8.dat")
    assert isinstance(catalogue, CatalogueRecord)
    assert (catalogue.position, catalogue.isbn, catalogue.reference) == (1, "", "2")
    assert catalogue.title == "Escape from loneliness"


@needs_samples
def test_utf8_sample_gives_the_first_isbn_without_its_qualifier_and_composed_diacritics():
    [record] = _read("diacritic.dat")
    assert isinstance(record, CatalogueRecord)
    assert record.position == 1
    assert record.isbn == "9780415782654"
    assert record.product_form == "hardback"
    assert record.title == "Amateur media"
    assert record.subtitle == "social, cultural and legal perspectives"
    assert record.authors == ["Hunter, Dan"]
    assert record.publisher == "Routledge"
    assert record.year == 2012
    assert record.language == "eng"
    assert record.pages is None  # "p. cm.": a CIP record, not yet printed
    assert record.subjects == [
        "Social media -- Law and legislation",
        "User-generated content",
        "Internet -- Law and legislation",
    ]
    assert record.reference == "17091269"
    assert record.price is None
    assert record.lithuanian_author is None
    # The file writes "é" as e + U+0301; the catalogue keeps it composed.
    assert "Hemmungs Wirt\u00e9n" in record.marc_record
    assert "e\u0301" not in record.marc_record


@needs_samples
def test_unimarc_sample_maps_its_fields_and_its_trailing_line_break_is_no_record():
    records = _read("testunimarc.dat")
    assert len(records) == 1
    [record] = records
    assert isinstance(record, CatalogueRecord)
    assert record.isbn == "88-04-40682-8"
    # The non-sorting markers around the article (U+0088/U+0089) are dropped.
    assert record.title == "L'altra faccia della spirale"
    assert record.authors == ["Asimov, Isaac"]  # 700 only: 702 are translator and preface
    assert record.publisher == "A. Mondadori"
    assert record.year == 1996
    assert record.language == "ita"
    assert record.pages == 201
    assert record.reference == "IT\\ICCU\\ANA\\0019370"
    assert record.subjects == []


@needs_samples
def test_broken_records_are_each_reported_with_their_reason_and_the_good_ones_still_come():
    results = _records("bad_records.mrc")
    good = [(position, r) for position, r in results if not isinstance(r, str)]
    broken = [(position, r) for position, r in results if isinstance(r, str)]
    assert [position for position, _record in good] == [1, 8]
    for _position, record in good:
        assert record["245"]["a"] == "The pragmatic programmer : "
    assert broken == [
        (
            2,
            "The base address of data in the leader (99937) lies beyond the end of the "
            "record (127 bytes).",
        ),
        (
            3,
            "The base address of data in the leader (00000) is too small: the leader alone "
            "takes 24 bytes, so the record cannot hold a directory.",
        ),
        (
            4,
            "The record's directory is damaged: it is 13 characters long, not a multiple of "
            "12 (one entry per field).",
        ),
        (5, "The record's directory holds bytes that are not digits or tag letters."),
        (6, "The base address of data in the leader (“f0037”) is not a number."),
        (7, "The record has no fields: its directory is empty."),
    ]
    # In the catalogue's view the two good records come (with neither an ISBN nor a
    # control number: named by a fingerprint of what they say, the same each time).
    catalogue = _read("bad_records.mrc")
    assert len(catalogue) == 8
    good_ones = [r for r in catalogue if isinstance(r, CatalogueRecord)]
    assert [r.position for r in good_ones] == [1, 8]
    assert [r.title for r in good_ones] == ["The pragmatic programmer"] * 2
    assert all(r.isbn == "" and r.reference.startswith("marc-") for r in good_ones)
    assert [r.reference for r in good_ones] == [
        r.reference for r in _read("bad_records.mrc") if isinstance(r, CatalogueRecord)
    ]
    assert sum(isinstance(r, RecordRejection) for r in catalogue) == 6


@needs_samples
def test_marcxml_sample_with_prefixes_gives_both_records():
    results = _records("batch.xml")
    assert [position for position, _r in results] == [1, 2]
    first = marc.record_metadata(results[0][1], 1)
    assert first.title == "The Great Ray Charles"
    assert first.authors == ["Charles, Ray"]
    assert first.publisher == "Atlantic"
    assert first.year == 1957
    assert first.subjects == ["Jazz -- 1951-1960", "Piano with jazz ensemble"]
    second = marc.record_metadata(results[1][1], 2)
    assert second.title == "The White House"
    assert second.publisher == "White House Web Team"
    assert second.year == 1994
    assert second.language == "eng"
    # Neither has an ISBN (a sound recording and a web site): they come by their 001.
    catalogue = _read("batch.xml")
    assert all(isinstance(r, CatalogueRecord) and r.isbn == "" for r in catalogue)
    assert [r.reference for r in catalogue if isinstance(r, CatalogueRecord)] == [
        first.reference,
        second.reference,
    ]
    assert all(r.reference for r in catalogue if isinstance(r, CatalogueRecord))


@needs_samples
@pytest.mark.parametrize(
    "transform",
    [
        pytest.param(
            lambda text: text.replace("marc:", "").replace("xmlns:marc=", "xmlns="),
            id="default-namespace",
        ),
        pytest.param(
            lambda text: text.replace("marc:", "").replace(
                'xmlns:marc="http://www.loc.gov/MARC21/slim"', ""
            ),
            id="no-namespace",
        ),
    ],
)
def test_marcxml_without_prefixes_reads_the_same_records(transform):
    text = (SAMPLES / "batch.xml").read_text(encoding="utf-8")
    changed = transform(text)
    assert "marc:record" not in changed
    prefixed = [marc.record_metadata(r, p) for p, r in _records("batch.xml")]
    plain = [
        marc.record_metadata(r, p)
        for p, r in marc.read_marcxml_records(io.BytesIO(changed.encode("utf-8")))
    ]
    assert plain == prefixed


# --- Records built here -------------------------------------------------------------------


def test_utf8_marc21_record_with_isbn_price_and_lithuanian_letters():
    [record] = list(marc.read_iso2709(io.BytesIO(_iso2709(_lithuanian_marc21()))))
    assert isinstance(record, CatalogueRecord)
    assert record.isbn == "978-609-01-2345-6"
    assert record.product_form == "įrišta"
    assert record.title == "Šventė prie Nemuno"
    assert record.subtitle == "apysakos"
    assert record.authors == ["Žemaitė", "Čiurlionis, Mikalojus Konstantinas"]
    assert record.publisher == "Alma littera"
    assert record.year == 2024
    assert record.edition == "2-asis leid."
    assert record.pages == 245
    assert record.language == "lit"
    assert record.subjects == ["Lietuvių literatūra -- 20 a."]
    assert record.price == Decimal("12.50")
    # 008/15-17 "li " says where it was published, not who wrote it.
    assert record.lithuanian_author is None
    assert record.reference == "LT-0001"


def test_marc_record_is_marcxml_that_reads_back_with_the_same_fields():
    [record] = list(marc.read_iso2709(io.BytesIO(_iso2709(_lithuanian_marc21()))))
    assert isinstance(record, CatalogueRecord)
    [back] = pymarc.parse_xml_to_array(io.BytesIO(record.marc_record.encode("utf-8")))
    original = _lithuanian_marc21()
    assert [f.tag for f in back.fields] == [f.tag for f in original.fields]
    assert back["245"]["a"] == "Šventė prie Nemuno :"
    assert back["020"]["c"] == "EUR 12,50"


def test_price_in_another_currency_is_no_price():
    record = _lithuanian_marc21()
    record["020"]["c"] = "USD 15.00"
    [read] = list(marc.read_iso2709(io.BytesIO(_iso2709(record))))
    assert isinstance(read, CatalogueRecord)
    assert read.price is None


def test_marc8_lithuanian_letters_are_decoded():
    record = pymarc.Record(leader="00000nam  2200000 a 4500", to_unicode=False)
    # MARC-8: combining caron 0xE9 and dot above 0xE7 come before their letters.
    marc8_title = b"\xe9Svent\xe7e prie Nemuno /".decode("latin-1")
    record.add_field(
        pymarc.Field(tag="001", data="M8"),
        _field("020", a="9786090123456"),
        _field("245", "10", a=marc8_title),
    )
    [read] = list(marc.read_iso2709(io.BytesIO(record.as_marc())))
    assert isinstance(read, CatalogueRecord)
    assert read.title == "Šventė prie Nemuno"


def test_utf8_bytes_under_a_marc8_leader_are_read_as_utf8():
    chunk = bytearray(_lithuanian_marc21().as_marc())
    assert chunk[9:10] == b"a"
    chunk[9:10] = b" "  # an export that says MARC-8 yet writes UTF-8
    [read] = list(marc.read_iso2709(io.BytesIO(bytes(chunk))))
    assert isinstance(read, CatalogueRecord)
    assert read.title == "Šventė prie Nemuno"


def _unimarc(charset: str = "50", title: str = "Metai") -> pymarc.Record:
    record = pymarc.Record(leader="00000nam0 2200000   450 ", force_utf8=True)
    record.add_field(
        pymarc.Field(tag="001", data="LNB-123"),
        _field("010", a="978-9986-39-123-4", b="įr.", d="EUR 9,99"),
        _field("100", a=f"20240301d2005    m  y0litc{charset}      ba"),
        _field("101", "0 ", a="lit"),
        _field("200", "1 ", a=title, e="poema", f="Kristijonas Donelaitis"),
        _field("205", a="3-iasis leid."),
        _field("210", a="Vilnius", c="Vaga", d="2005"),
        _field("215", a="123 psl.", d="20 cm"),
        _field("606", a="Lietuvių poezija", y="Lietuva", z="18 a."),
        _field("700", " 1", a="Donelaitis", b="Kristijonas"),
        _field("701", " 1", a="Žukas", b="Vladas"),
    )
    return record


def test_unimarc_record_in_utf8_maps_isbn_title_authors_publisher_year_pages_subjects():
    [read] = list(marc.read_iso2709(io.BytesIO(_unimarc().as_marc())))
    assert isinstance(read, CatalogueRecord)
    assert read.isbn == "978-9986-39-123-4"
    assert read.title == "Metai"
    assert read.subtitle == "poema"
    assert read.authors == ["Donelaitis, Kristijonas", "Žukas, Vladas"]
    assert read.publisher == "Vaga"
    assert read.year == 2005
    assert read.language == "lit"
    assert read.pages == 123
    assert read.edition == "3-iasis leid."
    assert read.subjects == ["Lietuvių poezija -- Lietuva -- 18 a."]
    assert read.price == Decimal("9.99")
    assert read.reference == "LNB-123"


def test_unimarc_record_in_iso_5426_decodes_the_lithuanian_letters():
    def iso5426(value: bytes) -> str:  # pymarc writes str as Latin-1: these very bytes
        return value.decode("latin-1")

    # to_unicode=False: pymarc writes the bytes as given and leaves leader/09 alone.
    record = pymarc.Record(leader="00000nam0 2200000   450 ", to_unicode=False)
    record.add_field(
        _field("010", a="978-9986-39-123-4"),
        _field("100", a="20240301d2005    m  y0litc03      ba"),
        # caron 0xCF, dot above 0xC7, ogonek 0xD3, macron 0xC5 come before their letters.
        _field("200", "1 ", a=iso5426(b"\xcfSvent\xc7e prie Nemuno"), e=iso5426(b"\xd3a\xc5u")),
        _field("700", " 1", a=iso5426(b"\xcfZemait\xc7e")),
    )
    raw = record.as_marc()
    assert b"\xcfSvent\xc7e" in raw
    [read] = list(marc.read_iso2709(io.BytesIO(raw)))
    assert isinstance(read, CatalogueRecord)
    assert read.title == "Šventė prie Nemuno"
    assert read.subtitle == "ąū"
    assert read.authors == ["Žemaitė"]
    assert "Šventė prie Nemuno" in read.marc_record


def test_iso_5426_decoder_composes_marks_in_their_unicode_order():
    assert marc._iso5426(b"\xcfZem\xc7e \xd3a\xc5u \xc5\xc8u \xe8odz") == "Žemė ąū ǖ Łodz"
    with pytest.raises(UnicodeDecodeError):
        marc._iso5426(b"\x9f")


def test_unimarc_record_in_a_character_set_we_cannot_read_is_rejected_with_the_set():
    record = _unimarc(charset="01")
    raw = record.as_marc()
    raw = raw.replace(b"Metai", b"M\xcfeta")  # same length: the directory holds
    good = _unimarc(title="Antra").as_marc()
    results = list(marc.read_iso2709(io.BytesIO(raw + good)))
    assert isinstance(results[0], RecordRejection)
    assert results[0].position == 1
    assert "character set “01”" in results[0].reason
    assert "UTF-8" in results[0].reason
    assert isinstance(results[1], CatalogueRecord)
    assert results[1].title == "Antra"


def test_a_record_without_a_title_is_rejected_naming_its_isbn():
    record = _lithuanian_marc21()
    record.remove_fields("245")
    [read] = list(marc.read_iso2709(io.BytesIO(_iso2709(record))))
    assert read == RecordRejection(
        position=1,
        reference="978-609-01-2345-6",
        reason="The record has no title (field 245 $a).",
    )


def test_records_on_separate_lines_and_a_cut_last_record():
    one = _iso2709(_lithuanian_marc21())
    data = one + b"\r\n" + one + b"\n" + one[:60]
    results = list(marc.read_iso2709(io.BytesIO(data)))
    assert [type(r) for r in results] == [CatalogueRecord, CatalogueRecord, RecordRejection]
    assert results[1].position == 2
    assert results[2].position == 3
    assert results[2].reason == (
        "The file ends in the middle of a record (60 bytes without an end-of-record mark)."
    )


def test_a_wrong_record_length_is_reported_and_the_next_record_still_comes():
    one = bytearray(_iso2709(_lithuanian_marc21()))
    real = len(one)
    one[:5] = b"%05d" % (real + 10)
    results = list(marc.read_iso2709(io.BytesIO(bytes(one) + _iso2709(_lithuanian_marc21()))))
    assert isinstance(results[0], RecordRejection)
    assert results[0].reason == (
        f"The leader gives a record length of {real + 10} bytes, but the record is "
        f"{real} bytes long up to its end-of-record mark."
    )
    assert isinstance(results[1], CatalogueRecord)


def test_a_field_running_past_the_record_is_reported():
    chunk = bytearray(_iso2709(_lithuanian_marc21()))
    directory_entry = chunk.index(b"245", 24)
    chunk[directory_entry + 3 : directory_entry + 7] = b"9999"
    [result] = list(marc.read_iso2709(io.BytesIO(bytes(chunk))))
    assert isinstance(result, RecordRejection)
    assert result.reason.startswith("Field 245 runs past the end of the record")


def test_iso2709_is_read_a_block_at_a_time():
    one = _iso2709(_lithuanian_marc21())
    data = one * 2000
    file = io.BytesIO(data)
    reader = marc.read_iso2709(file)
    first = next(reader)
    assert isinstance(first, CatalogueRecord)
    assert file.tell() < len(data) / 5
    assert sum(1 for _ in reader) == 1999


@needs_samples
def test_the_dispatcher_reads_both_iso2709_flavours_and_marcxml():
    assert next(read_catalogue(io.BytesIO(_unimarc().as_marc()), "unimarc")).title == "Metai"
    with open(SAMPLES / "diacritic.dat", "rb") as file:
        assert next(read_catalogue(file, "marc21")).isbn == "9780415782654"
    xml = pymarc.record_to_xml(_lithuanian_marc21(), namespace=True)
    collection = b'<collection xmlns="http://www.loc.gov/MARC21/slim">' + xml + b"</collection>"
    assert next(read_catalogue(io.BytesIO(collection), "marcxml")).title == "Šventė prie Nemuno"


# --- MARCXML safety and damage -------------------------------------------------------------


def _collection(*records: bytes, doctype: bytes = b"") -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        + doctype
        + b'<collection xmlns="http://www.loc.gov/MARC21/slim">\n'
        + b"\n".join(records)
        + b"\n</collection>"
    )


def test_marcxml_never_resolves_external_entities():
    xml = pymarc.record_to_xml(_lithuanian_marc21()).replace(
        b"Alma littera,", b"Alma &secret;littera,"
    )
    data = _collection(
        xml, doctype=b'<!DOCTYPE collection [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
    )
    [record] = list(marc.read_marcxml(io.BytesIO(data)))
    assert isinstance(record, CatalogueRecord)
    assert "root:" not in record.marc_record
    assert record.publisher == "Alma littera"  # the reference left out, nothing read


def test_marcxml_never_fetches_a_dtd():
    data = _collection(
        pymarc.record_to_xml(_lithuanian_marc21()),
        doctype=b'<!DOCTYPE collection SYSTEM "http://127.0.0.1:9/marc.dtd">\n',
    )
    [record] = list(marc.read_marcxml(io.BytesIO(data)))
    assert isinstance(record, CatalogueRecord)


def test_marcxml_record_without_leader_is_rejected_and_the_next_comes():
    good = pymarc.record_to_xml(_lithuanian_marc21())
    bad = (
        b'<record><datafield tag="245" ind1="1" ind2="0"><subfield code="a">X</subfield>'
        b"</datafield></record>"
    )
    results = list(marc.read_marcxml(io.BytesIO(_collection(bad, good))))
    assert results[0] == RecordRejection(
        position=1, reference="", reason="The record's leader is 0 characters long instead of 24."
    )
    assert isinstance(results[1], CatalogueRecord)
    assert results[1].position == 2


def test_marcxml_broken_in_the_middle_gives_the_records_before_then_refuses_with_the_line():
    good = pymarc.record_to_xml(_lithuanian_marc21())
    data = _collection(good, b"<record><leader>broken</record>", good)
    reader = marc.read_marcxml(io.BytesIO(data))
    assert isinstance(next(reader), CatalogueRecord)
    with pytest.raises(FileRefused, match=r"not well-formed XML at line 4"):
        next(reader)


def test_marcxml_is_streamed():
    record = pymarc.record_to_xml(_lithuanian_marc21())
    data = _collection(*([record] * 3000))
    file = io.BytesIO(data)
    reader = marc.read_marcxml(file)
    assert isinstance(next(reader), CatalogueRecord)
    assert file.tell() < len(data) / 5
    assert sum(1 for _ in reader) == 2999


def test_marcxml_inside_an_oai_pmh_envelope_gives_only_the_marc_records():
    record = pymarc.record_to_xml(_lithuanian_marc21(), namespace=True)
    data = (
        b'<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords>'
        b"<record><header><identifier>oai:1</identifier></header><metadata>"
        + record
        + b"</metadata></record></ListRecords></OAI-PMH>"
    )
    [read] = list(marc.read_marcxml(io.BytesIO(data)))
    assert isinstance(read, CatalogueRecord)
    assert read.title == "Šventė prie Nemuno"
