"""Demonstration data of coordinated acquisition.

- Two suppliers, each with a catalogue of 60 titles imported the way the secretariat
  imports one: "Raidžių namai" sends ONIX for Books 3.0 (reference tags, shaped like
  EDItEUR's sample in ../shared/samples/onix/full_sample.xml), "Pušų knyga" a CSV price
  list read through a saved column mapping. Twenty titles are in both catalogues (one
  title, two offers). The titles and authors are made up, Lithuanian-looking, with valid
  ISBNs 978-609-…; a few products are refused by the import (a bad ISBN, no title) so an
  import's rejections can be seen.
- A closed round: ten member libraries ordered through the ordering service (each by its
  director, who gets a sign-in without a password), then the round was closed through the
  closing service, so the supplier orders, their numbers, the titles left out below the
  title minimum and the libraries' holdings from the round all exist.
- An open round closing within the week, with budgets for eight libraries of which five
  have ordered (the back office's panel names the others), the demo representative's
  library among those that ordered.
- Uploaded holdings of a few libraries, some of them the catalogues' ISBNs, so the
  overlap shows while ordering.

Runs after the register (libraries, directors) and the other apps. Everything follows
the seed; a second run creates nothing (the suppliers' codes are the natural key).
"""

import datetime
import io
import random
from decimal import Decimal
from xml.sax.saxutils import escape

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from lrba.accounts.models import User
from lrba.acquisition.models import (
    DiscountTier,
    Holding,
    Offer,
    Round,
    RoundBudget,
    Supplier,
)
from lrba.core.demo import DemoLoaded
from lrba.members.demo import (
    ADMIN_EMAIL,
    _audit_disabled,
    directors_with_sign_in,
)
from lrba.members.models import Library

ONIX_SUPPLIER = "raidziu-namai"
CSV_SUPPLIER = "pusu-knyga"
CATALOGUE_SIZE = 60
SHARED_TITLES = 20  # the last 20 of the first catalogue are the first 20 of the second
CLOSED_LIBRARIES = 10
OPEN_BUDGETS = 8
OPEN_ORDERING = 5

# Made-up titles: a genitive and a noun ("Vėjo laiškai"), 100 distinct pairs.
_OF = ("Vėjo", "Ežero", "Girios", "Senelio", "Lietaus", "Žiemos", "Rugių", "Šilo", "Debesų", "Upės")
_WHAT = (
    "šešėliai",
    "laiškai",
    "vasara",
    "paslaptis",
    "namai",
    "daina",
    "kelias",
    "sodas",
    "tyla",
    "laikrodis",
)
_SUBTITLES = ("", "", "", "romanas", "apsakymai", "eilėraščiai", "esė", "apysaka vaikams")
# (given name, surname): made-up Lithuanian authors, and translated foreign ones.
_LITHUANIAN_AUTHORS = (
    ("Aušra", "Giedraitytė"),
    ("Vytenis", "Mažeika"),
    ("Rasa", "Karvelienė"),
    ("Dainius", "Šalkauskas"),
    ("Eglė", "Juodytė"),
    ("Mindaugas", "Vilkončius"),
    ("Jurga", "Paliulienė"),
    ("Saulius", "Dargužis"),
    ("Ieva", "Rimkutė"),
    ("Tadas", "Gervinskas"),
    ("Gintarė", "Ąžuolaitienė"),
    ("Kęstas", "Bružas"),
)
_FOREIGN_AUTHORS = (
    ("Ingrid", "Holmqvist", "SE"),
    ("Tomasz", "Wierzbicki", "PL"),
    ("Liene", "Ozoliņa", "LV"),
    ("Margaret", "Ashdown", "GB"),
)
_PUBLISHERS = ("Šilo leidykla", "Gintaro raidės", "Aušros knyga", "Pajūrio spauda")
_SUBJECTS = ("FBA", "FYT", "YFB", "DCF", "NHD", "WBA")


def demo_data_present() -> bool:
    return Supplier.objects.filter(code__in=[ONIX_SUPPLIER, CSV_SUPPLIER]).exists()


