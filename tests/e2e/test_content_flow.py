"""The site's content, from the editor to the reader's mailbox: the secretariat publishes a
news item with a picture in the back office (the prose editor for its text, the picture's
alternative text required) and it shows on the home page and in the RSS feed; a librarian
submits a good-practice article for her library, the secretariat publishes it, and the
site search finds it by another inflection of a word it uses; a library's representative
asks the methodological help desk, the consultant named for the topic answers on the site
and the library is e-mailed; a newsletter goes to the members of one county, a recipient
unsubscribes in one click (as a mail program does, from the List-Unsubscribe header) and
another with the page's button, and the next newsletter skips them both."""

import io
import re
import xml.etree.ElementTree as ET
from email.utils import parseaddr
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from PIL import Image, ImageDraw
from playwright.sync_api import Browser, Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from lrba.accounts.models import ConsentRecord
from lrba.accounts.tests.factories import ConsentRecordFactory, email_verify
from lrba.communications.models import Delivery, Message
from lrba.core.models import County, Municipality
from lrba.knowledge.models import HelpMessage, HelpRequest, PracticeArticle
from lrba.knowledge.tests.factories import TopicConsultantFactory, TopicFactory
from lrba.members.tests.factories import EmploymentFactory, PersonFactory, UserFactory
from lrba.website.models import NewsItem
from tests.e2e.conftest import PERSONA_PASSWORD
from tests.e2e.helpers import (
    assert_no_axe_violations,
    assert_no_horizontal_scroll,
    lt,
    mail_link,
    save_screenshot,
    sign_in,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}

NEWS_TITLE = "Bibliotekos kviečia į Knygų savaitę"
NEWS_SLUG = "bibliotekos-kviecia-i-knygu-savaite"
NEWS_LEAD = "Visą savaitę regionų bibliotekose – susitikimai su rašytojais ir skaitymai vaikams."
NEWS_BODY = "Renginių programa skelbiama kiekvienos bibliotekos svetainėje."
NEWS_ALT = "Vaikai skaito knygas bibliotekos skaitykloje"

ARTICLE_TITLE = "Vasaros skaitymo iššūkis kaimuose"
ARTICLE_SUMMARY = "Kaip vaikai per vasarą perskaitė tris tūkstančius knygų."
ARTICLE_BODY = (
    "Mažųjų kaimo bibliotekų skaitytojai visą vasarą rinko antspaudus už perskaitytas knygas."
    "\n\nRugsėjį geriausi skaitytojai apdovanoti išvyka į Šiaulius."
)
SEARCH_QUERY = "bibliotekose"  # the article says "bibliotekų"

HELP_TOPIC = "Skaitmeninės paslaugos"
HELP_SUBJECT = "Kaip skolinti elektronines knygas?"
HELP_QUESTION = "Norime pradėti skolinti elektronines knygas. Nuo ko pradėti?"
HELP_ANSWER = "Pradėkite nuo prisijungimo prie nacionalinės e. knygų platformos; padėsiu."

SIAULIAI_COUNTY = "siauliu"
FIRST_SUBJECT = "Naujienlaiškis: rudens renginiai Šiaulių krašte"
SECOND_SUBJECT = "Naujienlaiškis: žiemos renginiai Šiaulių krašte"
RUTA_EMAIL = "ruta.rimkiene@example.lt"
CONSULTANT_EMAIL = "vaida.konsultante@example.lt"


# Pages and forms ----------------------------------------------------------------------------


