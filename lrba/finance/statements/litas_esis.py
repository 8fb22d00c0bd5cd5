"""The legacy Lithuanian LITAS-ESIS statement text (".acc" exports of older online
banks): tab-separated lines in Windows-1257, amounts in cents, a type code first.

    000  header: [16] the account's IBAN, [17] its currency
    010  entry: [2] date YYYYMMDD, [4] amount in the account's currency (cents), [6] D or C,
         [8] currency, [9] document number, [10] the bank's unique code of the entry,
         [12] payment code (įmokos kodas), [13] payment purpose, [15] their bank,
         [16] their account, [17] their name, [18] their code
    020  balances: [1] LikutisPR (opening) or LikutisPB (closing), [2] date, [4] cents

Field numbers from zero, as the format's users (accounting programs) read them.
"""

from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from lrba.finance.statements.records import (
    CREDIT,
    DEBIT,
    LineError,
    ParsedEntry,
    StatementHeader,
    StatementReader,
    StatementRefused,
)

HEADER, ENTRY, SUMMARY = "000", "010", "020"
ENCODING = "cp1257"


def looks_like_litas_esis(content: bytes) -> bool:
    first = content.lstrip(b"\xef\xbb\xbf \r\n").split(b"\n", 1)[0]
    return first.split(b"\t", 1)[0].strip() == HEADER.encode() and b"\t" in first


def _field(fields: list[str], index: int) -> str:
    return fields[index].strip() if index < len(fields) else ""


def _yyyymmdd(text: str) -> date | None:
    try:
        return datetime.strptime(text, "%Y%m%d").date()
    except ValueError:
        return None


def litas_esis_read(content: bytes) -> StatementReader:
    try:
        text = content.decode(ENCODING)
    except UnicodeDecodeError:
        raise StatementRefused(
            _("The LITAS-ESIS file is not in the Windows-1257 encoding it should be in.")
        ) from None
    text = text.lstrip("\ufeff")
    lines = text.splitlines()
    header = StatementHeader(file_format="litas_esis")
    for raw in lines:
        fields = raw.split("\t")
        kind = _field(fields, 0)
        if kind == HEADER and not header.account_iban:
            header.account_iban = _field(fields, 16).replace(" ", "").upper()
        elif kind == SUMMARY:
            which = _field(fields, 1).lower()
            if which == "likutispr":
                header.period_from = _yyyymmdd(_field(fields, 2))
            elif which == "likutispb":
                header.period_to = _yyyymmdd(_field(fields, 2))
    currency = next(
        (
            _field(raw.split("\t"), 17).upper()
            for raw in lines
            if _field(raw.split("\t"), 0) == HEADER
        ),
        "",
    )
    reader = StatementReader(header, lambda: _items(lines, header, currency or "EUR"))
    reader.total = sum(1 for raw in lines if _field(raw.split("\t"), 0) == ENTRY)
    return reader


def _items(lines: list[str], header: StatementHeader, currency: str) -> Iterator:
    for number, raw in enumerate(lines, start=1):
        fields = raw.split("\t")
        if _field(fields, 0) != ENTRY:
            continue
        entry = _entry(fields, number, header, currency)
        yield entry


def _entry(fields: list[str], line: int, header: StatementHeader, currency: str):
    booked = _yyyymmdd(_field(fields, 2))
    if booked is None:
        return LineError(line, _("The entry has no valid date (YYYYMMDD)."))
    cents = _field(fields, 4)
    if not cents.isdigit() or int(cents) == 0:
        return LineError(
            line,
            _("The amount “%(text)s” is not a whole number of cents above zero.") % {"text": cents},
        )
    mark = _field(fields, 6).upper()
    if mark not in ("C", "D"):
        return LineError(line, _("The entry says neither credit (C) nor debit (D)."))
    code = _field(fields, 10)
    return ParsedEntry(
        line=line,
        booking_date=booked,
        direction=CREDIT if mark == "C" else DEBIT,
        amount=Decimal(int(cents)).scaleb(-2),
        currency=(_field(fields, 8) or currency).upper()[:3],
        account_iban=header.account_iban,
        counterparty_name=_field(fields, 17),
        counterparty_iban=_field(fields, 16).replace(" ", "").upper(),
        reference=_field(fields, 12),
        text=_field(fields, 13),
        bank_reference=code,
        bank_key=("litas_esis", code) if code else (),
    )
