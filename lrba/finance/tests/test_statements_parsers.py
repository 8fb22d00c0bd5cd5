"""Reading statement files, without the database: every third-party camt sample in
../shared/samples/camt/ with the exact entries it holds, the LITAS-ESIS text and bank CSV,
and the files refused whole (hostile, unknown, broken) or per entry."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from lrba.core.tests.samples import SAMPLES_DIR, needs_samples
from lrba.finance.statements import safety
from lrba.finance.statements.detect import statement_read
from lrba.finance.statements.records import (
    LineError,
    ParsedEntry,
    StatementRefused,
    fingerprint,
)

pytestmark = pytest.mark.usefixtures("english")

SAMPLES = SAMPLES_DIR
CAMT = SAMPLES / "camt"
D = datetime.date


def read(content: bytes, **options) -> tuple[object, list]:
    reader = statement_read(content, **options)
    items = list(reader.items())
    return reader, items


def entries(items: list) -> list[ParsedEntry]:
    return [item for item in items if isinstance(item, ParsedEntry)]


def summary(entry: ParsedEntry) -> dict:
    return {
        "booking_date": entry.booking_date,
        "value_date": entry.value_date,
        "direction": entry.direction,
        "amount": entry.amount,
        "currency": entry.currency,
        "account_iban": entry.account_iban,
        "counterparty_name": entry.counterparty_name,
        "counterparty_iban": entry.counterparty_iban,
        "reference": entry.reference,
        "text": entry.text,
        "end_to_end_id": entry.end_to_end_id,
        "bank_reference": entry.bank_reference,
    }


# The third-party samples -------------------------------------------------------------------


@needs_samples
def test_the_samples_are_all_here():
    assert sorted(p.name for p in CAMT.iterdir()) == [
        "camt053.v2.five.decimals.xml",
        "camt053.v8.xml",
        "test-camt053-txdtls",
        "test-camt054",
    ]


@needs_samples
def test_camt053_v2_with_three_decimal_amounts_reads_them_as_exact_cents():
    reader, items = read((CAMT / "camt053.v2.five.decimals.xml").read_bytes())
    assert reader.header.file_format == "camt053"
    assert reader.header.account_iban == "NL26VAYB8060476890"
    assert reader.header.statement_id == "253EURNL26VAYB8060476890"
    assert reader.total == 1
    assert [summary(e) for e in entries(items)] == [
        {
            "booking_date": D(2014, 12, 31),
            "value_date": D(2015, 1, 2),
            "direction": "credit",
            "amount": Decimal("8.85"),
            "currency": "EUR",
            "account_iban": "NL26VAYB8060476890",
            # A credit's counterparty is the debtor; this file names only the creditor.
            "counterparty_name": "",
            "counterparty_iban": "",
            "reference": "",
            "text": "Transaction Description",
            "end_to_end_id": "000000001",
            "bank_reference": "",
        }
    ]
    assert entries(items)[0].bank_key == ()  # no bank reference: known by its content


@needs_samples
def test_camt053_v8_reads_the_party_of_version_8_and_the_booking_date_time():
    reader, items = read((CAMT / "camt053.v8.xml").read_bytes())
    assert reader.header.account_iban == "NL26VAYB8060476890"  # Acct/Id/Othr/Id
    assert reader.header.period_from == D(2007, 10, 18)
    # The transaction's own <Amt Ccy="SEK">0</Amt> is not the entry's amount.
    assert [summary(e) for e in entries(items)] == [
        {
            "booking_date": D(2014, 12, 31),
            "value_date": D(2015, 1, 2),
            "direction": "credit",
            "amount": Decimal("8.85"),
            "currency": "EUR",
            "account_iban": "NL26VAYB8060476890",
            "counterparty_name": "NAME NAME",
            "counterparty_iban": "NL56AGDH9619008421",
            "reference": "4654654654654654",
            "text": "",
            "end_to_end_id": "MUELL/FINP/RA12345",
            "bank_reference": "AAAASESS-FP-CN_98765/01",
        }
    ]
    assert entries(items)[0].bank_key == ("ntry", "AAAASESS-FP-CN_98765/01")


@needs_samples
def test_camt053_v4_batch_entry_gives_one_entry_per_transaction():
    reader, items = read((CAMT / "test-camt053-txdtls").read_bytes())
    assert reader.header.account_iban == "CH1111000000123456789"
    assert reader.header.period_to == D(2017, 3, 23)
    common = {
        "booking_date": D(2017, 3, 22),
        "value_date": D(2017, 3, 23),
        "direction": "credit",
        "currency": "CHF",
        "account_iban": "CH1111000000123456789",
        "counterparty_name": "Banque Cantonale Vaudoise",
        "text": "?REJECT?0",
        "end_to_end_id": "",
        "bank_reference": "123456CHCAFEBABE",
    }
    assert [summary(e) for e in entries(items)] == [
        {
            **common,
            "amount": Decimal("2187.00"),
            "counterparty_iban": "CH2222000000123456789",
            "reference": "302388292000011111111111111",
        },
        {
            **common,
            "amount": Decimal("1296.00"),
            "counterparty_iban": "CH3333000000123456789",
            "reference": "302388292000022222222222222",
        },
    ]
    first, second = entries(items)
    # Both transactions carry the same bank reference: their place tells them apart.
    assert fingerprint(first) != fingerprint(second)


@needs_samples
def test_camt054_notification_reads_like_a_statement():
    reader, items = read((CAMT / "test-camt054").read_bytes())
    assert reader.header.file_format == "camt054"
    assert reader.header.account_iban == "NL77ABNA0574908765"
    assert reader.header.statement_id == "20220120000000000000000"
    assert [summary(e) for e in entries(items)] == [
        {
            "booking_date": D(2022, 1, 26),
            "value_date": D(2022, 1, 26),
            "direction": "credit",
            "amount": Decimal("5.00"),
            "currency": "EUR",
            "account_iban": "NL77ABNA0574908765",
            "counterparty_name": "Test Customer",
            "counterparty_iban": "NL46ABNA0499998748",
            "reference": "000000000000000000000000003",
            "text": "Additional entry info",
            "end_to_end_id": "ENDTOENDID-01",
            "bank_reference": "15180015077602405",
        }
    ]


# Written here: camt variants --------------------------------------------------------------


def camt(
    entries_xml: str, *, version: str = "053.001.02", account: str = "LT121000011101001000"
) -> bytes:
    root, statement = (
        ("BkToCstmrStmt", "Stmt")
        if version.startswith("053")
        else (
            "BkToCstmrDbtCdtNtfctn",
            "Ntfctn",
        )
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.{version}">
<{root}><GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-03-02T10:00:00</CreDtTm></GrpHdr>
<{statement}><Id>S1</Id><CreDtTm>2026-03-02T10:00:00</CreDtTm>
<Acct><Id><IBAN>{account}</IBAN></Id></Acct>
{entries_xml}
</{statement}></{root}></Document>""".encode()


