"""A library's order as MARC 21 records it can load into its library system.

One record per ordered line. A title imported from MARC 21 keeps its own record (every
field as the source wrote it); any other title (ONIX, a price list, UNIMARC, whose tags
mean other things) gets a record built from its metadata: leader, 008, 020 (ISBN and
price), 041, 100/700, 245, 250, 264, 300, 650. Either way a 541 field says where the copies
come from: $a the supplier, $d the date, $h the price, $n the copies.

Records are written in UTF-8 (leader/09 "a") as MARCXML or ISO 2709; both read back with
pymarc to the same fields.
"""

import datetime as dt
import io
import logging
from decimal import Decimal

import pymarc
from django.db.models import QuerySet
from django.utils import timezone
from pymarc import Field, Indicators, Record, Subfield

from lrba.acquisition.models import OrderLine, Round, Title
from lrba.members.models import Library

logger = logging.getLogger(__name__)

# Leader of a built record: new, language material, monograph, UTF-8, ISBD punctuation
# omitted ("i" would promise it). pymarc fills in the length and the base address.
LEADER = "00000nam a2200000 u 4500"


def order_lines_for_marc(round_: Round, library: Library) -> QuerySet[OrderLine]:
    """The lines a library's order file lists: what it ordered (in a closed round, what
    the suppliers take; titles left out under the minimum are not in it)."""
    return (
        OrderLine.objects.filter(round=round_, library=library, status=OrderLine.Status.ORDERED)
        .select_related("offer__title", "offer__supplier")
        .order_by("offer__title__sort_title", "offer__title__pk", "pk")
    )


def order_records(round_: Round, library: Library) -> list[Record]:
    """`library`'s order in `round_` as MARC 21 records (see the module's docstring)."""
    when = timezone.localdate(round_.closed_at) if round_.closed_at else timezone.localdate()
    records = []
    for line in order_lines_for_marc(round_, library):
        record = _source_record(line.offer.title) or title_record(line.offer.title, when)
        record.leader = pymarc.Leader(_utf8_leader(record.leader))
        record.add_ordered_field(acquisition_field(line, when))
        records.append(record)
    return records


def _source_record(title: Title) -> Record | None:
    """The title's MARC 21 record as imported, or None (none, UNIMARC, unreadable)."""
    if not title.marc_record.strip():
        return None
    try:
        records = pymarc.parse_xml_to_array(io.BytesIO(title.marc_record.encode()))
    except Exception:  # noqa: BLE001 (a stored record that no longer parses: build one)
        logger.warning("Title %s: its MARC record does not parse; built from metadata", title.pk)
        return None
    record = records[0] if records else None
    # UNIMARC has its title in 200 and no 245: its tags mean other things in MARC 21.
    if record is None or not record.get_fields("245"):
        return None
    return record


def _utf8_leader(leader: object) -> str:
    text = str(leader).ljust(24)
    return text[:9] + "a" + text[10:]


def _price(value: Decimal | None) -> str:
    return f"{value:.2f} EUR" if value is not None else ""


def _authors(title: Title) -> list[str]:
    return [name.strip() for name in title.authors.split(";") if name.strip()]


def _fixed_data(title: Title, entered: dt.date) -> str:
    """008 for books: entered, single date, no country known, language."""
    year = f"{title.year:04d}" if title.year else "uuuu"
    language = (title.language or "und").lower()[:3].ljust(3)
    return f"{entered:%y%m%d}s{year}    xx " + " " * 17 + language + " d"


def title_record(title: Title, entered: dt.date) -> Record:
    """A MARC 21 bibliographic record built from the title's metadata."""
    record = Record(leader=LEADER, force_utf8=True)
    record.add_field(Field(tag="008", data=_fixed_data(title, entered)))
    if title.isbn:  # a title without one is known by its supplier's reference
        isbn = [Subfield("a", title.isbn)]
        record.add_field(Field(tag="020", indicators=Indicators(" ", " "), subfields=isbn))
    if title.language:
        record.add_field(
            Field(
                tag="041",
                indicators=Indicators("0", " "),
                subfields=[Subfield("a", title.language)],
            )
        )
    authors = _authors(title)
    if authors:
        record.add_field(
            Field(tag="100", indicators=Indicators("1", " "), subfields=[Subfield("a", authors[0])])
        )
    heading = [Subfield("a", title.title)]
    if title.subtitle:
        heading.append(Subfield("b", title.subtitle))
    record.add_field(
        Field(tag="245", indicators=Indicators("1" if authors else "0", "0"), subfields=heading)
    )
    if title.edition:
        record.add_field(
            Field(
                tag="250", indicators=Indicators(" ", " "), subfields=[Subfield("a", title.edition)]
            )
        )
    publication = []
    if title.publisher:
        publication.append(Subfield("b", title.publisher))
    if title.year:
        publication.append(Subfield("c", str(title.year)))
    if publication:
        record.add_field(Field(tag="264", indicators=Indicators(" ", "1"), subfields=publication))
    if title.pages:
        record.add_field(
            Field(
                tag="300",
                indicators=Indicators(" ", " "),
                subfields=[Subfield("a", f"{title.pages} p.")],
            )
        )
    for subject in (s.strip() for s in title.subjects.split(";")):
        if subject:
            record.add_field(
                Field(
                    tag="650", indicators=Indicators(" ", "4"), subfields=[Subfield("a", subject)]
                )
            )
    for author in authors[1:]:
        record.add_field(
            Field(tag="700", indicators=Indicators("1", " "), subfields=[Subfield("a", author)])
        )
    return record


def acquisition_field(line: OrderLine, when: dt.date) -> Field:
    """541: the immediate source of acquisition (supplier, date, price, copies)."""
    return Field(
        tag="541",
        indicators=Indicators(" ", " "),
        subfields=[
            Subfield("a", line.offer.supplier.name),
            Subfield("d", f"{when:%Y%m%d}"),
            Subfield("h", _price(line.unit_price)),
            Subfield("n", str(line.quantity)),
        ],
    )


def records_marcxml(records: list[Record]) -> bytes:
    """A MARCXML collection (UTF-8, with the MARC 21 slim namespace)."""
    buffer = io.BytesIO()
    writer = pymarc.XMLWriter(buffer)
    for record in records:
        writer.write(record)
    writer.close(close_fh=False)
    return buffer.getvalue()


def records_iso2709(records: list[Record]) -> bytes:
    """ISO 2709 (the ".mrc" every library system imports), UTF-8."""
    for record in records:
        record.force_utf8 = True
    return b"".join(record.as_marc() for record in records)
