"""ONIX for Books 2.1 and 3.0 catalogues, streamed product by product.

Both releases, reference tags (`<Product>`, `<ProductIdentifier>`) and short tags
(`<product>`, `<productidentifier>`, `<b244>`) are read by the same code: every element is
looked up by its reference name *or* its short name, in any namespace or none — suppliers
send 2.1 messages with the 3.0 namespace, no namespace, or a made-up one. Where 2.1 and
3.0 differ, 3.0's blocks (DescriptiveDetail, PublishingDetail, ProductSupply) are used
when present and the product itself otherwise.

Reading, in order:

1. Bytes → text: a byte-order mark (UTF-8, UTF-16, UTF-32), else the XML declaration's
   encoding, else UTF-8. "ISO-8859-1" is read as Windows-1252 (what such files really
   are, and what browsers do), falling back to Latin-1 for the bytes 1252 leaves undefined.
   A file that does not start with "<" (a renamed PDF…) is refused there.
2. Entities: the ONIX DTDs declare the HTML 4 character entities (`&ndash;`, `&eacute;`…)
   and suppliers use them, but the DTD is never loaded (see 4). So `&name;` of an HTML
   entity becomes the numeric reference `&#8211;` in the text stream, outside CDATA
   sections and comments, before lxml sees it. An unknown name stays: lxml refuses the
   file at that line, or — when a DOCTYPE names an external DTD, which might have
   defined it — the product using it is rejected, naming the entity.
3. The prolog: the root must be ONIXMessage / ONIXmessage (release 2.x or 3.x when
   given). A DOCTYPE with its own `<!ENTITY …>` declarations is refused outright: no
   catalogue needs one, and they are how entity-expansion ("billion laughs") and external
   entity (XXE) attacks are made.
4. lxml's XMLPullParser with load_dtd=False, no_network=True, resolve_entities=False (no
   DTD, entity or network fetch ever), fed the re-encoded UTF-8 in chunks; each product
   is turned into a record when its end tag arrives (only the elements read below are
   copied out of lxml) and then cleared and detached, so a 100,000-product file uses the
   memory of one product.

Badly formed XML cannot be resumed: the products completed before the damage are
yielded, then FileRefused says at which line the file broke.

Choices (they decide what librarians see and order):

- ISBN: ProductIDType 15 (ISBN-13), else 03 (GTIN-13) starting 978/979, else 02 (ISBN-10),
  else 2.1's old <ISBN>/<EAN13> elements — as written; the import service validates it.
  Identifiers inside RelatedProduct are other products and never used.
- Price: only a euro price is taken (the price's CurrencyCode, else the header's
  DefaultCurrencyCode; a price in no known currency is not assumed to be euros). Among
  euro prices, in this order: valid today (PriceDate / PriceEffectiveFrom/Until), then for
  Lithuania (its territory names LT, then one without territory or for WORLD/the
  eurozone that does not exclude LT, then any other), then the price type: 02 (RRP with
  VAT), 04 (fixed price with VAT), 01 (RRP without VAT), 03, 22, 21, 42, 41, any other —
  with VAT first because libraries' budgets are gross and the round's discount tiers
  apply to the list price. No euro price → price None. Amounts round half up to the cent.
  A euro price whose amount is not a number (or is negative) rejects the product,
  naming the amount.
- Availability: ProductAvailability (list 65), else 2.1's AvailabilityCode (list 54),
  from the supply detail the price came from. Orderable: 10–12 (not yet published:
  pre-order), 20–23 (available, in stock, to order, print on demand), 30–33 (temporarily
  out of stock, reprinting: back-order), 99 (ask the supplier); not orderable: 34
  (temporarily withdrawn), 40–52 (not available, out of print, withdrawn…), 97/98 (the
  supplier no longer updates it). For list 54: IP, MD, NP, TO, TP, RP, CS, WR are orderable;
  the rest not. No availability → orderable. A product notified as deleted
  (NotificationType 05) is not orderable.
- Authors: contributors with roles A01–A14 (author, with, illustrator…) or no role, in
  SequenceNumber order; when there are none, B01 (editor). Not translators, prefaces or
  introductions. Name: PersonNameInverted, else "KeyNames, NamesBeforeKey PrefixToKey",
  else PersonName as written, else the corporate name.
- Lithuanian author: True when one of those authors has a Lithuanian place (3.0
  ContributorPlace/CountryCode LT, 2.1 Contributor/CountryCode LT); otherwise None
  (unknown — a missing place does not make an author foreign).
- Title: TitleType 01 (else the first title), TitleElementLevel 01 (else the first):
  TitleText, else TitlePrefix + TitleWithoutPrefix; its Subtitle. Series titles
  (Collection/Series) are not the product's title.
- Year: 3.0 PublishingDate role 01 (else the market's date role 01), 2.1 PublicationDate.
  Pages: 2.1 NumberOfPages, else Extent type 00, 11, 05 or 07 in pages.
  Subjects: headings as written (keywords scheme 20 split at ";"), codes as
  "BISAC LIT014000", "BIC KF", "Thema FFP".
"""

