"""Finance, from the fee to the arrears: the secretariat sets the year's fee schedule and
runs the yearly invoices in the background; a library's director sees the invoice on "My
library" and downloads its PDF and its e-invoice (UBL, EN 16931); the secretariat imports
the bank's camt.053 statement, in which one payment carries the invoice's RF reference
(matched automatically: the invoice becomes paid) and another matches nothing (matched by
hand from the queue); the member that did not pay is on the arrears list and gets a
reminder. Then support: an item of support received is recorded and used, and the FR0478
annual figures show it."""

import datetime
import io
import os
import re
import subprocess
import tempfile
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from playwright.sync_api import Browser, Locator, Page, expect

from lrba.finance.models import (
    BankEntry,
    FinanceSettings,
    Invoice,
    Reminder,
    SupportReceived,
    SupportUse,
)
from lrba.members.tests.factories import (
    EmploymentFactory,
    LibraryFactory,
    MembershipFactory,
    PersonFactory,
)
from tests.e2e.conftest import PERSONA_PASSWORD
from tests.e2e.helpers import (
    SCREENSHOTS_DIR,
    assert_no_axe_violations,
    assert_no_horizontal_scroll,
    lt,
    save_screenshot,
    sign_in,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

FEE_NAME = "Nario mokestis"
FEE_DECISION = "VNS 2026-04-18 nutarimas Nr. VNS-2026-3"
RATE = Decimal("120.00")
DUSETOS = "Dusetų Kazimiero Būgos viešoji biblioteka"
DUSETOS_DIRECTOR_EMAIL = "dusetos@example.lt"
DUSETOS_IBAN = "LT397300010145678901"
AKMENE_IBAN = "LT947044060007912345"
ASSOCIATION_IBAN = "LT121000011101001000"
DONOR = "UAB „Knygų namai“"
DONOR_CODE = "302512340"
# The tests run background tasks at once, inside the request that enqueues them (the first
# PDF WeasyPrint draws in a process takes seconds): the submit buttons that start them wait
# longer for the next page.
TASK_TIMEOUT = 90_000
PHONE = {"width": 360, "height": 740}


def new_page(browser: Browser, live_server, viewport: dict | None = None) -> Page:
    context = browser.new_context(
        base_url=live_server.url,
        locale="lt-LT",
        timezone_id="Europe/Vilnius",
        viewport=viewport or {"width": 1280, "height": 900},
    )
    context.set_default_timeout(10_000)
    return context.new_page()


def label(msgid: str) -> re.Pattern[str]:
    """A form field's label as the page shows it: the Lithuanian text, first letter in
    capitals (Django's forms), perhaps followed by the required-field star."""
    return re.compile(rf"^\s*{re.escape(capfirst(lt(msgid)))}\s*\*?\s*$", re.IGNORECASE)


def field(scope: Page | Locator, msgid: str) -> Locator:
    return scope.get_by_label(label(msgid))


def button(scope: Page | Locator, msgid: str) -> Locator:
    return scope.get_by_role("button", name=re.compile(re.escape(lt(msgid)), re.IGNORECASE))


def see_success(page: Page) -> None:
    expect(page.locator(".message--success").first).to_be_visible()


def money(amount: Decimal) -> str:
    """An amount as typed into a Lithuanian form: "120,00"."""
    return f"{amount:.2f}".replace(".", ",")


def amount_fill(locator: Locator, amount: Decimal | str) -> None:
    """Type an amount the way the field takes it: a number field wants a decimal point, a
    text field the Lithuanian comma."""
    if locator.get_attribute("type") == "number":
        locator.fill(f"{Decimal(amount):.2f}")
    else:
        locator.fill(money(Decimal(amount)))


def shown(amount: Decimal | str) -> re.Pattern[str]:
    """An amount as a page may show it: "1 500,00 €", "1500,00" (any space between the
    thousands), or with a decimal point."""
    whole, cents = f"{Decimal(amount):.2f}".split(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return re.compile(r"[\s\u00a0\u202f]?".join(groups) + rf"[,.]{cents}")


def camt053(*, account: str, booked: datetime.date, entries: list[dict]) -> bytes:
    """A bank-to-customer statement, ISO 20022 camt.053.001.02, as a Lithuanian bank's
    internet bank exports it: credits with the payer's name and account, and either a
    structured creditor reference (RF) or a free-text payment purpose."""
    total = sum((e["amount"] for e in entries), Decimal(0))
    items = []
    for n, e in enumerate(entries, start=1):
        if e.get("reference"):
            remittance = (
                "<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry>"
                "<Issr>ISO</Issr></Tp>"
                f"<Ref>{escape(e['reference'])}</Ref></CdtrRefInf></Strd>"
            )
        else:
            remittance = f"<Ustrd>{escape(e['text'])}</Ustrd>"
        items.append(
            f"""
      <Ntry>
        <NtryRef>{n}</NtryRef>
        <Amt Ccy="EUR">{e["amount"]:.2f}</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        <Sts>BOOK</Sts>
        <BookgDt><Dt>{booked:%Y-%m-%d}</Dt></BookgDt>
        <ValDt><Dt>{booked:%Y-%m-%d}</Dt></ValDt>
        <AcctSvcrRef>E2E-{booked:%Y%m%d}-{n:04d}</AcctSvcrRef>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls>
          <TxDtls>
            <Refs><AcctSvcrRef>E2E-{booked:%Y%m%d}-{n:04d}</AcctSvcrRef><EndToEndId>E2E{n:08d}</EndToEndId></Refs>
            <AmtDtls><TxAmt><Amt Ccy="EUR">{e["amount"]:.2f}</Amt></TxAmt></AmtDtls>
            <RltdPties>
              <Dbtr><Nm>{escape(e["payer"])}</Nm></Dbtr>
              <DbtrAcct><Id><IBAN>{e["iban"]}</IBAN></Id></DbtrAcct>
            </RltdPties>
            <RmtInf>{remittance}</RmtInf>
          </TxDtls>
        </NtryDtls>
      </Ntry>"""
        )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"
          xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <BkToCstmrStmt>
    <GrpHdr>
      <MsgId>E2E-STMT-{booked:%Y%m%d}</MsgId>
      <CreDtTm>{booked:%Y-%m-%d}T18:00:00+02:00</CreDtTm>
    </GrpHdr>
    <Stmt>
      <Id>E2E-{booked:%Y%m%d}</Id>
      <ElctrncSeqNb>1</ElctrncSeqNb>
      <CreDtTm>{booked:%Y-%m-%d}T18:00:00+02:00</CreDtTm>
      <FrToDt>
        <FrDtTm>{booked:%Y-%m-%d}T00:00:00+02:00</FrDtTm>
        <ToDtTm>{booked:%Y-%m-%d}T23:59:59+02:00</ToDtTm>
      </FrToDt>
      <Acct>
        <Id><IBAN>{account}</IBAN></Id>
        <Ccy>EUR</Ccy>
        <Svcr><FinInstnId><BIC>HABALT22</BIC></FinInstnId></Svcr>
      </Acct>
      <Bal>
        <Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp>
        <Amt Ccy="EUR">1000.00</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        <Dt><Dt>{booked:%Y-%m-%d}</Dt></Dt>
      </Bal>
      <Bal>
        <Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp>
        <Amt Ccy="EUR">{Decimal("1000.00") + total:.2f}</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        <Dt><Dt>{booked:%Y-%m-%d}</Dt></Dt>
      </Bal>
      <TxsSummry>
        <TtlNtries><NbOfNtries>{len(entries)}</NbOfNtries><Sum>{total:.2f}</Sum></TtlNtries>
      </TxsSummry>{"".join(items)}
    </Stmt>
  </BkToCstmrStmt>
</Document>
""".encode()


def pdf_screenshot(pdf: bytes, name: str) -> None:
    """The invoice's PDF, first page, as docs/screenshots/<name>.png (LRBA_SCREENSHOTS=1),
    drawn by poppler's pdftoppm when it is installed."""
    if os.environ.get("LRBA_SCREENSHOTS") != "1" or not Path("/usr/bin/pdftoppm").exists():
        return
    from PIL import Image

    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "invoice.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            [
                "/usr/bin/pdftoppm",
                "-png",
                "-r",
                "80",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(source),
                str(Path(folder) / "page"),
            ],
            check=True,
            timeout=60,
        )
        image = Image.open(Path(folder) / "page.png")
        image = image.convert("RGB").quantize(256, method=Image.Quantize.MEDIANCUT)
        SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
        image.save(SCREENSHOTS_DIR / f"{name}.png", optimize=True)


