"""Suppliers' CSV and XLSX price lists read through a column mapping: delimiters and
encodings Lithuanian offices produce, prices as people write them, headings below a title
row, a mapping that names a column the file lacks, and rows that cannot be read."""

import datetime
import io
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import Workbook

from lrba.acquisition.formats import read_catalogue
from lrba.acquisition.formats.records import CatalogueRecord, FileRefused, RecordRejection
from lrba.acquisition.formats.tables import read_table, table_headers
from lrba.acquisition.models import ColumnMapping


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


COLUMNS = {
    "isbn": "ISBN",
    "title": "Pavadinimas",
    "authors": "Autoriai",
    "publisher": "Leidykla",
    "year": "Metai",
    "price": "Kaina",
    "language": "Kalba",
    "availability": "Prieinamumas",
    "lithuanian_author": "Lietuvių autorius",
    "reference": "Kodas",
}


def _mapping(columns: dict[str, str] | None = None, header_row: int = 1) -> ColumnMapping:
    return ColumnMapping(name="Pagrindinis", columns=columns or COLUMNS, header_row=header_row)


HEADER = "ISBN;Pavadinimas;Autoriai;Leidykla;Metai;Kaina;Kalba;Prieinamumas;Lietuvių autorius;Kodas"
ROWS = [
    "978-609-01-2345-6;Šventė prie Nemuno;Žemaitė;Alma littera;2024;12,50;lt;yra;taip;A-1",
    '9786094661234;"Metai; poema";Donelaitis, Kristijonas;Vaga;2005;"1 234,50 €";lit;;;A-2',
    "",
    '9780415782654;Amateur media;"Hunter, Dan; Lobato, Ramon";Routledge;2012;9.99;eng;'
    "išparduota;ne;",
]


def _csv(lines: list[str], encoding: str = "utf-8", newline: str = "\n") -> io.BytesIO:
    return io.BytesIO(newline.join(lines).encode(encoding) + newline.encode())


def test_semicolon_csv_in_utf8_gives_every_field():
    records = list(read_table(_csv([HEADER, *ROWS]), "csv", mapping=_mapping()))
    assert [r.position for r in records] == [2, 3, 5]
    first, second, third = records
    assert first == CatalogueRecord(
        position=2,
        isbn="978-609-01-2345-6",
        title="Šventė prie Nemuno",
        authors=["Žemaitė"],
        publisher="Alma littera",
        year=2024,
        language="lit",
        price=Decimal("12.50"),
        availability="yra",
        is_available=True,
        reference="A-1",
        lithuanian_author=True,
    )
    assert isinstance(second, CatalogueRecord)
    assert second.title == "Metai; poema"
    assert second.price == Decimal("1234.50")
    assert second.lithuanian_author is None
    assert isinstance(third, CatalogueRecord)
    assert third.authors == ["Hunter, Dan", "Lobato, Ramon"]
    assert third.price == Decimal("9.99")
    assert third.is_available is False
    assert third.availability == "išparduota"
    assert third.lithuanian_author is False


def test_windows_1257_csv_with_crlf_reads_the_lithuanian_letters():
    data = _csv([HEADER, ROWS[0]], encoding="cp1257", newline="\r\n")
    [record] = list(read_table(data, "csv", mapping=_mapping()))
    assert isinstance(record, CatalogueRecord)
    assert record.title == "Šventė prie Nemuno"
    assert record.authors == ["Žemaitė"]


def test_comma_csv_with_a_bom_and_quoted_fields():
    data = io.BytesIO(
        "\ufeffISBN,Pavadinimas,Kaina\r\n"
        '9786090123456,"Knyga, antroji dalis","12.50"\r\n'
        '9786090123457,"Eilutė\nper dvi",3\r\n'.encode()
    )
    mapping = _mapping({"isbn": "isbn", "title": " pavadinimas ", "price": "KAINA"})
    records = list(read_table(data, "csv", mapping=mapping))
    assert [(r.isbn, r.title, r.price) for r in records] == [
        ("9786090123456", "Knyga, antroji dalis", Decimal("12.50")),
        ("9786090123457", "Eilutė\nper dvi", Decimal("3.00")),
    ]


def test_tab_separated_text_is_read_too():
    data = io.BytesIO(b"ISBN\tPavadinimas\n9786090123456\tKnyga\n")
    mapping = _mapping({"isbn": "ISBN", "title": "Pavadinimas"})
    [record] = list(read_table(data, "csv", mapping=mapping))
    assert isinstance(record, CatalogueRecord)
    assert record.title == "Knyga"


def test_rows_that_cannot_be_read_are_rejected_with_the_reason_and_the_rest_come():
    lines = [
        HEADER,
        ";Be ISBN;;;;;;;;",
        "9786090123456;;;;;;;;;",
        "9786090123456;Kaina bloga;;;;dvylika;;;;",
        "9786090123456;Neigiama kaina;;;;-5;;;;",
        "9786090123456;Metai blogi;;;19x6;;;;;",
        "9786090123456;Kalba bloga;;;;;lietuvių;;;",
        "9786090123456;Autorius?;;;;;;;gal;",
        "9786090123456;Gera;;;;;;;;",
    ]
    results = list(read_table(_csv(lines), "csv", mapping=_mapping()))
    assert [(r.position, r.reason) for r in results if isinstance(r, RecordRejection)] == [
        (2, "Row 2 has no ISBN."),
        (3, "Row 3 has no title."),
        (4, "Row 4: the price “dvylika” is not an amount in euros."),
        (5, "Row 5: the price “-5” is not an amount in euros."),
        (6, "Row 6: the year “19x6” is not a year."),
        (7, "Row 7: the language “lietuvių” is not a language code such as lit or eng."),
        (8, "Row 8: “gal” in the Lithuanian author column is neither yes nor no."),
    ]
    assert results[3].reference == "9786090123456"
    assert isinstance(results[-1], CatalogueRecord)
    assert results[-1].title == "Gera"