import codecs
import datetime
import re
from collections.abc import Iterable, Iterator
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from html.entities import name2codepoint
from typing import IO

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext
from lxml import etree

from lrba.acquisition.formats.records import CatalogueRecord, FileRefused, RecordRejection

CHUNK_BYTES = 64 * 1024
HEAD_BYTES = 1024
# The root element must start within this many characters (prolog, DOCTYPE, comments).
PROLOG_LIMIT = 256 * 1024

# Short tags of the elements read here (ONIX 2.1 and 3.0 share them). Composites
# not listed have the reference name in lower case as their short tag.
SHORT_TAGS = {
    "RecordReference": "a001",
    "NotificationType": "a002",
    "ProductIDType": "b221",
    "IDValue": "b244",
    "ISBN": "b004",
    "EAN13": "b005",
    "ProductForm": "b012",
    "TitleType": "b202",
    "TitleText": "b203",
    "TitlePrefix": "b030",
    "TitleWithoutPrefix": "b031",
    "Subtitle": "b029",
    "DistinctiveTitle": "b028",
    "TitleElementLevel": "x409",
    "SequenceNumber": "b034",
    "ContributorRole": "b035",
    "PersonName": "b036",
    "PersonNameInverted": "b037",
    "NamesBeforeKey": "b039",
    "PrefixToKey": "b247",
    "KeyNames": "b040",
    "CorporateName": "b047",
    "CorporateNameInverted": "x443",
    "CountryCode": "b251",
    "EditionNumber": "b057",
    "EditionStatement": "b058",
    "LanguageRole": "b253",
    "LanguageCode": "b252",
    "NumberOfPages": "b061",
    "ExtentType": "b218",
    "ExtentValue": "b219",
    "ExtentUnit": "b220",
    "BASICMainSubject": "b064",
    "BICMainSubject": "b065",
    "MainSubjectSchemeIdentifier": "b191",
    "SubjectSchemeIdentifier": "b067",
    "SubjectCode": "b069",
    "SubjectHeadingText": "b070",
    "ImprintName": "b079",
    "PublisherName": "b081",
    "PublishingRole": "b291",
    "PublicationDate": "b003",
    "PublishingDateRole": "x448",
    "MarketDateRole": "j408",
    "Date": "b306",
    "ProductAvailability": "j396",
    "AvailabilityCode": "j141",
    "PriceType": "x462",
    "PriceTypeCode": "j148",
    "PriceAmount": "j151",
    "CurrencyCode": "j152",
    "PriceEffectiveFrom": "j161",
    "PriceEffectiveUntil": "j162",
    "PriceDateRole": "x459",
    "CountriesIncluded": "x449",
    "RegionsIncluded": "x450",
    "CountriesExcluded": "x451",
    "RegionsExcluded": "x452",
    "Territory": "j303",  # 2.1: a space-separated list inside Price (3.0: a composite)
    "CountryExcluded": "j304",
    "TerritoryExcluded": "j308",
    "UnpricedItemType": "j192",
    "DefaultCurrencyCode": "m186",
    "DefaultPriceTypeCode": "m185",  # 2.1
    "DefaultPriceType": "x310",  # 3.0
}

_PRODUCT_TAGS = ["{*}Product", "{*}product"]
_HEADER_TAGS = ["{*}Header", "{*}header"]
_ROOT_NAMES = ("ONIXMessage", "ONIXmessage")

# HTML 4's entities, which the ONIX DTDs include; XML's own five are left to the parser.
_HTML_ENTITIES = {
    name: codepoint
    for name, codepoint in name2codepoint.items()
    if name not in ("amp", "lt", "gt", "quot", "apos")
}
_TOKEN = re.compile(r"&([A-Za-z][A-Za-z0-9]{0,31});|<!\[CDATA\[|<!--")
_TOKEN_HOLD = 40  # a token cut by a chunk boundary is at most this long
_DECLARED_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_PROLOG_ITEM = re.compile(r"\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^\[>]|\[.*?\])*>", re.S)
_START_TAG = re.compile(r"<([^\s/>!?]+)([^>]*)>", re.S)
_RELEASE = re.compile(r"""\brelease\s*=\s*["']([^"']*)["']""")

AUTHOR_ROLES = {f"A{n:02d}" for n in range(1, 15)}
EDITOR_ROLES = {"B01"}
PAGE_EXTENTS = ("00", "11", "05", "07")
PRICE_TYPE_ORDER = {"02": 0, "04": 1, "01": 2, "03": 3, "22": 4, "21": 5, "42": 6, "41": 7}
EURO_REGIONS = {"WORLD", "ECZ"}
# Codes that say the product cannot be ordered; any other (or none) can.
UNAVAILABLE_CODES_65 = {"34", "97", "98"} | {str(code) for code in range(40, 53)}
UNAVAILABLE_CODES_54 = {
    "EX",
    "NY",
    "OF",
    "OI",
    "OP",
    "OR",
    "PP",
    "RF",
    "RM",
    "RU",
    "TU",
    "UR",
    "WS",
}

