"""The ONIX reader: every third-party sample, the choices it makes (price, availability,
authors, Lithuanian authors), the encodings and entities suppliers use, refusals with
their reasons, attacks through DTDs and entities, and flat memory on a large file."""

import dataclasses
import importlib.util
import io
import socket
import threading
import tracemalloc
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation

from lrba.acquisition.formats import onix
from lrba.acquisition.formats.onix import read_onix
from lrba.acquisition.formats.records import CatalogueRecord, FileRefused, RecordRejection
from lrba.core.tests.samples import PROJECT_ROOT, SAMPLES_DIR, needs_samples

ONIX_DIR = SAMPLES_DIR / "onix"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


NS30 = "http://ns.editeur.org/onix/3.0/reference"


def read_path(path: Path) -> list[CatalogueRecord | RecordRejection]:
    with path.open("rb") as file:
        return list(read_onix(file))


def read_bytes(data: bytes) -> list[CatalogueRecord | RecordRejection]:
    return list(read_onix(io.BytesIO(data)))


def only_record(data: bytes) -> CatalogueRecord:
    records = read_bytes(data)
    assert len(records) == 1
    assert isinstance(records[0], CatalogueRecord), records[0]
    return records[0]


def refusal(data: bytes) -> str:
    with pytest.raises(FileRefused) as refused:
        read_bytes(data)
    return str(refused.value)


def onix30(products: str, header: str = "", root: str = f'xmlns="{NS30}" release="3.0"') -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<ONIXMessage {root}>\n'
        f"<Header><Sender><SenderName>Test</SenderName></Sender>{header}</Header>\n"
        f"{products}\n</ONIXMessage>\n"
    ).encode()


def product30(
    *,
    isbn: str = "9786090123455",
    title: str = "Metai",
    contributors: str = "",
    supply: str = "",
    extra: str = "",
) -> str:
    identifier = (
        f"<ProductIdentifier><ProductIDType>15</ProductIDType><IDValue>{isbn}</IDValue>"
        "</ProductIdentifier>"
        if isbn
        else ""
    )
    title_detail = (
        "<TitleDetail><TitleType>01</TitleType><TitleElement><TitleElementLevel>01"
        f"</TitleElementLevel><TitleText>{title}</TitleText></TitleElement></TitleDetail>"
        if title
        else ""
    )
    return (
        f"<Product><RecordReference>ref-{isbn or 'none'}</RecordReference>"
        f"<NotificationType>03</NotificationType>{identifier}"
        f"<DescriptiveDetail><ProductComposition>00</ProductComposition>"
        f"<ProductForm>BB</ProductForm>{title_detail}{contributors}</DescriptiveDetail>"
        f"{extra}<ProductSupply><SupplyDetail>{supply}</SupplyDetail></ProductSupply>"
        "</Product>"
    )


def price30(amount: str, currency: str = "EUR", price_type: str = "02", territory: str = "") -> str:
    territory_xml = f"<Territory>{territory}</Territory>" if territory else ""
    return (
        f"<Price><PriceType>{price_type}</PriceType><PriceAmount>{amount}</PriceAmount>"
        f"<CurrencyCode>{currency}</CurrencyCode>{territory_xml}</Price>"
    )


def contributor30(role: str, key: str, given: str, place: str = "") -> str:
    place_xml = (
        f"<ContributorPlace><ContributorPlaceRelator>01</ContributorPlaceRelator>"
        f"<CountryCode>{place}</CountryCode></ContributorPlace>"
        if place
        else ""
    )
    return (
        f"<Contributor><ContributorRole>{role}</ContributorRole>"
        f"<NamesBeforeKey>{given}</NamesBeforeKey><KeyNames>{key}</KeyNames>{place_xml}"
        "</Contributor>"
    )


def onix21(products: str, header: str = "", encoding: str = "UTF-8") -> str:
    return (
        f'<?xml version="1.0" encoding="{encoding}"?>\n<ONIXMessage release="2.1">\n'
        f"<Header><FromCompany>Test</FromCompany>{header}</Header>\n{products}\n"
        "</ONIXMessage>\n"
    )


