"""Suppliers' price lists as CSV or XLSX, read through a saved `ColumnMapping`.

The mapping says, per catalogue field, which column heading holds it and on which row the
headings are (rows above it are a title or blank). Headings are matched without regard to
case and surrounding blanks. Each data row after the headings is one record; a row with
every cell blank is skipped (it still counts in the positions, which are the file's row
numbers, so a person finds the row in the spreadsheet).

CSV: UTF-8 with or without a BOM, else Windows-1257 (what Lithuanian Excel saves); the
delimiter is ";" (Excel in Lithuanian), "," or a tab, whichever the heading row holds
most of. XLSX: the first sheet, with openpyxl in read-only mode (rows are streamed).

Values: price "12,50", "12.50", "1 234,50 €" or a number cell (euros); year a 4-digit
year or a date cell; authors and subjects separated by ";"; language an ISO 639-2 code
("lit") or a two-letter one ("lt"); availability kept as written, and the title counts as
not orderable when it reads like "no" ("ne", "nėra", "išparduota", "out of print", "0");
Lithuanian author "taip/yes/1/x/true" or "ne/no/0/false" (blank: not known). A value that
cannot be read rejects its row with the reason.
"""

import codecs
import csv
import datetime
import re
from collections.abc import Generator, Iterable, Iterator
from contextlib import closing
from decimal import Decimal, InvalidOperation
from typing import IO, TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from lrba.acquisition.formats.records import CatalogueRecord, FileRefused, RecordRejection

if TYPE_CHECKING:
    from lrba.acquisition.models import ColumnMapping

_BLOCK = 64 * 1024
_LANGUAGES_2 = {
    "lt": "lit",
    "en": "eng",
    "ru": "rus",
    "de": "ger",
    "fr": "fre",
    "pl": "pol",
    "lv": "lav",
    "et": "est",
    "uk": "ukr",
    "be": "bel",
    "es": "spa",
    "it": "ita",
    "sv": "swe",
    "fi": "fin",
    "no": "nor",
    "da": "dan",
    "cs": "cze",
    "ja": "jpn",
    "zh": "chi",
}
_NOT_AVAILABLE = {
    "ne",
    "nėra",
    "nera",
    "išparduota",
    "isparduota",
    "neprekiaujama",
    "no",
    "false",
    "0",
    "out of print",
    "not available",
    "unavailable",
    "sold out",
}
_YES = {"taip", "yes", "true", "1", "x", "t", "y", "lt"}
_NO = {"ne", "no", "false", "0", "n", "f"}


# --- Rows from the file -----------------------------------------------------------------


def text_encoding(file: IO[bytes]) -> str:
    """ "utf-8-sig" when the file's first 64 KiB are UTF-8, else "cp1257". Position: start."""
    file.seek(0)
    head = file.read(_BLOCK)
    file.seek(0)
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        cut_character = error.start >= len(head) - 3 and error.reason == "unexpected end of data"
        if not cut_character:
            return "cp1257"
    return "utf-8-sig"


def text_lines(file: IO[bytes], encoding: str) -> Iterator[str]:
    """The file's lines with their line ends, decoded in blocks (never the whole file).
    A byte the encoding cannot read raises FileRefused with the line number."""
    decoder = codecs.getincrementaldecoder(encoding)()
    pending = ""
    line_number = 0
    while True:
        block = file.read(_BLOCK)
        try:
            pending += decoder.decode(block, final=not block)
        except UnicodeDecodeError:
            raise FileRefused(
                _("The file is not valid %(encoding)s text after line %(line)d.")
                % {"encoding": encoding.upper().replace("-SIG", ""), "line": line_number}
            ) from None
        held = ""
        if block and pending.endswith("\r"):  # its "\n" may come with the next block
            pending, held = pending[:-1], "\r"
        lines = re.split(r"(?<=\n)|(?<=\r)(?!\n)", pending)
        pending = (lines.pop() if block else "") + held
        for line in lines:
            if line:
                line_number += 1
                yield line
        if not block:
            if pending:
                yield pending
            return