def demo_data_load(*, scale: int, people: int | None, seed: int) -> DemoLoaded:
    """The acquisition part of `manage.py demo_data`: loads after the register."""
    if demo_data_present():
        return DemoLoaded(created={"suppliers": 0})
    rng = random.Random(f"{seed}:acquisition")
    admin = User.objects.filter(email__iexact=ADMIN_EMAIL).first()
    created: dict[str, int] = {}
    with transaction.atomic(), _audit_disabled():
        onix_supplier, csv_supplier = _load_suppliers()
        books = _books(rng)
        created["catalogue titles"] = _import_catalogues(
            onix_supplier, csv_supplier, books, rng, admin
        )
        orderers = _orderers(CLOSED_LIBRARIES + OPEN_BUDGETS)
        created["order lines"] = _load_closed_round(
            [onix_supplier, csv_supplier], orderers[:CLOSED_LIBRARIES], rng, admin
        )
        created["order lines"] += _load_open_round(
            [onix_supplier, csv_supplier], _open_round_libraries(orderers), rng, admin
        )
        created["holdings"] = _load_holdings(books, orderers, rng)
        created["suppliers"] = 2
    return DemoLoaded(created=created)


# Suppliers and their catalogues ----------------------------------------------------------


def _load_suppliers() -> tuple[Supplier, Supplier]:
    onix = Supplier(
        code=ONIX_SUPPLIER,
        name="UAB „Raidžių namai“",
        legal_entity_code="304118722",
        address="Savanorių pr. 178, LT-03154 Vilnius",
        contact_person="Laura Petrauskienė",
        email="uzsakymai@raidziunamai.example.lt",
        phone="+37052123456",
        terms="Pristatymas per 10 darbo dienų; apmokėjimas per 30 dienų; "
        "brokuotos knygos keičiamos.",
    )
    csv = Supplier(
        code=CSV_SUPPLIER,
        name="UAB „Pušų knyga“",
        legal_entity_code="302558149",
        address="Pramonės g. 12, LT-51329 Kaunas",
        contact_person="Marius Jankauskas",
        email="prekyba@pusuknyga.example.lt",
        phone="+37037456789",
        terms="Kainoraštis kas mėnesį CSV formatu; pristatymas į bibliotekas nemokamas.",
    )
    for supplier in (onix, csv):
        supplier.full_clean()
        supplier.save()
    return onix, csv


def isbn13(n: int) -> str:
    """A valid ISBN-13 in the Lithuanian range 978-609-…, distinct for each n (as the
    acquisition tests' factories make them)."""
    body = f"978609{n % 1_000_000:06d}"
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def _books(rng: random.Random) -> list[dict]:
    """The made-up books both catalogues draw from, in catalogue order."""
    names = [f"{of} {what}" for of in _OF for what in _WHAT]
    rng.shuffle(names)
    books = []
    count = 2 * CATALOGUE_SIZE - SHARED_TITLES
    for n, name in enumerate(names[:count]):
        roll = rng.random()
        if roll < 0.65:
            given, surname = rng.choice(_LITHUANIAN_AUTHORS)
            country = "LT"
        else:
            given, surname, country = rng.choice(_FOREIGN_AUTHORS)
        books.append(
            {
                "isbn": isbn13(31_000 + n * 7),
                "title": name,
                "subtitle": rng.choice(_SUBTITLES),
                "given": given,
                "surname": surname,
                "country": country,
                "publisher": rng.choice(_PUBLISHERS),
                "year": rng.randint(2023, 2026),
                "pages": rng.randint(64, 480),
                "price": Decimal(rng.randint(690, 2890)) / 100,
                "subjects": rng.sample(_SUBJECTS, 2),
                # A few cannot be ordered now (out of print or not yet published).
                "available": rng.random() > 0.05,
            }
        )
    return books


def _import_catalogues(
    onix_supplier: Supplier,
    csv_supplier: Supplier,
    books: list[dict],
    rng: random.Random,
    admin: User | None,
) -> int:
    """Both catalogues through the import service, as the secretariat uploads them; the
    demo runs each import itself (the task queue runs only after commit)."""
    from lrba.acquisition.services.catalogue_import import (
        catalogue_import_run,
        catalogue_import_start,
        column_mapping_create,
    )

    first = books[:CATALOGUE_SIZE]
    second = books[CATALOGUE_SIZE - SHARED_TITLES :]
    onix_file = ContentFile(onix30_catalogue(first, rng), name="raidziu-namai-katalogas.xml")
    onix_import = catalogue_import_start(
        supplier=onix_supplier, uploaded_file=onix_file, user=admin, enqueue=False
    )
    catalogue_import_run(onix_import)
    mapping = column_mapping_create(
        supplier=csv_supplier,
        name="Mėnesio kainoraštis",
        columns={
            "isbn": "ISBN",
            "title": "Pavadinimas",
            "subtitle": "Paantraštė",
            "authors": "Autorius",
            "publisher": "Leidykla",
            "year": "Metai",
            "price": "Kaina, EUR",
            "availability": "Prieinamumas",
            "lithuanian_author": "Lietuvių autorius",
            "reference": "Prekės kodas",
        },
    )
    csv_file = ContentFile(csv_catalogue(second, rng), name="pusu-knyga-kainorastis.csv")
    csv_import = catalogue_import_start(
        supplier=csv_supplier, uploaded_file=csv_file, mapping=mapping, user=admin, enqueue=False
    )
    catalogue_import_run(csv_import)
    return len(books)