def ntry(
    amount: str,
    *,
    ref: str = "",
    indicator: str = "CRDT",
    status: str = "BOOK",
    text: str = "Nario mokestis",
    details: str | None = None,
) -> str:
    reference = f"<AcctSvcrRef>{ref}</AcctSvcrRef>" if ref else ""
    if details is None:
        details = (
            "<TxDtls><RltdPties><Dbtr><Nm>Biblioteka</Nm></Dbtr><DbtrAcct><Id>"
            "<IBAN>LT601010012345678901</IBAN></Id></DbtrAcct></RltdPties>"
            f"<RmtInf><Ustrd>{text}</Ustrd></RmtInf></TxDtls>"
        )
    return (
        f'<Ntry><Amt Ccy="EUR">{amount}</Amt><CdtDbtInd>{indicator}</CdtDbtInd>'
        f"<Sts>{status}</Sts><BookgDt><Dt>2026-03-02</Dt></BookgDt>{reference}"
        f"<NtryDtls>{details}</NtryDtls></Ntry>"
    )


@pytest.mark.parametrize(
    "version", ["053.001.02", "053.001.04", "053.001.08", "053.001.13", "054.001.02", "054.001.08"]
)
def test_every_version_of_camt_053_and_054_reads_alike(version):
    _reader, items = read(camt(ntry("120.00"), version=version))
    (entry,) = entries(items)
    assert (entry.amount, entry.counterparty_name, entry.text) == (
        Decimal("120.00"),
        "Biblioteka",
        "Nario mokestis",
    )


