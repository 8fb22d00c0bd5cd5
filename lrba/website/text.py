"""Plain text that editors type in the back office, shown as safe HTML.

A `Page` body is plain text (no markup, so no scripts on the public site): blank lines
separate paragraphs, lines starting with `1.` (or `1)`) form a numbered list, lines
starting with `•`, `-`, `–` or `*` a bulleted list. Everything is escaped.
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_NUMBERED = re.compile(r"^\s*(\d{1,3})[.)]\s+(.*\S)\s*$")
_BULLET = re.compile(r"^\s*[•\-–*]\s+(.*\S)\s*$")


def text_blocks(text: str) -> list[tuple[str, list[str], int]]:
    """Split `text` into blocks: ("p", [paragraph], 1), ("ol", items, start), ("ul", items, 1)."""
    blocks: list[tuple[str, list[str], int]] = []
    paragraph: list[str] = []

    def end_paragraph() -> None:
        if paragraph:
            blocks.append(("p", [" ".join(paragraph)], 1))
            paragraph.clear()

    for line in (text or "").replace("\r\n", "\n").split("\n"):
        numbered, bullet = _NUMBERED.match(line), _BULLET.match(line)
        if numbered or bullet:
            end_paragraph()
            tag, item = ("ol", numbered.group(2)) if numbered else ("ul", bullet.group(1))  # type: ignore[union-attr]
            if blocks and blocks[-1][0] == tag:
                blocks[-1][1].append(item)
            else:
                start = int(numbered.group(1)) if numbered else 1
                blocks.append((tag, [item], start))
        elif line.strip():
            paragraph.append(line.strip())
        else:
            end_paragraph()
    end_paragraph()
    return blocks


def plain_text_to_html(text: str) -> SafeString:
    """`text` as escaped HTML paragraphs and lists."""
    html = []
    for tag, items, start in text_blocks(text):
        if tag == "p":
            html.append(f"<p>{escape(items[0])}</p>")
        else:
            start_attr = f' start="{start}"' if tag == "ol" and start != 1 else ""
            lis = "".join(f"<li>{escape(item)}</li>" for item in items)
            html.append(f"<{tag}{start_attr}>{lis}</{tag}>")
    # Every piece of text above went through escape(); only our own tags are left raw.
    return mark_safe("\n".join(html))  # noqa: S308
