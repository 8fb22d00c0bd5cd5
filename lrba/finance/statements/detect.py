"""Telling a statement's format from its bytes (never from its name) and opening it."""

from django.utils.translation import gettext as _

from lrba.finance.statements import safety
from lrba.finance.statements.camt import camt_read, unknown_xml_message
from lrba.finance.statements.csv_bank import csv_read
from lrba.finance.statements.litas_esis import litas_esis_read, looks_like_litas_esis
from lrba.finance.statements.records import StatementReader, StatementRefused

# UTF-8 byte-order mark, and UTF-16 ones (a camt file in UTF-16 is refused as unknown).
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def formats_accepted() -> str:
    return _(
        "Statements are accepted as ISO 20022 camt.053 or camt.054 (XML), as LITAS-ESIS "
        "text, or as a bank's CSV export read through a saved column mapping."
    )


def statement_read(content: bytes, *, csv_mapping=None) -> StatementReader:
    """Open `content` as the statement format it is (a CSV through `csv_mapping`).
    Raises StatementRefused with a sentence for the user when it is none of them, or
    when it is too large or hostile."""
    safety.size_check(len(content))
    if csv_mapping is not None:
        return csv_read(content, csv_mapping)
    start = content[:64]
    for bom in _BOMS:
        start = start.removeprefix(bom)
    if start.lstrip(b" \t\r\n\x00").startswith(b"<"):
        try:
            return camt_read(content)
        except StatementRefused as refusal:
            if refusal.message == unknown_xml_message():
                raise StatementRefused(f"{refusal.message} {formats_accepted()}") from None
            raise
    if looks_like_litas_esis(content):
        return litas_esis_read(content)
    raise StatementRefused(
        _("The file is not a bank statement in a format this system reads.")
        + " "
        + formats_accepted()
        + " "
        + _("For a CSV export, choose the bank's column mapping.")
    )
