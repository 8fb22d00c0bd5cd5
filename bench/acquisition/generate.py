#!/usr/bin/env python3
"""Write synthetic ONIX for Books 3.0 catalogues for the acquisition benchmarks.

`onix30_generate(path, count)` writes an ONIX 3.0 message in reference tags with the
3.0 namespace, each product shaped like EDItEUR's own sample (full_sample.xml in
../shared/samples/onix/): record reference, ISBN-13 and GTIN-13 identifiers,
DescriptiveDetail (form, measures, title, contributors — some with a ContributorPlace in
Lithuania — language, extent, subjects), CollateralDetail (a description with XHTML
inside), PublishingDetail (imprint, publisher, dates) and ProductSupply with a supplier,
availability and prices in EUR (with and without VAT) and GBP.

The file is written product by product, so memory stays the same whatever the count.
Output is deterministic for a given (count, start, seed): ISBNs are 978-609-… with a
valid check digit, product i (0-based, plus `start`) always gets the same ISBN, so two
files with overlapping ranges offer the same titles (re-import, two suppliers).

    .venv/bin/python bench/acquisition/generate.py OUT.xml 100000 [--start 0] [--seed 12]

Standard library only: the benchmarks import it without Django.
"""

import argparse
import random
from pathlib import Path
from xml.sax.saxutils import escape

NAMESPACE = "http://ns.editeur.org/onix/3.0/reference"

_GIVEN = [
    "Jonas", "Ona", "Petras", "Marija", "Kristijonas", "Žemaitė", "Salomėja", "Vytautas",
    "Justinas", "Rūta", "Giedra", "Tomas", "Kęstutis", "Birutė", "Sigitas", "Undinė",
    "Maj", "Per", "Astrid", "Henning",
]  # fmt: skip
_KEY = [
    "Donelaitis", "Biliūnas", "Nėris", "Mačernis", "Marcinkevičius", "Kudirka", "Šepetys",
    "Ivanauskaitė", "Radzevičius", "Parulskis", "Geda", "Čiurlionis", "Žemaitis", "Baltušis",
    "Sjöwall", "Wahlöö", "Lindgren", "Mankell", "Šimkus", "Ąžuolaitė",
]  # fmt: skip
_WORDS = [
    "metai", "upė", "žemė", "laiškai", "vėjas", "šešėliai", "namai", "giria", "žiema",
    "kelionė", "atmintis", "sodas", "miestas", "jūra", "naktis", "šviesa", "paukščiai",
    "duona", "laikas", "tyla", "ąžuolas", "ežeras", "lietus", "vasara", "kalnai",
]  # fmt: skip
_PUBLISHERS = [
    "Alma littera", "Baltos lankos", "Tyto alba", "Lietuvos rašytojų sąjungos leidykla",
    "Versus aureus", "Nieko rimto", "Kitos knygos", "Žara",
]  # fmt: skip
_CITIES = ["Vilnius", "Kaunas", "Klaipėda", "Šiauliai", "Panevėžys"]
_FORMS = ["BB", "BC", "BB", "BC", "BC"]  # hardback / paperback
_SUBJECTS = ["FBA", "FFP", "FYT", "DCF", "YFB", "WBA", "NHD", "JFC"]
_LANGUAGES = ["lit", "lit", "lit", "eng", "lit"]
_AVAILABILITY = ["21", "21", "21", "20", "22", "23", "31", "40"]  # mostly available


def isbn13_for(number: int) -> str:
    """The valid ISBN-13 978-609-NNNNNN-C for product `number` (0 ≤ number < 10⁶)."""
    if not 0 <= number < 1_000_000:
        raise ValueError(f"ISBN number out of range: {number}")
    body = f"978609{number:06d}"
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def _element(tag: str, text: str | int, indent: str) -> str:
    return f"{indent}<{tag}>{escape(str(text))}</{tag}>\n"


