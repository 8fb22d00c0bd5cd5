"""MARC 21 and UNIMARC records, in ISO 2709 (".mrc") and MARCXML, one record at a time.

ISO 2709 is split on the end-of-record byte (0x1D) rather than trusted to the leader's
record length: a record whose leader lies is then reported alone, and the records after it
still come (pymarc's own reader loses its place after a wrong length). Each record's leader
and directory are checked here, so a broken record is rejected with what exactly is wrong;
the fields are then decoded into a `pymarc.Record`.

Character sets: MARC 21 says UTF-8 with leader/09 "a" and MARC-8 with a blank; a record
that claims MARC-8 but whose bytes are valid UTF-8 (a frequent export mistake; MARC-8 text
is practically never valid UTF-8) is read as UTF-8. UNIMARC names its set in field 100
$a/26-27: "50" (ISO 10646) is read as UTF-8 and "03" (ISO 5426, extended Latin) with the
table below; a record in another set (Cyrillic, Greek…) is refused with that reason unless
its bytes are plain ASCII or valid UTF-8. All text is NFC-normalised, so "é" written as
e + combining accent matches "é" in search.

Which flavour a record is: UNIMARC when it has a 200 title field and no 245, MARC 21
otherwise — per record, so one reader serves both formats.
"""

import hashlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import IO

import pymarc
from django.utils.translation import gettext as _
from lxml import etree
from pymarc.marc8 import marc8_to_unicode

from lrba.acquisition.formats.records import CatalogueRecord, FileRefused, RecordRejection

END_OF_RECORD = 0x1D
END_OF_FIELD = 0x1E
SUBFIELD = 0x1F
MARCXML_NS = "http://www.loc.gov/MARC21/slim"
# ISO 2709 writes the record length in 5 digits: no record is longer.
MAX_RECORD = 99_999
_READ_BLOCK = 64 * 1024
_BETWEEN_RECORDS = b"\r\n\t \x00"
# UNIMARC's non-sorting markers (NSB/NSE) around a leading article: "<NSB>L'<NSE>altra".
_NON_SORTING = dict.fromkeys(map(ord, "\x88\x89\x98\x9c"))


class BrokenRecord(Exception):
    """One ISO 2709 record cannot be read; str() says why."""


# --- ISO 2709 ---------------------------------------------------------------------------


def iso2709_chunks(file: IO[bytes]) -> Iterator[tuple[int, bytes]]:
    """(position, bytes of one record with its terminator) in file order, reading the
    file in blocks. Line breaks between records (and after the last) are skipped: some
    systems write one record per line. A run longer than any record can be without a
    terminator is given as one chunk without it (the caller reports it) and skipped."""
    buffer = b""
    start = 0  # where the next record begins in `buffer` (no re-slicing per record)
    position = 0
    while True:
        end = buffer.find(END_OF_RECORD, start)
        if end >= 0:
            position += 1  # a lone terminator too: an empty record, reported
            yield position, buffer[start : end + 1].lstrip(_BETWEEN_RECORDS)
            start = end + 1
            continue
        buffer = buffer[start:]
        start = 0
        if len(buffer) > MAX_RECORD:
            position += 1
            yield position, buffer[:MAX_RECORD]
            buffer = _skip_to_next_record(file, buffer)
            continue
        block = file.read(_READ_BLOCK)
        if not block:
            rest = buffer.strip(_BETWEEN_RECORDS)
            if rest:
                position += 1
                yield position, rest
            return
        buffer += block


def _skip_to_next_record(file: IO[bytes], buffer: bytes) -> bytes:
    """Drop bytes up to and including the next end-of-record byte; what follows it."""
    while True:
        end = buffer.find(END_OF_RECORD)
        if end >= 0:
            return buffer[end + 1 :]
        buffer = file.read(_READ_BLOCK)
        if not buffer:
            return b""


