"""A joint buying round, clicked through: the secretariat imports a supplier's ONIX
catalogue and opens a prepared round; the representatives of two member libraries (of
one county) search the round's offers, see which titles other libraries already hold,
and order within their budgets; the discount tier rises as their orders add up, and an
order beyond the budget is refused; the secretariat closes the round and downloads the
supplier's consolidated XLSX and a library's MARC file, which reads back with pymarc."""

import datetime as dt
import io
import re
from decimal import Decimal

import openpyxl
import pymarc
import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from lrba.accounts.tests.factories import email_verify
from lrba.acquisition.models import (
    CatalogueImport,
    OrderLine,
    Round,
    Supplier,
    SupplierOrder,
    Title,
)
from lrba.acquisition.tests.factories import (
    DiscountTierFactory,
    HoldingFactory,
    RoundBudgetFactory,
)
from lrba.core.models import Municipality
from lrba.members.tests.factories import LibraryFactory, MembershipFactory
from tests.e2e.conftest import PERSONA_PASSWORD
from tests.e2e.helpers import assert_no_axe_violations, lt, save_screenshot, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DESKTOP = {"width": 1280, "height": 900}

# Three products of an ONIX 3.0 message, in the shape of EDItEUR's sample, priced in euros.
PRODUCTS = [
    ("9786090100001", "Bibliotekų vasara", "Aukštaitė, Alė", "12.00"),
    ("9786090100025", "Žemaičių krašto pasakos", "Žemaitis, Jonas", "8.50"),
    ("9786090100049", "Skaitymo iššūkis", "Biliūnė, Rūta", "15.00"),
]
HELD_ISBN = PRODUCTS[1][0]  # another library of the county already holds it


def _isbn_ok(isbn: str) -> str:
    body = isbn[:12]
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


PRODUCTS = [(_isbn_ok(isbn), *rest) for isbn, *rest in PRODUCTS]
HELD_ISBN = PRODUCTS[1][0]


def onix_message() -> bytes:
    products = "".join(
        f"""
  <Product>
    <RecordReference>tiekejas.{isbn}</RecordReference>
    <NotificationType>03</NotificationType>
    <ProductIdentifier><ProductIDType>15</ProductIDType><IDValue>{isbn}</IDValue></ProductIdentifier>
    <DescriptiveDetail>
      <ProductComposition>00</ProductComposition>
      <ProductForm>BB</ProductForm>
      <TitleDetail><TitleType>01</TitleType>
        <TitleElement><TitleElementLevel>01</TitleElementLevel><TitleText>{title}</TitleText></TitleElement>
      </TitleDetail>
      <Contributor><SequenceNumber>1</SequenceNumber><ContributorRole>A01</ContributorRole>
        <PersonNameInverted>{author}</PersonNameInverted></Contributor>
      <Language><LanguageRole>01</LanguageRole><LanguageCode>lit</LanguageCode></Language>
    </DescriptiveDetail>
    <PublishingDetail>
      <Publisher><PublishingRole>01</PublishingRole>
        <PublisherName>Alma littera</PublisherName></Publisher>
      <PublishingDate><PublishingDateRole>01</PublishingDateRole><Date>20260901</Date></PublishingDate>
    </PublishingDetail>
    <ProductSupply><SupplyDetail>
      <Supplier><SupplierRole>01</SupplierRole>
        <SupplierName>Knygų tiekėjas</SupplierName></Supplier>
      <ProductAvailability>21</ProductAvailability>
      <Price><PriceType>02</PriceType><PriceAmount>{price}</PriceAmount>
        <CurrencyCode>EUR</CurrencyCode></Price>
    </SupplyDetail></ProductSupply>
  </Product>"""
        for isbn, title, author, price in PRODUCTS
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<ONIXMessage release="3.0" xmlns="http://ns.editeur.org/onix/3.0/reference">\n'
        "  <Header><Sender><SenderName>Knygų tiekėjas</SenderName></Sender>"
        "<SentDateTime>20261101T0900</SentDateTime></Header>"
        f"{products}\n</ONIXMessage>\n"
    ).encode()