def _delimiter(header_line: str) -> str:
    counts = {sep: header_line.count(sep) for sep in (";", "\t", ",")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ";"


def csv_rows(file: IO[bytes], header_row: int) -> Generator[tuple[int, list[Any]], None, None]:
    """(row number, cells) of a CSV file, the delimiter sniffed from row `header_row`."""
    encoding = text_encoding(file)
    first_lines = []
    for line in text_lines(file, encoding):
        first_lines.append(line)
        if len(first_lines) >= header_row:
            break
    file.seek(0)
    delimiter = _delimiter(first_lines[-1] if first_lines else "")
    reader = csv.reader(text_lines(file, encoding), delimiter=delimiter)
    try:
        for row in reader:
            yield reader.line_num, row
    except csv.Error as error:
        raise FileRefused(
            _("The CSV file cannot be read at line %(line)d: %(error)s")
            % {"line": reader.line_num, "error": error}
        ) from None


def xlsx_rows(file: IO[bytes]) -> Generator[tuple[int, list[Any]], None, None]:
    """(row number, cells) of the first sheet of an XLSX workbook, streamed."""
    from openpyxl import load_workbook

    file.seek(0)
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a damaged workbook
        raise FileRefused(
            _("The XLSX workbook cannot be opened: %(error)s") % {"error": error}
        ) from None
    try:
        sheet = workbook.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(row)
    finally:
        workbook.close()


def table_rows(
    file: IO[bytes], kind: str, header_row: int
) -> Generator[tuple[int, list[Any]], None, None]:
    if kind == "csv":
        return csv_rows(file, header_row)
    if kind == "xlsx":
        return xlsx_rows(file)
    raise FileRefused(_("Unknown table format %(kind)s.") % {"kind": kind})


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime) and value.time() == datetime.time(0):
        return value.date().isoformat()
    return str(value).strip()


def _heading_key(value: Any) -> str:
    return re.sub(r"\s+", " ", _cell_text(value)).strip().casefold()


def table_headers(file: IO[bytes], kind: str, header_row: int = 1) -> list[str]:
    """The headings on row `header_row` (blank cells left out), for the mapping form.
    FileRefused when the file has fewer rows."""
    try:
        with closing(table_rows(file, kind, header_row)) as rows:  # closes the workbook
            for number, cells in rows:
                if number == header_row:
                    return [_cell_text(cell) for cell in cells if _cell_text(cell)]
    finally:
        file.seek(0)
    raise FileRefused(
        _("The file has no row %(row)d to take the column headings from.") % {"row": header_row}
    )


# --- Records -----------------------------------------------------------------------------


def read_table(
    file: IO[bytes], kind: str, mapping: "ColumnMapping | None" = None
) -> Iterator[CatalogueRecord | RecordRejection]:
    """Catalogue records from a CSV or XLSX price list through `mapping`. FileRefused
    when the mapping lacks the ISBN or title column or names a heading the file does
    not have (saying which)."""
    if mapping is None:
        raise FileRefused(
            _("A CSV or XLSX price list needs a column mapping: which column holds what.")
        )
    columns = {field: heading for field, heading in (mapping.columns or {}).items() if heading}
    for required, label in (("isbn", _("ISBN")), ("title", _("title"))):
        if required not in columns:
            raise FileRefused(
                _("The column mapping “%(mapping)s” does not say which column holds the %(field)s.")
                % {"mapping": mapping.name, "field": label}
            )
    header_row = mapping.header_row or 1
    rows = table_rows(file, kind, header_row)
    index: dict[str, int] = {}
    for number, cells in rows:
        if number < header_row:
            continue
        index = _column_index(cells, columns, header_row)
        break
    else:
        raise FileRefused(
            _("The file has no row %(row)d to take the column headings from.") % {"row": header_row}
        )
    yield from _records(rows, index)


def _column_index(cells: list[Any], columns: dict[str, str], header_row: int) -> dict[str, int]:
    headings = [_heading_key(cell) for cell in cells]
    index = {}
    for field, heading in columns.items():
        key = _heading_key(heading)
        if key not in headings:
            found = ", ".join(f"“{_cell_text(cell)}”" for cell in cells if _cell_text(cell))
            raise FileRefused(
                _(
                    "The column “%(heading)s” (%(field)s) is not in the heading row "
                    "(row %(row)d). The headings there are: %(found)s."
                )
                % {
                    "heading": heading,
                    "field": _field_label(field),
                    "row": header_row,
                    "found": found or _("none"),
                }
            )
        index[field] = headings.index(key)
    return index