def iso2709_record(chunk: bytes) -> pymarc.Record:
    """The record in `chunk` (one ISO 2709 record ending in 0x1D). Raises BrokenRecord."""
    if chunk[-1:] != bytes([END_OF_RECORD]):
        if len(chunk) >= MAX_RECORD:
            raise BrokenRecord(
                _("The record has no end-of-record mark within %(max)d bytes.")
                % {"max": MAX_RECORD}
            )
        raise BrokenRecord(
            _(
                "The file ends in the middle of a record (%(n)d bytes without an "
                "end-of-record mark)."
            )
            % {"n": len(chunk)}
        )
    if len(chunk) < 25:
        raise BrokenRecord(
            _("The record is only %(n)d bytes long: shorter than a MARC leader (24 bytes).")
            % {"n": len(chunk)}
        )
    try:
        leader = chunk[:24].decode("ascii")
    except UnicodeDecodeError:
        raise BrokenRecord(_("The record's leader holds bytes that are not ASCII.")) from None
    if not leader[:5].isdigit():
        raise BrokenRecord(
            _("The record length in the leader (“%(value)s”) is not a number.")
            % {"value": leader[:5]}
        )
    if int(leader[:5]) != len(chunk):
        raise BrokenRecord(
            _(
                "The leader gives a record length of %(said)d bytes, but the record is "
                "%(real)d bytes long up to its end-of-record mark."
            )
            % {"said": int(leader[:5]), "real": len(chunk)}
        )
    if not leader[12:17].isdigit():
        raise BrokenRecord(
            _("The base address of data in the leader (“%(value)s”) is not a number.")
            % {"value": leader[12:17]}
        )
    base = int(leader[12:17])
    if base < 25:
        raise BrokenRecord(
            _(
                "The base address of data in the leader (%(base)s) is too small: the "
                "leader alone takes 24 bytes, so the record cannot hold a directory."
            )
            % {"base": leader[12:17]}
        )
    if base >= len(chunk):
        raise BrokenRecord(
            _(
                "The base address of data in the leader (%(base)d) lies beyond the end of "
                "the record (%(length)d bytes)."
            )
            % {"base": base, "length": len(chunk)}
        )
    if chunk[base - 1] != END_OF_FIELD:
        raise BrokenRecord(
            _("The directory does not end where the leader's base address (%(base)d) says it does.")
            % {"base": base}
        )
    try:
        directory = chunk[24 : base - 1].decode("ascii")
    except UnicodeDecodeError:
        raise BrokenRecord(
            _("The record's directory holds bytes that are not digits or tag letters.")
        ) from None
    if not directory:
        raise BrokenRecord(_("The record has no fields: its directory is empty."))
    if len(directory) % 12:
        raise BrokenRecord(
            _(
                "The record's directory is damaged: it is %(n)d characters long, not a "
                "multiple of 12 (one entry per field)."
            )
            % {"n": len(directory)}
        )
    data = chunk[base:-1]
    raw_fields: list[tuple[str, bytes]] = []
    for start in range(0, len(directory), 12):
        entry = directory[start : start + 12]
        tag, length, offset = entry[:3], entry[3:7], entry[7:12]
        if not (tag.isalnum() and length.isdigit() and offset.isdigit()):
            raise BrokenRecord(
                _("The directory entry “%(entry)s” is not a tag, a length and an offset.")
                % {"entry": entry}
            )
        if int(offset) + int(length) > len(data):
            raise BrokenRecord(
                _("Field %(tag)s runs past the end of the record (directory entry “%(entry)s”).")
                % {"tag": tag, "entry": entry}
            )
        raw_fields.append((tag, data[int(offset) : int(offset) + int(length)].rstrip(b"\x1e")))
    decode = _decoder(leader, raw_fields)
    record = pymarc.Record()
    record.leader = pymarc.Leader(leader)  # as written (the constructor rewrites 10-11, 20-23)
    for tag, raw in raw_fields:
        try:
            record.add_field(_field(tag, raw, decode))
        except UnicodeDecodeError:
            raise BrokenRecord(
                _("Field %(tag)s holds bytes that are not valid in the record's character set.")
                % {"tag": tag}
            ) from None
    if decode is not _ascii and record_flavour(record) == "marc21":
        record.leader = pymarc.Leader(leader[:9] + "a" + leader[10:])  # now Unicode
    return record


