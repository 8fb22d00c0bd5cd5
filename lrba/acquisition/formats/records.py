"""What every catalogue reader yields, whatever the file's format.

A reader (`lrba.acquisition.formats.read_catalogue`) streams a file and yields, in file
order, one `CatalogueRecord` per product/record it could read and one `RecordRejection`
per record it could not (the good records around a broken one still come). A file that
is not what it claims, or cannot be read at all, raises `FileRefused` — before the first
record when that can be told, otherwise when the reader reaches the damage.

The ISBN is passed on as written: the import service validates and normalises it
(`lrba.acquisition.isbn`), so one rule refuses bad ISBNs for every format.
"""

from dataclasses import dataclass, field
from decimal import Decimal


class FileRefused(Exception):
    """The file cannot be read as the format it claims; str() says why to a person."""


@dataclass
class CatalogueRecord:
    position: int  # 1 = the file's first product / record / data row
    isbn: str  # as written in the file
    title: str
    subtitle: str = ""
    authors: list[str] = field(default_factory=list)  # "Surname, Given name"
    publisher: str = ""
    year: int | None = None
    language: str = ""  # ISO 639-2/B ("lit", "eng")
    subjects: list[str] = field(default_factory=list)
    product_form: str = ""  # in words, e.g. "Hardback" / "Kieti viršeliai" or the code
    edition: str = ""
    pages: int | None = None
    price: Decimal | None = None  # euros, with VAT when the file tells both
    availability: str = ""
    is_available: bool = True
    reference: str = ""  # the supplier's record reference
    lithuanian_author: bool | None = None
    marc_record: str = ""  # the source record as MARCXML, when it came from MARC


@dataclass
class RecordRejection:
    position: int
    reference: str  # what identifies the record: ISBN or record reference as written
    reason: str