def new_page(browser: Browser, live_server, viewport: dict | None = None) -> Page:
    """Another person's browser (its own cookies), in Lithuanian."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="lt-LT",
        timezone_id="Europe/Vilnius",
        viewport=viewport or DESKTOP,
    )
    context.set_default_timeout(10_000)
    return context.new_page()


def label(msgid: str) -> re.Pattern[str]:
    """A form field's label as the page shows it: the Lithuanian text, first letter in
    capitals, perhaps followed by the required-field star."""
    return re.compile(rf"^\s*{re.escape(capfirst(lt(msgid)))}\s*\*?\s*$", re.IGNORECASE)


def field(scope: Page | Locator, msgid: str) -> Locator:
    return scope.get_by_label(label(msgid))


def button(scope: Page | Locator, msgid: str) -> Locator:
    return scope.get_by_role("button", name=re.compile(re.escape(lt(msgid)), re.IGNORECASE))


def see_success(page: Page) -> None:
    expect(page.locator(".message--success").first).to_be_visible()


def png_picture() -> bytes:
    """A real PNG drawn with Pillow: a book on a shelf, 1200 × 800."""
    picture = Image.new("RGB", (1200, 800), (240, 232, 214))
    draw = ImageDraw.Draw(picture)
    draw.rectangle((0, 640, 1200, 680), fill=(120, 80, 40))
    for n, colour in enumerate([(180, 40, 40), (40, 90, 160), (40, 130, 70), (200, 150, 30)]):
        draw.rectangle((300 + n * 120, 300, 400 + n * 120, 640), fill=colour)
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


def image_loaded(image: Locator) -> None:
    """The <img> has been drawn: the browser fetched and decoded its file."""
    expect(image).to_be_visible()
    image.scroll_into_view_if_needed()
    expect(image).to_have_js_property("complete", True)
    assert image.evaluate("img => img.naturalWidth") > 0, image.get_attribute("src")


def prose_editor(page: Page, name: str) -> Locator:
    """The prose editor standing for the textarea `name` (its editable area)."""
    return page.locator(f".prose-editor:has(textarea[name={name}]) [contenteditable=true]")


def rich_text_fill(page: Page, name: str, text: str) -> bool:
    """Type into the prose editor standing for the textarea `name`, as an editor does;
    when the editor did not start (a page whose policy refuses its script), into the
    plain text box. Says whether the editor was there."""
    editor = prose_editor(page, name)
    try:
        # The editor starts from a module script after the page loads: on a busy machine
        # it is not there at once, and once it is, the textarea is hidden behind it.
        editor.wait_for(state="visible", timeout=8_000)
    except PlaywrightTimeoutError:
        page.locator(f"textarea[name={name}]").fill(text)
        return False
    editor.click()
    editor.press_sequentially(text)
    return True


# The people -----------------------------------------------------------------------------------


@pytest.fixture
def people(settings, tmp_path, library_a, library_b, alice, bob, carol):
    """Akmenė's library (Šiauliai county): its director Alė and the librarian Bronius
    have accounts, the librarian Rūta has only an address; Biržai's (Panevėžys county):
    Karolina represents it, Vaida consults on digital services. All four of Alė, Bronius,
    Rūta and Karolina agreed to receive the newsletter."""
    settings.MEDIA_ROOT = tmp_path  # the uploaded pictures and their renditions
    settings.LRBA_NEWSLETTER_RATE = 0  # no pause between e-mails in the test
    library_a.municipality = Municipality.objects.get(code="akmenes-rajono")
    library_a.save()
    library_b.municipality = Municipality.objects.get(code="birzu-rajono")
    library_b.save()
    ruta = PersonFactory(first_name="Rūta", last_name="Rimkienė", email=RUTA_EMAIL)
    EmploymentFactory(person=ruta, library=library_a)
    for person in (alice.person, bob.person, ruta, carol.person):
        ConsentRecordFactory(person=person, purpose=ConsentRecord.Purpose.NEWSLETTER)

    consultant = UserFactory(email=CONSULTANT_EMAIL, full_name="Vaida Vaitkienė")
    email_verify(consultant)
    consultant_person = PersonFactory(
        user=consultant, first_name="Vaida", last_name="Vaitkienė", email=CONSULTANT_EMAIL
    )
    EmploymentFactory(person=consultant_person, library=library_b)
    topic = TopicFactory(name=HELP_TOPIC, slug="skaitmenines-paslaugos")
    TopicConsultantFactory(topic=topic, person=consultant_person)
    return {"ruta": ruta, "consultant": consultant, "topic": topic}


# 1. News --------------------------------------------------------------------------------------


def test_news_with_a_picture_published_in_the_back_office_shows_on_home_and_in_rss(
    page: Page, browser: Browser, live_server, people, secretary, secretary_totp_secret
):
    staff = page
    sign_in(staff, secretary.email, PERSONA_PASSWORD, totp_secret=secretary_totp_secret)
    staff.goto(reverse("admin:website_newsitem_add"))
    staff.locator("#id_title").fill(NEWS_TITLE)
    staff.locator("#id_lead").fill(NEWS_LEAD)
    editor_started = rich_text_fill(staff, "body", NEWS_BODY)
    staff.locator("#id_status").select_option(NewsItem.Status.PUBLISHED)
    # A picture: the inline's "add another" row.
    staff.locator("#images-group a.add-row").click()
    staff.locator("input[name=images-0-image]").set_input_files(
        files=[{"name": "knygu-savaite.png", "mimeType": "image/png", "buffer": png_picture()}]
    )
    # Without its alternative text the picture is refused, and nothing is saved.
    staff.locator("button[name=_save], input[name=_save]").first.click()
    expect(staff.locator("#images-group")).to_contain_text(lt("This field is required."))
    assert not NewsItem.objects.exists()
    # The file input is empty again after the round trip: choose the picture once more.
    staff.locator("input[name=images-0-image]").set_input_files(
        files=[{"name": "knygu-savaite.png", "mimeType": "image/png", "buffer": png_picture()}]
    )
    staff.locator("input[name=images-0-alt_text]").fill(NEWS_ALT)
    staff.locator("button[name=_save], input[name=_save]").first.click()
    expect(staff).to_have_url(re.compile(r"/admin/website/newsitem/(\?.*)?$"))
    item = NewsItem.objects.get()
    assert item.slug == NEWS_SLUG  # written from the title as the editor typed it
    assert item.status == NewsItem.Status.PUBLISHED
    assert NEWS_BODY in item.body
    image = item.images.get()
    assert image.alt_text == NEWS_ALT and image.width == 1200
    assert image.renditions, "no renditions were drawn"

    # A visitor reads it, the picture in a rendition, with its alternative text.
    visitor = new_page(browser, live_server)
    visitor.goto(reverse("website:news_detail", args=[NEWS_SLUG]))
    expect(visitor.locator("h1")).to_have_text(NEWS_TITLE)
    expect(visitor.locator("main")).to_contain_text(NEWS_BODY)
    picture = visitor.locator(f"main img[alt='{NEWS_ALT}']")
    image_loaded(picture)
    assert "/paveikslai/" in (picture.get_attribute("src") or "")
    assert picture.get_attribute("srcset") and picture.get_attribute("width")
    assert_no_axe_violations(visitor)
    save_screenshot(visitor, "content-news", full_page=True)

    # The home page shows it among the latest news.
    visitor.goto("/")
    news_link = visitor.locator("main").get_by_role("link", name=NEWS_TITLE)
    expect(news_link.first).to_be_visible()
    assert_no_axe_violations(visitor)
    save_screenshot(visitor, "content-home", full_page=True)
    news_link.first.click()
    expect(visitor).to_have_url(re.compile(rf"/naujienos/{NEWS_SLUG}/$"))

    # The RSS feed carries it: its title, lead and address.
    response = visitor.request.get(reverse("website:news_rss"))
    assert response.ok, response.status
    assert "xml" in response.headers["content-type"]
    channel = ET.fromstring(response.body()).find("channel")
    assert channel is not None
    items = {entry.findtext("title"): entry for entry in channel.findall("item")}
    assert NEWS_TITLE in items, list(items)
    assert urlsplit(items[NEWS_TITLE].findtext("link") or "").path == (
        reverse("website:news_detail", args=[NEWS_SLUG])
    )
    assert NEWS_LEAD in (items[NEWS_TITLE].findtext("description") or "")

    # The news list fits a phone's screen.
    visitor.set_viewport_size(PHONE)
    visitor.goto(reverse("website:news_list"))
    expect(visitor.locator("main").get_by_role("link", name=NEWS_TITLE).first).to_be_visible()
    assert_no_horizontal_scroll(visitor)
    assert_no_axe_violations(visitor)
    visitor.context.close()

    # The text was written in the prose editor, which made it paragraphs. (Checked last,
    # so that a page refusing the editor's script still shows how the rest fares.)
    assert editor_started, (
        "The prose editor did not start on the back office's news form: its import map "
        "is an inline script the back office's Content-Security-Policy refuses."
    )
    assert item.body.startswith("<p>"), item.body


# 2. Good practice and the site search -------------------------------------------------------


def test_a_librarians_article_published_by_the_secretariat_is_found_by_another_inflection(
    page: Page,
    browser: Browser,
    live_server,
    people,
    library_a,
    bob,
    secretary,
    secretary_totp_secret,
):
    # Bronius, a librarian of Akmenė's library (a member), writes up his library's practice.
    librarian = new_page(browser, live_server)
    sign_in(librarian, bob.email, PERSONA_PASSWORD)
    librarian.goto(reverse("knowledge:article_list"))
    librarian.locator("main").get_by_role("link", name=lt("Write an article")).click()
    assert_no_axe_violations(librarian)
    form = librarian.locator("main form").first
    field(form, "Title").fill(ARTICLE_TITLE)
    field(form, "Summary").fill(ARTICLE_SUMMARY)
    field(form, "Text").fill(ARTICLE_BODY)
    field(form, "Topic").select_option(label=HELP_TOPIC)
    expect(field(form, "County")).to_have_value(
        str(County.objects.get(code=SIAULIAI_COUNTY).pk)
    )  # the library's county, chosen for him
    form.locator("input[name=audience][value=public]").check()  # for everyone
    button(form, "Save the draft").click()
    see_success(librarian)
    article = PracticeArticle.objects.get(title=ARTICLE_TITLE)
    assert article.status == PracticeArticle.Status.DRAFT and article.author == bob
    expect(librarian.locator("h1")).to_have_text(lt("Edit the article"))
    button(librarian.locator("main"), "Save and submit for review").click()
    see_success(librarian)
    article.refresh_from_db()
    assert article.status == PracticeArticle.Status.SUBMITTED
    # Not on the site before the secretariat publishes it.
    anonymous = new_page(browser, live_server)
    response = anonymous.goto(reverse("knowledge:article_detail", args=[article.slug]))
    assert response is not None and response.status == 404
    anonymous.goto(reverse("website:search") + f"?q={SEARCH_QUERY}")
    expect(anonymous.locator("main")).not_to_contain_text(ARTICLE_TITLE)

    # The secretariat reviews and publishes it for everyone.
    staff = page
    sign_in(staff, secretary.email, PERSONA_PASSWORD, totp_secret=secretary_totp_secret)
    staff.goto(reverse("knowledge:review_list"))
    staff.locator("main").get_by_role("link", name=ARTICLE_TITLE).click()
    expect(staff.locator("main")).to_contain_text("Mažųjų kaimo bibliotekų skaitytojai")
    assert_no_axe_violations(staff)
    review = staff.locator("main form", has=button(staff, "Save the decision"))
    review.get_by_label(lt("Publish for everyone")).check()
    button(review, "Save the decision").click()
    see_success(staff)
    article.refresh_from_db()
    assert article.status == PracticeArticle.Status.PUBLISHED
    assert article.audience == PracticeArticle.Audience.PUBLIC

    # Everyone can read it now.
    anonymous.goto(reverse("knowledge:article_detail", args=[article.slug]))
    expect(anonymous.locator("h1")).to_have_text(ARTICLE_TITLE)
    expect(anonymous.locator("main")).to_contain_text("Mažųjų kaimo bibliotekų skaitytojai")
    expect(anonymous.locator("main")).to_contain_text(library_a.name)
    assert_no_axe_violations(anonymous)
    save_screenshot(anonymous, "content-article", full_page=True)

    # The site search finds it by another form of a word it uses ("bibliotekų").
    anonymous.goto(reverse("website:search"))
    search = anonymous.locator("main form[role=search], main form").first
    search.get_by_role("searchbox").fill(SEARCH_QUERY)
    search.get_by_role("searchbox").press("Enter")
    expect(anonymous).to_have_url(re.compile(rf"[?&]q={SEARCH_QUERY}"))
    result = anonymous.locator("main").get_by_role("link", name=ARTICLE_TITLE)
    expect(result).to_be_visible()
    assert_no_axe_violations(anonymous)
    save_screenshot(anonymous, "content-search", full_page=True)
    # On a phone too, without scrolling sideways.
    anonymous.set_viewport_size(PHONE)
    anonymous.reload()
    expect(result).to_be_visible()
    assert_no_horizontal_scroll(anonymous)
    anonymous.set_viewport_size(DESKTOP)
    result.click()
    expect(anonymous.locator("h1")).to_have_text(ARTICLE_TITLE)
    librarian.context.close()
    anonymous.context.close()


# 3. Methodological help -----------------------------------------------------------------------


def test_a_library_asks_for_help_and_the_topics_consultant_answers_by_email(
    page: Page, browser: Browser, live_server, people, alice, library_a
):
    consultant_user = people["consultant"]
    # Alė, the director of Akmenė's library, asks about digital services.
    asker = page
    sign_in(asker, alice.email, PERSONA_PASSWORD)
    # From "My library": its help desk section.
    asker.goto(reverse("members:my_library"))
    asker.locator("main").get_by_role("link", name=lt("Ask a question")).first.click()
    assert_no_axe_violations(asker)
    form = asker.locator("main form").first
    field(form, "Topic").select_option(label=HELP_TOPIC)
    field(form, "Subject").fill(HELP_SUBJECT)
    field(form, "Your question").fill(HELP_QUESTION)
    button(form, "Send the question").click()
    see_success(asker)
    request = HelpRequest.objects.get(subject=HELP_SUBJECT)
    assert request.library == library_a
    assert request.assignee == consultant_user  # routed to the topic's consultant
    expect(asker.locator("main")).to_contain_text(request.number)
    expect(asker.locator("main")).to_contain_text(HELP_QUESTION)
    # The consultant is told.
    to_consultant = [m for m in mail.outbox if CONSULTANT_EMAIL in m.to]
    assert to_consultant, [m.to for m in mail.outbox]
    sent_before = len(mail.outbox)

    # Vaida answers on the site, from the e-mail's link.
    consultant = new_page(browser, live_server)
    sign_in(consultant, CONSULTANT_EMAIL, PERSONA_PASSWORD)
    consultant.goto(mail_link(to_consultant[0], r"^/metodine-pagalba/[^/]+/$"))
    expect(consultant.locator("main")).to_contain_text(HELP_QUESTION)
    reply = consultant.locator("main form", has=field(consultant, "Your reply"))
    field(reply, "Your reply").fill(HELP_ANSWER)
    # The reply answers the question (already chosen), and is no internal note.
    expect(reply.get_by_label(lt("answers the question"))).to_be_checked()
    expect(
        field(reply, "Internal note: seen only by the secretariat and the consultant")
    ).not_to_be_checked()
    button(reply, "Send").click()
    see_success(consultant)
    answer = HelpMessage.objects.get(request=request, body=HELP_ANSWER)
    assert not answer.is_internal and answer.author == consultant_user
    consultant.context.close()

    # The library is e-mailed the answer, with a link back to the conversation.
    to_library = [m for m in mail.outbox[sent_before:] if alice.email in m.to]
    assert len(to_library) == 1, [(m.to, m.subject) for m in mail.outbox[sent_before:]]
    assert HELP_ANSWER in str(to_library[0].body)
    assert request.number in to_library[0].subject + str(to_library[0].body)
    # Replying to the e-mail lands in the conversation.
    reply_to = [parseaddr(address)[1] for address in to_library[0].reply_to]
    assert any(request.reply_token in address for address in reply_to), reply_to
    asker.goto(mail_link(to_library[0], r"^/metodine-pagalba/[^/]+/$"))
    expect(asker.locator("main")).to_contain_text(HELP_ANSWER)
    expect(asker.locator("main")).to_contain_text("Vaida")
    assert_no_axe_violations(asker)
    save_screenshot(asker, "content-help", full_page=True)

    # A follow-up question, asked from the help desk's own page this time.
    asker.goto(reverse("knowledge:help_list"))
    asker.locator("main").get_by_role("link", name=lt("Ask a question")).first.click()
    form = asker.locator("main form").first
    field(form, "Subject").fill("Kiek licencijų reikia filialams?")
    field(form, "Your question").fill("Turime tris filialus. Ar kiekvienam reikia licencijos?")
    button(form, "Send the question").click()
    see_success(asker)
    assert HelpRequest.objects.filter(library=library_a).count() == 2


# 4. Newsletters -------------------------------------------------------------------------------


def newsletter_write_and_send(staff: Page, subject: str, body: str, recipients: int) -> Message:
    """The secretariat writes a newsletter to Šiauliai county's members and sends it now;
    the background task sends it at once in the tests."""
    staff.goto(reverse("communications:message_list"))
    staff.locator("main").get_by_role("link", name=lt("Write a message")).first.click()
    form = staff.locator("main form").first
    field(form, "kind").select_option(Message.Kind.NEWSLETTER)
    field(form, "subject").fill(subject)
    rich_text_fill(staff, "body", body)
    with translation.override("lt"):  # "recipients" of a message, in its own context
        segment_label = capfirst(str(Message._meta.get_field("segment").verbose_name))
    form.get_by_label(segment_label).select_option(Message.Segment.COUNTY)
    field(form, "county").select_option(label=County.objects.get(code=SIAULIAI_COUNTY).name)
    if subject == FIRST_SUBJECT:
        save_screenshot(staff, "content-newsletter-compose", full_page=True)
    button(form, "Save the draft").click()
    see_success(staff)
    message = Message.objects.get(subject=subject)
    audience = staff.locator("section[aria-labelledby=audience-heading]")
    expect(audience).to_contain_text(str(recipients))
    staff.locator("main").get_by_role(
        "button", name=re.compile(r"\b" + str(recipients) + r"\b")
    ).first.click()
    expect(staff.locator("main")).to_contain_text(lt("sent"))
    message.refresh_from_db()
    assert message.status == Message.Status.SENT, message.status
    return message


def test_a_newsletter_to_one_county_one_click_unsubscribe_and_the_next_skips_them(
    page: Page,
    browser: Browser,
    live_server,
    people,
    alice,
    bob,
    carol,
    secretary,
    secretary_totp_secret,
):
    staff = page
    sign_in(staff, secretary.email, PERSONA_PASSWORD, totp_secret=secretary_totp_secret)
    mail.outbox.clear()

    # To Šiauliai county: Akmenė's three who agreed; not Karolina (Biržai, Panevėžys county).
    first = newsletter_write_and_send(
        staff, FIRST_SUBJECT, "Spalį – Bibliotekų savaitė ir kraštiečių rašytojų vakarai.", 3
    )
    county_members = {alice.email, bob.email, RUTA_EMAIL}
    sent = {m.to[0]: m for m in mail.outbox if m.subject == FIRST_SUBJECT}
    assert set(sent) == county_members, sorted(sent)
    assert carol.email not in {address for m in mail.outbox for address in m.to}
    assert set(first.deliveries.values_list("email", "status")) == {
        (email, Delivery.Status.SENT) for email in county_members
    }
    expect(staff.locator("main")).to_contain_text("3")

    # Bronius's mail program unsubscribes him in one click (RFC 8058): a POST to the
    # header's https address, no session, no CSRF token.
    to_bob = sent[bob.email]
    assert to_bob.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    https = re.search(r"<(https?://[^>]+)>", to_bob.extra_headers["List-Unsubscribe"])
    assert https, to_bob.extra_headers["List-Unsubscribe"]
    unsubscribe_path = urlsplit(https.group(1)).path
    mail_program = browser.new_context(base_url=live_server.url)
    response = mail_program.request.post(
        unsubscribe_path,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        data="List-Unsubscribe=One-Click",
    )
    assert response.ok, (response.status, response.text()[:500])
    assert not ConsentRecord.objects.filter(
        person=bob.person, purpose=ConsentRecord.Purpose.NEWSLETTER, withdrawn_at__isnull=True
    ).exists()
    # Pressed twice (or the link forged): nothing breaks.
    again = mail_program.request.post(
        unsubscribe_path,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        data="List-Unsubscribe=One-Click",
    )
    assert again.ok and (
        lt("You are already unsubscribed: no newsletters are sent to you.") in again.text()
    )
    forged = mail_program.request.post(
        unsubscribe_path.replace(unsubscribe_path.split("/")[-2], "forged-token"),
        data="List-Unsubscribe=One-Click",
    )
    assert forged.status == 400
    mail_program.close()

    # Rūta follows the link in the newsletter's text and presses the page's button.
    reader = new_page(browser, live_server)
    reader.goto(mail_link(sent[RUTA_EMAIL], r"/naujienlaiskiai/atsisakyti/"))
    expect(reader.locator("main")).to_contain_text(RUTA_EMAIL)
    assert_no_axe_violations(reader)
    button(reader.locator("main"), "Unsubscribe").click()
    see_success(reader)
    assert_no_axe_violations(reader)
    save_screenshot(reader, "content-unsubscribe", full_page=True)
    assert (
        ConsentRecord.objects.filter(
            person=people["ruta"], purpose=ConsentRecord.Purpose.NEWSLETTER
        )
        .get()
        .withdrawn_at
        is not None
    )

    # The next newsletter to the county reaches only Alė.
    mail.outbox.clear()
    second = newsletter_write_and_send(
        staff, SECOND_SUBJECT, "Gruodį – šventiniai skaitymai vaikams.", 1
    )
    assert [m.to for m in mail.outbox if m.subject == SECOND_SUBJECT] == [[alice.email]]
    assert list(second.deliveries.values_list("email", flat=True)) == [alice.email]

    # Both are in the public archive.
    reader.goto(reverse("communications:archive_list"))
    archive = reader.locator("main")
    expect(archive.get_by_role("link", name=FIRST_SUBJECT)).to_be_visible()
    expect(archive.get_by_role("link", name=SECOND_SUBJECT)).to_be_visible()
    assert_no_axe_violations(reader)
    archive.get_by_role("link", name=FIRST_SUBJECT).click()
    expect(reader.locator("h1")).to_have_text(FIRST_SUBJECT)
    assert_no_axe_violations(reader)
    reader.context.close()

    # The form the secretariat writes in passes axe too, its text editor included.
    staff.goto(reverse("communications:message_create"))
    assert_no_axe_violations(staff)