def _utf8(raw: bytes) -> str:
    return unicodedata.normalize("NFC", raw.decode("utf-8"))


def _marc8(raw: bytes) -> str:
    return unicodedata.normalize("NFC", marc8_to_unicode(raw, hide_utf8_warnings=True))


def _ascii(raw: bytes) -> str:
    return raw.decode("ascii")


# ISO 5426 (UNIMARC's extended Latin set, code "03"): like MARC-8, a diacritic byte comes
# before the letter it marks; two diacritics on one letter are written outermost first.
_ISO5426_DIACRITICS = {
    0xC0: "\u0309",  # hook above
    0xC1: "\u0300",  # grave
    0xC2: "\u0301",  # acute
    0xC3: "\u0302",  # circumflex
    0xC4: "\u0303",  # tilde
    0xC5: "\u0304",  # macron (ū)
    0xC6: "\u0306",  # breve
    0xC7: "\u0307",  # dot above (ė)
    0xC8: "\u0308",  # diaeresis
    0xC9: "\u0308",  # umlaut
    0xCA: "\u030a",  # ring above
    0xCB: "\u0315",  # comma above right
    0xCC: "\u0312",  # turned comma above
    0xCD: "\u030b",  # double acute
    0xCE: "\u031b",  # horn
    0xCF: "\u030c",  # caron (č, š, ž)
    0xD0: "\u0327",  # cedilla
    0xD1: "\u031c",  # left half ring below
    0xD2: "\u0326",  # comma below
    0xD3: "\u0328",  # ogonek (ą, ę, į, ų)
    0xD4: "\u0325",  # ring below
    0xD5: "\u032e",  # breve below
    0xD6: "\u0323",  # dot below
    0xD7: "\u0324",  # diaeresis below
    0xD8: "\u0332",  # low line
    0xD9: "\u0333",  # double low line
    0xDA: "\u0329",  # vertical line below
    0xDB: "\u032d",  # circumflex below
}
_ISO5426_SPACING = {
    0x88: "\x88",  # non-sorting begin / end, as in UTF-8 records
    0x89: "\x89",
    0xA1: "¡",
    0xA3: "£",
    0xA4: "$",
    0xA5: "¥",
    0xA7: "§",
    0xAB: "«",
    0xAD: "©",
    0xAF: "®",
    0xB0: "ʻ",
    0xB1: "ʼ",
    0xB7: "·",
    0xBB: "»",
    0xBD: "ʹ",
    0xBE: "ʺ",
    0xBF: "¿",
    0xE1: "Æ",
    0xE2: "Đ",
    0xE6: "Ĳ",
    0xE8: "Ł",
    0xE9: "Ø",
    0xEA: "Œ",
    0xEC: "Þ",
    0xF1: "æ",
    0xF2: "đ",
    0xF3: "ð",
    0xF5: "ı",
    0xF6: "ĳ",
    0xF8: "ł",
    0xF9: "ø",
    0xFA: "œ",
    0xFB: "ß",
    0xFC: "þ",
}


def _iso5426(raw: bytes) -> str:
    text: list[str] = []
    marks: list[str] = []
    for index, byte in enumerate(raw):
        if byte in _ISO5426_DIACRITICS:
            marks.append(_ISO5426_DIACRITICS[byte])
            continue
        if byte < 0x80:
            character = chr(byte)
        elif byte in _ISO5426_SPACING:
            character = _ISO5426_SPACING[byte]
        else:
            raise UnicodeDecodeError("iso5426", raw, index, index + 1, "not in ISO 5426")
        text.append(character + "".join(reversed(marks)))
        marks = []
    return unicodedata.normalize("NFC", "".join(text) + "".join(marks))