def _element(tag: str, text: object, indent: str) -> str:
    return f"{indent}<{tag}>{escape(str(text))}</{tag}>\n"


def _onix_product(number: int, book: dict) -> str:
    i4, i6, i8, i10 = " " * 4, " " * 6, " " * 8, " " * 10
    isbn = book["isbn"]
    title = (
        f"{i6}<TitleDetail>\n"
        + _element("TitleType", "01", i8)
        + f"{i8}<TitleElement>\n"
        + _element("TitleElementLevel", "01", i10)
        + _element("TitleText", book["title"], i10)
        + (_element("Subtitle", book["subtitle"], i10) if book["subtitle"] else "")
        + f"{i8}</TitleElement>\n"
        + f"{i6}</TitleDetail>\n"
    )
    contributor = (
        f"{i6}<Contributor>\n"
        + _element("SequenceNumber", 1, i8)
        + _element("ContributorRole", "A01", i8)
        + _element("NamesBeforeKey", book["given"], i8)
        + _element("KeyNames", book["surname"], i8)
        + f"{i8}<ContributorPlace>\n"
        + _element("ContributorPlaceRelator", "01", i10)
        + _element("CountryCode", book["country"], i10)
        + f"{i8}</ContributorPlace>\n"
        + f"{i6}</Contributor>\n"
    )
    subjects = "".join(
        f"{i6}<Subject>\n"
        + (f"{i8}<MainSubject/>\n" if n == 0 else "")
        + _element("SubjectSchemeIdentifier", "93", i8)
        + _element("SubjectCode", code, i8)
        + f"{i6}</Subject>\n"
        for n, code in enumerate(book["subjects"])
    )
    with_vat = book["price"]
    without_vat = (with_vat / Decimal("1.09")).quantize(Decimal("0.01"))
    prices = "".join(
        f"{i8}<Price>\n"
        + _element("PriceType", price_type, i10)
        + _element("PriceAmount", amount, i10)
        + _element("CurrencyCode", "EUR", i10)
        + f"{i10}<Territory>\n"
        + _element("CountriesIncluded", "LT", i10 + "  ")
        + f"{i10}</Territory>\n"
        + f"{i8}</Price>\n"
        for price_type, amount in (("01", without_vat), ("02", with_vat))
    )
    return (
        "  <Product>\n"
        + _element("RecordReference", f"lt.raidziunamai.onix.{number:05d}", i4)
        + _element("NotificationType", "03", i4)
        + f"{i4}<ProductIdentifier>\n"
        + _element("ProductIDType", "15", i6)
        + _element("IDValue", isbn, i6)
        + f"{i4}</ProductIdentifier>\n"
        + f"{i4}<DescriptiveDetail>\n"
        + _element("ProductComposition", "00", i6)
        + _element("ProductForm", "BB" if number % 3 == 0 else "BC", i6)
        + title
        + contributor
        + f"{i6}<NoEdition/>\n"
        + f"{i6}<Language>\n"
        + _element("LanguageRole", "01", i8)
        + _element("LanguageCode", "lit", i8)
        + f"{i6}</Language>\n"
        + f"{i6}<Extent>\n"
        + _element("ExtentType", "00", i8)
        + _element("ExtentValue", book["pages"], i8)
        + _element("ExtentUnit", "03", i8)
        + f"{i6}</Extent>\n"
        + subjects
        + f"{i4}</DescriptiveDetail>\n"
        + f"{i4}<PublishingDetail>\n"
        + f"{i6}<Publisher>\n"
        + _element("PublishingRole", "01", i8)
        + _element("PublisherName", book["publisher"], i8)
        + f"{i6}</Publisher>\n"
        + _element("CountryOfPublication", "LT", i6)
        + _element("PublishingStatus", "04", i6)
        + f"{i6}<PublishingDate>\n"
        + _element("PublishingDateRole", "01", i8)
        + f'{i8}<Date dateformat="05">{book["year"]}</Date>\n'
        + f"{i6}</PublishingDate>\n"
        + f"{i4}</PublishingDetail>\n"
        + f"{i4}<ProductSupply>\n"
        + f"{i6}<SupplyDetail>\n"
        + f"{i8}<Supplier>\n"
        + _element("SupplierRole", "01", i10)
        + _element("SupplierName", "UAB „Raidžių namai“", i10)
        + f"{i8}</Supplier>\n"
        + _element("ProductAvailability", "21" if book["available"] else "40", i8)
        + prices
        + f"{i6}</SupplyDetail>\n"
        + f"{i4}</ProductSupply>\n"
        + "  </Product>\n"
    )