@pytest.fixture
def round_ready(library_a, library_b, alice, carol):
    """Akmenė's and Kelmė's libraries, both in Šiauliai county (Alė and Karolina represent
    them), with 40 € each in a prepared round: 5 % from 4 copies, 10 % from 8. A third
    library of the county already holds one of the titles."""
    county_code = Municipality.objects.get(code="akmenes-rajono").county_id
    library_a.municipality = Municipality.objects.get(code="akmenes-rajono")
    library_a.save()
    library_b.municipality = Municipality.objects.get(code="kelmes-rajono")
    library_b.save()
    holder = LibraryFactory(
        name="Joniškio rajono savivaldybės viešoji biblioteka",
        municipality=Municipality.objects.get(code="joniskio-rajono"),
    )
    MembershipFactory(library=holder)
    HoldingFactory(library=holder, isbn=HELD_ISBN)
    email_verify(alice)
    email_verify(carol)
    supplier = Supplier.objects.create(code="knygu-tiekejas", name="UAB „Knygų tiekėjas“")
    round_ = Round.objects.create(
        name="2026 m. rudens bendras pirkimas",
        status=Round.Status.DRAFT,
        opens_at=timezone.now() - dt.timedelta(hours=1),
        closes_at=timezone.now() + dt.timedelta(days=14),
    )
    round_.suppliers.set([supplier])
    DiscountTierFactory(round=round_, min_copies=4, discount_percent=Decimal("5.00"))
    DiscountTierFactory(round=round_, min_copies=8, discount_percent=Decimal("10.00"))
    RoundBudgetFactory(round=round_, library=library_a, amount=Decimal("40.00"))
    RoundBudgetFactory(round=round_, library=library_b, amount=Decimal("40.00"))
    assert county_code == library_b.municipality.county_id
    return {"supplier": supplier, "round": round_}


def new_page(browser: Browser, live_server) -> Page:
    context = browser.new_context(
        base_url=live_server.url, locale="lt-LT", timezone_id="Europe/Vilnius", viewport=DESKTOP
    )
    context.set_default_timeout(15_000)
    return context.new_page()


def button(page: Page, msgid: str):
    return page.get_by_role("button", name=re.compile(re.escape(lt(msgid)), re.IGNORECASE))


def order_copies(page: Page, query: str, title: str, copies: int) -> None:
    """Search the round's offers for `query` and order `copies` of `title`."""
    page.get_by_label(re.compile(re.escape(lt("Title, author, ISBN or any word")), re.I)).fill(
        query
    )
    page.locator("main form[role=search] button[type=submit]").click()
    # The search also runs as one types (htmx, after a pause): let every request land
    # before typing the copies, or a late one would redraw the results over them.
    page.wait_for_load_state("networkidle")
    result = page.locator("#order-results li, #order-results article, #order-results tr").filter(
        has_text=title
    )
    expect(result.first).to_be_visible()
    result.first.locator("input[name=quantity]").fill(str(copies))
    result.first.locator("form.order-add button[type=submit]").click()