SUBJECT_SCHEMES = {
    "01": "Dewey",
    "03": "LCC",
    "04": "LCSH",
    "10": "BISAC",
    "12": "BIC",
    "13": "BIC",
    "14": "BIC",
    "15": "BIC",
    "16": "BIC",
    "17": "BIC",
    "22": "UDK",
    "93": "Thema",
    "94": "Thema",
    "95": "Thema",
    "96": "Thema",
    "97": "Thema",
    "98": "Thema",
    "99": "Thema",
}
KEYWORD_SCHEME = "20"


# English names of the commonest codes, translated when a record is made (gettext_noop
# marks them for the catalogue without translating every one for every product).
PRODUCT_FORMS = {
    "AA": gettext_noop("Audio"),
    "AC": gettext_noop("Audio CD"),
    "AJ": gettext_noop("Downloadable audio file"),
    "BA": gettext_noop("Book"),
    "BB": gettext_noop("Hardback"),
    "BC": gettext_noop("Paperback"),
    "BD": gettext_noop("Loose-leaf"),
    "BE": gettext_noop("Spiral bound"),
    "BH": gettext_noop("Board book"),
    "DG": gettext_noop("E-book"),
    "EA": gettext_noop("Digital"),
    "EB": gettext_noop("Digital (download and online)"),
    "EC": gettext_noop("Digital (online)"),
    "ED": gettext_noop("Digital (download)"),
}
AVAILABILITY_65 = {
    "10": gettext_noop("Not yet available"),
    "20": gettext_noop("Available"),
    "21": gettext_noop("In stock"),
    "22": gettext_noop("To order"),
    "23": gettext_noop("Print on demand"),
    "30": gettext_noop("Temporarily unavailable"),
    "31": gettext_noop("Out of stock"),
    "32": gettext_noop("Reprinting"),
    "40": gettext_noop("Not available"),
    "43": gettext_noop("No longer supplied"),
    "46": gettext_noop("Withdrawn from sale"),
    "51": gettext_noop("Out of print"),
    "99": gettext_noop("Ask the supplier"),
}
AVAILABILITY_54 = {
    "IP": gettext_noop("Available"),
    "NP": gettext_noop("Not yet published"),
    "OP": gettext_noop("Out of print"),
    "TP": gettext_noop("Temporarily out of stock"),
    "RP": gettext_noop("Reprinting"),
    "WS": gettext_noop("Withdrawn from sale"),
}


def _product_form_words(code: str) -> str:
    return _(PRODUCT_FORMS[code]) if code in PRODUCT_FORMS else code


def _availability_words(code: str, list_54: bool) -> str:
    words = (AVAILABILITY_54 if list_54 else AVAILABILITY_65).get(code)
    return f"{_(words)} ({code})" if words else code


def read_onix(file: IO[bytes]) -> Iterator[CatalogueRecord | RecordRejection]:
    """Yield one CatalogueRecord or RecordRejection per product of the ONIX message in
    `file`, in file order; raise FileRefused for a file that is not a readable ONIX
    message (before the first product when the prolog tells, else where it breaks)."""
    chunks = _entities_mapped(_decoded(file))
    prolog = _prolog_read(chunks)
    reader = _ProductReader(entities_possible="<!DOCTYPE" in prolog)
    parser = etree.XMLPullParser(
        events=("end",),
        tag=_PRODUCT_TAGS + _HEADER_TAGS,
        load_dtd=False,
        no_network=True,
        resolve_entities=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        encoding="utf-8",  # what is fed is always re-encoded UTF-8, whatever was declared
    )
    etree.clear_error_log()  # so the first fatal error in it is this file's (see below)
    for text in _chained(prolog, chunks):
        try:
            parser.feed(text.encode("utf-8"))
        except etree.XMLSyntaxError as error:
            yield from reader.events_read(parser.read_events())
            raise _syntax_refusal(error, reader.position) from None
        yield from reader.events_read(parser.read_events())
    try:
        parser.close()
    except etree.XMLSyntaxError as error:
        yield from reader.events_read(parser.read_events())
        raise _syntax_refusal(error, reader.position) from None
    yield from reader.events_read(parser.read_events())