def _contributor(sequence: int, given: str, key: str, role: str, place: str | None) -> str:
    i = "        "
    parts = [
        "      <Contributor>\n",
        _element("SequenceNumber", sequence, i),
        _element("ContributorRole", role, i),
        _element("NamesBeforeKey", given, i),
        _element("KeyNames", key, i),
    ]
    if place:
        parts += [
            f"{i}<ContributorPlace>\n",
            _element("ContributorPlaceRelator", "01", i + "  "),
            _element("CountryCode", place, i + "  "),
            f"{i}</ContributorPlace>\n",
        ]
    parts.append("      </Contributor>\n")
    return "".join(parts)


def _price(price_type: str, amount: str, currency: str, countries: str) -> str:
    i = "          "
    return (
        "        <Price>\n"
        + _element("PriceType", price_type, i)
        + _element("PriceStatus", "02", i)
        + _element("PriceAmount", amount, i)
        + _element("CurrencyCode", currency, i)
        + f"{i}<Territory>\n"
        + _element("CountriesIncluded", countries, i + "  ")
        + f"{i}</Territory>\n"
        + "        </Price>\n"
    )


def product_xml(number: int, rng: random.Random) -> str:
    """One <Product> element (reference tags, no namespace prefix) for product `number`."""
    isbn = isbn13_for(number)
    words = rng.sample(_WORDS, rng.randint(1, 3))
    title = " ".join(words).capitalize()
    subtitle = rng.choice(["", "", "romanas", "apsakymai", "eilėraščiai", "esė"])
    year = rng.randint(1995, 2026)
    published = f"{year}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    form = rng.choice(_FORMS)
    pages = rng.randint(48, 720)
    publisher = rng.choice(_PUBLISHERS)
    language = rng.choice(_LANGUAGES)
    availability = rng.choice(_AVAILABILITY)
    net = rng.randint(399, 4999)  # cents, without VAT
    with_vat = round(net * 1.09)  # Lithuanian reduced VAT on books: 9 %

    contributors = []
    for sequence in range(1, rng.choice([1, 1, 1, 2, 3]) + 1):
        given, key = rng.choice(_GIVEN), rng.choice(_KEY)
        role = "A01" if sequence == 1 or rng.random() < 0.5 else "B06"
        place = rng.choice(["LT", "LT", None, "SE"]) if role == "A01" else None
        contributors.append(_contributor(sequence, given, key, role, place))

    i4, i6, i8 = "    ", "      ", "        "
    title_element = (
        f"{i6}<TitleDetail>\n"
        + _element("TitleType", "01", i8)
        + f"{i8}<TitleElement>\n"
        + _element("TitleElementLevel", "01", i8 + "  ")
        + _element("TitleText", title, i8 + "  ")
        + (_element("Subtitle", subtitle, i8 + "  ") if subtitle else "")
        + f"{i8}</TitleElement>\n"
        + f"{i6}</TitleDetail>\n"
    )
    subjects = "".join(
        f"{i6}<Subject>\n"
        + (f"{i8}<MainSubject/>\n" if n == 0 else "")
        + _element("SubjectSchemeIdentifier", "93", i8)
        + _element("SubjectCode", code, i8)
        + f"{i6}</Subject>\n"
        for n, code in enumerate(rng.sample(_SUBJECTS, 2))
    )
    description = (
        f"<p><strong>{escape(title)}</strong> – {escape(' '.join(rng.sample(_WORDS, 8)))}."
        f"</p><p>{escape(' '.join(rng.sample(_WORDS, 12)))}.</p>"
    )
    return (
        "  <Product>\n"
        + _element("RecordReference", f"lt.bench.onix.{number:07d}", i4)
        + _element("NotificationType", "03", i4)
        + f"{i4}<ProductIdentifier>\n"
        + _element("ProductIDType", "15", i6)
        + _element("IDValue", isbn, i6)
        + f"{i4}</ProductIdentifier>\n"
        + f"{i4}<ProductIdentifier>\n"
        + _element("ProductIDType", "03", i6)
        + _element("IDValue", isbn, i6)
        + f"{i4}</ProductIdentifier>\n"
        + f"{i4}<DescriptiveDetail>\n"
        + _element("ProductComposition", "00", i6)
        + _element("ProductForm", form, i6)
        + f"{i6}<Measure>\n"
        + _element("MeasureType", "01", i8)
        + _element("Measurement", rng.randint(180, 240), i8)
        + _element("MeasureUnitCode", "mm", i8)
        + f"{i6}</Measure>\n"
        + title_element
        + "".join(contributors)
        + (f"{i6}<NoEdition/>\n")
        + f"{i6}<Language>\n"
        + _element("LanguageRole", "01", i8)
        + _element("LanguageCode", language, i8)
        + f"{i6}</Language>\n"
        + f"{i6}<Extent>\n"
        + _element("ExtentType", "00", i8)
        + _element("ExtentValue", pages, i8)
        + _element("ExtentUnit", "03", i8)
        + f"{i6}</Extent>\n"
        + subjects
        + f"{i4}</DescriptiveDetail>\n"
        + f"{i4}<CollateralDetail>\n"
        + f"{i6}<TextContent>\n"
        + _element("TextType", "03", i8)
        + _element("ContentAudience", "00", i8)
        + f'{i8}<Text textformat="05">{description}</Text>\n'
        + f"{i6}</TextContent>\n"
        + f"{i4}</CollateralDetail>\n"
        + f"{i4}<PublishingDetail>\n"
        + f"{i6}<Imprint>\n"
        + _element("ImprintName", publisher, i8)
        + f"{i6}</Imprint>\n"
        + f"{i6}<Publisher>\n"
        + _element("PublishingRole", "01", i8)
        + _element("PublisherName", publisher, i8)
        + f"{i6}</Publisher>\n"
        + _element("CityOfPublication", rng.choice(_CITIES), i6)
        + _element("CountryOfPublication", "LT", i6)
        + _element("PublishingStatus", "04", i6)
        + f"{i6}<PublishingDate>\n"
        + _element("PublishingDateRole", "01", i8)
        + f'{i8}<Date dateformat="00">{published}</Date>\n'
        + f"{i6}</PublishingDate>\n"
        + f"{i4}</PublishingDetail>\n"
        + f"{i4}<ProductSupply>\n"
        + f"{i6}<SupplyDetail>\n"
        + f"{i8}<Supplier>\n"
        + _element("SupplierRole", "01", i8 + "  ")
        + _element("SupplierName", "Bench Knygų Tiekėjas", i8 + "  ")
        + f"{i8}</Supplier>\n"
        + _element("ProductAvailability", availability, i8)
        + _price("02", f"{with_vat // 100}.{with_vat % 100:02d}", "EUR", "LT LV EE")
        + _price("01", f"{net // 100}.{net % 100:02d}", "EUR", "LT LV EE")
        + _price("02", f"{net * 85 // 10000}.{net * 85 // 100 % 100:02d}", "GBP", "GB")
        + f"{i6}</SupplyDetail>\n"
        + f"{i4}</ProductSupply>\n"
        + "  </Product>\n"
    )