def _decoder(leader: str, raw_fields: list[tuple[str, bytes]]):
    """How this record's bytes become text (see the module docstring)."""
    every_byte = b"".join(raw for _tag, raw in raw_fields)
    if every_byte.isascii():
        return _ascii
    try:
        every_byte.decode("utf-8")
        valid_utf8 = True
    except UnicodeDecodeError:
        valid_utf8 = False
    tags = {tag for tag, _raw in raw_fields}
    if "200" in tags and "245" not in tags:  # UNIMARC: field 100 $a/26-27
        general = next((raw for tag, raw in raw_fields if tag == "100"), b"")
        value = general.split(bytes([SUBFIELD]) + b"a", 1)[-1] if general else b""
        charset = value[26:28].decode("ascii", "replace")
        if charset == "50" or valid_utf8:
            return _utf8
        if charset == "03":
            return _iso5426
        raise BrokenRecord(
            _(
                "The UNIMARC record is in character set “%(charset)s” (field 100 $a/26-27), "
                "which this import does not read: export the records in UTF-8 (ISO 10646, "
                "code 50)."
            )
            % {"charset": charset.strip() or "?"}
        )
    if leader[9] == "a" or valid_utf8:
        return _utf8
    return _marc8


def _field(tag: str, raw: bytes, decode) -> pymarc.Field:
    if tag < "010" and tag.isdigit():
        return pymarc.Field(tag=tag, data=decode(raw))
    parts = raw.split(bytes([SUBFIELD]))
    indicators = parts[0].decode("ascii", "replace")[:2].ljust(2)
    subfields = [
        pymarc.Subfield(code=part[:1].decode("ascii", "replace"), value=decode(part[1:]))
        for part in parts[1:]
        if part
    ]
    return pymarc.Field(
        tag=tag,
        indicators=pymarc.Indicators(indicators[0], indicators[1]),
        subfields=subfields,
    )


def _pymarc_reason(error: Exception) -> str:
    return _("The record cannot be read: %(error)s") % {"error": error}


def read_iso2709_records(file: IO[bytes]) -> Iterator[tuple[int, pymarc.Record | str]]:
    """(position, record) or (position, the reason it is broken), in file order."""
    for position, chunk in iso2709_chunks(file):
        try:
            yield position, iso2709_record(chunk)
        except BrokenRecord as error:
            yield position, str(error)
        except Exception as error:  # pymarc itself refusing what passed our checks
            yield position, _pymarc_reason(error)


def read_iso2709(file: IO[bytes]) -> Iterator[CatalogueRecord | RecordRejection]:
    """MARC 21 or UNIMARC records in ISO 2709 as catalogue records; a broken record is a
    rejection with its reason and the reader goes on with the next."""
    for position, record in read_iso2709_records(file):
        if isinstance(record, str):
            yield RecordRejection(position=position, reference="", reason=record)
        else:
            yield record_to_catalogue(record, position)


# --- MARCXML ----------------------------------------------------------------------------


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def marcxml_parser_args() -> dict[str, object]:
    """lxml settings for files from outside: no DTD, no entities, no network."""
    return {
        "resolve_entities": False,
        "no_network": True,
        "load_dtd": False,
        "dtd_validation": False,
        "huge_tree": False,
        "remove_comments": True,
        "remove_pis": True,
    }


def read_marcxml_records(file: IO[bytes]) -> Iterator[tuple[int, pymarc.Record | str]]:
    """(position, record) or (position, reason) for each <record> of a MARCXML file
    (with the MARC21/slim namespace, prefixed or default, or without a namespace),
    streaming: each record element is dropped once read. Broken XML raises FileRefused
    after the records before it."""
    position = 0
    # Only MARC records (MARC21/slim namespace or none): lxml reports no other element,
    # and an OAI-PMH envelope's own <record> is not taken for one.
    events = etree.iterparse(
        file, events=("end",), tag=(f"{{{MARCXML_NS}}}record", "record"), **marcxml_parser_args()
    )
    try:
        for _event, element in events:
            position += 1
            try:
                yield position, _xml_record(element)
            except BrokenRecord as error:
                yield position, str(error)
            element.clear()
            parent = element.getparent()
            while parent is not None and element.getprevious() is not None:
                del parent[0]
    except etree.XMLSyntaxError as error:
        raise FileRefused(
            _("The file is not well-formed XML at line %(line)s: %(error)s")
            % {"line": error.lineno, "error": error.msg}
        ) from None


