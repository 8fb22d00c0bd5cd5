"""Reading suppliers' catalogue files and libraries' holdings files, streaming.

- `detect_format(file, name)`: which `CatalogueImport.Format` a file is (by its content,
  the name only breaking ties), or FileRefused;
- `read_catalogue(file, file_format, mapping=None)`: CatalogueRecord / RecordRejection,
  one at a time, never the whole file in memory (see `records`);
- `read_holdings(file, name)`: the ISBNs a library's holdings file lists (an ISBN list as
  text, CSV or XLSX, or MARC records), as (position, ISBN as written) / RecordRejection.

Each format lives in its own module: `onix` (ONIX for Books 2.1 and 3.0, reference and
short tags), `marc` (MARC 21 and UNIMARC in ISO 2709, MARCXML), `tables` (CSV and XLSX
through a `ColumnMapping`), `detect` and `holdings`.
"""

from collections.abc import Iterator
from typing import IO, TYPE_CHECKING

from lrba.acquisition.formats.records import (
    CatalogueRecord,
    FileRefused,
    RecordRejection,
)

if TYPE_CHECKING:
    from lrba.acquisition.models import ColumnMapping

__all__ = [
    "CatalogueRecord",
    "FileRefused",
    "RecordRejection",
    "detect_format",
    "read_catalogue",
    "read_holdings",
]


def detect_format(file: IO[bytes], name: str) -> str:
    from lrba.acquisition.formats.detect import format_detect

    return format_detect(file, name)


def read_catalogue(
    file: IO[bytes], file_format: str, *, mapping: "ColumnMapping | None" = None
) -> Iterator[CatalogueRecord | RecordRejection]:
    from lrba.acquisition.formats import marc, onix, tables

    if file_format in ("onix21", "onix30"):
        return onix.read_onix(file)
    if file_format in ("marc21", "unimarc"):
        return marc.read_iso2709(file)
    if file_format == "marcxml":
        return marc.read_marcxml(file)
    if file_format in ("csv", "xlsx"):
        return tables.read_table(file, file_format, mapping=mapping)
    raise FileRefused(f"Unknown format {file_format!r}")


def read_holdings(file: IO[bytes], name: str) -> Iterator[tuple[int, str] | RecordRejection]:
    from lrba.acquisition.formats.holdings import holdings_read

    return holdings_read(file, name)