def product21(title: str = "Metai", body: str = "", isbn: str = "9786090123455") -> str:
    return (
        f"<Product><RecordReference>r{isbn}</RecordReference><NotificationType>03"
        f"</NotificationType><ProductIdentifier><ProductIDType>15</ProductIDType>"
        f"<IDValue>{isbn}</IDValue></ProductIdentifier><ProductForm>BC</ProductForm>"
        f"<Title><TitleType>01</TitleType><TitleText>{title}</TitleText></Title>{body}"
        "</Product>"
    )


# --- The third-party samples --------------------------------------------------------------

FULL_SAMPLE = CatalogueRecord(
    position=1,
    isbn="9780007232833",
    title="Roseanna",
    subtitle="",
    # Translator (B06) and introduction (A24) are not authors.
    authors=["Sjöwall, Maj", "Wahlöö, Per"],
    publisher="HarperCollins Publishers",
    year=2006,
    language="eng",
    subjects=[
        "Thema FFP",
        "Thema FYT",
        "Thema 1DNS",
        "Thema 3MPQS",
        "BISAC FIC022000",
        "Martin Beck",
        "Roseanna McGraw",
        "Lake Vättern",
        "Stockholm",
        "police procedural",
    ],
    product_form="Paperback",
    edition="",
    pages=245,
    # The only euro price: RRP without VAT, for a territory without Lithuania (GBP ignored).
    price=Decimal("8.99"),
    availability="In stock (21)",
    is_available=True,
    reference="com.globalbookinfo.onix.01734529",
    lithuanian_author=None,
)


@needs_samples
def test_full_sample_onix30_reference_tags_with_namespace_gives_every_field():
    assert read_path(ONIX_DIR / "full_sample.xml") == [FULL_SAMPLE]


@needs_samples
def test_short_tags_of_the_same_message_give_the_same_record():
    (short,) = read_path(ONIX_DIR / "short.xml")
    assert isinstance(short, CatalogueRecord)
    # EDItEUR's short-tag copy classifies with BIC 2.0 where the reference copy uses
    # Thema 1.3; everything else is the same message.
    assert short.subjects == [
        "BIC FF",
        "BIC FYT",
        "BIC 1DNS",
        "BIC 3JJPK",
        "BISAC FIC022000",
        "Martin Beck",
        "Lake Vättern",
        "police procedural",
    ]
    assert dataclasses.replace(short, subjects=FULL_SAMPLE.subjects) == FULL_SAMPLE


@needs_samples
def test_google_onix21_sample_with_namespace_and_comments():
    (record,) = read_path(ONIX_DIR / "Google Sample ONIX 2.1.xml")
    assert record == CatalogueRecord(
        position=1,
        # Not 9789999999984, the print book named in RelatedProduct.
        isbn="9789999999991",
        title="This is my distinctive title.",
        subtitle="This is my subtitle.",
        authors=["Jane Smith"],
        publisher="",  # only a proprietary name code, no name
        year=2012,
        language="eng",
        subjects=["BISAC LIT014000"],
        product_form="E-book",
        pages=1024,
        price=None,  # USD only
        availability="Available (20)",
        is_available=True,
        reference="myid.9789999999991",
    )


@needs_samples
def test_short_tags_latin1_with_a_dtd_and_xhtml_inside():
    (record,) = read_path(ONIX_DIR / "short_tags_ivp.xml")
    assert isinstance(record, CatalogueRecord)
    assert record.isbn == "9780830810871"
    assert record.title == "Discipleship Essentials"
    assert record.subtitle == "A Guide to Building Your Life in Christ"
    assert record.authors == ["Ogden, Greg"]  # "Ogden, Greg " trimmed
    assert record.publisher == "InterVarsity Press"
    assert record.edition == "Expanded Edition"
    assert (record.year, record.pages, record.language) == (2007, 237, "eng")
    assert record.subjects == ["BISAC REL012120"]
    assert record.price is None  # 18.00 USD
    assert (record.availability, record.is_available) == ("In stock (21)", True)


