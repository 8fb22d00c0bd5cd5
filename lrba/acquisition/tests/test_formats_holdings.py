"""A library's holdings file read as the ISBNs it lists: every MARC sample, ISBN lists,
CSV and XLSX with an ISBN column, and files that are no holdings list."""

import io

import pymarc
import pytest
from django.utils import translation
from openpyxl import Workbook

from lrba.acquisition.formats import read_holdings
from lrba.acquisition.formats.records import FileRefused, RecordRejection
from lrba.core.tests.samples import SAMPLES_DIR, needs_samples

MARC = SAMPLES_DIR / "marc"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _read(data: bytes, name: str = "fondas.txt") -> list:
    return list(read_holdings(io.BytesIO(data), name))


def _sample(name: str) -> list:
    with open(MARC / name, "rb") as file:
        return list(read_holdings(file, name))


@needs_samples
def test_marc21_record_gives_each_of_its_isbns_as_written():
    assert _sample("diacritic.dat") == [
        (1, "9780415782654 (hardback)"),
        (1, "9780203112021 (ebook)"),
    ]


@needs_samples
def test_unimarc_record_gives_its_010_isbn():
    assert _sample("testunimarc.dat") == [(1, "88-04-40682-8")]


@needs_samples
def test_records_without_isbn_are_rejected_naming_the_record():
    assert _sample("marc8.dat") == [
        RecordRejection(
            position=1,
            reference="2",
            reason="The record “Escape from loneliness” has no ISBN (field 020 $a).",
        )
    ]
    assert [r.reason for r in _sample("batch.xml")] == [
        "The record “The Great Ray Charles” has no ISBN (field 020 $a).",
        "The record “The White House” has no ISBN (field 020 $a).",
    ]


@needs_samples
def test_broken_records_are_rejected_each_with_its_reason():
    results = _sample("bad_records.mrc")
    assert len(results) == 8  # the line break after the last record is no record
    assert all(isinstance(r, RecordRejection) for r in results)
    reasons = [r.reason for r in results]
    assert reasons[0] == "The record “The pragmatic programmer” has no ISBN (field 020 $a)."
    assert reasons[1].startswith("The base address of data in the leader (99937)")
    assert reasons[6] == "The record has no fields: its directory is empty."
    assert reasons[7] == reasons[0]


def test_marcxml_holdings_give_020_isbns():
    record = pymarc.Record()
    record.add_field(
        pymarc.Field(
            tag="020",
            indicators=pymarc.Indicators(" ", " "),
            subfields=[pymarc.Subfield("a", "978-609-01-2345-6")],
        ),
        pymarc.Field(
            tag="245",
            indicators=pymarc.Indicators("1", "0"),
            subfields=[pymarc.Subfield("a", "Šventė")],
        ),
    )
    xml = (
        b'<marc:collection xmlns:marc="http://www.loc.gov/MARC21/slim">'
        + pymarc.record_to_xml(record, namespace=False)
        .replace(b"<", b"<marc:")
        .replace(b"<marc:/", b"</marc:")
        + b"</marc:collection>"
    )
    assert _read(xml, "fondas.xml") == [(1, "978-609-01-2345-6")]


def test_an_isbn_list_one_per_line_with_a_heading_blanks_and_comments():
    data = "ISBN\n978-609-01-2345-6\n\n# nurašytos\r\n 9786090123457 \n0306406152\n".encode()
    assert _read(data) == [
        (2, "978-609-01-2345-6"),
        (5, "9786090123457"),
        (6, "0306406152"),
    ]


def test_an_isbn_list_with_a_bom_and_windows_line_ends():
    data = "\ufeff9786090123456\r\n9786090123457\r\n".encode()
    assert _read(data) == [(1, "9786090123456"), (2, "9786090123457")]


def test_a_csv_with_an_isbn_column():
    data = "Pavadinimas;ISBN;Egz.\nŠventė;978-609-01-2345-6;2\nBe ISBN;;1\n\n".encode("cp1257")
    assert _read(data, "fondas.csv") == [
        (2, "978-609-01-2345-6"),
        RecordRejection(position=3, reference="", reason="Row 3 has no ISBN."),
    ]


def test_a_csv_without_an_isbn_column_is_refused():
    with pytest.raises(FileRefused, match="no column headed “ISBN”"):
        _read(b"Pavadinimas;Autorius\nX;Y\n", "fondas.csv")


def test_an_xlsx_with_an_isbn_13_column_and_number_cells():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Inv. nr.", "ISBN-13"])
    sheet.append(["A1", 9786090123456])
    sheet.append(["A2", "978-609-01-2345-6"])
    data = io.BytesIO()
    workbook.save(data)
    assert _read(data.getvalue(), "fondas.xlsx") == [
        (2, "9786090123456"),
        (3, "978-609-01-2345-6"),
    ]


def test_a_pdf_or_an_image_is_refused_as_no_holdings_file():
    with pytest.raises(FileRefused) as refusal:
        _read(b"%PDF-1.4\n1 0 obj\n", "fondas.txt")
    assert str(refusal.value) == (
        "fondas.txt is not a holdings file (an ISBN list or MARC records): it is a PDF document."
    )
    with pytest.raises(FileRefused, match="it is a PNG image"):
        _read(b"\x89PNG\r\n\x1a\n\x00\x00", "fondas.mrc")


def test_random_bytes_and_empty_files_are_refused():
    with pytest.raises(FileRefused, match="is not a holdings file"):
        _read(bytes(range(256)) * 10, "fondas.mrc")
    with pytest.raises(FileRefused, match="fondas.txt is empty"):
        _read(b"\n \n", "fondas.txt")


@needs_samples
def test_an_onix_catalogue_is_refused_as_holdings():
    data = (SAMPLES_DIR / "onix" / "full_sample.xml").read_bytes()
    with pytest.raises(FileRefused, match="is an ONIX catalogue, not a library's holdings"):
        _read(data, "fondas.xml")
