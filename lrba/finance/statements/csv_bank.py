"""A bank's CSV export, read through a saved `CsvMapping` (encoding, separator, decimal
comma, date format, rows before the header, and which column says what)."""

import codecs
import csv
import io
from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from lrba.finance.money import money_parse
from lrba.finance.statements.records import (
    CREDIT,
    DEBIT,
    LineError,
    ParsedEntry,
    StatementHeader,
    StatementReader,
    StatementRefused,
)

CREDIT_MARKS = {"C", "K", "CR", "CRDT", "+", "KREDITAS", "CREDIT"}
DEBIT_MARKS = {"D", "DR", "DBIT", "-", "DEBETAS", "DEBIT"}
# Excel and some banks write a byte-order mark before the header.
BOM = "\ufeff"


def _decode(content: bytes, encoding: str) -> str:
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise StatementRefused(
            _("The CSV mapping names an unknown encoding “%(encoding)s”.") % {"encoding": encoding}
        ) from None
    try:
        return content.decode(encoding)
    except UnicodeDecodeError:
        raise StatementRefused(
            _(
                "The file is not in the encoding “%(encoding)s” its CSV mapping says; "
                "choose another mapping or correct this one."
            )
            % {"encoding": encoding}
        ) from None


def csv_read(content: bytes, mapping) -> StatementReader:
    text = _decode(content, mapping.encoding or "utf-8").lstrip(BOM)
    if "\x00" in text:
        raise StatementRefused(_("The file is not a CSV text file."))
    header = StatementHeader(file_format="csv", account_iban=mapping.account_iban or "")
    names = _header_row(text, mapping)
    needed = [mapping.column_date]
    if mapping.column_amount:
        needed.append(mapping.column_amount)
    elif mapping.column_debit or mapping.column_credit:
        needed += [c for c in (mapping.column_debit, mapping.column_credit) if c]
    else:
        raise StatementRefused(
            _("The CSV mapping names no amount column, nor debit and credit columns.")
        )
    optional = [
        mapping.column_direction,
        mapping.column_payer,
        mapping.column_payer_iban,
        mapping.column_text,
        mapping.column_reference,
        mapping.column_bank_reference,
        mapping.column_currency,
    ]
    missing = [c for c in needed + [c for c in optional if c] if c not in names]
    if missing:
        raise StatementRefused(
            _(
                "The file has no column “%(columns)s” that the CSV mapping “%(mapping)s” "
                "expects: is it the right mapping for this bank?"
            )
            % {"columns": "”, “".join(missing), "mapping": mapping.name}
        )
    reader = StatementReader(header, lambda: _items(text, mapping))
    reader.total = max(0, sum(1 for row in _rows(text, mapping)) - 1)
    return reader


def _rows(text: str, mapping) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) of the rows from the header on."""
    rows = csv.reader(io.StringIO(text), delimiter=(mapping.delimiter or ";")[0])
    try:
        for index, row in enumerate(rows):
            if index < mapping.skip_rows:
                continue
            if not any(cell.strip() for cell in row):
                continue
            yield rows.line_num, row
    except csv.Error as error:
        raise StatementRefused(
            _("The CSV file cannot be read: %(error)s.") % {"error": str(error)[:200]}
        ) from None


def _header_row(text: str, mapping) -> list[str]:
    for _line, row in _rows(text, mapping):
        return [cell.strip() for cell in row]
    raise StatementRefused(_("The CSV file has no header row."))


def _items(text: str, mapping) -> Iterator[ParsedEntry | LineError]:
    rows = _rows(text, mapping)
    names: list[str] | None = None
    for line, cells in rows:
        if names is None:
            names = [cell.strip() for cell in cells]
            continue
        row = dict(zip(names, (cell.strip() for cell in cells), strict=False))
        try:
            yield _entry(row, line, mapping)
        except ValidationError as refusal:
            yield LineError(line, " ".join(refusal.messages))


def _entry(row: dict[str, str], line: int, mapping) -> ParsedEntry:
    value = row.get(mapping.column_date, "")
    try:
        booked = datetime.strptime(value, mapping.date_format).date()
    except ValueError:
        raise ValidationError(
            _("“%(text)s” is not a date in the form %(format)s.")
            % {"text": value, "format": mapping.date_format}
        ) from None
    amount, direction = _amount(row, mapping)
    if amount == 0:
        raise ValidationError(_("The amount is zero."))
    bank_reference = (
        row.get(mapping.column_bank_reference, "") if mapping.column_bank_reference else ""
    )
    return ParsedEntry(
        line=line,
        booking_date=booked,
        direction=direction,
        amount=amount,
        currency=(_cell(row, mapping.column_currency) or "EUR").upper()[:3],
        account_iban=mapping.account_iban or "",
        counterparty_name=_cell(row, mapping.column_payer),
        counterparty_iban=_cell(row, mapping.column_payer_iban).replace(" ", "").upper(),
        reference=_cell(row, mapping.column_reference),
        text=_cell(row, mapping.column_text),
        bank_reference=bank_reference,
        bank_key=("csv", bank_reference) if bank_reference else (),
    )


def _cell(row: dict[str, str], column: str) -> str:
    return row.get(column, "") if column else ""


def _amount(row: dict[str, str], mapping) -> tuple[Decimal, str]:
    comma = mapping.decimal_comma
    if mapping.column_amount:
        raw = row.get(mapping.column_amount, "")
        amount = money_parse(raw, decimal_comma=comma) if raw else Decimal(0)
        if mapping.column_direction:
            mark = row.get(mapping.column_direction, "").strip().upper()
            if mark in CREDIT_MARKS:
                return abs(amount), CREDIT
            if mark in DEBIT_MARKS:
                return abs(amount), DEBIT
            raise ValidationError(_("“%(text)s” says neither credit nor debit.") % {"text": mark})
        return abs(amount), CREDIT if amount > 0 else DEBIT
    debit = _cell(row, mapping.column_debit)
    credit = _cell(row, mapping.column_credit)
    if credit and money_parse(credit, decimal_comma=comma) != 0:
        return abs(money_parse(credit, decimal_comma=comma)), CREDIT
    if debit and money_parse(debit, decimal_comma=comma) != 0:
        return abs(money_parse(debit, decimal_comma=comma)), DEBIT
    return Decimal(0), CREDIT