@needs_samples
def test_latin1_file_reads_its_accented_author_and_prefers_the_isbn13():
    (record,) = read_path(ONIX_DIR / "iso_8859_1.xml")
    assert isinstance(record, CatalogueRecord)
    assert record.isbn == "9781742169347"  # type 15, not the ISBN-10 listed first
    assert record.reference == "1742169341"
    assert record.title == "Property Is a Girl's Best Friend"
    assert record.authors == ["Küng, Hans"]
    assert record.publisher == "John Wiley & Sons Australia"
    assert (record.year, record.pages) == (2009, 304)
    assert record.subjects == ["BIC KF", "BIC F"]
    # 32.95 in the header's default currency, AUD: no euro price.
    assert record.price is None
    # Not yet available (forthcoming): can be pre-ordered.
    assert (record.availability, record.is_available) == ("Not yet available (10)", True)


@needs_samples
def test_html_entity_defined_only_by_the_onix_dtd_is_read():
    (record,) = read_path(ONIX_DIR / "entities.xml")
    assert isinstance(record, CatalogueRecord)
    assert record.title == "High Noon\u2013in Nimbin"
    assert record.isbn == "9780732287573"
    assert record.authors == ["Barrett, Robert G"]
    # 29.99 without a currency, and no default currency in the header: not euros.
    assert record.price is None


@needs_samples
def test_product_without_title_is_rejected_with_the_reason():
    # valid_onix3_ref.xml: UTF-8 BOM, no namespace, no DescriptiveDetail.
    assert read_path(ONIX_DIR / "valid_onix3_ref.xml") == [
        RecordRejection(
            position=1,
            reference="9788871184371",
            reason="The product 9788871184371 has no title.",
        )
    ]


@needs_samples
@pytest.mark.parametrize("chunk", [1, 7, 64, 333])
def test_entities_and_multibyte_characters_split_across_chunks(monkeypatch, chunk):
    monkeypatch.setattr(onix, "CHUNK_BYTES", chunk)
    assert read_path(ONIX_DIR / "entities.xml")[0].title == "High Noon\u2013in Nimbin"
    assert read_path(ONIX_DIR / "full_sample.xml") == [FULL_SAMPLE]
    assert read_path(ONIX_DIR / "iso_8859_1.xml")[0].authors == ["Küng, Hans"]


# --- Encodings, namespaces, entities --------------------------------------------------------


