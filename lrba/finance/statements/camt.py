"""ISO 20022 bank-to-customer cash management: camt.053 (statement) and camt.054
(debit/credit notification), any version of the .001 message (02 to 13 read alike: the
elements used here kept their names and places).

Read as a stream (lxml iterparse, each entry cleared once read), so a file of 10,000
entries stays small in memory. An entry (`Ntry`) booked as a batch with several
transaction details (`TxDtls`) whose amounts add up to it gives one entry per
transaction; otherwise one entry, with the details of its transaction.
"""

import contextlib
import io
import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from lxml import etree

from lrba.finance.money import money_parse
from lrba.finance.statements import safety
from lrba.finance.statements.records import (
    CREDIT,
    DEBIT,
    LineError,
    ParsedEntry,
    StatementHeader,
    StatementReader,
    StatementRefused,
)

NAMESPACE = re.compile(rb"urn:iso:std:iso:20022:tech:xsd:camt\.(05[2-4])\.001\.(\d\d)")
_NTRY = re.compile(rb"<(?:[\w.-]+:)?Ntry[\s>/]")
# The statement's own elements (camt.053 Stmt, camt.054 Ntfctn).
STATEMENT_TAGS = {"Stmt", "Ntfctn"}
NOT_PROVIDED = {"NOTPROVIDED", "NONREF"}
# The elements the reader stops at (the others are read as part of these).
WATCHED = ("Ntry", "Acct", "Id", "FrToDt", "Bal", *STATEMENT_TAGS)


def camt_kind(head: bytes) -> str | None:
    """ "053" or "054" (or "052") from the namespace in the file's first bytes."""
    match = NAMESPACE.search(head)
    return match.group(1).decode() if match else None


def _local(element) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _ns(element) -> str:
    """ "{namespace}" of `element` (a camt document has one namespace throughout)."""
    tag = element.tag
    return tag[: tag.index("}") + 1] if tag.startswith("{") else ""


def _child(element, *path: str):
    """The first descendant along `path` of local names, or None."""
    if element is None:
        return None
    ns = _ns(element)
    return element.find("/".join(ns + name for name in path) if len(path) > 1 else ns + path[0])


def _children(element, name: str) -> list:
    return element.findall(_ns(element) + name) if element is not None else []


def _text(element, *path: str) -> str:
    found = _child(element, *path)
    return (found.text or "").strip() if found is not None else ""


def _date(element, *path: str) -> date | None:
    """A `Dt` or `DtTm` under `path`: the date as the bank wrote it (a DtTm's own date,
    not converted to another time zone)."""
    holder = _child(element, *path)
    if holder is None:
        return None
    value = _text(holder, "Dt") or _text(holder, "DtTm")
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _account(element) -> str:
    """An account's IBAN (or other identifier), without spaces."""
    if element is None:
        return ""
    value = _text(element, "Id", "IBAN") or _text(element, "Id", "Othr", "Id")
    return value.replace(" ", "").upper()


def _party_name(element) -> str:
    # camt .02–.07: Dbtr/Nm; .08 on: Dbtr/Pty/Nm.
    return _text(element, "Nm") or _text(element, "Pty", "Nm")


def _remittance(tx) -> tuple[str, str]:
    """(structured reference, free text) of a transaction's remittance information."""
    info = _child(tx, "RmtInf")
    if info is None:
        return "", ""
    texts = [(u.text or "").strip() for u in _children(info, "Ustrd")]
    reference = ""
    for structured in _children(info, "Strd"):
        reference = reference or _text(structured, "CdtrRefInf", "Ref")
        texts.extend((a.text or "").strip() for a in _children(structured, "AddtlRmtInf"))
    return reference, " ".join(t for t in texts if t)


def _tx_details(entry) -> list:
    return [tx for details in _children(entry, "NtryDtls") for tx in _children(details, "TxDtls")]


def _tx_amount(tx) -> tuple[str, str] | None:
    amount = _child(tx, "Amt")
    if amount is None:
        amount = _child(tx, "AmtDtls", "TxAmt", "Amt")
    if amount is None:
        return None
    return (amount.text or "").strip(), amount.get("Ccy", "")


def _entry_parts(entry, account_iban: str, line: int) -> list[ParsedEntry]:
    """The entries one `Ntry` gives (raises ValidationError for a refused entry)."""
    status = _text(entry, "Sts") or _text(entry, "Sts", "Cd")
    if status and status != "BOOK":
        raise ValidationError(
            _("The entry is not booked at the bank (status %(status)s); it is left out.")
            % {"status": status}
        )
    indicator = _text(entry, "CdtDbtInd")
    if indicator not in ("CRDT", "DBIT"):
        raise ValidationError(_("The entry says neither credit nor debit."))
    direction = CREDIT if indicator == "CRDT" else DEBIT
    amount_element = _child(entry, "Amt")
    if amount_element is None:
        raise ValidationError(_("The entry has no amount."))
    currency = amount_element.get("Ccy", "").strip().upper() or "EUR"
    amount = _positive(amount_element.text or "")
    booking_date = _date(entry, "BookgDt") or _date(entry, "ValDt")
    if booking_date is None:
        raise ValidationError(_("The entry has no booking date."))
    base: dict[str, Any] = {
        "line": line,
        "booking_date": booking_date,
        "value_date": _date(entry, "ValDt"),
        "direction": direction,
        "currency": currency,
        "account_iban": account_iban,
    }
    entry_ref = _text(entry, "AcctSvcrRef")
    entry_info = _text(entry, "AddtlNtryInf")
    details = _tx_details(entry)

    if len(details) > 1:
        amounts = [_tx_amount(tx) for tx in details]
        if all(a is not None and a[1].upper() in ("", currency) for a in amounts):
            parts = [_positive(a[0]) for a in amounts if a is not None]
            if sum(parts, Decimal(0)) == amount:
                return [
                    _from_tx(
                        tx,
                        part,
                        base,
                        entry_info,
                        key=_batch_key(entry_ref, index, tx),
                        entry_ref=entry_ref,
                    )
                    for index, (tx, part) in enumerate(zip(details, parts, strict=True), start=1)
                ]
    if len(details) == 1:
        key = ("ntry", entry_ref) if entry_ref else ()
        return [_from_tx(details[0], amount, base, entry_info, key=key, entry_ref=entry_ref)]
    # No details, or details that do not add up: the entry as the bank booked it.
    texts = [_remittance(tx)[1] for tx in details]
    references = [r for r in (_remittance(tx)[0] for tx in details) if r]
    return [
        ParsedEntry(
            **base,
            amount=amount,
            text=" ".join(t for t in texts if t) or entry_info,
            reference=references[0] if len(references) == 1 else "",
            bank_reference=entry_ref,
            bank_key=("ntry", entry_ref) if entry_ref else (),
        )
    ]