def _field_label(field: str) -> str:
    from lrba.acquisition.models import ColumnMapping

    return str(dict(ColumnMapping.FIELDS).get(field, field))


class _BadValue(ValueError):
    pass


def _records(
    rows: Iterable[tuple[int, list[Any]]], index: dict[str, int]
) -> Iterator[CatalogueRecord | RecordRejection]:
    for number, cells in rows:
        if not any(_cell_text(cell) for cell in cells):
            continue
        values = {field: cells[i] if i < len(cells) else None for field, i in index.items()}
        isbn = isbn_cell_text(values.get("isbn"))
        try:
            yield _record(number, isbn, values)
        except _BadValue as error:
            yield RecordRejection(position=number, reference=isbn, reason=str(error))


def isbn_cell_text(value: Any) -> str:
    # A number cell loses an ISBN-10's leading zero: 306406152 was 0306406152.
    if isinstance(value, int | float) and not isinstance(value, bool):
        digits = str(int(value))
        return digits.zfill(10) if len(digits) == 9 else digits
    return _cell_text(value)


def _record(number: int, isbn: str, values: dict[str, Any]) -> CatalogueRecord:
    text = {field: _cell_text(value) for field, value in values.items()}
    if not isbn:
        raise _BadValue(_("Row %(row)d has no ISBN.") % {"row": number})
    if not text.get("title"):
        raise _BadValue(_("Row %(row)d has no title.") % {"row": number})
    availability = text.get("availability", "")
    return CatalogueRecord(
        position=number,
        isbn=isbn,
        title=text["title"][:500],
        subtitle=text.get("subtitle", "")[:500],
        authors=_list(text.get("authors", "")),
        publisher=text.get("publisher", "")[:255],
        year=_year(values.get("year"), number),
        language=_language(text.get("language", ""), number),
        subjects=_list(text.get("subjects", "")),
        product_form=text.get("product_form", "")[:100],
        price=_price(values.get("price"), number),
        availability=availability[:100],
        is_available=availability.casefold() not in _NOT_AVAILABLE,
        reference=text.get("reference", "")[:100],
        lithuanian_author=_yes_no(text.get("lithuanian_author", ""), number),
    )


def _list(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


def _price(value: Any, row: int) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        amount = Decimal(str(value))
    else:
        written = str(value).strip()
        cleaned = re.sub(r"(?i)\s*(eur|€)\s*", "", written)
        cleaned = re.sub(r"[\s\u00a0\u202f]", "", cleaned)
        if re.fullmatch(r"\d{1,3}(\.\d{3})+,\d{1,2}", cleaned):  # "1.234,50"
            cleaned = cleaned.replace(".", "")
        cleaned = cleaned.replace(",", ".")
        if not cleaned:
            return None
        try:
            amount = Decimal(cleaned)
        except InvalidOperation:
            raise _BadValue(
                _("Row %(row)d: the price “%(price)s” is not an amount in euros.")
                % {"row": row, "price": written}
            ) from None
    if not amount.is_finite() or amount < 0:
        raise _BadValue(
            _("Row %(row)d: the price “%(price)s” is not an amount in euros.")
            % {"row": row, "price": value}
        )
    return amount.quantize(Decimal("0.01"))


def _year(value: Any, row: int) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime.date):
        return value.year
    written = _cell_text(value)
    if re.fullmatch(r"\d{4}", written) and 1450 <= int(written) <= 2100:
        return int(written)
    raise _BadValue(
        _("Row %(row)d: the year “%(year)s” is not a year.") % {"row": row, "year": written}
    )


def _language(written: str, row: int) -> str:
    code = written.strip().lower()
    if not code:
        return ""
    if re.fullmatch(r"[a-z]{3}", code):
        return code
    if code in _LANGUAGES_2:
        return _LANGUAGES_2[code]
    raise _BadValue(
        _("Row %(row)d: the language “%(language)s” is not a language code such as lit or eng.")
        % {"row": row, "language": written}
    )


def _yes_no(written: str, row: int) -> bool | None:
    value = written.strip().casefold()
    if not value:
        return None
    if value in _YES:
        return True
    if value in _NO:
        return False
    raise _BadValue(
        _("Row %(row)d: “%(value)s” in the Lithuanian author column is neither yes nor no.")
        % {"row": row, "value": written}
    )
