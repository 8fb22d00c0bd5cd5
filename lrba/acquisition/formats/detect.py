"""Which catalogue format a file is, told by its content; the name only fills in the
message when the content is not a catalogue at all ("price-list.xml is not a catalogue
file: it is a PDF document").

Read: the first 64 KiB (never the whole file) and, for ZIP files, the archive's directory.
The file's position is put back to the start before returning or raising.
"""

import re
import zipfile
from typing import IO, TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from lxml import etree

from lrba.acquisition.formats.records import FileRefused

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise as StrPromise

HEAD_BYTES = 64 * 1024

ONIX_30_NAMESPACES = (
    "http://ns.editeur.org/onix/3.0/reference",
    "http://ns.editeur.org/onix/3.0/short",
    "http://ns.editeur.org/onix/3.1/reference",
    "http://ns.editeur.org/onix/3.1/short",
)
ONIX_21_NAMESPACES = (
    "http://www.editeur.org/onix/2.1/reference",
    "http://www.editeur.org/onix/2.1/short",
)
MARCXML_NAMESPACE = "http://www.loc.gov/MARC21/slim"
# Composites only ONIX 3.0 has (reference and short tags): tell 3.0 from 2.1 when the
# root carries neither a release attribute nor a namespace.
_ONIX_30_ONLY = re.compile(
    rb"<(?:\w+:)?(DescriptiveDetail|descriptivedetail|PublishingDetail|publishingdetail|"
    rb"CollateralDetail|collateraldetail|ProductComposition|x314)[\s/>]"
)

# Files people send by mistake, by their first bytes: what to tell them.
_SIGNATURES: tuple[tuple[bytes, "StrPromise"], ...] = (
    (b"%PDF", gettext_lazy("it is a PDF document.")),
    (b"\x89PNG\r\n\x1a\n", gettext_lazy("it is a PNG image.")),
    (b"\xff\xd8\xff", gettext_lazy("it is a JPEG image.")),
    (b"GIF8", gettext_lazy("it is a GIF image.")),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        gettext_lazy("it is an old Office file (XLS or DOC): save the price list as XLSX or CSV."),
    ),
    (b"{\\rtf", gettext_lazy("it is an RTF document.")),
    (b"\x1f\x8b", gettext_lazy("it is a gzip archive: unpack it and upload what is inside.")),
    (b"Rar!", gettext_lazy("it is a RAR archive: unpack it and upload what is inside.")),
    (
        b"7z\xbc\xaf\x27\x1c",
        gettext_lazy("it is a 7-Zip archive: unpack it and upload what is inside."),
    ),
    (b"MZ", gettext_lazy("it is a Windows program.")),
    (b"\x7fELF", gettext_lazy("it is a program.")),
)


def _refuse(name: str, what: object, holdings: bool = False) -> FileRefused:
    if holdings:
        message = _("%(name)s is not a holdings file (an ISBN list or MARC records): %(what)s")
    else:
        message = _("%(name)s is not a catalogue file: %(what)s")
    return FileRefused(message % {"name": name, "what": what})


def signature_refusal(head: bytes, name: str, holdings: bool = False) -> FileRefused | None:
    """The refusal for a PDF, an image, an archive… by its first bytes; None otherwise."""
    for signature, what in _SIGNATURES:
        if head.startswith(signature):
            return _refuse(name, what, holdings)
    return None


def format_detect(file: IO[bytes], name: str, *, holdings: bool = False) -> str:
    """The `CatalogueImport.Format` value of `file` ("onix21", "onix30", "marcxml",
    "marc21", "unimarc", "xlsx", "csv"), or FileRefused saying what the file is instead."""
    file.seek(0)
    try:
        head = file.read(HEAD_BYTES)
        file.seek(0)
        return _detect(file, head, name, holdings)
    finally:
        file.seek(0)


def _detect(file: IO[bytes], head: bytes, name: str, holdings: bool) -> str:
    if not head:
        raise FileRefused(_("%(name)s is empty.") % {"name": name})
    refusal = signature_refusal(head, name, holdings)
    if refusal is not None:
        raise refusal
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(file, name, holdings)
    if iso2709_leader(head):
        return _iso2709_flavour(head)
    text_head = _xml_text_start(head)
    if text_head is not None:
        return _xml_kind(head, name, holdings)
    if looks_like_table_text(head):
        return "csv"
    if holdings:
        what = _(
            "its content is none of the formats a holdings upload takes (an ISBN list, "
            "CSV or XLSX with an ISBN column, MARC 21 or UNIMARC, MARCXML)."
        )
    else:
        what = _(
            "its content is not in any format the catalogue import reads (ONIX, MARC 21 "
            "or UNIMARC, MARCXML, CSV or XLSX)."
        )
    raise _refuse(name, what, holdings)