@pytest.fixture
def members(settings, tmp_path, library_a, library_b, alice, carol):
    """Three member libraries paying the municipal public libraries' fee: Akmenė (its
    director Alė has an account), Biržai (Karolina represents it by mandate) and Dusetos
    (its director has an e-mail address, no account)."""
    settings.MEDIA_ROOT = tmp_path  # the invoices' PDFs and the uploaded statement
    # The requisites an invoice prints and its e-invoice must carry.
    settings.LRBA_ASSOCIATION_LEGAL_ENTITY_CODE = "191696732"
    settings.LRBA_ASSOCIATION_ADDRESS = "Aušros al. 62, LT-76295 Šiauliai"
    settings.LRBA_ASSOCIATION_BANK_ACCOUNT = ASSOCIATION_IBAN
    FinanceSettings.objects.filter(pk=FinanceSettings.current().pk).update(
        issuer_name="Simona Sekretorė",
        issuer_position="Sekretoriato vadovė",
        bank_name="AB SEB bankas",
        bic="CBVILT2X",
    )
    library_d = LibraryFactory(name=DUSETOS, slug="dusetu-biblioteka")
    MembershipFactory(library=library_d)
    director_d = PersonFactory(
        first_name="Danutė", last_name="Dūdienė", email=DUSETOS_DIRECTOR_EMAIL
    )
    EmploymentFactory(person=director_d, library=library_d, is_director=True)
    return library_a, library_b, library_d