def test_a_round_from_catalogue_import_to_the_suppliers_order(
    page: Page,
    browser: Browser,
    live_server,
    round_ready,
    library_a,
    library_b,
    alice,
    carol,
    secretary,
    secretary_totp_secret,
):
    supplier, round_ = round_ready["supplier"], round_ready["round"]
    staff = page
    sign_in(staff, secretary.email, PERSONA_PASSWORD, totp_secret=secretary_totp_secret)

    # The secretariat imports the supplier's ONIX catalogue.
    staff.goto(reverse("acquisition:import_new", args=[supplier.pk]))
    staff.locator("input[type=file]").set_input_files(
        files=[{"name": "katalogas.xml", "mimeType": "text/xml", "buffer": onix_message()}]
    )
    button(staff, "Import").first.click()
    expect(staff).to_have_url(re.compile(r"/komplektavimas/importai/\d+/"))
    imported = CatalogueImport.objects.get()
    expect(staff.locator("main")).to_contain_text(imported.get_status_display())
    imported.refresh_from_db()
    assert imported.status == CatalogueImport.Status.DONE, imported.error
    assert (imported.titles_new, imported.rejected) == (3, 0)
    assert Title.objects.count() == 3
    assert_no_axe_violations(staff)
    save_screenshot(staff, "acquisition-import", full_page=True)

    # … and opens the prepared round.
    staff.goto(reverse("acquisition:round_staff", args=[round_.pk]))
    staff.get_by_role("link", name=lt("Open the round")).click()
    staff.locator("input[name=confirm]").check()
    button(staff, "Open the round for orders").click()
    expect(staff).to_have_url(re.compile(rf"/sekretoriatas/etapai/{round_.pk}/$"))
    round_.refresh_from_db()
    assert round_.status == Round.Status.OPEN

    # Akmenė's representative searches the round's offers: the overlap shows that another
    # library of the county holds the fairy tales; she orders 3 copies of them.
    alice_page = new_page(browser, live_server)
    sign_in(alice_page, alice.email, PERSONA_PASSWORD)
    alice_page.goto(reverse("acquisition:round_list"))
    expect(alice_page.locator("main")).to_contain_text(round_.name)
    alice_page.locator("main").get_by_role(
        "link", name=re.compile(re.escape(library_a.name))
    ).first.click()
    expect(alice_page.locator("h1")).to_contain_text(round_.name)
    fairy_tales = PRODUCTS[1][1]
    alice_page.get_by_label(
        re.compile(re.escape(lt("Title, author, ISBN or any word")), re.I)
    ).fill("pasakos")
    alice_page.locator("main form[role=search] button[type=submit]").click()
    expect(alice_page.locator("#order-results")).to_contain_text(fairy_tales)
    held = lt("Held by other libraries: %(county)s in the county, %(country)s in the country.")
    expect(alice_page.locator("#order-results")).to_contain_text(held % {"county": 1, "country": 1})
    assert_no_axe_violations(alice_page)
    order_copies(alice_page, "pasakos", fairy_tales, 3)
    my_order = alice_page.locator("#my-order")
    expect(my_order.locator("table.order-lines")).to_contain_text(fairy_tales)
    expect(my_order).to_contain_text("25,50")  # 3 × 8,50 €
    expect(my_order).to_contain_text(lt("none yet"))  # 3 copies: no tier yet
    save_screenshot(alice_page, "acquisition-order", full_page=True)

    # Kelmė's representative orders 2 copies of the summer book: the round has 5 copies,
    # the first tier (5 %) is reached.
    carol_page = new_page(browser, live_server)
    sign_in(carol_page, carol.email, PERSONA_PASSWORD)
    carol_page.goto(reverse("acquisition:order", args=[round_.pk, library_b.pk]))
    summer = PRODUCTS[0][1]
    order_copies(carol_page, "vasara", summer, 2)
    carol_order = carol_page.locator("#my-order")
    expect(carol_order.locator("table.order-lines")).to_contain_text(summer)
    expect(carol_order).to_contain_text(re.compile(r"5[,.]00\s%"))
    # Beyond the budget (40 €): 4 copies of the 15 € book on top of 24 € is refused.
    challenge = PRODUCTS[2][1]
    order_copies(carol_page, "iššūkis", challenge, 4)
    expect(carol_order.locator(".message--error")).to_be_visible()
    assert not OrderLine.objects.filter(library=library_b, offer__title__title=challenge).exists()
    # One copy fits.
    order_copies(carol_page, "iššūkis", challenge, 1)
    expect(carol_order.locator("table.order-lines")).to_contain_text(challenge)
    assert sum(line.amount for line in OrderLine.objects.filter(library=library_b)) == Decimal(
        "39.00"
    )

    # The tier has risen on Akmenė's page too.
    alice_page.reload()
    expect(alice_page.locator("#my-order")).to_contain_text(re.compile(r"5[,.]00\s%"))

    # The secretariat closes the round: one consolidated order for the supplier.
    staff.goto(reverse("acquisition:round_staff", args=[round_.pk]))
    staff.get_by_role("link", name=lt("Close the round")).click()
    staff.locator("input[name=confirm]").check()
    button(staff, "Close the round").click()
    expect(staff).to_have_url(re.compile(rf"/sekretoriatas/etapai/{round_.pk}/$"))
    order = SupplierOrder.objects.get()
    assert (order.copies, order.discount_percent) == (6, Decimal("5.00"))
    assert_no_axe_violations(staff)
    save_screenshot(staff, "acquisition-round-closed", full_page=True)

    # The supplier's XLSX: every title with its copies.
    with staff.expect_download() as download_info:
        staff.locator(
            f"a[href='{reverse('acquisition:supplier_order_download', args=[order.pk, 'xlsx'])}']"
        ).click()
    workbook = openpyxl.load_workbook(io.BytesIO(download_info.value.path().read_bytes()))
    cells = [
        str(cell)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    ]
    for _isbn, title, _author, _price in PRODUCTS:
        assert any(title in cell for cell in cells), title
    assert library_a.name in cells and library_b.name in cells

    # Akmenė's MARC file, downloaded from its order page, reads back with pymarc.
    alice_page.reload()
    with alice_page.expect_download() as marc_download:
        alice_page.get_by_role("link", name="ISO 2709 (.mrc)").click()
    with open(marc_download.value.path(), "rb") as marc_file:
        records = list(pymarc.MARCReader(marc_file, to_unicode=True, force_utf8=True))
    assert len(records) == 1
    record = records[0]
    assert record["020"]["a"].startswith(HELD_ISBN)
    assert fairy_tales in record["245"]["a"]
    alice_page.context.close()
    carol_page.context.close()