def iso2709_leader(head: bytes) -> bool:
    """Whether `head` starts with an ISO 2709 leader: a 5-digit length, ASCII, and the
    entry map "45" (MARC 21 and UNIMARC both write "4500"/"450 ") or indicator and
    subfield-code counts "22", and a field terminator (0x1E, which text never holds)."""
    head = head.lstrip(b"\r\n")
    if len(head) < 24:
        return False
    leader = head[:24]
    if not leader.isascii() or not leader[:5].isdigit() or b"\x1e" not in head:
        return False
    if any(separator in leader for separator in (b";", b",", b"\t", b"<")):
        return False
    return leader[20:22] == b"45" or leader[10:12] == b"22"


def _iso2709_flavour(head: bytes) -> str:
    """UNIMARC when the first record's directory lists a 200 (title) and no 245."""
    head = head.lstrip(b"\r\n")
    base = head[12:17]
    end = int(base) - 1 if base.isdigit() and int(base) > 24 else head.find(b"\x1e")
    directory = head[24:end] if end > 24 else b""
    tags = {directory[i : i + 3] for i in range(0, len(directory) - 2, 12)}
    if b"200" in tags and b"245" not in tags:
        return "unimarc"
    return "marc21"


def _xml_text_start(head: bytes) -> str | None:
    """The head as text when it starts like XML (after a BOM and blanks), else None."""
    for bom, encoding in (
        (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if head.startswith(bom):
            text = head[len(bom) :].decode(encoding, "ignore")
            break
    else:
        if head[:4] in (b"<\x00?\x00", b"<\x00<\x00"):
            text = head.decode("utf-16-le", "ignore")
        elif head[:4] in (b"\x00<\x00?", b"\x00<\x00<"):
            text = head.decode("utf-16-be", "ignore")
        else:
            text = head.decode("latin-1")
    text = text.lstrip()
    return text if text.startswith("<") else None


def _xml_kind(head: bytes, name: str, holdings: bool) -> str:
    parser = etree.XMLPullParser(
        events=("start",),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
    )
    root = None
    try:
        parser.feed(head)
        for _event, element in parser.read_events():
            root = element
            break
    except etree.XMLSyntaxError as error:
        if root is None:
            raise _refuse(
                name,
                _("it starts like XML but is not well-formed (line %(line)s: %(error)s).")
                % {"line": error.lineno, "error": error.msg},
                holdings,
            ) from None
    if root is None:
        raise _refuse(name, _("it starts like XML but has no root element."), holdings)
    local = etree.QName(root).localname
    namespace = etree.QName(root).namespace or ""
    if local in ("ONIXMessage", "ONIXmessage"):
        release = (root.get("release") or "").strip()
        if release.startswith("3"):
            return "onix30"
        if release.startswith("2"):
            return "onix21"
        if namespace in ONIX_30_NAMESPACES:
            return "onix30"
        if namespace in ONIX_21_NAMESPACES:
            return "onix21"
        doctype = re.search(rb"<!DOCTYPE[^>]*>", head)
        if doctype and b"/2.1/" in doctype.group(0):
            return "onix21"
        if doctype and b"/3.0/" in doctype.group(0):
            return "onix30"
        return "onix30" if _ONIX_30_ONLY.search(head) else "onix21"
    if local in ("collection", "record") and namespace in (MARCXML_NAMESPACE, ""):
        return "marcxml"
    raise _refuse(
        name,
        _("it is an XML file, but neither ONIX nor MARCXML (its root element is <%(root)s>).")
        % {"root": local},
        holdings,
    )


def _zip_kind(file: IO[bytes], name: str, holdings: bool) -> str:
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _refuse(name, _("it starts like a ZIP archive but is damaged."), holdings) from None
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "word/document.xml" in names:
        what = _("it is a Word document.")
    elif "mimetype" in names:
        what = _("it is an OpenDocument file: save the price list as XLSX or CSV.")
    else:
        what = _("it is a ZIP archive: unpack it and upload what is inside.")
    raise _refuse(name, what, holdings)


def decode_text_head(head: bytes) -> str | None:
    """The head as text (UTF-8 with or without BOM, else Windows-1257), or None when it
    holds control bytes that text does not have. A multi-byte character cut at the end
    of the head is forgiven."""
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start >= len(head) - 3 and error.reason == "unexpected end of data":
            text = head[: error.start].decode("utf-8")
        else:
            try:
                text = head.decode("cp1257")
            except UnicodeDecodeError:
                return None
    if re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text):
        return None
    return text


def looks_like_table_text(head: bytes) -> bool:
    """Text with columns separated by ";", "," or tabs on one of its first ten lines
    (a price list may have a title line or two above its headings)."""
    text = decode_text_head(head)
    if text is None:
        return False
    lines = [line for line in text.splitlines()[:10] if line.strip()]
    return any(sep in line for line in lines for sep in (";", ",", "\t"))
