"""Every page speaks the interface's language (issue 8): rendered on the demo data, a
Lithuanian page shows no English interface word and none of the third-party apps'
known mistranslations, and an English page shows none of our Lithuanian interface words.

The check reads what a person sees: text, and the `title`, `placeholder`, `aria-label`,
`alt` of any element and the `value` of buttons. Scripts, styles, code, the icon font's
ligature names ("search", "history") and anything marked with another `lang` (the
language switch's "English") are left out. Data (library names, people, event titles)
is Lithuanian in both interfaces, so the English check looks only for interface words.
"""

import re
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.urls import reverse
from import_export.admin import ExportMixin, ImportMixin

from conftest import MODEL_BACKEND

pytestmark = pytest.mark.django_db

# English interface words the Lithuanian pages have shown (the admin theme, import and
# export, allauth): matched as whole words, ignoring case.
ENGLISH_WORDS = [
    "Search", "Filter", "Filters", "Add", "Save", "History", "Delete", "Export", "Import",
    "Authenticator", "Authenticators", "Sign in", "Sign out", "Log in", "Log out", "Password",
    "Actions", "Action", "Go", "Previous", "Next", "Select", "Submit", "Cancel", "Close",
    "Run", "Change", "View", "Remove", "Reset", "Clear", "Show", "Hide", "Confirm", "Back",
    "Yes", "No", "True", "False", "Home", "Email", "Username", "User", "Users", "Type",
    "Created", "Updated", "Status", "Date", "Time", "Name", "Ready", "Running", "Failed",
    "Successful", "Results", "Recipient", "Sessions", "Groups", "Permissions", "Entries",
    "Access", "Attempts", "Task", "Tasks", "Log entries", "Code", "Format", "Light", "Dark",
]  # fmt: skip
# Shipped translations that were wrong, and names that are not Lithuanian at all.
MISTRANSLATIONS = [
    "Patvirtinkite Prieigą", "išsiūsime", "Slaptažodžio atstatymas", "Dviejų Faktorių",
    "Vartotojo Sesijos", "Tasks Database Backend", "Axes", "aplikacijos modeliai",
    "Atstatyti", "atstatymas", "Betkokia", "Prisimink mane", "Prašyti Kodo",
    "Pagal queue", "Keisti pasirinktus", "autentikatorius", "Vartotoj",
]  # fmt: skip
# Our interface's Lithuanian labels, which an English page must not show: a text that is
# one of them as a whole (a link, a button, a heading), so an event called "Bibliotekos
# ir mokyklos" does not count. Besides these, every short translation in our catalogue.
LITHUANIAN_WORDS = [
    "Biblioteka", "Bibliotekos", "Renginiai", "Renginys", "Prisijungti", "Atsijungti",
    "Paieška", "Ieškoti", "Išsaugoti", "Pateikti", "Atšaukti", "Pradžia", "Nariai",
    "Mokymai", "Dokumentai", "Slaptažodis", "Registruotis", "Daugiau", "Apie asociaciją",
    "Mano paskyra", "Paskyra", "Keisti", "Ištrinti", "Pridėti", "Istorija", "Taip", "Ne",
]  # fmt: skip

ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")
SKIPPED_TAGS = {"script", "style", "code", "pre", "svg"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"}
VOID_TAGS |= {"source", "track", "wbr"}


class _VisibleText(HTMLParser):
    def __init__(self, language: str) -> None:
        super().__init__(convert_charrefs=True)
        self.language = language
        self.parts: list[str] = []
        self._stack: list[bool] = []  # per open element: is its content hidden?

    def _hidden(self) -> bool:
        return bool(self._stack) and self._stack[-1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        other_language = values.get("lang", self.language).split("-")[0] != self.language
        icon = "material-symbols" in values.get("class", "")
        hidden = self._hidden() or tag in SKIPPED_TAGS or other_language or icon
        if not hidden:
            self.parts.extend(values[name] for name in ATTRIBUTES if values.get(name))
            is_button = tag == "button" or values.get("type") in {"submit", "button", "reset"}
            if is_button and tag in {"button", "input"} and values.get("value"):
                self.parts.append(values["value"])
        if tag not in VOID_TAGS:
            self._stack.append(hidden)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS:
            self._stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID_TAGS and self._stack:
            self._stack.pop()

    def handle_data(self, data: str) -> None:
        if not self._hidden() and data.strip():
            self.parts.append(" ".join(data.split()))


def visible_text(html: str, language: str) -> list[str]:
    parser = _VisibleText(language)
    parser.feed(html)
    return parser.parts


def _whole_words(words: list[str], *, ignore_case: bool) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.I if ignore_case else 0)


# Lithuanian translations that are also English words on English pages: "Data" is the
# Lithuanian "Date" and the English name of the two-factor authenticators' field.
ALSO_ENGLISH = {"Data"}


def _lithuanian_labels() -> set[str]:
    """LITHUANIAN_WORDS and our catalogue's translations of up to three words that differ
    from their English source."""
    from babel.messages.pofile import read_po

    from tests.test_translations import PO_FILE

    with PO_FILE.open("rb") as f:
        catalogue = read_po(f, locale="lt")
    labels = set(LITHUANIAN_WORDS)
    for message in catalogue:
        if isinstance(message.id, str) and isinstance(message.string, str):
            text = message.string.strip().rstrip(":")
            if text and text != message.id and len(text.split()) <= 3 and "%" not in text:
                labels.add(text)
    return labels - ALSO_ENGLISH


ENGLISH = _whole_words(ENGLISH_WORDS, ignore_case=True)
LITHUANIAN_LABELS = _lithuanian_labels()


def language_problems(html: str, language: str, data: frozenset[str] = frozenset()) -> list[str]:
    """The visible texts of a page that are in the wrong language, each with its word.

    `data`: texts that are records' names or values (Lithuanian in both interfaces, and a
    record's English version, or a mail server's English error, in both too).
    """
    problems = []
    for text in visible_text(html, language):
        label = text.rstrip(":").strip()
        if text in data:
            continue
        if language == "lt":
            found = ENGLISH.findall(text) + [m for m in MISTRANSLATIONS if m in text]
        else:
            found = [text] if label in LITHUANIAN_LABELS and label not in data else []
        if found:
            problems.append(f"{found[0]!r} in {text[:120]!r}")
    return sorted(set(problems))


# The checker itself --------------------------------------------------------------------


def test_the_checker_finds_an_english_button_an_english_placeholder_and_a_mistranslation():
    html = """<main><button>Search</button><input placeholder="Type to search">
    <input type="submit" value="Go"><h1>Dviejų Faktorių Autentifikacija</h1></main>"""

    problems = language_problems(html, "lt")

    assert len(problems) == 4


def test_the_checker_leaves_out_icons_scripts_and_text_in_another_language():
    html = """<span class="material-symbols-outlined">search</span><script>var Save;</script>
    <button lang="en">English</button><p title="Ieškoti">Paieška</p>"""

    assert language_problems(html, "lt") == []


def test_the_checker_finds_lithuanian_interface_words_on_an_english_page_but_not_data():
    html = "<nav><a>Renginiai</a></nav><td>Kauno apskrities viešoji biblioteka</td>"
    html += "<h2>Bibliotekos ir mokyklos</h2><td>Apie asociaciją</td>"

    problems = language_problems(html, "en", data=frozenset({"Apie asociaciją"}))

    assert problems == ["'Renginiai' in 'Renginiai'"]


# The pages -----------------------------------------------------------------------------


def _client(client, user, language: str):
    if user is not None:
        client.force_login(user, backend=MODEL_BACKEND)
    client.cookies["lrba_language"] = language
    return client


def _data_texts() -> frozenset[str]:
    """The names and text values of the records the back office shows: a page called
    "Apie asociaciją" is listed under that name in both interfaces."""
    from django.apps import apps

    texts = set()
    # Every model of ours, inlines' too (a checklist template's steps are named in it).
    for model in [m for m in apps.get_models() if m.__module__.startswith("lrba.")]:
        text_fields = [
            f.attname
            for f in model._meta.concrete_fields
            if f.get_internal_type() in ("CharField", "TextField", "SlugField")
        ]
        for record in model._default_manager.order_by("pk")[:200]:
            texts.add(str(record))
            texts.update(str(getattr(record, name)) for name in text_fields)
    return frozenset(texts)


def _assert_speaks(client, urls: list[str], language: str) -> None:
    data = _data_texts()
    problems = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        found = language_problems(response.content.decode(), language, data)
        if found:
            problems[url] = found
    report = "\n".join(f"{url}:\n  " + "\n  ".join(found) for url, found in problems.items())
    assert not problems, f"pages in the wrong language ({language}):\n{report}"


def _public_urls() -> list[str]:
    from lrba.events.models import Event
    from lrba.members.models import Library

    library = Library.objects.filter(memberships__isnull=False).order_by("pk").first()
    event = Event.objects.filter(status=Event.Status.PUBLISHED).order_by("-starts_at").first()
    urls = [
        reverse("website:home"),
        reverse("website:about"),
        reverse("website:document_list"),
        reverse("members:library_list"),
        reverse("members:apply"),
        reverse("events:event_list"),
        reverse("events:event_archive"),
        reverse("training:programme_list"),
        reverse("training:verify_form"),
        reverse("account_login"),
        reverse("account_reset_password"),
        reverse("account_reset_password_done"),
        # An e-mailed link that no longer works, and the page after a successful reset.
        reverse("account_reset_password_from_key", kwargs={"uidb36": "0", "key": "stale"}),
        reverse("account_reset_password_from_key_done"),
        reverse("account_inactive"),
    ]
    if library is not None:
        urls.append(library.get_absolute_url())
    if event is not None:
        urls.append(event.get_absolute_url())
    return urls


MEMBER_URLS = [
    "members:member_list",
    "accounts:my_account",
    "accounts:my_data",
    "training:my_learning",
    "account_email",
    "account_change_password",
    "mfa_index",
    "account_reauthenticate",
    "usersessions_list",
    "account_logout",
]


def _member():
    from lrba.accounts.models import User
    from lrba.members.demo import MEMBER_EMAIL

    return User.objects.get(email=MEMBER_EMAIL)


# A delete confirmation is the same template for every list: two of them, one with
# related records to list.
DELETE_PAGES = {"members.Library", "core.County"}


def _admin_urls() -> list[str]:
    """The back office: its home, and for every list the list itself, a record's form
    and history, and the import and export pages where a list has them; two delete
    confirmations."""
    urls = [reverse("admin:index")]
    for model, model_admin in admin.site._registry.items():
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls.append(reverse(f"{info}_changelist"))
        record = model._default_manager.order_by("pk").first()
        if record is not None:
            urls.append(reverse(f"{info}_change", args=[record.pk]))
            urls.append(reverse(f"{info}_history", args=[record.pk]))
            if model._meta.label in DELETE_PAGES:
                urls.append(reverse(f"{info}_delete", args=[record.pk]))
        for page, mixin in (("import", ImportMixin), ("export", ExportMixin)):
            if isinstance(model_admin, mixin):
                urls.append(reverse(f"{info}_{page}"))
    return urls


@pytest.mark.parametrize("language", ["lt", "en"])
def test_the_public_pages_speak_the_interface_language(demo_loaded, client, language):
    _assert_speaks(_client(client, None, language), _public_urls(), language)


@pytest.mark.parametrize("language", ["lt", "en"])
def test_the_member_pages_speak_the_interface_language(demo_loaded, client, language):
    urls = [reverse(name) for name in MEMBER_URLS]

    _assert_speaks(_client(client, _member(), language), urls, language)


def _routes_without_parameters() -> list[str]:
    """Every address outside the back office that takes no parameter (so the new pages
    are checked without being listed here)."""
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(patterns, prefix=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern) and "<" not in route and "(?P" not in route:
                yield "/" + route.lstrip("^").rstrip("$")

    return sorted(
        {url for url in walk(get_resolver().url_patterns) if not url.startswith("/admin/")}
    )


@pytest.mark.parametrize("language", ["lt", "en"])
@pytest.mark.parametrize("persona", ["visitor", "member"])
def test_every_page_without_parameters_speaks_the_interface_language(
    demo_loaded, client, persona, language
):
    _client(client, _member() if persona == "member" else None, language)
    # The pages this persona may open (others redirect or refuse); files are not pages.
    urls = []
    # The benchmark floor (website.views.floor) is a fixture for bench/, not a page.
    for url in sorted(set(_routes_without_parameters()) - {reverse("website:floor")}):
        response = client.get(url)
        if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            urls.append(url)
    assert len(urls) > 10

    _assert_speaks(client, urls, language)


@pytest.mark.parametrize("language", ["lt", "en"])
def test_the_sign_in_steps_speak_the_interface_language(demo_loaded, client, staff_user, language):
    from lrba.accounts.tests.factories import totp_activate
    from lrba.members.demo import MEMBER_EMAIL, MEMBER_PASSWORD

    totp_activate(staff_user)
    _client(client, None, language)
    # The secretariat's second step: the authenticator code.
    response = client.post(reverse("account_login"), {"login": staff_user.email, "password": "pw"})
    assert response.status_code == 302
    second_step = response["Location"]
    _assert_speaks(client, [second_step], language)
    # A member, signed in and asked for the password once more, sets up the authenticator.
    client.cookies.clear()
    _client(client, None, language)
    client.post(reverse("account_login"), {"login": MEMBER_EMAIL, "password": MEMBER_PASSWORD})
    client.post(reverse("account_reauthenticate"), {"password": MEMBER_PASSWORD})
    _assert_speaks(client, [reverse("mfa_activate_totp")], language)


@pytest.mark.parametrize("language", ["lt", "en"])
def test_the_back_office_speaks_the_interface_language(demo_loaded, client, staff_user, language):
    from lrba.accounts.tests.factories import totp_activate

    totp_activate(staff_user)

    _assert_speaks(_client(client, staff_user, language), _admin_urls(), language)


def test_the_back_office_scripts_speak_lithuanian(client, staff_user):
    """The permission pickers and the calendar are drawn by the admin's JavaScript, from
    its catalogue; a message missing from it is shown in English."""
    from lrba.accounts.tests.factories import totp_activate

    totp_activate(staff_user)
    script = _client(client, staff_user, "lt").get(reverse("admin:jsi18n")).content.decode()

    for message in [
        'Choose %s by selecting them and then select the \\"Choose\\" arrow button.',  # JSON
        "Remove all %s",
        "(click to clear)",
        "Choose a Date",
    ]:
        assert f'"{message}":' in script, message
    assert "Galima pasirinkti: %s" in script and '"saus."' in script  # "Jan" in the calendar
    # The rich-text editor's dialogs (django-prose-editor reads the same catalogue).
    assert '"Open in new window": "Atverti naujame lange"' in script


def test_the_back_office_confirms_a_save_in_lithuanian(client, staff_user):
    """Django's messages after a save have no Lithuanian of their own (locale_overrides)."""
    from lrba.accounts.tests.factories import totp_activate
    from lrba.website.models import Page

    totp_activate(staff_user)
    page = Page.objects.get(slug="apie-asociacija")
    url = reverse("admin:website_page_change", args=[page.pk])
    form_page = _client(client, staff_user, "lt").get(url)
    # The form as the back office filled it, with its inlines' management forms.
    form = form_page.context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value not in (None, "")}
    for inline in form_page.context["inline_admin_formsets"]:
        for field in inline.formset.management_form:
            data[field.html_name] = field.value()
    data["_continue"] = "1"

    response = client.post(url, data, follow=True)

    html = response.content.decode()
    assert "Įrašas „" in html and "“ (puslapis) pakeistas." in html
    assert language_problems(html, "lt") == []