def _xml_record(element: etree._Element) -> pymarc.Record:
    leader = ""
    fields: list[pymarc.Field] = []
    for child in element:
        name = _local(child.tag)
        if name == "leader":
            leader = child.text or ""
        elif name == "controlfield":
            tag = child.get("tag", "")
            fields.append(pymarc.Field(tag=tag, data=_element_text(child)))
        elif name == "datafield":
            tag = child.get("tag", "")
            subfields = [
                pymarc.Subfield(code=sub.get("code", ""), value=_element_text(sub))
                for sub in child
                if _local(sub.tag) == "subfield"
            ]
            fields.append(
                pymarc.Field(
                    tag=tag,
                    indicators=pymarc.Indicators(
                        (child.get("ind1") or " ")[:1], (child.get("ind2") or " ")[:1]
                    ),
                    subfields=subfields,
                )
            )
    if len(leader) != 24:
        raise BrokenRecord(
            _("The record's leader is %(n)d characters long instead of 24.") % {"n": len(leader)}
        )
    if not fields:
        raise BrokenRecord(_("The record has no fields."))
    bad_tag = next((f.tag for f in fields if not (len(f.tag) == 3 and f.tag.isalnum())), None)
    if bad_tag is not None:
        raise BrokenRecord(_("The record has a field with tag “%(tag)s”.") % {"tag": bad_tag})
    record = pymarc.Record()
    record.leader = pymarc.Leader(leader)
    record.add_field(*fields)
    return record


def _element_text(element: etree._Element) -> str:
    """The element's own text; an unresolved entity reference inside is left out, the
    text after it kept."""
    parts = [element.text or ""] + [child.tail or "" for child in element]
    return unicodedata.normalize("NFC", "".join(parts))


def read_marcxml(file: IO[bytes]) -> Iterator[CatalogueRecord | RecordRejection]:
    for position, record in read_marcxml_records(file):
        if isinstance(record, str):
            yield RecordRejection(position=position, reference="", reason=record)
        else:
            yield record_to_catalogue(record, position)


# --- Mapping a record to the catalogue ---------------------------------------------------


def record_flavour(record: pymarc.Record) -> str:
    if record.get("245") is None and record.get("200") is not None:
        return "unimarc"
    return "marc21"


def record_isbns(record: pymarc.Record) -> list[str]:
    """The ISBNs as written in 020 $a (MARC 21) or 010 $a (UNIMARC), in record order."""
    tag = "010" if record_flavour(record) == "unimarc" else "020"
    return [
        value.strip()
        for field in record.get_fields(tag)
        for value in field.get_subfields("a")
        if value.strip()
    ]


@dataclass
class _Isbn:
    number: str
    qualifier: str


_ISBN_WITH_QUALIFIER = re.compile(r"^\s*([0-9Xx][0-9Xx‐‑–\- ]*[0-9Xx])\s*(.*)$")


def _split_isbn(value: str) -> _Isbn:
    """ "9780415782654 (hardback)" → number and qualifier "hardback"."""
    match = _ISBN_WITH_QUALIFIER.match(value)
    if not match:
        return _Isbn(value.strip(), "")
    qualifier = match.group(2).strip(" :;()")
    return _Isbn(match.group(1).strip(), qualifier)


def _clean(text: str) -> str:
    """A subfield without its ISBD punctuation at the end (" /", " :", ";", ",", "=")."""
    text = text.translate(_NON_SORTING).strip()
    text = re.sub(r"\s*[/:;,=]\s*$", "", text).strip()
    return text


def _clean_full_stop(text: str) -> str:
    """`_clean` and a final full stop, unless it ends an initial ("Smith, J.") or an
    abbreviation the catalogue keeps ("Jr.")."""
    text = _clean(text)
    if text.endswith(".") and not re.search(r"(\b\w|Jr|Sr|\.\.)\.$", text):
        text = text[:-1].rstrip()
    return text


def _year(text: str) -> int | None:
    match = re.search(r"(1[5-9]\d\d|20\d\d)", text or "")
    return int(match.group(1)) if match else None


def _pages(text: str) -> int | None:
    """The page count in "192 p. ;", "V, 201 p.", "345 psl.", "xii, 300 pages"."""
    numbers = re.findall(r"(\d+)\s*(?:p\b|p\.|pp\.|pages|psl|pag|s\.)", text or "", re.I)
    return int(numbers[-1]) if numbers else None


