"""Assertions and utilities the browser tests share: accessibility, layout, screenshots."""

import os
from pathlib import Path

from playwright.sync_api import Page

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


def html_lang(page: Page) -> str | None:
    return page.locator("html").get_attribute("lang")


def save_screenshot(page: Page, name: str, *, full_page: bool = False) -> None:
    """Save docs/screenshots/<name>.png when LRBA_SCREENSHOTS=1 (to refresh the README)."""
    if os.environ.get("LRBA_SCREENSHOTS") != "1":
        return
    SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS_DIR / f"{name}.png", full_page=full_page)