def onix30_catalogue(books: list[dict], rng: random.Random) -> bytes:
    """An ONIX 3.0 message (reference tags, 3.0 namespace) offering `books`, plus two
    products the import must refuse: one with a mistyped ISBN, one without a title."""
    header = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<ONIXMessage xmlns="http://ns.editeur.org/onix/3.0/reference" release="3.0">\n'
        "  <Header>\n"
        "    <Sender>\n"
        "      <SenderName>UAB „Raidžių namai“</SenderName>\n"
        "      <EmailAddress>uzsakymai@raidziunamai.example.lt</EmailAddress>\n"
        "    </Sender>\n"
        f"    <SentDateTime>{timezone.now():%Y%m%dT%H%M%S}+0200</SentDateTime>\n"
        "    <MessageNote>Demonstracinis katalogas</MessageNote>\n"
        "  </Header>\n"
    )
    products = [_onix_product(n, book) for n, book in enumerate(books, start=1)]
    bad_isbn = dict(
        books[0], isbn=books[0]["isbn"][:-1] + str((int(books[0]["isbn"][-1]) + 1) % 10)
    )
    no_title = dict(books[1], isbn=isbn13(39_999), title="")
    position = rng.randint(10, len(products) - 10)
    products[position:position] = [
        _onix_product(900, bad_isbn),
        _onix_product(901, no_title).replace("<TitleText></TitleText>\n", ""),
    ]
    return (header + "".join(products) + "</ONIXMessage>\n").encode()


def csv_catalogue(books: list[dict], rng: random.Random) -> bytes:
    """The second supplier's price list: semicolon-separated, prices with a decimal
    comma, as a Lithuanian spreadsheet saves it; the Lithuanian-author column says "taip"
    or "ne", or is left blank for some titles."""
    out = io.StringIO()
    out.write(
        "Prekės kodas;ISBN;Pavadinimas;Paantraštė;Autorius;Leidykla;Metai;Kaina, EUR;"
        "Prieinamumas;Lietuvių autorius\n"
    )
    for n, book in enumerate(books, start=1):
        lithuanian = "taip" if book["country"] == "LT" else "ne"
        if rng.random() < 0.15:
            lithuanian = ""  # the supplier did not say
        # The second supplier sells a little dearer or cheaper than the first.
        price = (book["price"] * Decimal(rng.choice(("0.95", "1.00", "1.04")))).quantize(
            Decimal("0.01")
        )
        isbn = book["isbn"]
        hyphenated = f"{isbn[:3]}-{isbn[3:6]}-{isbn[6:12]}-{isbn[12]}"
        fields = [
            f"PK-{n:05d}",
            hyphenated if n % 2 else isbn,
            book["title"],
            book["subtitle"],
            f"{book['surname']}, {book['given']}",
            book["publisher"],
            str(book["year"]),
            f"{price:.2f}".replace(".", ","),
            "yra" if book["available"] else "išparduota",
            lithuanian,
        ]
        out.write(";".join(fields) + "\n")
    out.write("PK-99999;978-609-000000-0;Klaidingas ISBN;;;;;9,99;yra;\n")
    return out.getvalue().encode("utf-8")


# Who orders -------------------------------------------------------------------------------


def _orderers(count: int) -> list[tuple[Library, User]]:
    """Member public libraries with their director's account (see
    `members.demo.directors_with_sign_in`), the demo representative's library first."""
    return directors_with_sign_in(count)


def _open_round_libraries(orderers: list[tuple[Library, User]]) -> list[tuple[Library, User]]:
    """The open round's libraries: the demo representative's first (it orders), then the
    libraries after the closed round's, then some of the closed round's."""
    first, rest = orderers[:1], orderers[1:]
    later = rest[CLOSED_LIBRARIES - 1 :] + rest[: CLOSED_LIBRARIES - 1]
    return (first + later)[:OPEN_BUDGETS]


# Rounds ------------------------------------------------------------------------------------


