"""The ISBNs a library's holdings file lists, streaming.

What a library can upload:
- MARC records, ISO 2709 (MARC 21: every 020 $a; UNIMARC: every 010 $a) or MARCXML: a
  record for a book holds its hardback and paperback ISBNs alike, and the library holds
  that book, so each is given; position = the record's number in the file;
- an XLSX or CSV table with a column headed "ISBN" (case and blanks ignored) on its first
  row; position = the row number;
- a plain ISBN list, one per line (blank lines and lines starting with "#" skipped, a first
  line reading just "ISBN" taken as a heading); position = the line number.

ISBNs are given as written (qualifiers such as "(pbk.)" included): the import normalises
and validates them (`lrba.acquisition.isbn`) so one rule refuses bad ones. A record or row
with no ISBN is a RecordRejection saying so; anything that is none of the above is refused
(FileRefused) before the first ISBN.
"""

import re
from collections.abc import Iterator
from typing import IO

from django.utils.translation import gettext as _

from lrba.acquisition.formats import detect, marc, tables
from lrba.acquisition.formats.records import FileRefused, RecordRejection


def holdings_read(file: IO[bytes], name: str) -> Iterator[tuple[int, str] | RecordRejection]:
    """(position, ISBN as written) or RecordRejection, in file order; FileRefused (raised
    at the first step) when the file is not a holdings list (see the module docstring)."""
    kind = _holdings_kind(file, name)
    if kind in ("marc21", "unimarc"):
        return _from_marc(marc.read_iso2709_records(file))
    if kind == "marcxml":
        return _from_marc(marc.read_marcxml_records(file))
    if kind in ("csv", "xlsx"):
        return _from_table(file, kind)
    return _from_list(file)


def _holdings_kind(file: IO[bytes], name: str) -> str:
    file.seek(0)
    head = file.read(detect.HEAD_BYTES)
    file.seek(0)
    if not head.strip():
        raise FileRefused(_("%(name)s is empty.") % {"name": name})
    refusal = detect.signature_refusal(head, name, holdings=True)
    if refusal is not None:
        raise refusal
    text = detect.decode_text_head(head)
    if text is not None and not text.lstrip("\ufeff \t\r\n").startswith("<"):
        first = next((line for line in text.splitlines() if line.strip()), "")
        if not any(separator in first for separator in (";", ",", "\t")):
            return "list"
    kind = detect.format_detect(file, name, holdings=True)
    if kind in ("onix21", "onix30"):
        raise FileRefused(
            _(
                "%(name)s is an ONIX catalogue, not a library's holdings: upload an ISBN "
                "list or MARC records."
            )
            % {"name": name}
        )
    return kind


def _from_marc(records) -> Iterator[tuple[int, str] | RecordRejection]:
    for position, record in records:
        if isinstance(record, str):
            yield RecordRejection(position=position, reference="", reason=record)
            continue
        isbns = marc.record_isbns(record)
        if not isbns:
            metadata = marc.record_metadata(record, position)
            unimarc = marc.record_flavour(record) == "unimarc"
            yield RecordRejection(
                position=position,
                reference=metadata.reference,
                reason=_("The record “%(title)s” has no ISBN (field %(field)s $a).")
                % {
                    "title": metadata.title or metadata.reference,
                    "field": "010" if unimarc else "020",
                },
            )
            continue
        for isbn in isbns:
            yield position, isbn


def _from_table(file: IO[bytes], kind: str) -> Iterator[tuple[int, str] | RecordRejection]:
    rows = tables.table_rows(file, kind, header_row=1)
    column = None
    for _number, cells in rows:
        headings = [re.sub(r"\s+", "", str(cell or "")).casefold() for cell in cells]
        column = next(
            (i for i, h in enumerate(headings) if h in ("isbn", "isbn-13", "isbn13")), None
        )
        if column is None:
            column = next((i for i, h in enumerate(headings) if "isbn" in h), None)
        if column is None:
            raise FileRefused(_("The first row of the table has no column headed “ISBN”."))
        break
    if column is None:
        raise FileRefused(_("The table is empty."))
    for number, cells in rows:
        if not any(str(cell or "").strip() for cell in cells):
            continue
        value = tables.isbn_cell_text(cells[column] if column < len(cells) else None)
        if value:
            yield number, value
        else:
            yield RecordRejection(
                position=number,
                reference="",
                reason=_("Row %(row)d has no ISBN.") % {"row": number},
            )


def _from_list(file: IO[bytes]) -> Iterator[tuple[int, str] | RecordRejection]:
    encoding = tables.text_encoding(file)
    for number, line in enumerate(tables.text_lines(file, encoding), start=1):
        value = line.strip().lstrip("\ufeff").strip()
        if not value or value.startswith("#"):
            continue
        if number == 1 and value.casefold().rstrip(":") in ("isbn", "isbn-13", "isbn13"):
            continue
        yield number, value
