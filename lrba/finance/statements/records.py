"""What a statement reader gives: a statement's header, its entries and the lines it
refused. Parsers fill these and nothing else, so the import service reads one shape
whatever the format."""

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

CREDIT = "credit"
DEBIT = "debit"


class StatementRefused(Exception):
    """The whole file is refused (unknown format, hostile, unreadable); `message` is a
    sentence in the user's language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class StatementHeader:
    file_format: str = ""
    account_iban: str = ""
    statement_id: str = ""
    period_from: date | None = None
    period_to: date | None = None


@dataclass
class ParsedEntry:
    """One bank entry (for a batch booking: one of its transactions)."""

    line: int  # where it is in the file: the entry's number (XML) or the line (text)
    booking_date: date
    direction: str  # CREDIT or DEBIT
    amount: Decimal
    currency: str = "EUR"
    account_iban: str = ""
    value_date: date | None = None
    counterparty_name: str = ""
    counterparty_iban: str = ""
    reference: str = ""
    text: str = ""
    end_to_end_id: str = ""
    bank_reference: str = ""
    # The bank's identity of the entry, when it gives one: enough to know it again in
    # another file (see `fingerprint`); empty when the bank gives none.
    bank_key: tuple[str, ...] = field(default_factory=tuple)

    def content_key(self) -> tuple[str, ...]:
        return (
            self.account_iban,
            self.booking_date.isoformat(),
            self.direction,
            str(self.amount),
            self.currency,
            self.counterparty_iban,
            self.reference,
            self.text,
            self.end_to_end_id,
        )


@dataclass
class LineError:
    line: int
    message: str


def fingerprint(entry: ParsedEntry, occurrence: int = 0) -> str:
    """The entry's identity across files: the account and the bank's own references when
    the bank gives them; else what the entry says, plus how many identical entries came
    before it in the same file (two equal payments on one day are two entries)."""
    if entry.bank_key:
        parts: tuple[str, ...] = ("bank", entry.account_iban, *entry.bank_key)
    else:
        parts = ("content", *entry.content_key(), str(occurrence))
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


class StatementReader:
    """A file being read: `items()` reads it afresh each time it is called, lazily (the
    import service reads it once to check it all, then again to record); `header` is
    complete once the items have been read through."""

    def __init__(
        self,
        header: StatementHeader,
        items: Callable[[], Iterator["ParsedEntry | LineError"]],
    ) -> None:
        self.header = header
        self._items = items
        self.total = 0  # entries in the file, when known before reading them

    def items(self) -> Iterator["ParsedEntry | LineError"]:
        return self._items()