def _chained(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def _syntax_refusal(error: etree.XMLSyntaxError, products_read: int) -> FileRefused:
    # The exception's message is not always the error that stopped the parser (an
    # undefined entity surfaces as "no element found" when the parser is closed); the
    # first fatal error in the thread's log, cleared before the first feed, is the cause.
    fatal = [entry for entry in error.error_log if entry.level_name == "FATAL"]
    if fatal:
        line, message = fatal[0].line, fatal[0].message.strip()
    else:
        line, message = error.lineno, (error.msg or str(error)).strip()
    # lxml appends "(<string>, line N)" / ", line N, column M"; the line is said once.
    message = re.sub(r",? ?line \d+, column \d+$|\s*\(<string>, line \d+\)$", "", message)
    return FileRefused(
        ngettext(
            "The file is not well-formed XML at line %(line)s: %(error)s. "
            "The %(count)s product before that line was read; nothing after it.",
            "The file is not well-formed XML at line %(line)s: %(error)s. "
            "The %(count)s products before that line were read; nothing after it.",
            products_read,
        )
        % {"line": line, "error": message, "count": products_read}
    )


# --- Bytes to text ----------------------------------------------------------------------


def _windows_1252_or_latin_1(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return error.object[error.start : error.end].decode("latin-1"), error.end


codecs.register_error("lrba_latin1", _windows_1252_or_latin_1)


def _encoding_sniffed(head: bytes) -> tuple[str, int]:
    """(codec name, bytes of byte-order mark to skip) for a file starting with `head`."""
    for bom, name in (
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if head.startswith(bom):
            return name, len(bom)
    if head.startswith(b"<\x00?\x00"):
        return "utf-16-le", 0
    if head.startswith(b"\x00<\x00?"):
        return "utf-16-be", 0
    match = _DECLARED_ENCODING.match(head)
    if not match:
        return "utf-8", 0
    declared = match.group(1).decode("ascii")
    try:
        name = codecs.lookup(declared).name
    except LookupError:
        raise FileRefused(
            _("The file declares the character encoding %(encoding)s, which is not known.")
            % {"encoding": declared}
        ) from None
    if name in ("latin-1", "iso8859-1", "ascii", "cp1252"):
        return "cp1252", 0
    if name.startswith(("utf-16", "utf-32")):
        # Declared UTF-16 without a byte-order mark, yet "<?xml" was readable as ASCII:
        # the declaration is wrong, the bytes are not UTF-16.
        raise FileRefused(
            _("The file declares the encoding %(encoding)s but is not written in it.")
            % {"encoding": declared}
        )
    return name, 0


def _decoded(file: IO[bytes]) -> Iterator[str]:
    head = b""
    while len(head) < HEAD_BYTES:  # enough for the XML declaration, whatever the chunks
        data = file.read(max(CHUNK_BYTES, HEAD_BYTES - len(head)))
        if not data:
            break
        head += data
    if not head.strip(b" \t\r\n\x00"):
        raise FileRefused(_("The file is empty."))
    encoding, skip = _encoding_sniffed(head)
    start = head[skip:].lstrip(b" \t\r\n")[:1]
    if encoding.startswith(("utf-16", "utf-32")):
        start = head[skip:].decode(encoding, errors="ignore").lstrip(" \t\r\n")[:1].encode()
    if start != b"<":
        raise FileRefused(
            _("This is not an XML file: an ONIX message starts with <, this file with %(start)s.")
            % {"start": repr(head[skip : skip + 8])}
        )
    decoder = codecs.getincrementaldecoder(encoding)(
        errors="lrba_latin1" if encoding == "cp1252" else "strict"
    )
    offset = 0
    data = head[skip:]
    while True:
        final = not data
        try:
            text = decoder.decode(data, final=final)
        except UnicodeDecodeError as error:
            raise FileRefused(
                _(
                    "The file is not valid %(encoding)s: the byte at position %(position)s "
                    "cannot be read. Save it as UTF-8 or declare its real encoding."
                )
                % {"encoding": encoding.upper(), "position": offset + skip + error.start}
            ) from None
        if text:
            yield text
        if final:
            return
        offset += len(data)
        data = file.read(CHUNK_BYTES)


def _entities_mapped(chunks: Iterable[str]) -> Iterator[str]:
    """The text with HTML entity references turned numeric (outside CDATA and comments).

    A chunk's last few characters are held back when they may begin a reference or a
    CDATA/comment opener, so a token cut by a chunk boundary is still seen whole."""
    pending = ""
    closer = ""  # "]]>" inside a CDATA section, "-->" inside a comment
    for chunk in _with_end(chunks):
        final = chunk is None
        pending += chunk or ""
        out: list[str] = []
        position = 0
        while True:
            if closer:
                end = pending.find(closer, position)
                if end < 0:
                    keep = len(pending) if final else max(position, len(pending) - 2)
                    out.append(pending[position:keep])
                    position = keep
                    break
                out.append(pending[position : end + 3])
                position = end + 3
                closer = ""
                continue
            match = _TOKEN.search(pending, position)
            if match is None:
                break
            out.append(pending[position : match.start()])
            token = match.group(0)
            if token == "<![CDATA[":
                closer = "]]>"
                out.append(token)
            elif token == "<!--":
                closer = "-->"
                out.append(token)
            else:
                codepoint = _HTML_ENTITIES.get(match.group(1))
                out.append(f"&#{codepoint};" if codepoint else token)
            position = match.end()
        if not closer:
            rest = pending[position:]
            hold = 0
            if not final:
                # Hold back a tail that might start a token completed by the next chunk.
                tail_start = max(len(rest) - _TOKEN_HOLD, 0)
                for marker in ("&", "<"):
                    index = rest.rfind(marker, tail_start)
                    if index >= 0:
                        hold = max(hold, len(rest) - index)
            out.append(rest[: len(rest) - hold])
            position += len(rest) - hold
        pending = pending[position:]
        text = "".join(out)
        if text:
            yield text
        if final:
            if pending:
                yield pending
            return


def _with_end(chunks: Iterable[str]) -> Iterator[str | None]:
    yield from chunks
    yield None


def _prolog_read(chunks: Iterator[str]) -> str:
    """Read text until the root element's start tag; check it; return all text read.

    Refuses a file whose root is not an ONIX message, of an unknown release, or whose
    DOCTYPE declares entities."""
    text = ""
    for chunk in chunks:
        text += chunk
        root = _root_found(text)
        if root is not None:
            break
        if len(text) > PROLOG_LIMIT:
            _entities_refuse(text)
            raise FileRefused(
                _("No XML element starts in the first %(size)s characters of the file.")
                % {"size": PROLOG_LIMIT}
            )
    else:
        _entities_refuse(text)
        return text  # no complete start tag at all: lxml will say what is wrong
    name, attributes, prolog = root
    _entities_refuse(prolog)
    local = name.rpartition(":")[2]
    if local not in _ROOT_NAMES:
        raise FileRefused(
            _("This is not an ONIX message: its root element is <%(name)s>, not <ONIXMessage>.")
            % {"name": name}
        )
    release = _RELEASE.search(attributes)
    if release and not release.group(1).strip().startswith(("2.", "3.")):
        raise FileRefused(
            _("ONIX release %(release)s cannot be read: releases 2.1 and 3.0 can.")
            % {"release": release.group(1)}
        )
    return text


def _root_found(text: str) -> tuple[str, str, str] | None:
    """(root tag name, its attributes text, the prolog before it) once the root's start
    tag is complete in `text`, else None."""
    position = 0
    while True:
        item = _PROLOG_ITEM.match(text, position)
        if item is None or item.end() == position:
            break
        position = item.end()
    tag = _START_TAG.match(text, position)
    if tag is None:
        return None
    return tag.group(1), tag.group(2), text[:position]


def _entities_refuse(prolog: str) -> None:
    if "<!ENTITY" in prolog:
        raise FileRefused(
            _(
                "The file declares its own entities (<!ENTITY …> in its DOCTYPE). "
                "Catalogue files never need them and they can be used to attack the "
                "reader, so the file is not read."
            )
        )


# --- Products to records ----------------------------------------------------------------


# The composites read here; their short tag is their name in lower case.
COMPOSITES = [
    "Header",
    "ProductIdentifier",
    "DescriptiveDetail",
    "TitleDetail",
    "Title",
    "TitleElement",
    "Contributor",
    "ContributorPlace",
    "Language",
    "Extent",
    "Subject",
    "MainSubject",
    "Imprint",
    "Publisher",
    "PublishingDetail",
    "PublishingDate",
    "ProductSupply",
    "MarketPublishingDetail",
    "MarketDate",
    "SupplyDetail",
    "Price",
    "PriceDate",
    "Territory",
]
# Every element read, by name as written (reference, short or lower-case reference tag)
# → the key it is filed under. Anything else (descriptions, related products, rights,
# media: most of a product's bytes) is never copied out of lxml.
_NAME_KEYS = {
    written: name.lower()
    for name in [*SHORT_TAGS, *COMPOSITES]
    for written in (name, name.lower(), SHORT_TAGS.get(name, name.lower()))
}


_XML_SPACES = re.compile(r"[ \t\r\n]+")


def _spaces_collapsed(text: str) -> str:
    """XML whitespace runs as one space; a no-break space is the supplier's and stays."""
    return _XML_SPACES.sub(" ", text).strip(" ")


class _Node:
    """An element as the readers below see it: its child elements by name key (namespace
    and tag style gone) and its text with whitespace collapsed. Copying a product into
    these once costs less than asking lxml for each of the ~60 things read from it."""

    __slots__ = ("kids", "text")

    def __init__(self, element: etree._Element) -> None:
        kids: dict[str, list[_Node]] = {}
        self.kids = kids
        text = element.text
        if len(element) == 0:  # most elements: a code or a name
            self.text = _spaces_collapsed(text) if text else ""
            return
        mixed = bool(text and not text.isspace())
        for child in element:
            tag = child.tag
            if isinstance(tag, str):  # not a comment or processing instruction
                key = _NAME_KEYS.get(tag[tag.rfind("}") + 1 :])
                if key is not None:
                    kids.setdefault(key, []).append(_Node(child))
            tail = child.tail
            if tail and not tail.isspace():
                mixed = True
        # Text with markup inside, e.g. <TitleText>A <i>B</i></TitleText>, is read whole.
        self.text = _spaces_collapsed("".join(element.itertext())) if mixed else ""


def _kids(node: _Node, name: str) -> list[_Node]:
    # A KeyError here: `name` is missing from SHORT_TAGS or COMPOSITES, so never copied.
    return node.kids.get(_NAME_KEYS[name], [])


def _kid(node: _Node | None, name: str) -> _Node | None:
    if node is None:
        return None
    kids = node.kids.get(_NAME_KEYS[name])
    return kids[0] if kids else None


def _words(node: _Node | None) -> str:
    return node.text if node is not None else ""


def _text(element: _Node | None, name: str) -> str:
    return _words(_kid(element, name))


def _texts(element: _Node, name: str) -> list[str]:
    return [text for kid in _kids(element, name) if (text := _words(kid))]


def _year(value: str) -> int | None:
    if len(value) >= 4 and value[:4].isdigit() and 1400 <= int(value[:4]) <= 2100:
        return int(value[:4])
    return None


def _date(value: str) -> datetime.date | None:
    digits = re.sub(r"\D", "", value)[:8]
    try:
        return datetime.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


def _supplies(product: _Node) -> list[_Node]:
    supplies = _kids(product, "SupplyDetail")  # 2.1
    for product_supply in _kids(product, "ProductSupply"):  # 3.0
        supplies += _kids(product_supply, "SupplyDetail")
    return supplies


class _ProductReader:
    def __init__(self, *, entities_possible: bool = False) -> None:
        # With a DOCTYPE naming an external DTD, libxml2 cannot know an entity is
        # undefined (the unread DTD might define it): it leaves a reference node instead
        # of failing, and the text would silently lose it.
        self.entities_possible = entities_possible
        self.position = 0
        self.default_currency = ""
        self.default_price_type = ""
        self.today = datetime.date.today()

    def events_read(
        self, events: Iterable[tuple[str, etree._Element]]
    ) -> Iterator[CatalogueRecord | RecordRejection]:
        for _event, element in events:
            parent = element.getparent()
            if parent is None or parent.getparent() is not None:
                continue  # not a child of the root: something else of the same name
            local = etree.QName(element).localname
            if local in ("Header", "header"):
                self.header_read(_Node(element))
            else:
                self.position += 1
                unresolved = (
                    next(element.iter(etree.Entity), None) if self.entities_possible else None
                )
                if unresolved is not None:
                    yield RecordRejection(
                        position=self.position,
                        reference=_words(_kid(_Node(element), "RecordReference")),
                        reason=_(
                            "The product uses the entity %(entity)s, which is not one of the "
                            "HTML entities the ONIX DTD defines."
                        )
                        % {"entity": unresolved.text},
                    )
                else:
                    yield self.product_read(_Node(element))
            # Free what was read: the element's content and every earlier sibling (the
            # header, products, comments), so the tree never grows with the file.
            element.clear(keep_tail=False)
            while element.getprevious() is not None:
                del parent[0]

    def header_read(self, header: _Node) -> None:
        self.default_currency = _text(header, "DefaultCurrencyCode").upper()
        self.default_price_type = _text(header, "DefaultPriceTypeCode") or _text(
            header, "DefaultPriceType"
        )

    def product_read(self, product: _Node) -> CatalogueRecord | RecordRejection:
        reference = _text(product, "RecordReference")
        isbn = self.isbn_read(product)
        if not isbn:
            return RecordRejection(
                position=self.position,
                reference=reference,
                reason=_("The product has no ISBN (no ISBN-13, GTIN-13 or ISBN-10 identifier)."),
            )
        descriptive = _kid(product, "DescriptiveDetail")
        detail = descriptive if descriptive is not None else product
        title, subtitle = self.title_read(detail)
        deleted = _text(product, "NotificationType") == "05"
        if not title:
            reason = _("The product %(isbn)s has no title.") % {"isbn": isbn}
            if deleted:
                reason = _(
                    "The supplier withdraws the product %(isbn)s (notification type 05) "
                    "without giving its title."
                ) % {"isbn": isbn}
            return RecordRejection(position=self.position, reference=isbn, reason=reason)
        price, supply, price_problem = self.price_read(product)
        if price_problem:
            return RecordRejection(position=self.position, reference=isbn, reason=price_problem)
        availability, is_available = self.availability_read(product, supply)
        if deleted:
            availability, is_available = _("Withdrawn by the supplier"), False
        authors, lithuanian_author = self.authors_read(detail)
        publishing = _kid(product, "PublishingDetail")
        return CatalogueRecord(
            position=self.position,
            isbn=isbn,
            title=title,
            subtitle=subtitle,
            authors=authors,
            publisher=self.publisher_read(publishing if publishing is not None else product),
            year=self.year_read(product, publishing),
            language=self.language_read(detail),
            subjects=self.subjects_read(detail),
            product_form=_product_form_words(_text(detail, "ProductForm")),
            edition=self.edition_read(detail),
            pages=self.pages_read(detail),
            price=price,
            availability=availability,
            is_available=is_available,
            reference=reference,
            lithuanian_author=lithuanian_author,
        )

    @staticmethod
    def isbn_read(product: _Node) -> str:
        identifiers: dict[str, str] = {}
        for identifier in _kids(product, "ProductIdentifier"):
            kind, value = _text(identifier, "ProductIDType"), _text(identifier, "IDValue")
            if value:
                identifiers.setdefault(kind, value)
        gtin = identifiers.get("03", "")
        if not re.sub(r"\D", "", gtin).startswith(("978", "979")):
            gtin = ""
        return (
            identifiers.get("15")
            or gtin
            or identifiers.get("02")
            or _text(product, "ISBN")
            or _text(product, "EAN13")
        )

    @staticmethod
    def title_read(detail: _Node) -> tuple[str, str]:
        composites = _kids(detail, "TitleDetail") + _kids(detail, "Title")
        chosen = next(
            (c for c in composites if _text(c, "TitleType") == "01"),
            composites[0] if composites else None,
        )
        if chosen is None:
            return _text(detail, "DistinctiveTitle"), ""
        elements = _kids(chosen, "TitleElement") or [chosen]
        element = next((e for e in elements if _text(e, "TitleElementLevel") == "01"), elements[0])
        title = _text(element, "TitleText") or " ".join(
            part
            for part in (_text(element, "TitlePrefix"), _text(element, "TitleWithoutPrefix"))
            if part
        )
        return title, _text(element, "Subtitle")

    @staticmethod
    def authors_read(detail: _Node) -> tuple[list[str], bool | None]:
        contributors = _kids(detail, "Contributor")
        if all(_text(c, "SequenceNumber").isdigit() for c in contributors):
            contributors.sort(key=lambda c: int(_text(c, "SequenceNumber")))

        def with_roles(roles: set[str], roleless: bool) -> list[_Node]:
            chosen = []
            for contributor in contributors:
                own = set(_texts(contributor, "ContributorRole"))
                if own & roles or (roleless and not own):
                    chosen.append(contributor)
            return chosen

        authors = with_roles(AUTHOR_ROLES, True) or with_roles(EDITOR_ROLES, False)
        names: list[str] = []
        lithuanian = False
        for contributor in authors:
            name = _ProductReader.name_read(contributor)
            if name and name not in names:
                names.append(name)
            places = [_text(p, "CountryCode") for p in _kids(contributor, "ContributorPlace")]
            places.append(_text(contributor, "CountryCode"))  # ONIX 2.1
            if "LT" in (place.upper() for place in places):
                lithuanian = True
        return names, (True if lithuanian else None)

    @staticmethod
    def name_read(contributor: _Node) -> str:
        inverted = _text(contributor, "PersonNameInverted")
        if inverted:
            return inverted
        key = _text(contributor, "KeyNames")
        if key:
            given = " ".join(
                part
                for part in (
                    _text(contributor, "NamesBeforeKey"),
                    _text(contributor, "PrefixToKey"),
                )
                if part
            )
            return f"{key}, {given}" if given else key
        return (
            _text(contributor, "PersonName")
            or _text(contributor, "CorporateNameInverted")
            or _text(contributor, "CorporateName")
        )

    @staticmethod
    def publisher_read(publishing: _Node) -> str:
        publishers = _kids(publishing, "Publisher")
        for publisher in publishers:
            if _text(publisher, "PublishingRole") in ("", "01"):
                name = _text(publisher, "PublisherName")
                if name:
                    return name
        for publisher in publishers:
            name = _text(publisher, "PublisherName")
            if name:
                return name
        for imprint in _kids(publishing, "Imprint"):
            name = _text(imprint, "ImprintName")
            if name:
                return name
        return _text(publishing, "PublisherName")

    @staticmethod
    def year_read(product: _Node, publishing: _Node | None) -> int | None:
        if publishing is None:
            return _year(_text(product, "PublicationDate"))
        for date in _kids(publishing, "PublishingDate"):
            if _text(date, "PublishingDateRole") == "01":
                return _year(_text(date, "Date"))
        for supply in _kids(product, "ProductSupply"):
            for market in _kids(supply, "MarketPublishingDetail"):
                for date in _kids(market, "MarketDate"):
                    if _text(date, "MarketDateRole") == "01":
                        return _year(_text(date, "Date"))
        return None

    @staticmethod
    def language_read(detail: _Node) -> str:
        languages = _kids(detail, "Language")
        chosen = next(
            (lang for lang in languages if _text(lang, "LanguageRole") == "01"),
            next((lang for lang in languages if not _text(lang, "LanguageRole")), None),
        )
        code = _text(chosen, "LanguageCode").lower()
        return code if re.fullmatch(r"[a-z]{3}", code) else ""

    @staticmethod
    def subjects_read(detail: _Node) -> list[str]:
        subjects: list[str] = []

        def add(value: str) -> None:
            value = value.strip()
            if value and value not in subjects:
                subjects.append(value)

        for tag, scheme in (("BICMainSubject", "12"), ("BASICMainSubject", "10")):
            code = _text(detail, tag)
            if code:
                add(f"{SUBJECT_SCHEMES[scheme]} {code}")
        for subject in _kids(detail, "MainSubject") + _kids(detail, "Subject"):
            scheme = _text(subject, "SubjectSchemeIdentifier") or _text(
                subject, "MainSubjectSchemeIdentifier"
            )
            heading = _text(subject, "SubjectHeadingText")
            if heading:
                for part in heading.split(";") if scheme == KEYWORD_SCHEME else [heading]:
                    add(part)
            code = _text(subject, "SubjectCode")
            if code:
                name = SUBJECT_SCHEMES.get(scheme)
                add(f"{name} {code}" if name else code)
        return subjects

    @staticmethod
    def edition_read(detail: _Node) -> str:
        statement = _text(detail, "EditionStatement")
        if statement:
            return statement
        number = _text(detail, "EditionNumber")
        return number if number not in ("", "1") else ""

    @staticmethod
    def pages_read(detail: _Node) -> int | None:
        def whole(value: str) -> int | None:
            try:
                pages = int(Decimal(value))
            except (InvalidOperation, ValueError):
                return None
            return pages if pages > 0 else None

        pages = whole(_text(detail, "NumberOfPages"))
        if pages:
            return pages
        extents = {
            _text(extent, "ExtentType"): _text(extent, "ExtentValue")
            for extent in reversed(_kids(detail, "Extent"))
            if _text(extent, "ExtentUnit") in ("", "03")
        }
        for kind in PAGE_EXTENTS:
            pages = whole(extents.get(kind, ""))
            if pages:
                return pages
        return None

    def price_read(self, product: _Node) -> tuple[Decimal | None, _Node | None, str]:
        """(euro price, the supply detail it came from, a problem that rejects the
        product or "")."""
        candidates = []
        bad_amounts = []
        for supply_number, supply in enumerate(_supplies(product)):
            for price_number, price in enumerate(_kids(supply, "Price")):
                currency = (_text(price, "CurrencyCode") or self.default_currency).upper()
                if currency != "EUR":
                    continue
                written = _text(price, "PriceAmount")
                try:
                    amount = Decimal(written.replace(",", "."))
                except InvalidOperation:
                    amount = Decimal(-1)
                if not amount.is_finite() or amount < 0:
                    bad_amounts.append(written)
                    continue
                price_type = (
                    _text(price, "PriceType")
                    or _text(price, "PriceTypeCode")
                    or self.default_price_type
                )
                rank = (
                    self.price_date_rank(price),
                    self.price_territory_rank(price),
                    PRICE_TYPE_ORDER.get(price_type, len(PRICE_TYPE_ORDER)),
                    supply_number,
                    price_number,
                )
                # Money is kept to the cent, half up as in accounting (not banker's rounding).
                cents = amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
                candidates.append((rank, cents, supply))
        if candidates:
            _rank, amount, supply = min(candidates, key=lambda candidate: candidate[0])
            return amount, supply, ""
        if bad_amounts:
            return (
                None,
                None,
                _("The euro price %(amount)s is not an amount of money.")
                % {"amount": repr(bad_amounts[0])},
            )
        return None, None, ""

    def price_date_rank(self, price: _Node) -> int:
        start = _date(_text(price, "PriceEffectiveFrom"))
        end = _date(_text(price, "PriceEffectiveUntil"))
        for price_date in _kids(price, "PriceDate"):
            role = _text(price_date, "PriceDateRole")
            if role == "14":
                start = _date(_text(price_date, "Date"))
            elif role == "15":
                end = _date(_text(price_date, "Date"))
        if (start and start > self.today) or (end and end < self.today):
            return 1
        return 0

    @staticmethod
    def price_territory_rank(price: _Node) -> int:
        included: set[str] = set()
        excluded: set[str] = set()
        for territory in _kids(price, "Territory"):
            if territory.kids:  # 3.0 composite
                for name in ("CountriesIncluded", "RegionsIncluded"):
                    included.update(_text(territory, name).upper().split())
                for name in ("CountriesExcluded", "RegionsExcluded"):
                    excluded.update(_text(territory, name).upper().split())
            else:  # 2.1: a list of codes
                included.update(_words(territory).upper().split())
        for name in ("CountryCode",):  # 2.1
            included.update(code.upper() for code in _texts(price, name))
        for name in ("CountryExcluded", "TerritoryExcluded"):
            for codes in _texts(price, name):
                excluded.update(codes.upper().split())
        if "LT" in included:
            return 0
        if "LT" in excluded:
            return 2
        if not included or included & EURO_REGIONS:
            return 1
        return 2

    @staticmethod
    def availability_read(product: _Node, chosen_supply: _Node | None) -> tuple[str, bool]:
        supplies = _supplies(product)
        if chosen_supply is not None:
            supplies.insert(0, chosen_supply)
        for supply in supplies:
            code = _text(supply, "ProductAvailability")
            if code:
                return _availability_words(code, False), code not in UNAVAILABLE_CODES_65
        for supply in supplies:
            code = _text(supply, "AvailabilityCode").upper()
            if code:
                return _availability_words(code, True), code not in UNAVAILABLE_CODES_54
        return "", True
