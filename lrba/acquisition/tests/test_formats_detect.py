"""Telling a catalogue file's format by its content: every ONIX and MARC sample, tables,
and the files people upload by mistake (a PDF or an image renamed, an empty file, random
bytes, a bank statement, a Word document), each refused with what it is."""

import io
import os
import zipfile

import pymarc
import pytest
from django.utils import translation
from openpyxl import Workbook

from lrba.acquisition.formats import detect_format
from lrba.acquisition.formats.records import FileRefused
from lrba.core.tests.samples import SAMPLES_DIR, needs_samples


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@needs_samples
@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("onix/Google Sample ONIX 2.1.xml", "onix21"),  # namespace, no release
        ("onix/entities.xml", "onix21"),  # DOCTYPE 2.1, no namespace
        ("onix/iso_8859_1.xml", "onix21"),
        ("onix/short_tags_ivp.xml", "onix21"),  # release="2.1", short tags
        ("onix/short.xml", "onix30"),
        ("onix/full_sample.xml", "onix30"),
        ("onix/valid_onix3_ref.xml", "onix30"),  # BOM
        ("marc/marc8.dat", "marc21"),
        ("marc/diacritic.dat", "marc21"),
        ("marc/bad_records.mrc", "marc21"),
        ("marc/testunimarc.dat", "unimarc"),
        ("marc/batch.xml", "marcxml"),
    ],
)
def test_every_sample_is_told_by_its_content(path, expected):
    with open(SAMPLES_DIR / path, "rb") as file:
        file.seek(100)
        assert detect_format(file, os.path.basename(path)) == expected
        assert file.tell() == 0


@needs_samples
def test_a_sample_under_a_wrong_name_is_still_told_by_its_content():
    data = (SAMPLES_DIR / "marc" / "testunimarc.dat").read_bytes()
    assert detect_format(io.BytesIO(data), "katalogas.xml") == "unimarc"


def _refusal(data: bytes, name: str) -> str:
    file = io.BytesIO(data)
    with pytest.raises(FileRefused) as refusal:
        detect_format(file, name)
    assert file.tell() == 0
    return str(refusal.value)


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"


@pytest.mark.parametrize("name", ["katalogas.mrc", "katalogas.xml", "katalogas.csv"])
def test_a_png_renamed_is_refused(name):
    assert _refusal(PNG, name) == f"{name} is not a catalogue file: it is a PNG image."


@pytest.mark.parametrize("name", ["katalogas.mrc", "katalogas.xml", "kainos.xlsx"])
def test_a_pdf_renamed_is_refused(name):
    assert _refusal(PDF, name) == f"{name} is not a catalogue file: it is a PDF document."


def test_an_empty_file_is_refused():
    assert _refusal(b"", "tuscias.xml") == "tuscias.xml is empty."


def test_random_bytes_are_refused():
    data = bytes(range(256)) * 40
    assert _refusal(data, "x.mrc") == (
        "x.mrc is not a catalogue file: its content is not in any format the catalogue "
        "import reads (ONIX, MARC 21 or UNIMARC, MARCXML, CSV or XLSX)."
    )


@needs_samples
def test_another_xml_file_is_refused_naming_its_root():
    data = (SAMPLES_DIR / "camt" / "camt053.v8.xml").read_bytes()
    assert _refusal(data, "israsas.xml") == (
        "israsas.xml is not a catalogue file: it is an XML file, but neither ONIX nor "
        "MARCXML (its root element is <Document>)."
    )


def test_broken_xml_is_refused_with_the_line():
    message = _refusal(b'<?xml version="1.0"?>\n<ONIXMessage <Product>', "a.xml")
    assert message.startswith("a.xml is not a catalogue file: it starts like XML but is not")
    assert "line 2" in message


def test_plain_text_without_columns_is_refused():
    assert "not in any format" in _refusal(b"Labas rytas\n", "a.csv")


def _zip(*names: str) -> bytes:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        for name in names:
            archive.writestr(name, "x")
    return data.getvalue()


def test_a_word_document_and_other_zips_are_refused():
    assert _refusal(_zip("[Content_Types].xml", "word/document.xml"), "k.xlsx") == (
        "k.xlsx is not a catalogue file: it is a Word document."
    )
    assert "OpenDocument" in _refusal(_zip("mimetype", "content.xml"), "k.ods")
    assert "ZIP archive" in _refusal(_zip("katalogas.xml"), "k.zip")


def test_an_old_xls_is_refused_asking_for_xlsx_or_csv():
    message = _refusal(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "k.xls")
    assert "save the price list as XLSX or CSV" in message


def test_xlsx_and_csv_are_told():
    workbook = Workbook()
    workbook.active.append(["ISBN", "Pavadinimas"])
    data = io.BytesIO()
    workbook.save(data)
    assert detect_format(data, "kainos.bin") == "xlsx"
    assert detect_format(io.BytesIO(b"ISBN;Pavadinimas\n978;Knyga\n"), "k.txt") == "csv"
    cp1257 = "ISBN;Pavadinimas\n978;Šventė\n".encode("cp1257")
    assert detect_format(io.BytesIO(cp1257), "k.csv") == "csv"
    titled = "Kainoraštis 2026\n\nISBN;Pavadinimas\n978;Knyga\n".encode()
    assert detect_format(io.BytesIO(titled), "k.csv") == "csv"


def test_onix_in_utf16_and_marcxml_without_namespace_are_told():
    onix = '<?xml version="1.0" encoding="UTF-16"?><ONIXMessage release="3.0"/>'
    assert detect_format(io.BytesIO(onix.encode("utf-16")), "o.xml") == "onix30"
    assert detect_format(io.BytesIO(b"<collection><record/></collection>"), "m.xml") == "marcxml"


def test_onix_version_from_namespace_or_content_when_no_release():
    short_30 = b'<ONIXmessage xmlns="http://ns.editeur.org/onix/3.0/short"><header/></ONIXmessage>'
    assert detect_format(io.BytesIO(short_30), "o.xml") == "onix30"
    bare_30 = b"<ONIXMessage><Product><DescriptiveDetail/></Product></ONIXMessage>"
    assert detect_format(io.BytesIO(bare_30), "o.xml") == "onix30"
    bare_21 = b"<ONIXMessage><Product><Title/></Product></ONIXMessage>"
    assert detect_format(io.BytesIO(bare_21), "o.xml") == "onix21"


def test_detection_never_fetches_the_dtd():
    data = (
        b'<?xml version="1.0"?>\n<!DOCTYPE ONIXMessage SYSTEM '
        b'"http://127.0.0.1:9/onix/2.1/onix-international.dtd">\n<ONIXMessage/>'
    )
    assert detect_format(io.BytesIO(data), "o.xml") == "onix21"


def test_unimarc_is_told_from_marc21_by_its_title_field():
    record = pymarc.Record()
    record.add_field(
        pymarc.Field(
            tag="200",
            indicators=pymarc.Indicators("1", " "),
            subfields=[pymarc.Subfield("a", "Metai")],
        )
    )
    assert detect_format(io.BytesIO(record.as_marc()), "u.iso") == "unimarc"
    record.add_field(
        pymarc.Field(
            tag="245",
            indicators=pymarc.Indicators("1", "0"),
            subfields=[pymarc.Subfield("a", "Metai")],
        )
    )
    assert detect_format(io.BytesIO(record.as_marc()), "m.iso") == "marc21"


def test_a_csv_line_starting_with_digits_is_not_taken_for_a_marc_leader():
    data = b"97860901224522;Knyga;4500;22 vnt.\n" * 3
    assert detect_format(io.BytesIO(data), "k.csv") == "csv"