def _batch_key(entry_ref: str, index: int, tx) -> tuple[str, ...]:
    # Banks repeat one reference on every transaction of a batch (the samples do): the
    # transaction's place in its entry tells them apart.
    if not entry_ref:
        return ()
    return ("ntry", entry_ref, "tx", str(index), _text(tx, "Refs", "AcctSvcrRef"))


def _from_tx(
    tx, amount: Decimal, base: dict, entry_info: str, *, key, entry_ref: str = ""
) -> ParsedEntry:
    parties = _child(tx, "RltdPties")
    payer_side = base["direction"] == CREDIT
    party = _child(parties, "Dbtr" if payer_side else "Cdtr")
    account = _child(parties, "DbtrAcct" if payer_side else "CdtrAcct")
    reference, text = _remittance(tx)
    end_to_end = _text(tx, "Refs", "EndToEndId")
    return ParsedEntry(
        **base,
        amount=amount,
        counterparty_name=_party_name(party) if party is not None else "",
        counterparty_iban=_account(account),
        reference=reference,
        text=text or _text(tx, "AddtlTxInf") or entry_info,
        end_to_end_id="" if end_to_end.upper() in NOT_PROVIDED else end_to_end,
        bank_reference=_text(tx, "Refs", "AcctSvcrRef") or entry_ref,
        bank_key=key,
    )


def _positive(text: str) -> Decimal:
    amount = money_parse(text.strip())
    if amount <= 0:
        raise ValidationError(
            _("The amount “%(text)s” is not above zero.") % {"text": text.strip()}
        )
    return amount


def camt_read(content: bytes) -> StatementReader:
    """A reader of a camt.053/054 file (`content` already passed the size check)."""
    kind = camt_kind(content[:4096])
    if kind not in ("053", "054"):
        raise StatementRefused(unknown_xml_message())
    safety.doctype_refuse(content)
    header = StatementHeader(file_format="camt053" if kind == "053" else "camt054")
    reader = StatementReader(header, lambda: _items(content, header))
    reader.total = len(_NTRY.findall(content))
    return reader


def unknown_xml_message() -> str:
    return _(
        "The XML file is not an ISO 20022 bank statement (camt.053) or notification "
        "(camt.054); those are the XML formats accepted."
    )


def _items(content: bytes, header: StatementHeader) -> Iterator[ParsedEntry | LineError]:
    events = safety.xml_iterparse(
        io.BytesIO(content), events=("end",), tag=[f"{{*}}{name}" for name in WATCHED]
    )
    first = True
    statements = 0
    account = ""  # of the statement being read
    try:
        for _event, element in events:
            if first:
                first = False
                if element.getroottree().docinfo.doctype:
                    raise StatementRefused(safety.doctype_message())
            name = _local(element)
            parent = element.getparent()
            parent_name = _local(parent) if parent is not None else ""
            if parent_name in STATEMENT_TAGS:
                if name == "Acct":
                    account = _account(element)
                if statements == 0:
                    _header_update(header, name, element)
            if name == "Ntry":
                line = element.sourceline or 0
                try:
                    yield from _entry_parts(element, account, line)
                except ValidationError as refusal:
                    yield LineError(line, " ".join(refusal.messages))
                _release(element)
            elif name in STATEMENT_TAGS:
                statements += 1
                _release(element)
            elif name == "Bal":
                _release(element)
    except etree.XMLSyntaxError as error:
        raise StatementRefused(
            _("The file is not well-formed XML (%(error)s).") % {"error": str(error)[:200]}
        ) from None
    if statements == 0:
        raise StatementRefused(unknown_xml_message())


def _header_update(header: StatementHeader, name: str, element) -> None:
    # Only the first statement of the file names the header (a file may carry several
    # statements of one account, one per day).
    if name == "Id" and not header.statement_id:
        header.statement_id = (element.text or "").strip()[:100]
    elif name == "Acct" and not header.account_iban:
        header.account_iban = _account(element)
    elif name == "FrToDt" and header.period_from is None:
        for attribute, tag in (("period_from", "FrDtTm"), ("period_to", "ToDtTm")):
            with contextlib.suppress(ValueError):
                setattr(header, attribute, date.fromisoformat(_text(element, tag)[:10]))


def _release(element) -> None:
    """Free a read element and its earlier siblings (iterparse keeps them otherwise)."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]