_PRICE = re.compile(
    r"(?:(?:EUR|€)\s*(\d[\d\s]*(?:[.,]\d{1,2})?))|(?:(\d[\d\s]*(?:[.,]\d{1,2})?)\s*(?:EUR|€|Eur))",
    re.I,
)


def _price_eur(text: str) -> Decimal | None:
    """The price when it is in euros ("EUR 12.50", "12,50 €"); None for other currencies."""
    match = _PRICE.search(text or "")
    if not match:
        return None
    amount = (match.group(1) or match.group(2)).replace(" ", "").replace(",", ".")
    try:
        return Decimal(amount).quantize(Decimal("0.01"))
    except InvalidOperation:
        return None


def _language(record: pymarc.Record, unimarc: bool) -> str:
    if not unimarc:
        fixed = record.get("008")
        code = fixed.data[35:38] if fixed is not None and fixed.data else ""
        if re.fullmatch(r"[a-z]{3}", code) and code not in ("und", "zxx", "mul"):
            return code
    for field in record.get_fields("101" if unimarc else "041"):
        for value in field.get_subfields("a"):
            if re.match(r"[a-zA-Z]{3}", value.strip()):
                return value.strip()[:3].lower()
    return ""


def _subjects(record: pymarc.Record, tag: str) -> list[str]:
    subjects: list[str] = []
    for field in record.get_fields(tag):
        parts = [_clean_full_stop(sub.value) for sub in field.subfields if sub.code in "axyzvj"]
        subject = " -- ".join(part for part in parts if part)
        if subject and subject not in subjects:
            subjects.append(subject)
    return subjects


def _first(record: pymarc.Record, tags: tuple[str, ...], code: str) -> str:
    for tag in tags:
        for field in record.get_fields(tag):
            for value in field.get_subfields(code):
                if value.strip():
                    return value
    return ""


_XML_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})
# Characters XML 1.0 cannot hold (stray MARC-8 escapes, control bytes): left out.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(value: str) -> str:
    return _NOT_XML.sub("", value).translate(_XML_ESCAPES)


def record_marcxml(record: pymarc.Record) -> str:
    """The record as a MARCXML <record> element with its namespace, as text (letters as
    themselves, not as character references). Written directly: several times faster
    than building an element tree, and the import writes one per title."""
    parts = [f'<record xmlns="{MARCXML_NS}"><leader>{_xml_text(str(record.leader))}</leader>']
    for field in record.fields:
        tag = _xml_text(field.tag)
        if field.is_control_field():
            parts.append(f'<controlfield tag="{tag}">{_xml_text(field.data or "")}</controlfield>')
            continue
        parts.append(
            f'<datafield tag="{tag}" ind1="{_xml_text(field.indicator1 or " ")}" '
            f'ind2="{_xml_text(field.indicator2 or " ")}">'
        )
        parts.extend(
            f'<subfield code="{_xml_text(sub.code)}">{_xml_text(sub.value)}</subfield>'
            for sub in field.subfields
        )
        parts.append("</datafield>")
    parts.append("</record>")
    return "".join(parts)


def record_metadata(record: pymarc.Record, position: int) -> CatalogueRecord:
    """Everything the catalogue takes from one record, whatever it lacks (the ISBN is
    the first 020 $a / 010 $a without its qualifier, "" when there is none)."""
    unimarc = record_flavour(record) == "unimarc"
    control = record.get("001")
    isbns = record_isbns(record)
    isbn = _split_isbn(isbns[0]) if isbns else _Isbn("", "")
    return CatalogueRecord(
        position=position,
        isbn=isbn.number,
        product_form=isbn.qualifier[:100],
        reference=((control.data or "").strip() if control is not None else "")[:100],
        language=_language(record, unimarc),
        marc_record=record_marcxml(record),
        **(_unimarc_fields(record) if unimarc else _marc21_fields(record)),
    )