@needs_samples
@pytest.mark.parametrize(
    "codec,bom",
    [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"), ("utf-16-le", b""), ("utf-8", b"")],
)
def test_utf16_with_or_without_bom_reads_like_utf8(codec, bom):
    text = (ONIX_DIR / "full_sample.xml").read_text(encoding="utf-8")
    declared = text.replace('encoding="UTF-8"', 'encoding="UTF-16"' if "16" in codec else "")
    assert read_bytes(bom + declared.encode(codec)) == [FULL_SAMPLE]


def test_iso_8859_1_declared_file_with_windows_1252_bytes():
    data = onix21(product21(title="Vilnius \u2013 Kaunas ÄÖ")).encode("cp1252")
    assert b"Vilnius \x96 Kaunas" in data  # the en dash is byte 0x96 in Windows-1252
    data = data.replace(b'encoding="UTF-8"', b'encoding="ISO-8859-1"')
    assert only_record(data).title == "Vilnius \u2013 Kaunas ÄÖ"


def test_wrong_namespace_and_no_namespace_are_read_alike():
    product = product30(title="Žemė", supply=price30("10.00"))
    plain = only_record(onix30(product, root='release="3.0"'))
    wrong = only_record(onix30(product, root='xmlns="http://www.editeur.org/onix/2.1/short"'))
    unused_prefix = only_record(onix30(product, root=f'xmlns:o="{NS30}"'))
    assert plain == wrong == unused_prefix
    assert (plain.title, plain.price) == ("Žemė", Decimal("10.00"))


def test_prefixed_elements_are_read():
    data = (
        f'<o:ONIXMessage xmlns:o="{NS30}" release="3.0"><o:Product>'
        "<o:ProductIdentifier><o:ProductIDType>15</o:ProductIDType>"
        "<o:IDValue>9786090123455</o:IDValue></o:ProductIdentifier><o:DescriptiveDetail>"
        "<o:TitleDetail><o:TitleType>01</o:TitleType><o:TitleElement>"
        "<o:TitleElementLevel>01</o:TitleElementLevel><o:TitleText>Upė</o:TitleText>"
        "</o:TitleElement></o:TitleDetail></o:DescriptiveDetail></o:Product></o:ONIXMessage>"
    ).encode()
    assert only_record(data).title == "Upė"


def test_html_entities_are_mapped_but_cdata_and_comments_are_left_alone():
    data = onix30(
        "<!-- &nbsp; in a comment -->"
        + product30(title="A&nbsp;&ndash;&amp;&eacute;&#39;")
        + product30(isbn="9786090123462", title="<![CDATA[B &ndash; C]]>")
    )
    first, second = read_bytes(data)
    assert first.title == "A\u00a0\u2013&é'"
    assert second.title == "B &ndash; C"  # CDATA is literal text


def test_an_entity_no_dtd_defines_refuses_the_file_at_its_line():
    reason = refusal(onix30(product30(title="A &bogus; B")))
    assert reason == (
        "The file is not well-formed XML at line 4: Entity 'bogus' not defined. "
        "The 0 products before that line were read; nothing after it."
    )


# --- Choices: price, availability, authors, Lithuanian authors ------------------------------


def test_price_prefers_euros_with_vat_over_without_and_ignores_other_currencies():
    supply = (
        price30("5.00", currency="GBP")
        + price30("9.00", price_type="01")
        + price30("9.81", price_type="02")
    )
    assert only_record(onix30(product30(supply=supply))).price == Decimal("9.81")


def test_price_with_more_decimals_is_rounded_half_up_to_the_cent():
    assert only_record(onix30(product30(supply=price30("18.125")))).price == Decimal("18.13")


def test_price_for_lithuania_beats_a_price_for_other_eurozone_countries():
    supply = price30("12.00", territory="<CountriesIncluded>DE AT</CountriesIncluded>") + price30(
        "11.50", price_type="01", territory="<CountriesIncluded>LT LV</CountriesIncluded>"
    )
    assert only_record(onix30(product30(supply=supply))).price == Decimal("11.50")


def test_price_that_excludes_lithuania_comes_last():
    supply = price30(
        "12.00",
        territory="<RegionsIncluded>WORLD</RegionsIncluded><CountriesExcluded>LT"
        "</CountriesExcluded>",
    ) + price30("13.00", price_type="01")
    assert only_record(onix30(product30(supply=supply))).price == Decimal("13.00")


def test_expired_price_gives_way_to_the_current_one():
    expired = price30("7.00").replace(
        "</CurrencyCode>",
        "</CurrencyCode><PriceDate><PriceDateRole>15</PriceDateRole>"
        "<Date>20000101</Date></PriceDate>",
    )
    supply = expired + price30("8.00", price_type="01")
    assert only_record(onix30(product30(supply=supply))).price == Decimal("8.00")


def test_header_default_currency_applies_to_prices_without_one():
    body = (
        "<SupplyDetail><SupplierName>S</SupplierName><ProductAvailability>21"
        "</ProductAvailability><Price><PriceTypeCode>02</PriceTypeCode>"
        "<PriceAmount>14,5</PriceAmount></Price></SupplyDetail>"
    )
    data = onix21(product21(body=body), header="<DefaultCurrencyCode>EUR</DefaultCurrencyCode>")
    assert only_record(data.encode()).price == Decimal("14.50")
    assert only_record(onix21(product21(body=body)).encode()).price is None


def test_euro_price_that_is_not_a_number_rejects_the_product():
    (rejection,) = read_bytes(onix30(product30(supply=price30("abc"))))
    assert rejection == RecordRejection(
        position=1,
        reference="9786090123455",
        reason="The euro price 'abc' is not an amount of money.",
    )


@pytest.mark.parametrize(
    "code,words,available",
    [
        ("21", "In stock (21)", True),
        ("22", "To order (22)", True),
        ("31", "Out of stock (31)", True),  # back-order
        ("40", "Not available (40)", False),
        ("51", "Out of print (51)", False),
        ("97", "97", False),
        ("99", "Ask the supplier (99)", True),
    ],
)
def test_availability_codes(code, words, available):
    supply = f"<ProductAvailability>{code}</ProductAvailability>" + price30("5.00")
    record = only_record(onix30(product30(supply=supply)))
    assert (record.availability, record.is_available) == (words, available)


@pytest.mark.parametrize("code,available", [("IP", True), ("OP", False), ("TP", True)])
def test_onix21_availability_code_list_54(code, available):
    body = f"<SupplyDetail><AvailabilityCode>{code}</AvailabilityCode></SupplyDetail>"
    assert only_record(onix21(product21(body=body)).encode()).is_available is available


def test_deleted_product_is_not_orderable():
    data = onix30(product30(supply="<ProductAvailability>21</ProductAvailability>"))
    data = data.replace(b"<NotificationType>03", b"<NotificationType>05")
    record = only_record(data)
    assert (record.availability, record.is_available) == ("Withdrawn by the supplier", False)


def test_authors_in_sequence_without_translators_and_lithuanian_by_place():
    contributors = (
        "<Contributor><SequenceNumber>2</SequenceNumber><ContributorRole>A01"
        "</ContributorRole><PersonNameInverted>Marcinkevičius, Justinas</PersonNameInverted>"
        "<ContributorPlace><ContributorPlaceRelator>01</ContributorPlaceRelator>"
        "<CountryCode>LT</CountryCode></ContributorPlace></Contributor>"
        "<Contributor><SequenceNumber>1</SequenceNumber><ContributorRole>A01"
        "</ContributorRole><NamesBeforeKey>Maj</NamesBeforeKey><KeyNames>Sjöwall</KeyNames>"
        "</Contributor>"
        "<Contributor><SequenceNumber>3</SequenceNumber><ContributorRole>B06"
        "</ContributorRole><PersonName>Vertėja Vardenė</PersonName></Contributor>"
    )
    record = only_record(onix30(product30(contributors=contributors)))
    assert record.authors == ["Sjöwall, Maj", "Marcinkevičius, Justinas"]
    assert record.lithuanian_author is True


def test_a_lithuanian_translator_does_not_make_a_lithuanian_author():
    contributors = contributor30("A01", "Lindgren", "Astrid", place="SE") + contributor30(
        "B06", "Vardenė", "Ona", place="LT"
    )
    record = only_record(onix30(product30(contributors=contributors)))
    assert record.authors == ["Lindgren, Astrid"]
    assert record.lithuanian_author is None  # unknown, not "foreign"


def test_editors_are_the_authors_when_nobody_wrote_it_alone():
    contributors = contributor30("B01", "Jonaitis", "Jonas") + contributor30(
        "B06", "Petraitis", "Petras"
    )
    assert only_record(onix30(product30(contributors=contributors))).authors == ["Jonaitis, Jonas"]


def test_onix21_contributor_country_code_lt_is_a_lithuanian_author():
    body = (
        "<Contributor><ContributorRole>A01</ContributorRole><PersonNameInverted>Donelaitis,"
        " Kristijonas</PersonNameInverted><CountryCode>LT</CountryCode></Contributor>"
    )
    record = only_record(onix21(product21(body=body)).encode())
    assert record.authors == ["Donelaitis, Kristijonas"]
    assert record.lithuanian_author is True


# --- Rejections and refusals ------------------------------------------------------------------


def test_products_without_isbn_or_title_are_rejected_and_the_others_read():
    gtin_not_a_book = (
        "<Product><RecordReference>toy-1</RecordReference><ProductIdentifier>"
        "<ProductIDType>03</ProductIDType><IDValue>4006381333931</IDValue>"
        "</ProductIdentifier></Product>"
    )
    data = onix30(
        product30(isbn="")
        + gtin_not_a_book
        + product30(isbn="9786090123462", title="")
        + product30(isbn="9786090123479", title="Gera")
    )
    first, second, third, fourth = read_bytes(data)
    assert first == RecordRejection(
        position=1,
        reference="ref-none",
        reason="The product has no ISBN (no ISBN-13, GTIN-13 or ISBN-10 identifier).",
    )
    assert second.reference == "toy-1"
    assert isinstance(second, RecordRejection)
    assert third == RecordRejection(
        position=3, reference="9786090123462", reason="The product 9786090123462 has no title."
    )
    assert isinstance(fourth, CatalogueRecord)
    assert (fourth.position, fourth.title) == (4, "Gera")


def test_broken_xml_after_good_products_yields_them_then_refuses_with_the_line():
    good = product30(title="Pirma") + "\n" + product30(isbn="9786090123462", title="Antra")
    data = onix30(good + "\n<Product><RecordReference>x</Oops></Product>")
    reader = read_onix(io.BytesIO(data))
    assert [record.title for record in (next(reader), next(reader))] == ["Pirma", "Antra"]
    with pytest.raises(FileRefused) as refused:
        next(reader)
    assert str(refused.value).startswith(
        "The file is not well-formed XML at line 6: Opening and ending tag mismatch: "
        "RecordReference line 6 and Oops."
    )
    assert "The 2 products before that line were read; nothing after it." in str(refused.value)


def test_truncated_file_is_refused_after_its_complete_products():
    data = onix30(product30(title="Pirma"))[:-10]
    reader = read_onix(io.BytesIO(data))
    assert next(reader).title == "Pirma"
    with pytest.raises(FileRefused, match="not well-formed XML"):
        next(reader)


@pytest.mark.parametrize(
    "data,reason",
    [
        (b"", "The file is empty."),
        (b"  \n", "The file is empty."),
        (
            b'<?xml version="1.0"?><catalog><book/></catalog>',
            "This is not an ONIX message: its root element is <catalog>, not <ONIXMessage>.",
        ),
        (
            b'<ONIXMessage release="1.2"><Product/></ONIXMessage>',
            "ONIX release 1.2 cannot be read: releases 2.1 and 3.0 can.",
        ),
        (
            b'<?xml version="1.0" encoding="klingon-8"?><ONIXMessage/>',
            "The file declares the character encoding klingon-8, which is not known.",
        ),
    ],
)
def test_files_that_are_not_onix_are_refused_with_the_reason(data, reason):
    assert refusal(data) == reason


def test_pdf_renamed_to_xml_is_refused():
    reason = refusal(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<</Type/Catalog>>endobj\n")
    assert reason == (
        "This is not an XML file: an ONIX message starts with <, this file with b'%PDF-1.7'."
    )


def test_invalid_utf8_is_refused_with_the_position():
    data = onix30(product30(title="Metai")).replace(b"Metai", b"Met\xffai")
    assert "not valid UTF-8: the byte at position" in refusal(data)


# --- Security: no DTD, no external entity, no network, no entity expansion ------------------


BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE ONIXMessage [\n <!ENTITY lol0 "lol">\n'
    + b"".join(f' <!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">\n'.encode() for n in range(1, 10))
    + b"]>\n<ONIXMessage><Product><RecordReference>&lol9;</RecordReference></Product>"
    + b"</ONIXMessage>\n"
)


def test_billion_laughs_is_refused_without_expanding():
    tracemalloc.start()
    try:
        reason = refusal(BILLION_LAUGHS)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert reason.startswith("The file declares its own entities")
    assert peak < 5_000_000


def test_external_entity_to_a_local_file_is_refused_and_never_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    data = (
        f'<?xml version="1.0"?>\n<!DOCTYPE ONIXMessage [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
        "\n" + onix30(product30(title="&xxe;")).decode().split("\n", 1)[1]
    ).encode()
    assert refusal(data).startswith("The file declares its own entities")


def test_an_external_dtd_is_never_loaded(tmp_path):
    # If the DTD were read, &secret; would be defined and the title would be TOP-SECRET.
    dtd = tmp_path / "onix.dtd"
    dtd.write_text('<!ENTITY secret "TOP-SECRET">')
    data = (
        f'<?xml version="1.0"?>\n<!DOCTYPE ONIXMessage SYSTEM "{dtd.as_uri()}">\n'
        + onix30(product30(title="&secret;")).decode().split("\n", 1)[1]
    ).encode()
    assert read_bytes(data) == [
        RecordRejection(
            position=1,
            reference="ref-9786090123455",
            reason="The product uses the entity &secret;, which is not one of the HTML "
            "entities the ONIX DTD defines.",
        )
    ]


@pytest.fixture
def listening_port():
    """A loopback port that records whether anything connected to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.settimeout(0.2)
    connections: list[object] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                connection, _address = server.accept()
            except TimeoutError:
                continue
            connections.append(connection)
            connection.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1], connections
    stop.set()
    thread.join()
    server.close()


def test_no_network_for_a_remote_dtd_or_remote_parameter_entity(listening_port):
    port, connections = listening_port
    url = f"http://127.0.0.1:{port}/onix.dtd"
    remote_dtd = (
        f'<?xml version="1.0"?>\n<!DOCTYPE ONIXMessage SYSTEM "{url}">\n'
        + onix30(product30(title="Metai")).decode().split("\n", 1)[1]
    ).encode()
    assert only_record(remote_dtd).title == "Metai"
    parameter_entity = (
        f'<?xml version="1.0"?>\n<!DOCTYPE ONIXMessage [<!ENTITY % remote SYSTEM "{url}">'
        "%remote;]>\n<ONIXMessage/>"
    ).encode()
    assert refusal(parameter_entity).startswith("The file declares its own entities")
    assert connections == []


# --- Streaming: memory stays flat ---------------------------------------------------------------


def _generator():
    path = PROJECT_ROOT / "bench" / "acquisition" / "generate.py"
    spec = importlib.util.spec_from_file_location("acquisition_bench_generate", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _resident_bytes() -> int | None:
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * 4096
    except OSError:
        return None


def test_generated_catalogue_of_5000_products_reads_in_flat_memory(tmp_path):
    # Small enough for every test run (tracemalloc slows Python down several times);
    # bench/acquisition/import_bench shows the same for 10,000 and 100,000 products.
    path = _generator().onix30_generate(tmp_path / "catalogue.xml", 5_000)
    assert path.stat().st_size > 15_000_000  # about twice the bound below
    count = available = 0
    resident_early = None
    tracemalloc.start()
    try:
        with path.open("rb") as file:
            for record in read_onix(file):
                assert isinstance(record, CatalogueRecord)
                count += 1
                available += record.is_available
                if count == 500:
                    resident_early = _resident_bytes()
                    tracemalloc.reset_peak()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    resident_late = _resident_bytes()
    assert count == 5_000
    assert 0 < available < count  # the generator makes some products unavailable
    # Python objects: one product and a chunk or two of text at a time.
    assert peak < 8_000_000, peak
    # lxml's own (C) memory is invisible to tracemalloc: the process must not grow
    # with the 4,500 products after the first 500 either.
    if resident_early is not None and resident_late is not None:
        assert resident_late - resident_early < 40_000_000


def test_generator_writes_valid_isbns_that_depend_only_on_the_product_number(tmp_path):
    from lrba.acquisition.isbn import isbn_normalise

    generate = _generator().onix30_generate
    first = read_path(generate(tmp_path / "a.xml", 30, start=100))
    again = read_path(generate(tmp_path / "b.xml", 20, start=110))
    assert [record.position for record in first] == list(range(1, 31))
    assert all(isinstance(record, CatalogueRecord) for record in first + again)
    assert [isbn_normalise(record.isbn) for record in first] == [r.isbn for r in first]
    assert first[0].isbn == "9786090001004"
    assert first[10:] == [dataclasses.replace(r, position=r.position + 10) for r in again]
    assert all(record.price and record.price > 0 for record in first)
    assert {record.reference for record in first} == {
        f"lt.bench.onix.{number:07d}" for number in range(100, 130)
    }