def onix30_generate(path: str | Path, count: int, *, start: int = 0, seed: int = 12) -> Path:
    """Write an ONIX 3.0 message of `count` products to `path` (streaming) and return it.

    Products are numbered start … start+count-1; each one's ISBN depends on its number
    only (`isbn13_for`), its other metadata on (seed, number)."""
    path = Path(path)
    if count < 0 or start < 0 or start + count > 1_000_000:
        raise ValueError("start + count must stay within 0 … 1,000,000 products")
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<ONIXMessage xmlns="{NAMESPACE}" release="3.0">\n'
            "  <Header>\n"
            "    <Sender>\n"
            "      <SenderName>Bench Knygų Tiekėjas</SenderName>\n"
            "      <EmailAddress>onix@example.lt</EmailAddress>\n"
            "    </Sender>\n"
            "    <MessageNumber>1</MessageNumber>\n"
            "    <SentDateTime>20260510T111500+0300</SentDateTime>\n"
            "    <DefaultLanguageOfText>lit</DefaultLanguageOfText>\n"
            "  </Header>\n"
        )
        for number in range(start, start + count):
            # One generator per product: product N is the same in every file.
            out.write(product_xml(number, random.Random(seed * 1_000_003 + number)))
        out.write("</ONIXMessage>\n")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path")
    parser.add_argument("count", type=int)
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    written = onix30_generate(args.path, args.count, start=args.start, seed=args.seed)
    print(f"{written}: {args.count} products, {written.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