def _round_create(
    *,
    name: str,
    suppliers: list[Supplier],
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
    tiers: tuple[tuple[int, str], ...],
    libraries: list[Library],
    rng: random.Random,
    admin: User | None,
    **fields: object,
) -> Round:
    from lrba.acquisition.services.rounds import round_open

    round_ = Round(name=name, opens_at=opens_at, closes_at=closes_at, created_by=admin, **fields)
    round_.full_clean()
    round_.save()
    round_.suppliers.set(suppliers)
    for min_copies, discount in tiers:
        tier = DiscountTier(round=round_, min_copies=min_copies, discount_percent=Decimal(discount))
        tier.full_clean()
        tier.save()
    for library in libraries:
        budget = RoundBudget(
            round=round_, library=library, amount=Decimal(rng.randrange(1500, 4001, 250))
        )
        budget.full_clean()
        budget.save()
    return round_open(round=round_, user=admin)


def _order(
    round_: Round, library: Library, user: User, offers: list[Offer], count: int, rng: random.Random
) -> int:
    """`count` of `offers` for `library` through the ordering service, 1–4 copies each."""
    from lrba.acquisition.services.ordering import order_line_set

    for offer in rng.sample(offers, count):
        order_line_set(
            round=round_, library=library, offer=offer, quantity=rng.randint(1, 4), user=user
        )
    return count


def _orderable(suppliers: list[Supplier]) -> list[Offer]:
    return list(
        Offer.objects.filter(supplier__in=suppliers, is_available=True, price__isnull=False)
        .select_related("title")
        .order_by("title__isbn", "supplier__code")
    )


def _load_closed_round(
    suppliers: list[Supplier],
    orderers: list[tuple[Library, User]],
    rng: random.Random,
    admin: User | None,
) -> int:
    """Ordered while it was open, closed through the closing service, then dated back."""
    from lrba.acquisition.services.closing import round_close

    now = timezone.now()
    round_ = _round_create(
        name=f"{(now - datetime.timedelta(days=45)).year} m. bendrojo pirkimo I etapas",
        description="Grožinė ir vaikų literatūra viešosioms bibliotekoms.",
        suppliers=suppliers,
        opens_at=now - datetime.timedelta(days=75),
        closes_at=now + datetime.timedelta(hours=1),
        tiers=((40, "5.00"), (100, "10.00"), (250, "15.00")),
        libraries=[library for library, _user in orderers],
        rng=rng,
        admin=admin,
        min_copies_per_title=2,
        min_copies_per_order=20,
        funding_rules="Ne mažiau kaip 40 % lėšų – lietuvių autorių knygoms "
        "(Kultūros ministerijos dokumentų įsigijimo lėšos).",
        lithuanian_authors_target=Decimal("40.00"),
    )
    offers = _orderable(suppliers)
    lines = 0
    for library, user in orderers:
        lines += _order(round_, library, user, offers, rng.randint(4, 7), rng)
    round_close(round=round_, user=admin)
    # Back to when it happened: it closed 45 days ago.
    closed = now - datetime.timedelta(days=45)
    Round.objects.filter(pk=round_.pk).update(closes_at=closed, closed_at=closed)
    return lines


def _load_open_round(
    suppliers: list[Supplier],
    libraries: list[tuple[Library, User]],
    rng: random.Random,
    admin: User | None,
) -> int:
    now = timezone.now()
    round_ = _round_create(
        name=f"{now.year} m. bendrojo pirkimo II etapas",
        description="Naujos lietuvių autorių knygos ir vertimai vaikams bei jaunimui.",
        suppliers=suppliers,
        opens_at=now - datetime.timedelta(days=9),
        closes_at=now + datetime.timedelta(days=5),
        tiers=((30, "5.00"), (100, "10.00"), (200, "15.00")),
        libraries=[library for library, _user in libraries],
        rng=rng,
        admin=admin,
        min_copies_per_title=2,
        funding_rules="Ne mažiau kaip 40 % lėšų – lietuvių autorių knygoms.",
        lithuanian_authors_target=Decimal("40.00"),
    )
    offers = _orderable(suppliers)
    lines = 0
    for library, user in libraries[:OPEN_ORDERING]:
        lines += _order(round_, library, user, offers, rng.randint(3, 5), rng)
    return lines


# Holdings -----------------------------------------------------------------------------------


def _load_holdings(
    books: list[dict], orderers: list[tuple[Library, User]], rng: random.Random
) -> int:
    """Uploaded holdings of every other ordering library: some of the catalogues' ISBNs
    (so the overlap shows) and some older books outside them."""
    rows = []
    for library, _user in orderers[::2]:
        isbns = {book["isbn"] for book in rng.sample(books, 12)}
        isbns |= {isbn13(50_000 + rng.randrange(2_000)) for _ in range(20)}
        rows += [
            Holding(library=library, isbn=isbn, source=Holding.Source.UPLOAD) for isbn in isbns
        ]
    Holding.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)