def test_an_amount_with_a_third_decimal_that_is_not_zero_is_refused_for_that_entry_only():
    _reader, items = read(camt(ntry("18.155") + ntry("18.150")))
    refused = [item for item in items if isinstance(item, LineError)]
    assert len(refused) == 1
    assert "more than two decimal places" in refused[0].message
    assert refused[0].line == 6  # the line of the refused <Ntry>
    assert [e.amount for e in entries(items)] == [Decimal("18.15")]


def test_entries_not_booked_zero_or_without_direction_are_refused_with_a_reason():
    _reader, items = read(
        camt(ntry("5.00", status="PDNG") + ntry("0.00") + ntry("5.00", indicator="X"))
    )
    messages = [item.message for item in items if isinstance(item, LineError)]
    assert messages == [
        "The entry is not booked at the bank (status PDNG); it is left out.",
        "The amount “0.00” is not above zero.",
        "The entry says neither credit nor debit.",
    ]


def test_a_debit_names_the_creditor_as_its_counterparty():
    details = (
        "<TxDtls><RltdPties><Cdtr><Nm>UAB Tiekėjas</Nm></Cdtr><CdtrAcct><Id><IBAN>"
        "LT447300010000000001</IBAN></Id></CdtrAcct></RltdPties></TxDtls>"
    )
    _reader, items = read(camt(ntry("40.00", indicator="DBIT", details=details)))
    (entry,) = entries(items)
    assert (entry.direction, entry.counterparty_name, entry.counterparty_iban) == (
        "debit",
        "UAB Tiekėjas",
        "LT447300010000000001",
    )


def test_a_batch_whose_transactions_do_not_add_up_stays_one_entry():
    tx = '<TxDtls><Amt Ccy="EUR">10.00</Amt><RmtInf><Ustrd>{}</Ustrd></RmtInf></TxDtls>'
    details = tx.format("LRBA-00001") + tx.format("LRBA-00002")
    _reader, items = read(camt(ntry("25.00", ref="B1", details=details)))
    (entry,) = entries(items)
    assert (entry.amount, entry.text, entry.bank_key) == (
        Decimal("25.00"),
        "LRBA-00001 LRBA-00002",
        ("ntry", "B1"),
    )


def test_a_file_with_several_statements_gives_each_entry_its_own_account():
    first = camt(ntry("1.00"), account="LT121000011101001000").decode()
    second_statement = (
        "<Stmt><Id>S2</Id><Acct><Id><IBAN>LT601010012345678901</IBAN></Id></Acct>"
        + ntry("2.00")
        + "</Stmt>"
    )
    content = first.replace("</Stmt>", "</Stmt>" + second_statement, 1).encode()
    reader, items = read(content)
    assert [(e.account_iban, e.amount) for e in entries(items)] == [
        ("LT121000011101001000", Decimal("1.00")),
        ("LT601010012345678901", Decimal("2.00")),
    ]
    assert reader.header.statement_id == "S1"


# Hostile and unknown files ----------------------------------------------------------------