def record_fingerprint(metadata: CatalogueRecord) -> str:
    """A stable name for a record with neither an ISBN nor a 001 control number: its
    title, authors, publisher and year, hashed, so importing the same record again finds
    the same title instead of adding another."""
    parts = [metadata.title, *metadata.authors, metadata.publisher, str(metadata.year or "")]
    text = "\x1f".join(" ".join(part.split()).casefold() for part in parts)
    return "marc-" + hashlib.sha256(text.encode()).hexdigest()[:16]


def record_to_catalogue(record: pymarc.Record, position: int) -> CatalogueRecord | RecordRejection:
    """The catalogue's view of one record; a record without a title is a rejection naming
    the record. A record without an ISBN (an older record, a map, a sound recording) comes
    with an empty ISBN and a reference the import knows it by: its 001 control number, or
    without one a fingerprint of its title, authors, publisher and year."""
    unimarc = record_flavour(record) == "unimarc"
    metadata = record_metadata(record, position)
    if not metadata.title:
        return RecordRejection(
            position=position,
            reference=metadata.isbn or metadata.reference,
            reason=_("The record has no title (field %(field)s $a).")
            % {"field": "200" if unimarc else "245"},
        )
    if not metadata.isbn and not metadata.reference:
        metadata.reference = record_fingerprint(metadata)
    return metadata


def _marc21_fields(record: pymarc.Record) -> dict:
    title_field = record.get("245")
    title = subtitle = ""
    if title_field is not None:
        title = " ".join(
            _clean(value) for value in title_field.get_subfields("a", "n", "p") if _clean(value)
        )
        subtitle = " ".join(_clean(v) for v in title_field.get_subfields("b") if _clean(v))
    authors = [
        _clean_full_stop(value)
        for tag in ("100", "700")
        for field in record.get_fields(tag)
        for value in field.get_subfields("a")[:1]
        if _clean_full_stop(value)
    ]
    publication = [f for f in record.get_fields("264") if f.indicator2 == "1"] + list(
        record.get_fields("260")
    )
    publisher = year_text = ""
    for field in publication:
        publisher = publisher or _clean(" ".join(field.get_subfields("b")[:1]))
        year_text = year_text or " ".join(field.get_subfields("c"))
    year = _year(year_text)
    fixed = record.get("008")
    fixed_data = (fixed.data or "") if fixed is not None else ""
    if year is None and fixed_data[7:11].isdigit():
        year = int(fixed_data[7:11])
    price = None
    for field in record.get_fields("020"):
        for value in field.get_subfields("c"):
            price = price or _price_eur(value)
    return {
        "title": title[:500],
        "subtitle": subtitle[:500],
        "authors": authors,
        "publisher": publisher[:255],
        "year": year,
        "edition": _clean(_first(record, ("250",), "a"))[:100],
        "pages": _pages(_first(record, ("300",), "a")),
        "subjects": _subjects(record, "650"),
        "price": price,
    }


def _unimarc_fields(record: pymarc.Record) -> dict:
    title_field = record.get("200")
    title = subtitle = ""
    if title_field is not None:
        title = " ".join(_clean(v) for v in title_field.get_subfields("a") if _clean(v))
        subtitle = " ".join(_clean(v) for v in title_field.get_subfields("e") if _clean(v))
    authors = []
    for tag in ("700", "701"):
        for field in record.get_fields(tag):
            surname = _clean(" ".join(field.get_subfields("a")[:1])).rstrip(",")
            given = _clean(" ".join(field.get_subfields("b")[:1])).lstrip(", ")
            if surname:
                authors.append(f"{surname}, {given}" if given else surname)
    publisher = _clean(_first(record, ("210", "214"), "c"))
    year = _year(_first(record, ("210", "214"), "d"))
    general = _first(record, ("100",), "a")
    if year is None and general[9:13].isdigit():
        year = int(general[9:13])
    return {
        "title": title[:500],
        "subtitle": subtitle[:500],
        "authors": authors,
        "publisher": publisher[:255],
        "year": year,
        "edition": _clean(_first(record, ("205",), "a"))[:100],
        "pages": _pages(_first(record, ("215",), "a")),
        "subjects": _subjects(record, "606"),
        "price": _price_eur(_first(record, ("010",), "d")),
    }
