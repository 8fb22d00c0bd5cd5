"""Assertions and utilities the browser tests share: accessibility, layout, screenshots,
signing in and out, links read from e-mails."""

import io
import os
import re
import time
from pathlib import Path
from urllib.parse import urlsplit

from allauth.mfa import app_settings as mfa_settings
from django.core.mail import EmailMessage
from PIL import Image
from playwright.sync_api import Page, expect

from lrba.accounts.tests.factories import totp_code

AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
SCREENSHOTS_DIR = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
# WCAG 2.1 level A and AA: what the public sector must meet (EN 301 549).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def assert_no_axe_violations(page: Page) -> None:
    """Run axe-core on the page as it is now and fail with a readable list of violations."""
    # Evaluated through the DevTools protocol: a <script> tag would be (rightly) blocked by
    # the site's Content-Security-Policy, which allows no inline script.
    page.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;0")
    violations = page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return results.violations.map((v) => ({
                id: v.id,
                impact: v.impact,
                help: v.help,
                targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
                count: v.nodes.length,
            }));
        }""",
        WCAG_TAGS,
    )
    if violations:
        lines = [f"axe found {len(violations)} WCAG 2.1 A/AA violation(s) on {page.url}:"]
        for v in violations:
            lines.append(f"- {v['id']} ({v['impact']}): {v['help']} [{v['count']} element(s)]")
            lines.extend(f"    {target}" for target in v["targets"])
        raise AssertionError("\n".join(lines))


def assert_no_horizontal_scroll(page: Page) -> None:
    """The page fits its viewport's width: nothing sticks out sideways on a phone."""
    viewport_width = page.viewport_size["width"] if page.viewport_size else 0
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= viewport_width, (
        f"{page.url} is {scroll_width} px wide in a {viewport_width} px viewport"
    )


def save_screenshot(
    page: Page, name: str, *, full_page: bool = False, max_height: int = 3000
) -> None:
    """Save docs/screenshots/<name>.png when LRBA_SCREENSHOTS=1 (to refresh the README and
    the screenshot set). A full page is cut at `max_height` CSS pixels, and the image is
    reduced to a 256-colour palette: the pages are flat colours and text, and the set has
    to stay small enough to live in the repository."""
    if os.environ.get("LRBA_SCREENSHOTS") != "1":
        return
    SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
    image = Image.open(io.BytesIO(page.screenshot(full_page=full_page)))
    if image.height > max_height:
        image = image.crop((0, 0, image.width, max_height))
    image = image.convert("RGB").quantize(256, method=Image.Quantize.MEDIANCUT)
    image.save(SCREENSHOTS_DIR / f"{name}.png", optimize=True)


def _totp_counter() -> int:
    return int(time.time()) // mfa_settings.TOTP_PERIOD


def submit_totp_code(
    page: Page,
    secret: str,
    *,
    field: str = "input[name=code]",
    submit: str = "main button[type=submit] >> nth=0",
) -> None:
    """Type the authenticator app's current code into `field` and submit the form, as a
    person reading the app would, without waiting for a fresh period first.

    The server accepts only the current period's code. When the period turned over
    between reading the code and the server checking it, the form comes back: then (and
    only then: the same period means the server saw the code it was meant to accept) the
    next period's code is typed in, as a person would after the app shows a new one. A
    code the server refuses for any other reason still fails the caller's next check.
    """
    for _attempt in range(2):
        counter = _totp_counter()
        page.locator(field).fill(totp_code(secret))
        address = page.url  # the form's page (filling waited for it)
        with page.expect_navigation():  # the next page, or the form again, has loaded
            page.locator(submit).click()
        turned_over = _totp_counter() != counter
        if not (turned_over and page.url == address and page.locator(field).count()):
            return


def sign_in(page: Page, email: str, password: str, *, totp_secret: str | None = None) -> None:
    """Sign in through allauth's form (and its second step when the user has an
    authenticator app) and wait until the header shows the signed-in user's links."""
    page.goto("/paskyra/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("main button[type=submit]").click()
    if totp_secret is not None:
        submit_totp_code(page, totp_secret)
    expect(page.locator("form[action$='/paskyra/logout/']").first).to_be_attached()


def sign_out(page: Page) -> None:
    """Press the header's "Sign out" button and wait for the signed-out page."""
    page.locator("form[action$='/paskyra/logout/'] button[type=submit]").first.click()
    expect(page.locator("form[action$='/paskyra/logout/']")).to_have_count(0)


def mail_link(message: EmailMessage, path_pattern: str) -> str:
    """The path (and query) of the first link in `message` whose path matches
    `path_pattern` (a regular expression), to open on the live server whatever host the
    e-mail names."""
    bodies = [str(message.body)]
    bodies += [str(content) for content, _type in getattr(message, "alternatives", [])]
    for body in bodies:
        for url in re.findall(r"https?://[^\s\"'<>]+", body):
            path = urlsplit(url).path
            if re.search(path_pattern, path):
                query = urlsplit(url).query
                return f"{path}?{query}" if query else path
    raise AssertionError(f"No link matching {path_pattern!r} in the e-mail {message.subject!r}")


def lt(text: str) -> str:
    """`text` as the Lithuanian interface shows it (the tests browse in Lithuanian)."""
    from django.utils import translation

    with translation.override("lt"):
        return translation.gettext(text)