def test_fees_invoices_statement_matching_and_arrears(
    page: Page,
    browser: Browser,
    live_server,
    members,
    secretary,
    secretary_totp_secret,
    alice,
    carol,
):
    library_a, library_b, library_d = members
    today = timezone.localdate()
    # Issued four months ago and due a month later: by now they are overdue.
    issue_date = today - datetime.timedelta(days=120)
    year = issue_date.year
    staff = page
    sign_in(staff, secretary.email, PERSONA_PASSWORD, totp_secret=secretary_totp_secret)

    # 1. The secretariat sets the year's fee schedule, as the General Meeting decided.
    # From the finance home (the back office's sidebar links to it).
    staff.goto(reverse("finance:index"))
    assert_no_axe_violations(staff)
    staff.locator("main").get_by_role(
        "link", name=lt("Fee schedules and the yearly invoices")
    ).click()
    staff.locator("main").get_by_role("link", name=lt("New fee")).click()
    assert_no_axe_violations(staff)
    field(staff, "year").fill(str(year))
    field(staff, "fee").fill(FEE_NAME)
    field(staff, "decision reference").fill(FEE_DECISION)
    # The amount of municipal public libraries (the other categories not invoiced).
    amount_fill(field(staff, "municipal public library"), RATE)
    button(staff, "Save the fee").click()
    see_success(staff)
    expect(staff.locator("h1")).to_have_text(f"{FEE_NAME} {year}")
    rates = staff.locator("section[aria-labelledby=rates-heading] tbody tr")
    expect(rates).to_have_count(1)
    expect(rates.first).to_contain_text(shown(RATE))
    assert_no_axe_violations(staff)
    save_screenshot(staff, "finance-fee-schedule", full_page=True)

    # 2. The yearly run: every member's invoice, issued in the background with progress.
    run_form = staff.locator("main form", has=button(staff, "Issue the year's invoices"))
    field(run_form, "invoice date").fill(issue_date.isoformat())
    button(run_form, "Issue the year's invoices").click(timeout=TASK_TIMEOUT)
    see_success(staff)
    progress = staff.locator("#run-progress")
    expect(progress.locator("#progress-heading")).to_have_text(lt("done"), timeout=30_000)
    expect(progress).to_contain_text(lt("%(done)s of %(total)s members") % {"done": 3, "total": 3})
    invoices = {
        invoice.library_id: invoice
        for invoice in Invoice.objects.filter(fee_schedule__year=year, fee_schedule__name=FEE_NAME)
    }
    assert set(invoices) == {library_a.pk, library_b.pk, library_d.pk}
    for invoice in invoices.values():
        assert invoice.status == Invoice.Status.ISSUED and invoice.total == RATE
        assert invoice.reference.startswith("RF") and invoice.is_overdue()
    assert_no_axe_violations(staff)
    save_screenshot(staff, "finance-invoice-run", full_page=True)
    invoice_a, invoice_b, invoice_d = (
        invoices[library_a.pk],
        invoices[library_b.pk],
        invoices[library_d.pk],
    )
    # E-mailed to the representatives, the PDF and the e-invoice attached.
    to_alice = [m for m in mail.outbox if alice.email in m.to]
    assert to_alice, [m.to for m in mail.outbox]
    attached = [name for name, *_rest in to_alice[0].attachments]
    assert any(name.endswith(".pdf") for name in attached), attached
    assert any(name.endswith(".xml") for name in attached), attached
    # Biržai's to its mandate holder, Dusetos' to its director (who has no account).
    assert any(carol.email in m.to for m in mail.outbox)
    assert any(DUSETOS_DIRECTOR_EMAIL in m.to for m in mail.outbox)

    # Running it again issues nothing more.
    staff.goto(reverse("finance:fee_schedule_detail", kwargs={"pk": invoice_a.fee_schedule_id}))
    run_form = staff.locator("main form", has=button(staff, "Issue the year's invoices"))
    field(run_form, "invoice date").fill(issue_date.isoformat())
    button(run_form, "Issue the year's invoices").click(timeout=TASK_TIMEOUT)
    progress = staff.locator("#run-progress")
    expect(progress.locator("#progress-heading")).to_have_text(lt("done"), timeout=30_000)
    expect(progress.locator("dd").first).to_have_text("0")
    assert Invoice.objects.filter(fee_schedule=invoice_a.fee_schedule).count() == 3

    # 3. Akmenė's director sees the invoice on "My library" and downloads its documents.
    director = new_page(browser, live_server)
    sign_in(director, alice.email, PERSONA_PASSWORD)
    director.goto(reverse("members:my_library"))
    section = director.locator("section[aria-labelledby=invoices]")
    row = section.locator("tbody tr", has_text=invoice_a.display_number).first
    expect(row).to_contain_text(shown(RATE))
    expect(row).to_contain_text(lt("overdue"))
    # How to pay: the association's account and the invoice's RF reference.
    expect(section).to_contain_text("LT12 1000 0111 0100 1000")
    expect(section.locator("code", has_text=invoice_a.reference)).to_be_visible()
    # Not the other members' invoices.
    expect(director.locator("main")).not_to_contain_text(invoice_b.display_number)
    assert_no_axe_violations(director)
    save_screenshot(director, "finance-my-library-invoices", full_page=True)

    with director.expect_download() as download_info:
        row.get_by_role("link", name=re.compile(r"^PDF\b")).click()
    pdf = Path(download_info.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    pdf_screenshot(pdf, "finance-invoice-pdf")
    with director.expect_download() as download_info:
        row.get_by_role("link", name=re.compile(lt("e-invoice"), re.IGNORECASE)).click()
    ubl = Path(download_info.value.path()).read_bytes()
    assert b"urn:cen.eu:en16931:2017" in ubl and invoice_a.reference.encode() in ubl
    from lrba.finance.tests.ubl_validation import en16931_fatal_errors

    assert en16931_fatal_errors(ubl) == []

    # The invoice's own page, from its number.
    row.get_by_role("link", name=invoice_a.display_number, exact=True).click()
    expect(director.locator("h1")).to_contain_text(invoice_a.display_number)
    expect(director.locator("main")).to_contain_text(invoice_a.reference)
    expect(director.get_by_role("link", name=lt("Download the PDF"))).to_be_visible()
    assert_no_axe_violations(director)
    save_screenshot(director, "finance-my-invoice", full_page=True)

    # On a phone, the invoices fit the screen.
    director.set_viewport_size(PHONE)
    director.goto(reverse("members:my_library"))
    assert_no_horizontal_scroll(director)
    director.set_viewport_size({"width": 1280, "height": 900})

    # 4. The bank's statement: Akmenė paid by the RF reference; Dusetos wrote only words.
    booked = today - datetime.timedelta(days=3)
    statement = camt053(
        account=ASSOCIATION_IBAN,
        booked=booked,
        entries=[
            {
                "amount": RATE,
                "payer": library_a.name,
                "iban": AKMENE_IBAN,
                "reference": invoice_a.reference,
            },
            {
                "amount": RATE,
                "payer": "Dusetų biblioteka",
                "iban": DUSETOS_IBAN,
                "text": f"Nario mokestis už {year} metus",
            },
        ],
    )
    staff.goto(reverse("finance:statement_import_list"))
    assert_no_axe_violations(staff)
    upload = staff.locator("section[aria-labelledby=upload-heading] form")
    upload.locator("input[type=file]").set_input_files(
        files=[
            {
                "name": f"israsas-{booked:%Y%m%d}.xml",
                "mimeType": "application/xml",
                "buffer": statement,
            }
        ]
    )
    button(upload, "Import").click(timeout=TASK_TIMEOUT)
    progress = staff.locator("#import-progress")
    expect(progress.locator("#import-progress-heading")).to_have_text(
        lt("imported"), timeout=30_000
    )
    counts = {
        dt.inner_text().strip(): dd.inner_text().strip()
        for dt, dd in zip(
            progress.locator("dl.facts dt").all(),
            progress.locator("dl.facts dd").all(),
            strict=True,
        )
    }
    assert counts[lt("New entries")] == "2", counts
    assert counts[lt("Matched to invoices")] == "1", counts
    assert counts[lt("Refused")] == "0", counts
    assert BankEntry.objects.count() == 2
    assert_no_axe_violations(staff)
    save_screenshot(staff, "finance-statement-import", full_page=True)

    # 5. The RF payment matched Akmenė's invoice, which is paid.
    invoice_a.refresh_from_db()
    assert invoice_a.status == Invoice.Status.PAID and invoice_a.balance == 0
    staff.goto(reverse("finance:invoice_detail", kwargs={"pk": invoice_a.pk}))
    expect(staff.locator("h1 .badge")).to_have_text(lt("paid"))
    payment = staff.locator("section[aria-labelledby=settlement-heading] tbody tr")
    expect(payment).to_have_count(1)
    expect(payment).to_contain_text(lt("by payment reference"))
    expect(payment).to_contain_text(shown(RATE))
    assert_no_axe_violations(staff)
    save_screenshot(staff, "finance-invoice-detail", full_page=True)

    # 6. Dusetos' payment waits in the queue and is matched by hand.
    staff.goto(reverse("finance:statement_import_list"))
    staff.locator("main table").get_by_role("link", name=f"israsas-{booked:%Y%m%d}.xml").click()
    staff.get_by_role("link", name=lt("Entries waiting to be matched")).click()
    waiting = staff.locator("main tr", has_text="Dusetų biblioteka")
    expect(waiting).to_be_visible()
    expect(staff.locator("main")).not_to_contain_text(library_a.name)
    assert_no_axe_violations(staff)
    save_screenshot(staff, "finance-match-queue", full_page=True)
    waiting.get_by_role("link").first.click()
    entry = BankEntry.objects.get(counterparty_iban=DUSETOS_IBAN)
    assert entry.status == BankEntry.Status.UNMATCHED
    expect(staff.locator("h1")).to_contain_text(shown(RATE))
    # Dusetos' invoice is among the suggestions (the same amount); Akmenė's, paid, is not.
    suggestions = staff.locator("section[aria-labelledby=suggestions-heading]")
    expect(suggestions).to_contain_text(invoice_d.display_number)
    expect(suggestions).not_to_contain_text(invoice_a.display_number)
    assert_no_axe_violations(staff)
    save_screenshot(staff, "finance-entry-detail", full_page=True)
    match_form = staff.locator("section[aria-labelledby=match-heading] form")
    field(match_form, "Invoice").select_option(str(invoice_d.pk))
    amount_fill(field(match_form, "Amount, EUR"), RATE)
    button(match_form, "Match").click()
    see_success(staff)
    assert_no_axe_violations(staff)
    save_screenshot(staff, "finance-entry-matched", full_page=True)
    matches = staff.locator("section[aria-labelledby=matches-heading] tbody tr")
    expect(matches).to_have_count(1)
    expect(matches.first).to_contain_text(invoice_d.display_number)
    expect(matches.first).to_contain_text(lt("by hand"))
    # The queue is empty now.
    staff.get_by_role("link", name=lt("Payments to match")).first.click()
    expect(staff.locator("main")).to_contain_text(lt("No payment is waiting to be matched."))
    entry.refresh_from_db()
    invoice_d.refresh_from_db()
    assert entry.status == BankEntry.Status.MATCHED
    assert invoice_d.status == Invoice.Status.PAID

    # Akmenė's director sees the invoice paid, and nothing more to pay.
    director.reload()
    section = director.locator("section[aria-labelledby=invoices]")
    expect(section.locator("tbody tr", has_text=invoice_a.display_number)).to_contain_text(
        lt("paid")
    )
    expect(section).not_to_contain_text(lt("How to pay"))
    director.context.close()

    # 7. Biržai has not paid: it is on the arrears list, and the daily job reminds it.
    staff.goto(reverse("finance:arrears_list"))
    arrears = staff.locator("main tbody tr")
    expect(arrears).to_have_count(1)
    expect(arrears.first).to_contain_text(library_b.name)
    expect(arrears.first).to_contain_text(shown(RATE))
    expect(arrears.first).to_contain_text(invoice_b.display_number)
    assert invoice_b.due_date is not None
    days_overdue = (today - invoice_b.due_date).days
    expect(arrears.first.locator("td").nth(2)).to_have_text(str(days_overdue))
    expect(arrears.first.locator("td").nth(4)).to_have_text("—")  # no reminder yet
    # The accountant's copy of the list.
    csv = staff.request.get(reverse("finance:arrears_list") + "?format=csv")
    assert csv.ok and library_b.name in csv.text() and library_a.name not in csv.text()
    to_carol = [m for m in mail.outbox if carol.email in m.to]
    call_command("finance_reminders", stdout=io.StringIO())
    reminder = Reminder.objects.get(invoice=invoice_b)
    assert carol.email in reminder.recipients
    reminders = [m for m in mail.outbox if carol.email in m.to][len(to_carol) :]
    assert len(reminders) == 1, [m.subject for m in reminders]
    assert invoice_b.display_number in reminders[0].subject + str(reminders[0].body)
    assert invoice_b.reference in str(reminders[0].body).replace(" ", "")  # how to pay it
    # Nobody who paid is reminded.
    assert not Reminder.objects.filter(invoice__in=[invoice_a, invoice_d]).exists()
    # The daily job again: no second reminder of the same stage.
    call_command("finance_reminders", stdout=io.StringIO())
    assert Reminder.objects.filter(invoice=invoice_b).count() == 1
    staff.reload()
    expect(staff.locator("main tbody tr").first.locator("td").nth(4)).to_have_text(
        f"{reminder.sent_on:%Y-%m-%d}"
    )
    assert_no_axe_violations(staff)
    save_screenshot(staff, "finance-arrears", full_page=True)

    # The finance home sums it up: Biržai's 120 € overdue, nothing waiting to be matched.
    staff.goto(reverse("finance:index"))
    figures = staff.locator("main .stats__numbers li")
    expect(figures.nth(1)).to_contain_text(shown(RATE))
    expect(figures.nth(2).locator(".stat__value")).to_have_text(shown(0))
    assert_no_axe_violations(staff)
    save_screenshot(staff, "finance-index", full_page=True)


def test_support_recorded_used_and_in_the_fr0478_figures(
    page: Page, secretary, secretary_totp_secret
):
    today = timezone.localdate()
    staff = page
    sign_in(staff, secretary.email, PERSONA_PASSWORD, totp_secret=secretary_totp_secret)

    # Support received: money from a company (a new donor, described on the form), for a
    # purpose the statutes cover.
    staff.goto(reverse("finance:index"))
    staff.locator("main").get_by_role("link", name=lt("Support received"), exact=True).click()
    staff.locator("main").get_by_role("link", name=lt("Record support received")).click()
    assert_no_axe_violations(staff)
    form = staff.locator("main form")
    field(form, "Donor type").select_option("legal")
    field(form, "Donor's name").fill(DONOR)
    field(form, "Donor's legal-entity code").fill(DONOR_CODE)
    field(form, "received on").fill(today.isoformat())
    field(form, "object of support").select_option("money")
    field(form, "what was given").fill("Pinigai")
    amount_fill(field(form, "value, EUR"), "1500")
    field(form, "purpose").fill("Bibliotekininkų kvalifikacijos tobulinimas")
    field(form, "the purpose fits the statutes").check()
    button(form, "Record").click()
    see_success(staff)
    support = SupportReceived.objects.get(donor__code=DONOR_CODE)
    assert support.value == Decimal("1500.00") and support.donor.name == DONOR
    expect(staff.locator("h1")).to_contain_text(DONOR)

    # Used in part: the unused balance is what is left.
    use_form = staff.locator("section[aria-labelledby=use-heading] form")
    field(use_form, "used on").fill(today.isoformat())
    amount_fill(field(use_form, "amount, EUR"), "400")
    field(use_form, "purpose or activity").fill("Seminaro lektoriaus honoraras")
    button(use_form, "Record the use").click()
    see_success(staff)
    assert SupportUse.objects.get(support=support).amount == Decimal("400.00")
    uses = staff.locator("section[aria-labelledby=uses-heading] tbody tr")
    expect(uses).to_have_count(1)
    expect(uses.first).to_contain_text(shown("400"))
    expect(staff.locator("main dl.facts strong")).to_have_text(shown("1100"))
    assert_no_axe_violations(staff)
    save_screenshot(staff, "finance-support", full_page=True)

    # The FR0478 figures for the year: received, used, unused, and the donor by its code.
    staff.goto(reverse("finance:report_fr0478") + f"?year={today.year}")
    facts = staff.locator("main dl.facts dd")
    expect(facts.nth(1)).to_have_text(shown("1500"))  # received in the year
    expect(facts.nth(2)).to_have_text(shown("400"))  # used in the year
    expect(facts.nth(5)).to_have_text(shown("1100"))  # unused on 31 December
    donor_row = staff.locator("main tr", has_text=DONOR)
    expect(donor_row).to_contain_text(DONOR_CODE)
    for figure in ("1500", "400", "1100"):
        expect(donor_row).to_contain_text(shown(figure))
    assert_no_axe_violations(staff)
    save_screenshot(staff, "finance-fr0478", full_page=True)