def test_a_mapped_column_the_file_lacks_refuses_the_file_naming_it():
    data = _csv(["ISBN;Pavadinimas;Kaina", "9786090123456;Knyga;1"])
    mapping = _mapping({"isbn": "ISBN", "title": "Pavadinimas", "price": "Kaina su PVM"})
    with pytest.raises(FileRefused) as refusal:
        list(read_table(data, "csv", mapping=mapping))
    assert str(refusal.value) == (
        "The column “Kaina su PVM” (price) is not in the heading row (row 1). "
        "The headings there are: “ISBN”, “Pavadinimas”, “Kaina”."
    )


@pytest.mark.parametrize("missing", ["isbn", "title"])
def test_a_mapping_without_the_isbn_or_title_column_refuses_the_file(missing):
    columns = {"isbn": "ISBN", "title": "Pavadinimas"}
    columns.pop(missing)
    with pytest.raises(FileRefused, match=r"does not say which column holds the"):
        list(read_table(_csv([HEADER, ROWS[0]]), "csv", mapping=_mapping(columns)))


def test_no_mapping_refuses_the_file():
    with pytest.raises(FileRefused, match=r"needs a column mapping"):
        list(read_catalogue(_csv([HEADER, ROWS[0]]), "csv"))


def test_a_file_shorter_than_the_heading_row_is_refused():
    with pytest.raises(FileRefused, match=r"no row 5"):
        list(read_table(_csv([HEADER]), "csv", mapping=_mapping(header_row=5)))


def test_invalid_utf8_after_the_start_refuses_with_the_line():
    good = (HEADER + "\n" + ROWS[0] + "\n").encode() * 2000
    data = io.BytesIO(good + b"9786090123456;Bad \xff byte;;;;;;;;\n")
    reader = read_table(data, "csv", mapping=_mapping())
    with pytest.raises(FileRefused, match=r"not valid UTF-8 text after line"):
        list(reader)


def test_csv_is_read_a_block_at_a_time():
    data = _csv([HEADER] + [ROWS[0]] * 20000)
    size = len(data.getvalue())
    reader = read_table(data, "csv", mapping=_mapping())
    assert isinstance(next(reader), CatalogueRecord)
    assert data.tell() < size / 5
    assert sum(1 for _ in reader) == 19999


# --- XLSX --------------------------------------------------------------------------------


def _xlsx(rows: list[list[object]]) -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    data = io.BytesIO()
    workbook.save(data)
    data.seek(0)
    return data


def test_xlsx_with_a_title_row_above_the_headings_and_number_cells():
    data = _xlsx(
        [
            ["UAB „Knygų tiekėjas“ kainoraštis 2026"],
            [],
            ["Kodas", "ISBN", "Pavadinimas", "Kaina", "Metai", "Autoriai"],
            ["A-1", 9786090123456, "Šventė prie Nemuno", 12.5, 2024, "Žemaitė"],
            [None, None, None, None, None, None],
            ["A-2", 306406152, "Old ISBN-10 as a number", 7, datetime.datetime(2001, 1, 1), ""],
            ["A-3", "978-609-01-2345-6", "Tekstas", "3,99", "", None],
        ]
    )
    columns = {
        "isbn": "ISBN",
        "title": "Pavadinimas",
        "price": "Kaina",
        "year": "Metai",
        "authors": "Autoriai",
        "reference": "Kodas",
    }
    records = list(read_table(data, "xlsx", mapping=_mapping(columns, header_row=3)))
    assert [
        (r.position, r.isbn, r.title, r.price, r.year, r.authors, r.reference) for r in records
    ] == [
        (4, "9786090123456", "Šventė prie Nemuno", Decimal("12.50"), 2024, ["Žemaitė"], "A-1"),
        (6, "0306406152", "Old ISBN-10 as a number", Decimal("7.00"), 2001, [], "A-2"),
        (7, "978-609-01-2345-6", "Tekstas", Decimal("3.99"), None, [], "A-3"),
    ]


def test_xlsx_missing_column_is_refused_naming_it():
    data = _xlsx([["ISBN", "Title"], [9786090123456, "Knyga"]])
    mapping = _mapping({"isbn": "ISBN", "title": "Pavadinimas"})
    with pytest.raises(FileRefused, match=r"“Pavadinimas” \(title\) is not in the heading row"):
        list(read_table(data, "xlsx", mapping=mapping))


def test_a_damaged_xlsx_is_refused():
    with pytest.raises(FileRefused, match=r"The XLSX workbook cannot be opened"):
        list(read_table(io.BytesIO(b"PK\x03\x04not really"), "xlsx", mapping=_mapping()))


# --- Headings for the mapping form --------------------------------------------------------


def test_table_headers_of_csv_and_xlsx_on_the_given_row():
    csv_data = _csv(["Kainoraštis", HEADER, ROWS[0]])
    assert table_headers(csv_data, "csv", header_row=2) == HEADER.split(";")
    assert csv_data.tell() == 0
    xlsx_data = _xlsx([["Kainoraštis"], ["ISBN", None, " Pavadinimas "]])
    assert table_headers(xlsx_data, "xlsx", header_row=2) == ["ISBN", "Pavadinimas"]


def test_table_headers_beyond_the_file_is_refused():
    with pytest.raises(FileRefused, match=r"no row 3"):
        table_headers(_csv([HEADER]), "csv", header_row=3)