def refusal(content: bytes, **options) -> str:
    with pytest.raises(StatementRefused) as caught:
        read(content, **options)
    return caught.value.message


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE Document [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt>
<Ntry><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2026-01-01</Dt></BookgDt>
<AddtlNtryInf>&lol3;</AddtlNtryInf></Ntry></Stmt></BkToCstmrStmt></Document>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE Document [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt>
<Ntry><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2026-01-01</Dt></BookgDt>
<AddtlNtryInf>&secret;</AddtlNtryInf></Ntry></Stmt></BkToCstmrStmt></Document>"""

DOCTYPE_MESSAGE = (
    "The file declares a document type or entities, which bank statements never do; "
    "it is refused for safety."
)


def test_an_entity_expansion_bomb_is_refused():
    assert refusal(BILLION_LAUGHS) == DOCTYPE_MESSAGE


def test_an_external_entity_is_refused_and_never_read():
    assert refusal(EXTERNAL_ENTITY) == DOCTYPE_MESSAGE


def test_a_doctype_in_utf16_is_caught_by_the_parser_too():
    content = EXTERNAL_ENTITY.decode().replace(
        '<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>'
    )
    content_bytes = content.encode("utf-16")
    # The namespace cannot be seen in UTF-16 bytes: refused as not a statement, unread.
    message = refusal(content_bytes)
    assert "ISO 20022" in message


def test_the_parser_itself_neither_expands_entities_nor_reaches_out(monkeypatch):
    # Past the byte check, lxml still must not resolve the entity (defence in depth).
    monkeypatch.setattr(safety, "doctype_refuse", lambda content: None)
    assert refusal(EXTERNAL_ENTITY) == DOCTYPE_MESSAGE


@needs_samples
def test_a_file_over_the_size_limit_is_refused(monkeypatch):
    monkeypatch.setattr(safety, "MAX_STATEMENT_BYTES", 1000)
    message = refusal((CAMT / "test-camt054").read_bytes())
    assert message.startswith("The file is too large")


def test_an_empty_file_is_refused():
    assert refusal(b"") == "The file is empty."


@needs_samples
def test_xml_that_is_not_a_bank_statement_names_the_formats_accepted():
    message = refusal((SAMPLES / "onix" / "valid_onix3_ref.xml").read_bytes())
    assert message.startswith("The XML file is not an ISO 20022 bank statement")
    assert "LITAS-ESIS" in message and "CSV" in message


def test_camt052_is_not_taken_for_a_statement():
    content = camt(ntry("1.00")).replace(b"camt.053.001.02", b"camt.052.001.02")
    assert "not an ISO 20022 bank statement" in refusal(content)


def test_a_pdf_or_random_text_is_refused_with_the_formats_accepted():
    for content in (b"%PDF-1.7 ...", b"Data;Suma\n2026-01-01;5,00\n"):
        message = refusal(content)
        assert message.startswith("The file is not a bank statement in a format this system reads.")
        assert "camt.053" in message


def test_broken_xml_is_refused_whole():
    content = camt(ntry("1.00") + ntry("2.00"))[:-60]
    assert refusal(content).startswith("The file is not well-formed XML")


def test_a_deeply_nested_file_is_refused_by_the_parser_limits():
    content = camt("<a>" * 5000 + "</a>" * 5000)
    assert refusal(content).startswith("The file is not well-formed XML")


# LITAS-ESIS (our own file, written from the format description) ----------------------------


def litas_esis_file() -> bytes:
    """Ours: a LITAS-ESIS export as the format describes it (not a bank's file)."""

    def line(*fields: tuple[int, str]) -> str:
        cells = [""] * 19
        for index, value in fields:
            cells[index] = value
        return "\t".join(cells)

    rows = [
        line((0, "000"), (3, "73000"), (16, "LT121000011101001000"), (17, "EUR")),
        line((0, "020"), (1, "LikutisPR"), (2, "20260301"), (4, "100000")),
        line(
            (0, "010"),
            (2, "20260302"),
            (4, "12000"),
            (6, "C"),
            (8, "EUR"),
            (9, "15"),
            (10, "LE-0001"),
            (12, "RF37LRBA00042"),
            (13, "Nario mokestis už 2026 m."),
            (16, "LT601010012345678901"),
            (17, "Šiaulių rajono savivaldybės viešoji biblioteka"),
        ),
        line((0, "010"), (2, "20260303"), (4, "12,5"), (6, "C"), (10, "LE-0002")),
        line(
            (0, "010"),
            (2, "20260304"),
            (4, "4599"),
            (6, "D"),
            (10, "LE-0003"),
            (13, "Banko mokestis"),
            (17, "Bankas"),
        ),
        line((0, "020"), (1, "LikutisPB"), (2, "20260331"), (4, "107401")),
    ]
    return ("\r\n".join(rows) + "\r\n").encode("cp1257")


def test_litas_esis_text_reads_in_windows_1257_with_amounts_in_cents():
    reader, items = read(litas_esis_file())
    assert reader.header.file_format == "litas_esis"
    assert reader.header.account_iban == "LT121000011101001000"
    assert (reader.header.period_from, reader.header.period_to) == (D(2026, 3, 1), D(2026, 3, 31))
    assert reader.total == 3
    first, second = entries(items)
    assert summary(first) == {
        "booking_date": D(2026, 3, 2),
        "value_date": None,
        "direction": "credit",
        "amount": Decimal("120.00"),
        "currency": "EUR",
        "account_iban": "LT121000011101001000",
        "counterparty_name": "Šiaulių rajono savivaldybės viešoji biblioteka",
        "counterparty_iban": "LT601010012345678901",
        "reference": "RF37LRBA00042",
        "text": "Nario mokestis už 2026 m.",
        "end_to_end_id": "",
        "bank_reference": "LE-0001",
    }
    assert (second.direction, second.amount, second.bank_key) == (
        "debit",
        Decimal("45.99"),
        ("litas_esis", "LE-0003"),
    )
    (error,) = [item for item in items if isinstance(item, LineError)]
    assert (error.line, error.message) == (
        4,
        "The amount “12,5” is not a whole number of cents above zero.",
    )


# Bank CSV through a mapping ---------------------------------------------------------------


def mapping(**fields) -> SimpleNamespace:
    defaults = {
        "name": "Bankas",
        "encoding": "utf-8",
        "delimiter": ";",
        "decimal_comma": True,
        "date_format": "%Y-%m-%d",
        "skip_rows": 0,
        "account_iban": "LT121000011101001000",
        "column_date": "Data",
        "column_amount": "Suma",
        "column_debit": "",
        "column_credit": "",
        "column_direction": "",
        "column_payer": "Mokėtojas",
        "column_payer_iban": "Sąskaita",
        "column_text": "Paskirtis",
        "column_reference": "Įmokos kodas",
        "column_bank_reference": "Įrašo nr.",
        "column_currency": "",
    }
    return SimpleNamespace(**{**defaults, **fields})


CSV_HEADER = "Data;Suma;Mokėtojas;Sąskaita;Paskirtis;Įmokos kodas;Įrašo nr.\r\n"


def test_csv_with_a_signed_amount_and_decimal_comma():
    content = (
        "Banko išrašas\r\n"
        + CSV_HEADER
        + "2026-03-02;1 234,50;Biblioteka;LT60 1010 0123 4567 8901;"
        + "Nario mokestis;RF37LRBA00042;A1\r\n"
        + "2026-03-03;-12,00;Bankas;;Mokestis;;A2\r\n"
        + "2026-03-04;12,345;Bankas;;Klaida;;A3\r\n"
        + "03/04/2026;5,00;Bankas;;Klaida;;A4\r\n"
    ).encode("utf-8-sig")
    reader, items = read(content, csv_mapping=mapping(skip_rows=1))
    assert reader.header.account_iban == "LT121000011101001000"
    assert reader.total == 4
    first, second = entries(items)
    assert (first.direction, first.amount, first.counterparty_iban, first.reference) == (
        "credit",
        Decimal("1234.50"),
        "LT601010012345678901",
        "RF37LRBA00042",
    )
    assert (second.direction, second.amount, second.bank_key) == (
        "debit",
        Decimal("12.00"),
        ("csv", "A2"),
    )
    assert [(e.line, e.message) for e in items if isinstance(e, LineError)] == [
        (5, "The amount “12,345” has more than two decimal places: euro have cents only."),
        (6, "“03/04/2026” is not a date in the form %Y-%m-%d."),
    ]


def test_csv_with_debit_and_credit_columns_in_windows_1257():
    content = (
        'Data,Debetas,Kreditas,Mokėtojas\n2026-03-02,,"120.00",Žemaitijos biblioteka\n'
        "2026-03-03,5.00,,Bankas\n"
    ).encode("cp1257")
    rows = mapping(
        encoding="cp1257",
        delimiter=",",
        decimal_comma=False,
        column_amount="",
        column_debit="Debetas",
        column_credit="Kreditas",
        column_payer_iban="",
        column_text="",
        column_reference="",
        column_bank_reference="",
    )
    _reader, items = read(content, csv_mapping=rows)
    assert [(e.direction, e.amount, e.counterparty_name) for e in entries(items)] == [
        ("credit", Decimal("120.00"), "Žemaitijos biblioteka"),
        ("debit", Decimal("5.00"), "Bankas"),
    ]


def test_csv_with_a_direction_column():
    content = b"Data;Suma;D/K\n2026-03-02;120,00;K\n2026-03-02;3,00;D\n2026-03-02;1,00;?\n"
    rows = mapping(
        column_direction="D/K",
        column_payer="",
        column_payer_iban="",
        column_text="",
        column_reference="",
        column_bank_reference="",
    )
    _reader, items = read(content, csv_mapping=rows)
    assert [(e.direction, e.amount) for e in entries(items)] == [
        ("credit", Decimal("120.00")),
        ("debit", Decimal("3.00")),
    ]
    assert [e.message for e in items if isinstance(e, LineError)] == [
        "“?” says neither credit nor debit."
    ]


def test_csv_of_another_bank_is_refused_naming_the_missing_columns():
    content = b"Date,Amount\n2026-03-02,5.00\n"
    message = refusal(content, csv_mapping=mapping())
    assert message.startswith("The file has no column “Data”, “Suma”")
    assert "“Bankas”" in message


def test_csv_in_another_encoding_than_the_mapping_says_is_refused():
    content = (CSV_HEADER + "2026-03-02;5,00;Žemaitė;;;;\n").encode("cp1257")
    assert refusal(content, csv_mapping=mapping()).startswith(
        "The file is not in the encoding “utf-8” its CSV mapping says"
    )


# Fingerprints -----------------------------------------------------------------------------


def test_identical_entries_without_bank_references_differ_by_their_occurrence():
    entry = ParsedEntry(
        line=1, booking_date=D(2026, 3, 2), direction="credit", amount=Decimal("5.00")
    )
    assert fingerprint(entry, 0) != fingerprint(entry, 1)
    assert fingerprint(entry, 0) == fingerprint(entry, 0)


def test_a_bank_reference_identifies_the_entry_whatever_else_a_file_says():
    one = ParsedEntry(
        line=1,
        booking_date=D(2026, 3, 2),
        direction="credit",
        amount=Decimal("5.00"),
        account_iban="LT1",
        bank_key=("ntry", "X"),
    )
    other = ParsedEntry(
        line=9,
        booking_date=D(2026, 3, 2),
        direction="credit",
        amount=Decimal("5.00"),
        account_iban="LT1",
        text="more detail",
        bank_key=("ntry", "X"),
    )
    assert fingerprint(one) == fingerprint(other)
    assert fingerprint(one) != fingerprint(ParsedEntry(**{**one.__dict__, "account_iban": "LT2"}))
